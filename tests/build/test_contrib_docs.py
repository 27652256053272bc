"""What a first-time contributor meets: CONTRIBUTING.md on the site, and the mistakes a new user makes, each
reported in Chinese on the right line with a code that docs/errors.md explains."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support import ROOT, cli

RECORD = "cases/yunnan/yiliang-wumeng-children-companionship.yml"
# (what the new user did, text in the clean record, what they typed instead, expected code)
MISTAKES = [
    ("no space after the colon", "status: 进行中", "status:进行中", "yaml-syntax"),
    ("a tab to indent", "  city: 昭通市", "\tcity: 昭通市", "tab-indent"),
    ("a theme that is not in the vocabulary", "themes: [儿童关爱]", "themes: [儿童关怀]", "vocab"),
    ("一老一小 as one target group", "target_groups: [困境儿童]", "target_groups: [一老一小]", "vocab-combination"),
    ("a county without its suffix", "  county: 彝良县", "  county: 彝良", "region-name"),
    ("a wrong region code", '  code: "530628"', '  code: "530600"', "region-code"),
    ("the code without quotes and a leading zero lost", '  code: "530628"', "  code: 530628", "wrong-type"),
    ("full-width digits in a metric", "    value: 500\n    qualifier: 余\n    note: 累计招募",
     "    value: ５００\n    qualifier: 余\n    note: 累计招募", "wrong-type"),
    ("'500余' in the number", "    value: 500\n    qualifier: 余\n    note: 累计招募",
     "    value: 500余\n    note: 累计招募", "wrong-type"),
    ("a misspelt field name", "status: 进行中", "statu: 进行中", "unknown-field"),
    ("the id not matching the file name", "id: yiliang-wumeng-children-companionship", "id: yiliang-wumeng", "id-filename"),
    ("a date with slashes", "updated: 2026-11-28", "updated: 2026/11/28", "pattern"),
    ("a half-width colon inside Chinese text", "  - title: 云南彝良：创新", "  - title: 云南彝良: 创新", "yaml-syntax"),
    ("a source without publisher", "    publisher: 彝良县委社会工作部\n", "", "missing-field"),
    ("text pasted from the newspaper PDF", "依托禾心社工“乌蒙困境儿童陪伴项目”", "依托禾心社工野乌蒙困境儿童陪伴项目冶", "lint-misdecoded"),
]


@pytest.mark.parametrize(("what", "good", "bad", "code"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_mistake_is_a_chinese_message_on_its_line(repo: Path, what: str, good: str, bad: str, code: str) -> None:
    path = repo / RECORD
    text = path.read_text(encoding="utf-8")
    assert good in text, what
    broken = text.replace(good, bad, 1)
    path.write_text(broken, encoding="utf-8")
    line = broken[:broken.index(bad) if bad else text.index(good)].count("\n") + 1
    result = cli("check", str(path), root=repo)
    assert "Traceback" not in result.stderr
    found = [row for row in result.stdout.splitlines() if row.endswith(f"[{code}]")]
    assert found, result.stdout
    where = int(found[0].split(":")[1])
    assert abs(where - line) <= 1, (line, found)  # the line itself, or (for a missing key) its parent's line
    assert re.search("[\u4e00-\u9fff]", found[0].split(": ", 1)[1])
    assert result.returncode == (0 if code.startswith("lint-") else 1)


def test_every_code_a_contributor_can_meet_is_documented() -> None:
    documented = set(re.findall(r"^\| `([a-z-]+)` \|", (ROOT / "docs" / "errors.md").read_text(encoding="utf-8"), re.M))
    assert {code for *_, code in MISTAKES} <= documented
    lint_codes = set(re.findall(r'"(lint-[a-z-]+)"', (ROOT / "src" / "caselib" / "validate" / "lint.py").read_text(encoding="utf-8")))
    assert lint_codes and lint_codes <= documented


def test_contributing_is_on_the_site(built_site: Path) -> None:
    page = BeautifulSoup((built_site / "contributing" / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = page.select_one("article")
    assert article is not None
    text = article.get_text()
    assert "在 GitHub 网页上编辑" in text and "English (short)" in text and "build_index.py new" in text
    assert article.select_one("a#fill-form") is not None and article.select_one('a[href="#fill-form"]') is not None
    errors = BeautifulSoup((built_site / "errors" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "region-name" in errors.get_text()
    nav = page.select_one("nav.md-nav--primary")
    assert nav is not None and "参与贡献" in nav.get_text() and "错误代码说明" in nav.get_text()
