"""The catalogue of bad inputs: each one must give a precise Chinese error, exit 1, and no traceback.

Every entry is a small change to a valid record (``BASE`` below, line numbers
matter) or a whole file, next to the exact lines ``check`` must print
(``PATH:LINE:COL: field（label）: message [code]``). Most entries run the CLI
in-process for speed; the ones marked ``subprocess=True`` (and
``test_true_subprocess_runs``) run ``scripts/build_index.py`` as a contributor
would, to prove the exit code and that no traceback is printed even when the
input used to crash the interpreter.

Run just this file::

    .venv/bin/python -m pytest tests/build/test_bad_inputs.py -q
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from support import cli, copy_repo

from caselib.adapters import cli as caselib_cli

F = "cases/t/test-case.yml"
BASE = """\
id: test-case
title: 测试案例
kind: 服务项目
summary: 这是一个用于测试的案例简介，超过十个字。
region:
  province: 云南省
  city: 昭通市
  county: 彝良县
  code: "530628"
themes: [为老服务]
target_groups: [老年人]
methods: [社工带志愿者]
lead_unit:
  name: 彝良县民政局
  type: 党政机关
division_of_labour:
  social_workers: [需求评估与方案设计]
  volunteers: [入户探访]
period:
  start: 2023
  end: "2024-06"
status: 进行中
metrics:
  volunteers:
    value: 280
    qualifier: 余
practices: |
  社工带领志愿者开展入户探访，建立需求清单并定期回访，形成固定的服务机制。
outcomes:
  text: 服务覆盖全县老年人。
  evidence: 工作通报
replication:
  mechanisms: [社工督导志愿者]
  conditions: [有稳定的社工机构]
sources:
  - title: 测试来源标题
    publisher: 测试发布者
added: 2025-06-13
updated: 2025-06-13
"""
FIELDS = ("id、title、kind、part_of、summary、region、themes、target_groups、methods、inferred、lead_unit、partners、"
          "division_of_labour、period、status、status_as_of、metrics、practices、outcomes、replication、gaps、keywords、sources、added、updated")
ALIAS = "不支持 YAML 的锚点和别名（&名称 / *名称）"
SAVE_AS = "请用 VS Code 或记事本“另存为”，编码选择“UTF-8”后再提交"
VALUE_HINT = "填阿拉伯数字（半角），例如 280；“余”“约”写在 qualifier 里"
ID_HINT = "只能用小写英文字母、数字和连字符“-”，不能有空格、中文、大写字母、“/”或“..”，例如 yiliang-wumeng-children"
PWNED = "/tmp/caselib-pwned-by-yaml"


def edit(old: str, new: str, base: str = BASE) -> str:
    """BASE with one exact piece of text replaced (fails loudly if the piece is not there)."""
    assert base.count(old) == 1, old
    return base.replace(old, new)


def laughs() -> str:
    """The classic "billion laughs": 9 levels of 9 aliases each would expand to 9⁹ strings."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Bad:
    """One bad input: the files to write into a copy of the repository, and every line ``check`` must print."""

    name: str
    files: dict[str, str | bytes]
    expected: tuple[str, ...]
    subprocess: bool = False
    removed: tuple[str, ...] = field(default=())


