"""A valid record with hostile text in every text field (tests/*/test_xss.py; the ``xss_sites`` fixture builds it)."""

from __future__ import annotations

MARK = "XSS"
BLOCK = (  # long-form and multi-line fields: everything at once
    f"<script>alert('{MARK}1')</script>\n"
    f"<img src=x onerror=alert('{MARK}2')>\n"
    f"<iframe src=\"javascript:alert('{MARK}3')\"></iframe><object data=x></object><embed src=x>\n"
    f"<svg onload=alert('{MARK}4')></svg><style>body{{display:none}}</style>\n"
    f"[链接](javascript:alert('{MARK}5')) [数据](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) "
    f"<a href=\"vbscript:msgbox('{MARK}6')\">vb</a> [大小写](JaVaScRiPt:alert('{MARK}7'))\n"
    "</div></section></li></ul>\n\n"
    "# 标题注入\n\n"
    "| 表 | 格 |\n|---|---|\n| 注 | 入 |\n\n"
    f"段落 {{: onclick=\"alert('{MARK}8')\" }}\n\n"
    "{{ config.site_name }} {% raw %}{{ 7*7 }}{% endraw %}\n\n"
    "--8<-- \"mkdocs.yml\"\n\n"
    "&lt;script&gt;实体&lt;/script&gt; <!-- 未闭合的注释\n"
)
LINE = f"<img src=x onerror=alert('{MARK}9')> {{: onclick=\"alert('{MARK}10')\" }} [j](javascript:alert(1)) {{{{ 7*7 }}}}"
SHORT = f"<svg onload=alert('{MARK}')>"  # 25 characters: fits every short field
TITLE = "标题\" onmouseover=\"alert('XSS')\" &lt;script&gt; [x](javascript:alert(1)) **粗** # 井"  # the schema forbids <>{}


def hostile_record() -> dict:
    def cut(text: str, limit: int) -> str:
        return text[:limit]

    return {
        "id": "xss-case", "title": TITLE, "kind": "服务项目",
        "summary": cut("摘要" + BLOCK, 200),
        "region": {"province": "云南省", "city": "昭通市", "county": "彝良县", "code": "530628",
                   # street is checked against the official list (only its names pass); community is a warning
                   "street": "角奎街道", "community": cut("社区" + LINE, 60), "scope": cut("范围" + LINE, 100)},
        "themes": ["为老服务"], "target_groups": ["老年人"], "methods": ["社工带志愿者"],
        "lead_unit": {"name": cut("牵头" + LINE, 100), "type": "党政机关", "role": cut("作用" + LINE, 200)},
        "partners": [{"name": cut("伙伴" + LINE, 100), "type": "社工机构", "role": cut("作用" + BLOCK, 200)}],
        "division_of_labour": {"social_workers": [cut("社工" + BLOCK, 500), LINE],
                               "volunteers": [cut("志愿者" + BLOCK, 500)], "note": cut("说明" + BLOCK, 300)},
        "period": {"start": 2023}, "status": "进行中",
        "metrics": {"volunteers": {"value": 280, "qualifier": "余", "note": cut("备注" + LINE, 100)}},
        "practices": "做法" + BLOCK, "outcomes": {"text": "成效" + BLOCK, "evidence": "工作通报"},
        "replication": {"mechanisms": [cut("机制" + BLOCK, 500)], "conditions": [LINE], "lessons": [cut("教训" + BLOCK, 500)]},
        "gaps": [cut("缺口" + BLOCK, 500)], "keywords": [SHORT, "{{ 7*7 }}"],
        "sources": [{"title": cut("来源" + BLOCK, 200), "publisher": cut("发布" + LINE, 100), "via": cut("转载" + BLOCK, 200),
                     "date": "2025-06", "url": "https://example.org/a?b=1&c='onmouseover=alert(1)",
                     "quotes": [cut("摘录" + BLOCK, 1000), LINE]}],
        "added": "2025-06-13", "updated": "2025-06-13",
    }
