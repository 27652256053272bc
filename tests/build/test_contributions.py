"""Real write-ups fit the record: the field's methods and unit types, more kinds of figures, exact dates, a
status with its date, quotes kept as printed, and record files that are regular files (issue 12).

The shapes come from ``tests/fixtures/shapes/`` (test data, marked as such) written into a copy of the
repository, checked with the real CLI and built with the real MkDocs.

This file holds the tests on real MkDocs builds and CLI runs; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_contributions.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support import ROOT, cli, mkdocs_build

SHAPES = ROOT / "tests" / "fixtures" / "shapes"
FIVE = "test-shapes-five-social"
WUMENG = "cases/yunnan/yiliang-wumeng-children-companionship.yml"


def add_shape(repo: Path, name: str = FIVE, text: str | None = None) -> Path:
    target = repo / "cases" / "sichuan" / f"{name}.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text if text is not None else (SHAPES / f"{name}.yml").read_text(encoding="utf-8"),
                      encoding="utf-8")
    return target


def shape_text() -> str:
    return (SHAPES / f"{FIVE}.yml").read_text(encoding="utf-8")


def check_lines(repo: Path) -> tuple[int, list[str]]:
    done = cli("check", root=repo)
    assert "Traceback" not in done.stdout + done.stderr
    return done.returncode, [line for line in done.stdout.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def shapes_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from support import copy_repo

    repo = copy_repo(tmp_path_factory.mktemp("shapes") / "repo")
    add_shape(repo)
    site = repo / "site"
    done = mkdocs_build(repo, site)
    assert done.returncode == 0, done.stdout + done.stderr
    return site


def facts(site: Path, case_id: str) -> dict[str, str]:
    page = BeautifulSoup((site / "cases" / case_id / "index.html").read_text(encoding="utf-8"), "html.parser")
    return {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
            for dt in page.select("dl.cl-facts dt")}


def test_the_field_s_words_validate(repo: Path) -> None:
    add_shape(repo)
    assert check_lines(repo) == (0, [])


def test_figures_dates_status_and_keywords_on_the_page(shapes_site: Path) -> None:
    shown = facts(shapes_site, FIVE)
    scale = shown["规模"]
    for figure in ["460户 服务家庭", "3,000余 服务人次 （2024年）", "12,000余 服务人次 （累计）", "20多场次 活动场次 （每年）",
                   "98.5% 覆盖率", "12.5万元左右 资金"]:
        assert figure in scale, (figure, scale)
    assert shown["实施时间"] == "2023-03-15 起，至 2025-03-31 · 已结束 （据 2025-04 报道）"
    assert shown["关键词"] == "时间银行 测试关键词甲"
    assert shown["牵头单位"] == "测试街道社工站 （乡镇（街道）社工站）"
    assert "测试爱心企业 （类型来源未说明） ：捐赠物资" in shown["合作单位"]


def test_status_date_defaults_to_the_newest_source_and_says_when_there_is_none(shapes_site: Path) -> None:
    # the fixture library's records cite an undated newspaper page
    assert facts(shapes_site, "yiliang-wumeng-children-companionship")["实施时间"].endswith("进行中 （来源未注明日期）")


def test_the_new_methods_and_unit_type_have_term_pages_with_their_policy_source(shapes_site: Path) -> None:
    page = BeautifulSoup((shapes_site / "methods" / "five-social-linkage" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    shown = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
             for dt in page.select("dl.cl-facts dt")}
    assert "关于加强基层治理体系和治理能力现代化建设的意见" in shown["出处"]
    assert "创新社区与社会组织、社会工作者、社区志愿者、社会慈善资源的联动机制" in shown["出处"]
    assert "测试用五社联动时间银行项目" in page.get_text()
    station = (shapes_site / "partner-types" / "township-sw-station" / "index.html").read_text(encoding="utf-8")
    assert "测试用五社联动时间银行项目" in station


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("  person_times:\n    - value: 3000\n      qualifier: 余\n      note: 2024年",
     "  person_times:\n    - value: 3000\n      qualifier: 余",
     "metrics.person_times[0]（服务人次）: 缺少必填字段「note」（说明）。请在「metrics.person_times[0]」下添加一行 note: …"),
    ("  coverage:\n    value: 98.5", "  coverage: 98.5",
     "metrics.coverage（覆盖率）: 应该是一个数字（写成 value: 280 这样的一组字段），或几个数字的列表"),
    ("  households:\n    value: 460", "  households:\n    value: 460.5",
     "metrics.households.value（数值）: 应该是整数，现在是小数"),
    ("      qualifier: 余\n      note: 累计", "      qualifier: 大约\n      note: 累计",
     "「大约」不是可选值。你是不是想写「约」？可选：余、约、超、以上、近、逾、左右、多"),
    ('  end: "2025-03-31"', '  end: "2025-02-30"', "period.end（结束）: 2025-02-30 不是真实的日期。请检查月份和日"),
    ('  end: "2025-03-31"', '  end: "2023-03-01"', "period.end（结束）: 结束时间 2023-03-01 早于开始时间 2023-03-15"),
    ('status_as_of: "2025-04"', 'status_as_of: 2025年4月', "status_as_of（状态日期）: 「2025年4月」格式不对。"),
], ids=["list-without-note", "metric-not-a-mapping", "decimal-count", "qualifier", "unreal-date", "date-order",
        "status-date-format"])
def test_figures_and_dates_that_do_not_fit_get_a_chinese_message_at_their_line(repo: Path, old: str, new: str,
                                                                               expected: str) -> None:
    text = shape_text()
    assert old in text
    add_shape(repo, text=text.replace(old, new, 1))
    code, lines = check_lines(repo)
    assert code == 1
    assert len(lines) == 1 and expected in lines[0], lines
    line = next(i for i, row in enumerate(text.replace(old, new, 1).splitlines(), 1) if new.split("\n")[-1] in row)
    assert lines[0].startswith(f"cases/sichuan/{FIVE}.yml:")
    assert abs(int(lines[0].split(":")[1]) - line) <= 3, (lines[0], line)


def test_lint_fix_never_rewrites_a_quote(repo: Path) -> None:
    """Half-width punctuation in a quoted web page stays; only the PDF mis-decoding is undone."""
    path = add_shape(repo)
    text = path.read_text(encoding="utf-8")
    quote = "      - 志愿者的服务时长存入时间银行,可兑换服务。"
    assert quote in text
    damaged = text.replace(quote, "      - 志愿者的服务时长存入野时间银行冶,可兑换服务。").replace(
        "  社工站以五社联动方式", "  社工站以五社联动方式,")
    path.write_text(damaged, encoding="utf-8")
    report = cli("lint", str(path), root=repo)
    assert "提示: sources[0].quotes[0]: 中文之间用了半角标点「,」，原文摘录按来源原样保留" in report.stdout
    done = cli("lint", "--fix", str(path), root=repo)
    assert done.returncode == 0, done.stderr
    fixed = path.read_text(encoding="utf-8")
    assert quote.replace("时间银行", "“时间银行”") in fixed  # 野…冶 → “…” (what the source printed), the comma kept
    assert "  社工站以五社联动方式，" in fixed  # outside a quote half-width punctuation is fixed
    path.write_text(text, encoding="utf-8")
    cli("lint", "--fix", str(path), root=repo)
    assert path.read_text(encoding="utf-8") == text, "a clean record with a half-width comma in a quote was changed"


@pytest.mark.parametrize("folder", [False, True])
def test_a_symlinked_record_is_an_error_and_nothing_behind_it_is_read(repo: Path, tmp_path: Path, folder: bool) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = (repo / WUMENG).read_text(encoding="utf-8").replace("yiliang-wumeng-children-companionship", "leak") \
        .replace("乌蒙困境儿童陪伴项目", "不该发布的文件")
    (outside / "leak.yml").write_text(secret, encoding="utf-8")
    link = repo / "cases" / "beijing" / ("linked" if folder else "leak.yml")
    os.symlink(outside if folder else outside / "leak.yml", link)
    code, lines = check_lines(repo)
    assert code == 1
    shown = f"cases/beijing/{'linked/' if folder else 'leak.yml'}"
    assert lines == [f"{shown}:1:1: 这个{'文件夹' if folder else '文件'}是符号链接（symlink），不能作为案例记录：案例必须是仓库里的普通文件，"
                     "链接指向的内容不会被读取或发布。请删除链接，把记录文件本身放在 cases/ 下 [symlink]"]
    site = tmp_path / "site"
    built = mkdocs_build(repo, site)
    assert built.returncode != 0
    assert not (site / "cases" / "leak").exists()
    assert "不该发布的文件" not in built.stdout + built.stderr


def test_required_and_optional_empty_fields_get_the_right_advice(repo: Path) -> None:
    path = repo / WUMENG
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("kind: 服务项目", "kind:").replace("summary: >-", "keywords:\nsummary: >-"), encoding="utf-8")
    _code, lines = check_lines(repo)
    kind = next(line for line in lines if "kind（类型）" in line)
    assert "这个字段还没有填写" in kind and "删掉" not in kind
    keywords = next(line for line in lines if "keywords（关键词）" in line)
    assert keywords.endswith("这个字段写了名字但没有填内容。请填写，或删掉这一行。 [wrong-type]")
