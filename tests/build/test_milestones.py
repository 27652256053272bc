"""``period.milestones``: the dated steps a source reports (issue 12's trial: “2014年，绿城社工服务站上线了微信版
‘时间银行’” had no field). Added as issue 13's demonstration that a record field is the schema, one template and
tests: the schema gives its shape, labels, hints and which values are calendar dates (``x-date``: checked to be
real days without a list in the validator); ``case.md.j2`` shows it; open data carry the record as written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support import ROOT, cli, copy_repo, mkdocs_build

TRIAL = ROOT / "tests" / "fixtures" / "trial" / "zhengzhou-lvcheng-time-bank.yml"
CASE = "zhengzhou-lvcheng-time-bank"


def add(repo: Path, text: str) -> Path:
    target = repo / "cases" / "henan" / f"{CASE}.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def trial_text() -> str:
    return TRIAL.read_text(encoding="utf-8")


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    - date: 2014\n", '    - date: "2014-02-30"\n',
     "period.milestones[1].date（时间）: 2014-02-30 不是真实的日期。请检查月份和日 [date]"),
    ("    - date: 2014\n", '    - date: "2014年"\n', "period.milestones[1].date（时间）: 「2014年」格式不对。写成年份 2025"),
    ("      event: 绿城社工服务站上线微信版“时间银行”\n", "",
     "period.milestones[1]（进展节点）: 缺少必填字段「event」（事件）"),
    ("      event: 绿城社工服务站上线微信版“时间银行”\n", "      event: 绿城社工服务站上线微信版“时间银行”\n      where: 郑州\n",
     "period.milestones[1].where: 未知字段「where」"),
])
def test_a_wrong_milestone_is_an_error_at_its_line(repo: Path, old: str, new: str, expected: str) -> None:
    text = trial_text()
    assert old in text
    add(repo, text.replace(old, new, 1))
    done = cli("check", root=repo)
    assert done.returncode == 1, done.stdout
    line = next((x for x in done.stdout.splitlines() if "milestones" in x), "")
    assert expected in line, done.stdout
    assert line.startswith(f"cases/henan/{CASE}.yml:"), line


def test_milestones_on_the_page_in_order_and_escaped(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo")
    hostile = "<script>alert(1)</script>上线微信版"
    add(repo, trial_text().replace("      event: 绿城社工服务站上线微信版“时间银行”\n", f"      event: {hostile}\n", 1))
    assert cli("check", root=repo).returncode == 0
    site = tmp_path / "site"
    done = mkdocs_build(repo, site)
    assert done.returncode == 0, done.stdout + done.stderr
    page = BeautifulSoup((site / "cases" / CASE / "index.html").read_text(encoding="utf-8"), "html.parser")
    dt = next(x for x in page.select("dl.cl-facts dt") if x.get_text(strip=True) == "进展节点")
    items = [li.get_text(" ", strip=True) for li in dt.find_next_sibling("dd").select("ol.cl-milestones li")]
    assert items == ["2011 绿城社工服务站依托其官网成立电子“时间银行”，是郑州第一家“时间银行”", f"2014 {hostile}"]
    assert not page.select("dd script")  # contributor text is data
    record = json.loads((site / "data" / "cases" / f"{CASE}.json").read_text(encoding="utf-8"))
    assert record["period"]["milestones"][1] == {"date": 2014, "event": hostile}
