"""The validator on each error class of issue 2, asserting file, line, column and field.

Each test starts from a real shipped record, breaks one thing, and checks the
one-line problem that ``check`` prints. The wider catalogue of hostile input
lives in test_bad_inputs.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import LIBRARY, cli

WUMENG = "cases/yunnan/yiliang-wumeng-children-companionship.yml"


def line_of(text: str, needle: str) -> int:
    """1-based line number of the first line containing ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def write_case(repo: Path, rel: str, text: str) -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def broken(repo: Path, old: str, new: str, rel: str = WUMENG) -> str:
    text = (LIBRARY / WUMENG).read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    write_case(repo, rel, text)
    return text


def problems(repo: Path) -> tuple[int, list[str]]:
    result = cli("check", root=repo)
    assert "Traceback" not in result.stdout + result.stderr
    return result.returncode, [line for line in result.stdout.splitlines() if line.strip()]


def test_fixture_library_passes() -> None:
    result = cli("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "通过：15 个案例记录全部有效" in result.stderr


def test_yaml_syntax_error(repo: Path) -> None:
    text = broken(repo, "title: 乌蒙困境儿童陪伴项目", "title: 乌蒙: 困境儿童陪伴项目")
    code, lines = problems(repo)
    assert code == 1
    line = line_of(text, "title: 乌蒙: 困境")
    assert lines == [f"{WUMENG}:{line}:10: 这里不能出现“键: 值”。常见原因：文字里有半角冒号“: ”，或缩进不对。"
                     "请给整段文字加引号，或改用全角冒号“：”。（YAML: mapping values are not allowed in this context） [yaml-syntax]"]


def test_missing_required_field(repo: Path) -> None:
    broken(repo, "status: 进行中\n", "")
    code, lines = problems(repo)
    assert code == 1
    assert lines == [f"{WUMENG}:2:1: 缺少必填字段「status」（状态）。请添加一行 status: …（参照 cases/_template.yml） [missing-field]"]


def test_missing_nested_field(repo: Path) -> None:
    text = broken(repo, "  evidence: 工作通报\n", "")
    code, lines = problems(repo)
    assert code == 1
    line = line_of(text, "  text: |")
    assert lines == [f"{WUMENG}:{line}:3: outcomes（成效）: 缺少必填字段「evidence」（证据类型）。"
                     "请在「outcomes」下添加一行 evidence: …（参照 cases/_template.yml） [missing-field]"]


def test_misspelt_field_suggests_the_right_one(repo: Path) -> None:
    text = broken(repo, "summary: >-", "sumary: >-")
    code, lines = problems(repo)
    assert code == 1
    line = line_of(text, "sumary:")
    unknown = next(x for x in lines if "[unknown-field]" in x)
    assert unknown.startswith(f"{WUMENG}:{line}:1: sumary: 未知字段「sumary」。你是不是想写「summary」？")
    assert any("缺少必填字段「summary」（简介）" in x for x in lines)


def test_wrong_type_with_yaml_hint(repo: Path) -> None:
    text = broken(repo, 'code: "530628"', "code: 530628")
    code, lines = problems(repo)
    assert code == 1
    line = line_of(text, "code: 530628")
    assert lines == [f"{WUMENG}:{line}:9: region.code（区划代码）: 应该是文字，现在是整数：YAML 把没加引号的 530628 读成了整数。"
                     "请加引号写成 \"530628\"。六位数字，并且要加引号，例如 code: \"530628\"。 [wrong-type]"]


def test_value_not_in_vocabulary_did_you_mean(repo: Path) -> None:
    text = broken(repo, "themes: [儿童关爱]", "themes: [儿童关怀]")
    code, lines = problems(repo)
    assert code == 1
    line = line_of(text, "themes: [儿童关怀]")
    assert len(lines) == 1
    assert lines[0].startswith(f"{WUMENG}:{line}:10: themes[0]（服务领域）: 「儿童关怀」不在服务领域词表里。你是不是想写「儿童关爱」？可选：社区治理、")
    assert lines[0].endswith("[vocab]")


def test_vocabulary_alias_and_combination(repo: Path) -> None:
    text = broken(repo, "target_groups: [困境儿童]", "target_groups: [留守儿童, 一老一小]")
    code, lines = problems(repo)
    assert code == 1
    line = line_of(text, "target_groups:")
    assert f"{WUMENG}:{line}:17: target_groups[0]（服务对象）: 「留守儿童」是「困境儿童」的另一种说法，请写成「困境儿童」 [vocab-alias]" in lines
    assert f"{WUMENG}:{line}:23: target_groups[1]（服务对象）: 「一老一小」是组合说法，请分别填写：老年人、儿童 [vocab-combination]" in lines


def test_region_that_does_not_exist(repo: Path) -> None:
    text = broken(repo, "province: 云南省", "province: 云南")
    code, lines = problems(repo)
    assert code == 1
    line = line_of(text, "province: 云南")
    assert lines == [f"{WUMENG}:{line}:13: region.province（省级）: 「云南」不是省级行政区的正式名称。你是不是想写「云南省」？"
                     "请用全称，例如 云南省、北京市、广西壮族自治区 [region-name]"]


def test_county_not_in_its_city(repo: Path) -> None:
    text = broken(repo, "city: 昭通市", "city: 曲靖市")
    code, lines = problems(repo)
    assert code == 1
    line = line_of(text, "county: 彝良县")
    assert lines == [f"{WUMENG}:{line}:11: region.county（县级）: 「彝良县」不在曲靖市的下辖区县中。彝良县属于昭通市，请核对 city 或 county。 [region-name]"]


def test_county_name_near_match(repo: Path) -> None:
    text = broken(repo, "county: 彝良县", "county: 彝良")
    code, lines = problems(repo)
    line = line_of(text, "county: 彝良")
    assert code == 1
    assert lines == [f"{WUMENG}:{line}:11: region.county（县级）: 「彝良」不在昭通市的下辖区县中。你是不是想写「彝良县」？ [region-name]"]


def test_code_must_match_names(repo: Path) -> None:
    text = broken(repo, 'code: "530628"', 'code: "530621"')
    code, lines = problems(repo)
    line = line_of(text, 'code: "530621"')
    assert code == 1
    assert lines == [f"{WUMENG}:{line}:9: region.code（区划代码）: 区划代码应为「530628」（彝良县），而不是「530621」"
                     "（这是云南省·昭通市·鲁甸县的代码）。code 填所写最具体一级的代码 [region-code]"]


def test_duplicate_id_in_another_folder(repo: Path) -> None:
    text = (LIBRARY / WUMENG).read_text(encoding="utf-8")
    copy = "cases/other/yiliang-wumeng-children-companionship.yml"
    write_case(repo, copy, text)
    code, lines = problems(repo)
    assert code == 1
    line = line_of(text, "id: ")
    assert f"{WUMENG}:{line}:5: id（编号）: 编号「yiliang-wumeng-children-companionship」与 {copy} 重复。编号在整个案例库里必须唯一，请换一个 [duplicate-id]" in lines
    assert f"{copy}:{line}:5: id（编号）: 编号「yiliang-wumeng-children-companionship」与 {WUMENG} 重复。编号在整个案例库里必须唯一，请换一个 [duplicate-id]" in lines


def test_id_must_match_file_name(repo: Path) -> None:
    text = broken(repo, "id: yiliang-wumeng-children-companionship", "id: yiliang-wumeng")
    code, lines = problems(repo)
    assert code == 1
    line = line_of(text, "id: yiliang-wumeng")
    assert lines == [f"{WUMENG}:{line}:5: id（编号）: 编号「yiliang-wumeng」与文件名「yiliang-wumeng-children-companionship.yml」不一致。"
                     "请把文件改名为 yiliang-wumeng.yml，或把 id 改成 yiliang-wumeng-children-companionship [id-filename]"]


def test_duplicate_key_is_reported_not_dropped(repo: Path) -> None:
    text = broken(repo, "kind: 服务项目\n", "kind: 服务项目\nkind: 志愿服务队\n")
    code, lines = problems(repo)
    assert code == 1
    first, second = line_of(text, "kind: 服务项目"), line_of(text, "kind: 志愿服务队")
    assert lines == [f"{WUMENG}:{second}:1: kind: 字段「kind」重复出现（第 {first} 行已经有一个）。YAML 只会保留后一个，请删除或合并其中一个 [duplicate-key]"]


def test_every_problem_is_printed_not_just_the_first(repo: Path) -> None:
    text = (LIBRARY / WUMENG).read_text(encoding="utf-8")
    text = text.replace("themes: [儿童关爱]", "themes: [儿童关怀]").replace("status: 进行中", "status: 进行")
    write_case(repo, WUMENG, text)
    other = "cases/beijing/beijing-huxuelan-project.yml"
    broken_other = (LIBRARY / other).read_text(encoding="utf-8").replace("kind: 服务项目", "kind: 项目")
    write_case(repo, other, broken_other)
    code, lines = problems(repo)
    assert code == 1
    assert [re.sub(r":\d+:\d+:.*\[", ":[", x) for x in lines] == [
        f"{other}:[enum]", f"{WUMENG}:[vocab]", f"{WUMENG}:[enum]"]


def test_vocabulary_file_is_validated(repo: Path) -> None:
    path = repo / "data/vocab/methods.yml"
    text = path.read_text(encoding="utf-8").replace("related: [groupwork]", "related: [group-work]")
    path.write_text(text, encoding="utf-8")
    code, lines = problems(repo)
    assert code == 1
    line = line_of(text, "related: [group-work]")
    assert lines == [f"data/vocab/methods.yml:{line}:15: terms[22].related[0]: related 引用了不存在的术语「group-work」。"
                     "你是不是想写「groupwork」？ [vocab-reference]"]


def test_stale_schema_is_reported(repo: Path) -> None:
    path = repo / "data/vocab/themes.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: 心理健康", "name: 心理支持"), encoding="utf-8")
    code, lines = problems(repo)
    assert code == 1
    assert "schema/case.schema.json:1:1: JSON Schema 中的词表与 data/vocab/*.yml 不一致。请运行 python scripts/build_index.py schema 重新生成，并提交结果 [schema-stale]" in lines


@pytest.mark.parametrize("fmt", ["github"])
def test_github_annotations(repo: Path, fmt: str) -> None:
    text = broken(repo, "themes: [儿童关爱]", "themes: [儿童关怀]")
    result = cli("check", "--format", fmt, root=repo)
    line = line_of(text, "themes:")
    assert result.returncode == 1
    assert result.stdout.startswith(f"::error file={WUMENG},line={line},col=10,title=vocab::themes[0]（服务领域）: 「儿童关怀」不在服务领域词表里。")