CATALOGUE: list[Bad] = [
    # -- the file itself: encoding, size, characters YAML cannot read --------------------------------------------
    Bad("gbk-encoded", {F: BASE.encode("gbk")}, (
        f"{F}:2:8: 文件看起来是 GBK/GB18030 编码（Windows 记事本或 Word 的默认设置），不是 UTF-8：第 2 行按 GBK 读出来是"
        f"「title: 测试案例」。{SAVE_AS} [encoding]",)),
    Bad("gbk-col-counts-characters", {F: edit("测试发布者", "测试发布者（彝良）").encode("gbk")}, (
        f"{F}:2:8: 文件看起来是 GBK/GB18030 编码（Windows 记事本或 Word 的默认设置），不是 UTF-8：第 2 行按 GBK 读出来是"
        f"「title: 测试案例」。{SAVE_AS} [encoding]",)),
    Bad("utf16", {F: BASE.encode("utf-16")}, (
        f"{F}:1:1: 文件是 UTF-16 编码（记事本里叫“Unicode”），不是 UTF-8。{SAVE_AS} [encoding]",)),
    Bad("latin1", {F: b"id: caf\xe9-case\n"}, (
        f"{F}:1:8: 文件不是 UTF-8 编码，第一个无法按 UTF-8 读取的字节（0xE9）在这里。{SAVE_AS} [encoding]",)),
    Bad("utf8-bom", {F: b"\xef\xbb\xbf" + BASE.encode()}, (
        f"{F}:1:1: 文件以 UTF-8 BOM（EF BB BF）开头。请在编辑器里另存为“UTF-8”（不带 BOM），"
        "或运行 python scripts/build_index.py lint --fix 去掉它 [bom]",)),
    Bad("tab-indent", {F: edit("  city: 昭通市", "\tcity: 昭通市")}, (
        f"{F}:7:1: 缩进里有制表符（Tab）。YAML 只能用空格缩进，请把 Tab 换成两个空格 [tab-indent]",)),
    Bad("raw-control-char", {F: edit("title: 测试案例", "title: 测试\x07案例")}, (
        f"{F}:2:10: 这里有一个 YAML 不允许的控制字符 U+0007（BEL），常见于从 PDF 或 Word 粘贴的文字。"
        "请删除它（python scripts/build_index.py lint --fix 可自动删除） [control-char]",)),
    Bad("nul-byte", {F: BASE.encode() + b"\x00"}, (
        f"{F}:40:1: 这里有一个 YAML 不允许的控制字符 U+0000（NULL），常见于从 PDF 或 Word 粘贴的文字。"
        "请删除它（python scripts/build_index.py lint --fix 可自动删除） [control-char]",)),
    Bad("empty-file", {F: ""}, (f"{F}:1:1: 文件是空的。请从 cases/_template.yml 复制模板开始填写 [empty-file]",)),
    Bad("only-comments", {F: "# 待填写\n\n"}, (f"{F}:1:1: 文件是空的。请从 cases/_template.yml 复制模板开始填写 [empty-file]",)),
    Bad("several-megabytes", {F: BASE + "# " + "一" * (2 * 1024 * 1024) + "\n"}, (
        f"{F}:1:1: 文件太大（6144 KB，上限 512 KB）。一个案例记录通常只有几 KB，请检查是否误粘贴了整篇文档 [file-too-large]",)),
    # -- the YAML structure -----------------------------------------------------------------------------------
    Bad("top-level-list", {F: "- id: test-case\n- title: 测试案例\n"}, (
        f"{F}:1:1: 文件最外层应该是一组“字段名: 值”，现在是列表（每项以“- ”开头）。请参照 cases/_template.yml 的写法，每行一个字段 [top-level]",)),
    Bad("top-level-scalar", {F: "测试案例\n"}, (
        f"{F}:1:1: 文件最外层应该是一组“字段名: 值”，现在是文字。请参照 cases/_template.yml 的写法，每行一个字段 [top-level]",)),
    Bad("colon-in-text", {F: edit("title: 测试案例", "title: 测试: 案例")}, (
        f"{F}:2:10: 这里不能出现“键: 值”。常见原因：文字里有半角冒号“: ”，或缩进不对。请给整段文字加引号，或改用全角冒号“：”。"
        "（YAML: mapping values are not allowed in this context） [yaml-syntax]",)),
    Bad("unclosed-quote", {F: edit("title: 测试案例", 'title: "测试案例')}, (
        f"{F}:2:8: 引号没有闭合：这里开始的引号在本行没有结束，YAML 一直读到第 9 行才出错。请补上另一半引号。"
        "（YAML: did not find expected key） [yaml-syntax]",)),
    Bad("unclosed-quote-at-end", {F: edit("updated: 2025-06-13", "updated: '2025-06-13")}, (
        f"{F}:39:10: 引号没有闭合：从这里开始的引号到文件末尾都没有结束。请补上另一半引号。"
        "（YAML: found unexpected end of stream） [yaml-syntax]",)),
    Bad("bad-indent", {F: edit("  city: 昭通市", " city: 昭通市")}, (
        f"{F}:7:2: 缩进不对齐，或上一行的引号没有闭合。请检查这一行与上一行的缩进。（YAML: did not find expected key） [yaml-syntax]",)),
    Bad("two-documents", {F: BASE + "---\nid: other-case\n"}, (
        f"{F}:40:1: 一个文件只能写一条记录，这里出现了第二个文档（---）。请把另一条记录放到单独的文件里。"
        "（YAML: but found another document） [yaml-syntax]",)),
    Bad("bad-unicode-escape", {F: edit("title: 测试案例", 'title: "\\ud800测试"')}, (
        f"{F}:2:11: 双引号里的 \\u 转义不是有效的字符。请直接写出这个字，或改用单引号。"
        "（YAML: found invalid Unicode character escape code） [yaml-syntax]",)),
    Bad("duplicate-key", {F: edit("kind: 服务项目", "kind: 服务项目\ntitle: 又一个名称")}, (
        f"{F}:4:1: title: 字段「title」重复出现（第 2 行已经有一个）。YAML 只会保留后一个，请删除或合并其中一个 [duplicate-key]",)),
    Bad("duplicate-nested-key", {F: edit("  county: 彝良县", "  county: 彝良县\n  city: 昭通市")}, (
        f"{F}:9:3: region.city: 字段「city」重复出现（第 7 行已经有一个）。YAML 只会保留后一个，请删除或合并其中一个 [duplicate-key]",)),
    Bad("anchor-and-alias", {F: edit("themes: [为老服务]", "themes: &t [为老服务]").replace("target_groups: [老年人]",
                                                                                   "target_groups: *t")}, (
        f"{F}:11:16: target_groups: {ALIAS}。请把内容直接写出来 [alias]",)),
    Bad("billion-laughs", {F: laughs()}, (
        f"{F}:2:10: a1[0]: {ALIAS}。这个文件共有 72 处别名，这是第一处。请把内容直接写出来 [alias]",)),
    Bad("merge-key", {F: edit("lead_unit:\n", "lead_unit:\n  <<: {name: 某单位}\n")}, (
        f"{F}:14:3: lead_unit: 字段名必须是普通文字（不支持合并键 << 或复杂键） [bad-key]",)),
    Bad("complex-key", {F: BASE + "? [a, b]\n: x\n"}, (
        f"{F}:40:3: 字段名必须是普通文字（不支持合并键 << 或复杂键） [bad-key]",)),
    Bad("deep-nesting", {F: BASE + "keywords: " + "[" * 100_000 + "]" * 100_000 + "\n"}, (
        f"{F}:40:60: keywords: 嵌套太深（超过 50 层）。案例记录最多只需要几层缩进，"
        "请检查是否多了括号 [ { [too-deep]",), subprocess=True),
    Bad("python-tag-never-runs", {F: edit("title: 测试案例", f'title: !!python/object/apply:os.system ["touch {PWNED}"]')}, (
        f"{F}:2:8: title: 不支持 YAML 标签「!!python/object/apply:os.system」。请删掉它，直接写内容 [yaml-tag]",)),
    Bad("custom-tag", {F: edit("summary: 这是", "summary: !note 这是")}, (
        f"{F}:4:10: summary: 不支持 YAML 标签「!note」。请删掉它，直接写内容 [yaml-tag]",)),
    Bad("yaml-extension", {"cases/t/test-case.yaml": BASE}, (
        "cases/t/test-case.yaml:1:1: 案例文件请用 .yml 扩展名（不是 .yaml），请改名 [extension]",)),
    # -- values YAML reads as something else ----------------------------------------------------------------------
    Bad("unquoted-no", {F: edit("status: 进行中", "status: no")}, (
        f"{F}:22:9: status（状态）: YAML 把没加引号的 no 读成了布尔值（true/false），不是可选值。可选：进行中、已结束、筹备中、不详 [enum]",)),
    Bad("unquoted-yes-as-text", {F: edit("title: 测试案例", "title: yes")}, (
        f"{F}:2:8: title（项目名称）: 应该是文字，现在是布尔值（true/false）：YAML 把没加引号的 yes 读成了布尔值（true/false）。"
        "请加引号写成 \"yes\"。名称不能含尖括号 < >、花括号 { } 或换行；书名请用《》。 [wrong-type]",)),
    Bad("code-010-octal", {F: edit('code: "530628"', "code: 010")}, (
        f"{F}:9:9: region.code（区划代码）: 应该是文字，现在是整数：YAML 把没加引号的 010 读成了整数 8。请加引号写成 \"010\"。"
        "六位数字，并且要加引号，例如 code: \"530628\"。 [wrong-type]",)),
    Bad("code-unquoted", {F: edit('code: "530628"', "code: 530628")}, (
        f"{F}:9:9: region.code（区划代码）: 应该是文字，现在是整数：YAML 把没加引号的 530628 读成了整数。"
        "请加引号写成 \"530628\"。六位数字，并且要加引号，例如 code: \"530628\"。 [wrong-type]",)),
    Bad("value-010-octal", {F: edit("value: 280", "value: 010")}, (
        f"{F}:25:12: metrics.volunteers.value（数值）: YAML 把没加引号的 010 读成了 8（以 0 开头、0x 开头或带冒号的数字"
        "不按十进制读）。请写成十进制数 10 [yaml-number]",)),
    Bad("value-sexagesimal", {F: edit("value: 280", "value: 1:20")}, (
        f"{F}:25:12: metrics.volunteers.value（数值）: YAML 把没加引号的 1:20 读成了 80（以 0 开头、0x 开头或带冒号的数字"
        "不按十进制读）。请写成十进制数 [yaml-number]",)),
    Bad("year-month-as-float", {F: edit("start: 2023", "start: 2023.06")}, (
        f"{F}:20:10: period.start（开始）: 应该是文字或整数，现在是小数：YAML 把没加引号的 2023.06 读成了小数。"
        "请加引号写成 \"2023.06\"。写成年份 2025、年月 \"2025-06\" 或日期 \"2025-03-31\"（年月和日期要加引号）。 [wrong-type]",)),
    Bad("impossible-date", {F: edit("added: 2025-06-13", "added: 2025-02-30")}, (
        f"{F}:38:8: added（收录日期）: 2025-02-30 不是真实的日期。请检查月份和日 [date]",)),
    Bad("date-single-digits", {F: edit("added: 2025-06-13", "added: 2025-6-1")}, (
        f"{F}:38:8: added（收录日期）: 「2025-6-1」格式不对。写成 2025-06-13 这样的日期 [pattern]",)),
    Bad("date-with-time", {F: edit("added: 2025-06-13", "added: 2025-06-13 10:00:00")}, (
        f"{F}:38:8: added（收录日期）: 「2025-06-13 10:00:00」格式不对。写成 2025-06-13 这样的日期 [pattern]",)),
    Bad("huge-int-literal", {F: edit("value: 280", "value: " + "9" * 5000)}, (
        f"{F}:25:12: metrics.volunteers.value: 无法把这个值读成整数（数字太长：5000 位）。请只写合理的数字 [yaml-value]",)),
    # -- numbers --------------------------------------------------------------------------------------------------
    Bad("full-width-digits", {F: edit("value: 280", "value: ２８０")}, (
        f"{F}:25:12: metrics.volunteers.value（数值）: 应该是整数，现在是文字：「２８０」用了全角数字，请改成半角数字 280。{VALUE_HINT}。 [wrong-type]",)),
    Bad("number-with-qualifier", {F: edit("value: 280", "value: 280余")}, (
        f"{F}:25:12: metrics.volunteers.value（数值）: 应该是整数，现在是文字：请只写数字 280，“余”“约”等写到 qualifier 里。{VALUE_HINT}。 [wrong-type]",)),
    Bad("negative", {F: edit("value: 280", "value: -5")}, (
        f"{F}:25:12: metrics.volunteers.value（数值）: 数值 -5 不合理：不能小于 0。{VALUE_HINT} [out-of-range]",)),
    Bad("absurd", {F: edit("value: 280", "value: 99999999999999999999999999")}, (
        f"{F}:25:12: metrics.volunteers.value（数值）: 数值 99999999999999999999999999 不合理：不能大于 100000000。{VALUE_HINT} [out-of-range]",)),
    Bad("fraction", {F: edit("value: 280", "value: 2.5")}, (
        f"{F}:25:12: metrics.volunteers.value（数值）: 应该是整数，现在是小数：YAML 把没加引号的 2.5 读成了小数。{VALUE_HINT}。 [wrong-type]",)),
    Bad("nan", {F: edit("value: 280", "value: .nan")}, (
        f"{F}:25:12: metrics.volunteers.value（数值）: 应该是整数，现在是小数：YAML 把没加引号的 .nan 读成了小数。{VALUE_HINT}。 [wrong-type]",)),
    Bad("year-out-of-range", {F: edit("start: 2023", "start: 1850")}, (
        f"{F}:20:10: period.start（开始）: 数值 1850 不合理：不能小于 1949。写成年份 2025、年月 \"2025-06\" 或日期 \"2025-03-31\"（年月和日期要加引号） [out-of-range]",)),
    Bad("end-before-start", {F: edit('end: "2024-06"', "end: 2020")}, (
        f"{F}:21:8: period.end（结束）: 结束时间 2020 早于开始时间 2023。请检查是否写反了 [date-order]",)),
    Bad("end-month-before-start-month", {F: edit("start: 2023", 'start: "2024-09"')}, (
        f"{F}:21:8: period.end（结束）: 结束时间 2024-06 早于开始时间 2024-09。请检查是否写反了 [date-order]",)),
    Bad("updated-before-added", {F: edit("updated: 2025-06-13", "updated: 2025-01-01")}, (
        f"{F}:39:10: updated（更新日期）: 更新日期 2025-01-01 早于收录日期 2025-06-13 [date-order]",)),
    # -- shape and required fields --------------------------------------------------------------------------------
    Bad("missing-sources", {F: edit("sources:\n  - title: 测试来源标题\n    publisher: 测试发布者\n", "")}, (
        f"{F}:1:1: 缺少必填字段「sources」（来源）。请添加一行 sources: …（参照 cases/_template.yml） [missing-field]",)),
    Bad("almost-empty-record", {F: "id: test-case\ntitle: 测试案例\n"}, tuple(
        f"{F}:1:1: 缺少必填字段「{name}」（{label}）。请添加一行 {name}: …（参照 cases/_template.yml） [missing-field]"
        for name, label in [("added", "收录日期"), ("division_of_labour", "社工与志愿者分工"), ("kind", "类型"),
                            ("lead_unit", "牵头单位"), ("methods", "工作方法与机制"), ("outcomes", "成效"),
                            ("practices", "主要做法"), ("region", "地区"), ("replication", "可复制要点"), ("sources", "来源"),
                            ("status", "状态"), ("summary", "简介"), ("target_groups", "服务对象"), ("themes", "服务领域"),
                            ("updated", "更新日期")])),
    Bad("empty-sources", {F: edit("sources:\n  - title: 测试来源标题\n    publisher: 测试发布者\n", "sources: []\n")}, (
        f"{F}:35:10: sources（来源）: 至少要填 1 项，现在是 0 项 [too-few]",)),
    Bad("source-without-publisher", {F: edit("    publisher: 测试发布者\n", "")}, (
        f"{F}:36:5: sources[0]（来源）: 缺少必填字段「publisher」（发布者）。请在「sources[0]」下添加一行 publisher: …"
        "（参照 cases/_template.yml） [missing-field]",)),
    Bad("string-instead-of-mapping", {F: edit("lead_unit:\n  name: 彝良县民政局\n  type: 党政机关", "lead_unit: 彝良县民政局")}, (
        f"{F}:13:12: lead_unit（牵头单位）: 应该是一组字段（“键: 值”，下一行缩进），现在是文字。 [wrong-type]",)),
    Bad("mapping-instead-of-string", {F: edit("title: 测试案例", "title: {名称: 测试案例}")}, (
        f"{F}:2:8: title（项目名称）: 应该是文字，现在是一组字段（“键: 值”，下一行缩进）。名称不能含尖括号 < >、花括号 {{ }} 或换行；书名请用《》。 [wrong-type]",)),
    Bad("list-item-with-colon", {F: edit("  social_workers: [需求评估与方案设计]", "  social_workers:\n    - 兑换规则: 每小时1个时间币")}, (
        f"{F}:18:7: division_of_labour.social_workers[0]（社工做了什么）: 应该是文字，现在是一组字段（“键: 值”，下一行缩进）："
        "这一行的文字里有半角冒号加空格「兑换规则: …」，YAML 把它读成了“键: 值”。请把半角冒号改成全角冒号“：”，或给整行文字加引号。 [wrong-type]",)),
    Bad("empty-optional-value", {F: edit("themes: [为老服务]", "themes: [为老服务]\nkeywords:")}, (
        f"{F}:11:10: keywords（关键词）: 应该是列表（每项以“- ”开头），现在是空值：这个字段写了名字但没有填内容。请填写，或删掉这一行。 [wrong-type]",)),
    Bad("empty-value", {F: edit("themes: [为老服务]", "themes:")}, (
        f"{F}:10:8: themes（服务领域）: 应该是列表（每项以“- ”开头），现在是空值：这个字段写了名字但没有填内容。请填写。 [wrong-type]",)),
    Bad("unknown-field", {F: edit("title: 测试案例", "titel: 测试案例")}, (
        f"{F}:1:1: 缺少必填字段「title」（项目名称）。请添加一行 title: …（参照 cases/_template.yml） [missing-field]",
        f"{F}:2:1: titel: 未知字段「titel」。你是不是想写「title」？可以用的字段：{FIELDS} [unknown-field]")),
    Bad("number-as-key", {F: BASE + "2025: 补充\n"}, (
        f"{F}:40:1: 2025: 未知字段「2025」。可以用的字段：{FIELDS} [unknown-field]",)),
    Bad("too-many-themes", {F: edit("themes: [为老服务]", "themes: [为老服务, 儿童关爱, 邻里守望, 平安建设, 环境治理, 卫生健康, 心理健康, 教育助学, 法律服务]")}, (
        f"{F}:10:9: themes（服务领域）: 最多填 8 项，现在是 9 项。请只保留最主要的 [too-many]",)),
    Bad("duplicate-item", {F: edit("themes: [为老服务]", "themes: [为老服务, 为老服务]")}, (
        f"{F}:10:16: themes[1]（服务领域）: 「为老服务」重复了，请删掉这一项 [duplicate-item]",)),
    Bad("hundred-thousand-characters", {F: edit("summary: 这是一个用于测试的案例简介，超过十个字。", "summary: " + "长" * 100_000)}, (
        f"{F}:4:10: summary（简介）: 内容太长：现在 100000 个字，最多 200 个字 [length]",)),
    Bad("hundred-thousand-in-enum", {F: edit("status: 进行中", "status: " + "长" * 100_000)}, (
        f"{F}:22:9: status（状态）: 「长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长…（共 100000 字）」不是可选值。"
        "可选：进行中、已结束、筹备中、不详 [enum]",)),
    # -- ids and files --------------------------------------------------------------------------------------------
    Bad("id-dot-dot", {F: edit("id: test-case", "id: ../etc")}, (f"{F}:1:5: id（编号）: 「../etc」格式不对。{ID_HINT} [pattern]",)),
    Bad("id-slash", {F: edit("id: test-case", "id: test/case")}, (f"{F}:1:5: id（编号）: 「test/case」格式不对。{ID_HINT} [pattern]",)),
    Bad("id-upper-case", {F: edit("id: test-case", "id: Test-Case")}, (f"{F}:1:5: id（编号）: 「Test-Case」格式不对。{ID_HINT} [pattern]",)),
    Bad("id-chinese", {F: edit("id: test-case", "id: 测试案例")}, (f"{F}:1:5: id（编号）: 「测试案例」格式不对。{ID_HINT} [pattern]",)),
    Bad("id-not-filename", {F: edit("id: test-case", "id: other-case")}, (
        f"{F}:1:5: id（编号）: 编号「other-case」与文件名「test-case.yml」不一致。请把文件改名为 other-case.yml，或把 id 改成 test-case [id-filename]",)),
    Bad("id-reserved", {"cases/t/index.yml": edit("id: test-case", "id: index")}, (
        "cases/t/index.yml:1:5: id（编号）: 编号「index」是保留字（cases/index/ 是全部案例的页面），请换一个 [id-reserved]",)),
    Bad("duplicate-id-two-folders", {F: BASE, "cases/u/test-case.yml": BASE}, (
        f"{F}:1:5: id（编号）: 编号「test-case」与 cases/u/test-case.yml 重复。编号在整个案例库里必须唯一，请换一个 [duplicate-id]",
        "cases/u/test-case.yml:1:5: id（编号）: 编号「test-case」与 cases/t/test-case.yml 重复。编号在整个案例库里必须唯一，请换一个 [duplicate-id]")),
    Bad("part-of-nowhere", {F: edit("kind: 服务项目", "kind: 服务项目\npart_of: beijing-shuanggong-pilto")}, (
        f"{F}:4:10: part_of（所属试点）: 找不到编号为「beijing-shuanggong-pilto」的案例。你是不是想写「beijing-shuanggong-pilot」或「beijing-shoushan-hexin-project」或「beijing-suishou-gongyi-team」？"
        "请填写已有试点记录的 id [part-of]",)),
    Bad("part-of-itself", {F: edit("kind: 服务项目", "kind: 服务项目\npart_of: test-case")}, (
        f"{F}:4:10: part_of（所属试点）: part_of 不能指向自己 [part-of]",)),
    # -- vocabularies and regions ---------------------------------------------------------------------------------
    Bad("vocab-unknown-term", {F: edit("themes: [为老服务]", "themes: [文化养老]")}, (
        f"{F}:10:10: themes[0]（服务领域）: 「文化养老」不在服务领域词表里。可选：社区治理、为老服务、儿童关爱、"
        "邻里守望、平安建设、环境治理、卫生健康、心理健康、教育助学、新就业群体服务、民族团结、阳光助残、应急救援、法律服务、文化体育、困难帮扶、"
        "社工与志愿者人才培养；来源没有说明时写 不详。确需新词，请在 data/vocab/themes.yml 中提议 [vocab]",)),
    Bad("vocab-alias", {F: edit("methods: [社工带志愿者]", "methods: [双工联动]")}, (
        f"{F}:12:11: methods[0]（工作方法与机制）: 「双工联动」是「社工带志愿者」的另一种说法，请写成「社工带志愿者」 [vocab-alias]",)),
    Bad("vocab-file-missing-term", {"data/vocab/methods.yml": "PATCH:related: [service-positions,|related: [service-positons,"}, (
        "data/vocab/methods.yml:11:15: terms[0].related[0]: related 引用了不存在的术语「service-positons」。"
        "你是不是想写「service-positions」或「service-exchange」或「grid-services」？ [vocab-reference]",)),
    Bad("vocab-file-wrong-shape", {"data/vocab/themes.yml": "title: 服务领域\nfield: themes\nterms: 3\n"}, (
        "data/vocab/themes.yml:3:8: terms: 词表格式不对：3 is not of type 'array' [vocab-file]",)),
    Bad("vocab-file-missing", {}, (
        "data/vocab/partner_types.yml:1:1: 无法读取文件：No such file or directory [io]",), removed=("data/vocab/partner_types.yml",)),
    Bad("county-short-name", {F: edit("county: 彝良县", "county: 彝良")}, (
        f"{F}:8:11: region.county（县级）: 「彝良」不在昭通市的下辖区县中。你是不是想写「彝良县」？ [region-name]",)),
    Bad("region-code-mismatch", {F: edit('code: "530628"', 'code: "530600"')}, (
        f"{F}:9:9: region.code（区划代码）: 区划代码应为「530628」（彝良县），而不是「530600」（这是云南省·昭通市的代码）。"
        "code 填所写最具体一级的代码 [region-code]",)),
    # -- invisible characters and text that attacks the site ----------------------------------------------------
    Bad("zero-width-space", {F: edit("title: 测试案例", "title: 测试\u200b案例")}, (
        f"{F}:2:8: title（项目名称）: 第 3 个字处有看不见的字符 U+200B（ZERO WIDTH SPACE），常见于从网页或 Word 粘贴的文字。"
        "请删除它（python scripts/build_index.py lint --fix 可自动删除） [invisible-char]",)),
    Bad("escaped-control-char", {F: edit("title: 测试案例", 'title: "测试\\a案例"')}, (
        f"{F}:2:8: title（项目名称）: 第 3 个字处有看不见的字符 U+0007（控制字符），常见于从网页或 Word 粘贴的文字。"
        "请删除它（python scripts/build_index.py lint --fix 可自动删除） [invisible-char]",)),
    Bad("escaped-zero-width-space", {F: edit("title: 测试案例", 'title: "测试\\u200b案例"')}, (
        f"{F}:2:8: title（项目名称）: 第 3 个字处有看不见的字符 U+200B（ZERO WIDTH SPACE），常见于从网页或 Word 粘贴的文字。"
        "请删除它（python scripts/build_index.py lint --fix 可自动删除） [invisible-char]",)),
    Bad("bidi-override", {F: edit("summary: 这是", "summary: \u202e这是")}, (
        f"{F}:4:10: summary（简介）: 第 1 个字处有看不见的字符 U+202E（RIGHT-TO-LEFT OVERRIDE），常见于从网页或 Word 粘贴的文字。"
        "请删除它（python scripts/build_index.py lint --fix 可自动删除） [invisible-char]",)),
    Bad("html-in-title", {F: edit("title: 测试案例", "title: 测试<script>alert(1)</script>")}, (
        f"{F}:2:8: title（项目名称）: 「测试<script>alert(1)</script>」格式不对。名称不能含尖括号 < >、花括号 {{ }} 或换行；书名请用《》 [pattern]",)),
    Bad("javascript-url", {F: edit("    publisher: 测试发布者", "    publisher: 测试发布者\n    url: javascript:alert(1)")}, (
        f"{F}:38:10: sources[0].url（网址）: 「javascript:alert(1)」格式不对。以 http:// 或 https:// 开头的完整网址，不能有空格 [pattern]",)),
    Bad("data-url", {F: edit("    publisher: 测试发布者", "    publisher: 测试发布者\n    url: data:text/html,<script>alert(1)</script>")}, (
        f"{F}:38:10: sources[0].url（网址）: 「data:text/html,<script>alert(1)</script>」格式不对。"
        "以 http:// 或 https:// 开头的完整网址，不能有空格 [pattern]",)),
]


