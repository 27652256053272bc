"""Places below the county: townships/streets (checked: an error) and communities/villages (a warning), all from
one dataset (data/regions/), shown on the region pages, filterable in the finder, accepted by ``new --region``.

``tests/fixtures/regions/damian-neighbour-station.yml`` is a record at 四川省/成都市/龙泉驿区/大面街道/龙安社区
(test data, not in the fixture library); most checks here run the validator in-process on variants of it, the
site checks build a copy of the repository (the fixture library plus this record) with the real MkDocs once.

This file holds the tests on real MkDocs builds and CLI runs; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_regions.py; the tests in Chromium are in tests/browser/test_regions.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support import LIBRARY, ROOT, cli
from support.regions import RECORD, with_record

from caselib.contrib.scaffold import ScaffoldError, resolve_region
from caselib.load.data import read_regions
from caselib.pipeline.run import run

REGIONS = read_regions(ROOT)


# -- new --region ---------------------------------------------------------------------------------------------

def test_new_accepts_a_township(repo: Path) -> None:
    made = cli("new", "--id", "damian-test-new", "--title", "测试项目", "--region", "四川省/成都市/龙泉驿区/大面街道", root=repo)
    assert made.returncode == 0, made.stderr
    text = (repo / "cases" / "sichuan" / "damian-test-new.yml").read_text(encoding="utf-8")
    assert '  county: 龙泉驿区\n  code: "510112"\n' in text and "\n  street: 大面街道\n" in text
    with pytest.raises(ScaffoldError, match="大面街道"):
        resolve_region(REGIONS, "四川省/成都市/龙泉驿区/大面镇")  # the county's own townships first
    with pytest.raises(ScaffoldError, match="山西省/阳泉市/城区/上站街道"):
        resolve_region(REGIONS, "河南省/郑州市/上街区/上站街道")
    with pytest.raises(ScaffoldError, match="黄岛区"):
        resolve_region(REGIONS, "山东省/青岛市/西海岸新区")
    assert resolve_region(REGIONS, "上站街道").county == "城区"
    assert resolve_region(REGIONS, "广东省/东莞市/东城街道").code == "441900"


# -- the site ---------------------------------------------------------------------------------------------

def test_region_pages_list_townships_under_their_county(damian_site: Path) -> None:
    built_site = damian_site
    page = BeautifulSoup((built_site / "regions" / "510000" / "index.html").read_text(encoding="utf-8"), "html.parser")
    county = page.select_one("h3#r510112")
    street = page.select_one("h4#r510112002")
    assert county is not None and "龙泉驿区" in county.get_text() and county.select_one(".cl-count").get_text() == "1"
    assert street is not None and "龙泉驿区 › 大面街道" in street.get_text() and street.select_one(".cl-count").get_text() == "1"
    listed = street.find_next("ul", class_="cl-cards")
    assert listed is not None and listed.select_one('a[href$="cases/damian-neighbour-station/"]') is not None
    index = BeautifulSoup((built_site / "regions" / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = index.select_one('.cl-tree a[href$="510000/#r510112002"]')
    assert link is not None and link.get_text() == "大面街道" and link.find_next_sibling(class_="cl-count").get_text() == "1"
    case = BeautifulSoup((built_site / "cases" / "damian-neighbour-station" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert case.select_one('a[href$="regions/510000/#r510112002"]').get_text() == "大面街道"  # type: ignore[union-attr]


def test_a_community_warning_passes_check_and_is_not_given_to_the_build(repo: Path) -> None:
    record = with_record(repo) / "cases" / "sichuan" / RECORD.name
    record.write_text(record.read_text(encoding="utf-8").replace("community: 龙安社区", "community: 龙安小区"), encoding="utf-8")
    checked = cli("check", root=repo)
    assert checked.returncode == 0, checked.stdout
    assert "警告: region.community（社区/村）: 「龙安小区」" in checked.stdout and "[region-community]" in checked.stdout
    built = run(repo, cache=False)  # what the MkDocs plugin runs: it logs every problem, and --strict fails on warnings
    assert built.ok and built.problems == []
    case = built.library.by_id["damian-neighbour-station"]  # type: ignore[union-attr]
    assert case.region.street_division is not None and case.region.street_division.code == "510112002"
    assert case.region.community == "龙安小区" and case.region.community_division is None
    assert LIBRARY.exists()