def _apply(repo: Path, bad: Bad) -> None:
    for rel, content in bad.files.items():
        target = repo / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str) and content.startswith("PATCH:"):
            old, new = content.removeprefix("PATCH:").split("|")
            text = target.read_text(encoding="utf-8")
            assert text.count(old) == 1, old
            target.write_text(text.replace(old, new), encoding="utf-8")
        elif isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    for rel in bad.removed:
        (repo / rel).unlink()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_repo(tmp_path_factory.mktemp("bad") / "pristine")


@pytest.fixture
def fresh(pristine: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the module's pristine repository for one entry (cheaper than copy_repo each time)."""
    target = tmp_path / "repo"
    shutil.copytree(pristine, target)
    yield target


@pytest.mark.parametrize("bad", CATALOGUE, ids=[b.name for b in CATALOGUE])
def test_catalogue(bad: Bad, fresh: Path, capfd: pytest.CaptureFixture[str]) -> None:
    _apply(fresh, bad)
    if bad.subprocess:
        done = cli("check", root=fresh)
        code, out, err = done.returncode, done.stdout, done.stderr
    else:
        code = caselib_cli.main(["--root", str(fresh), "check"])
        out, err = capfd.readouterr()
    assert "Traceback" not in out + err
    assert code == 1, out + err
    assert out.splitlines() == list(bad.expected)
    assert "个错误" in err


def test_catalogue_is_big_enough() -> None:
    assert len(CATALOGUE) >= 40
    assert len({b.name for b in CATALOGUE}) == len(CATALOGUE)


def test_python_tag_did_not_run() -> None:
    """The ``!!python/object/apply:os.system`` entry above must not have created its file."""
    assert not Path(PWNED).exists()


GOOD = {
    "rare-cjk-outside-bmp": edit("title: 测试案例", "title: 𠀀𪚥测试案例"),
    "unquoted-year-month": edit('end: "2024-06"', "end: 2024-06"),
    "end-year-same-as-start-month": edit("start: 2023", 'start: "2024-03"').replace('end: "2024-06"', "end: 2024"),
    "date-as-title-kept-as-written": edit("title: 测试案例", "title: 2025-6-1"),
    "old-mac-line-endings": BASE.replace("\n", "\r"),
    "windows-line-endings": BASE.replace("\n", "\r\n"),
}


@pytest.mark.parametrize("name", list(GOOD))
def test_unusual_but_valid(name: str, fresh: Path, capfd: pytest.CaptureFixture[str]) -> None:
    (fresh / "cases" / "t").mkdir()
    (fresh / F).write_bytes(GOOD[name].encode("utf-8"))
    code = caselib_cli.main(["--root", str(fresh), "check"])
    out, err = capfd.readouterr()
    assert code == 0, out + err
    assert out == ""


def test_text_is_kept_as_written(fresh: Path) -> None:
    """A date-like title stays the text the contributor typed, and a rare character survives."""
    from caselib.pipeline.run import run

    (fresh / "cases" / "t").mkdir()
    (fresh / F).write_text(edit("title: 测试案例", "title: 2025-6-1").replace("测试来源标题", "𠀀字来源"), encoding="utf-8")
    result = run(fresh)
    assert result.library is not None, [p.format() for p in result.problems]
    case = result.library.by_id["test-case"]
    assert case.title == "2025-6-1"
    assert case.sources[0].title == "𠀀字来源"


@pytest.mark.parametrize("name", ["gbk-encoded", "billion-laughs", "several-megabytes", "colon-in-text", "duplicate-id-two-folders"])
def test_true_subprocess_runs(name: str, fresh: Path) -> None:
    """As a contributor runs it: exit code 1, the exact lines on stdout, a Chinese summary on stderr, no traceback."""
    bad = next(b for b in CATALOGUE if b.name == name)
    _apply(fresh, bad)
    done = cli("check", root=fresh)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stdout.splitlines() == list(bad.expected)
    assert "请按上面每行开头的“文件:行:列”逐一修改" in done.stderr


def test_github_format_keeps_position(fresh: Path) -> None:
    bad = next(b for b in CATALOGUE if b.name == "negative")
    _apply(fresh, bad)
    done = cli("check", "--format", "github", root=fresh)
    assert done.returncode == 1
    assert done.stdout.startswith(f"::error file={F},line=25,col=12,title=out-of-range::metrics.volunteers.value（数值）: 数值 -5")


@pytest.mark.parametrize("name", ["billion-laughs", "deep-nesting"])
def test_lint_survives_hostile_files(name: str, fresh: Path) -> None:
    """``lint`` reads every record too: an alias bomb or 100,000 brackets must not exhaust memory or crash it."""
    bad = next(b for b in CATALOGUE if b.name == name)
    _apply(fresh, bad)
    done = cli("lint", root=fresh)
    assert "Traceback" not in done.stdout + done.stderr
    assert "内部错误" not in done.stderr
    assert done.returncode == 0
