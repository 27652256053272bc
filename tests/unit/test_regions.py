"""Places below the county: townships/streets (checked: an error) and communities/villages (a warning), all from
one dataset (data/regions/), shown on the region pages, filterable in the finder, accepted by ``new --region``.

``tests/fixtures/regions/damian-neighbour-station.yml`` is a record at 四川省/成都市/龙泉驿区/大面街道/龙安社区
(test data, not in the fixture library); most checks here run the validator in-process on variants of it, the
site checks build a copy of the repository (the fixture library plus this record) with the real MkDocs once.

This file holds the pure-Python tests (no MkDocs build, no Chromium); the tests on real MkDocs builds and CLI runs are in tests/build/test_regions.py; the tests in Chromium are in tests/browser/test_regions.py.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import ROOT
from support.regions import TEXT

from caselib.load.data import read_regions
from caselib.load.files import load_text
from caselib.pipeline.records import check_fast
from caselib.pipeline.run import load_vocabularies
from caselib.reference.layout import REGIONS_FILE, SCHEMA_FILE
from caselib.reference.regions import name_forms
from caselib.reference.schema import read_json, with_vocabularies
from caselib.validate.context import Context
from caselib.validate.record import check_record

DISPLAY = "cases/sichuan/damian-neighbour-station.yml"
REGIONS = read_regions(ROOT)


def _context(advice: bool = True) -> Context:
    vocabularies, problems = load_vocabularies(ROOT)
    assert not problems
    return Context(with_vocabularies(read_json(ROOT / SCHEMA_FILE), vocabularies), vocabularies, REGIONS, advice=advice)


CTX = _context()
REGION_BLOCK = TEXT[TEXT.index("region:\n"):TEXT.index("themes:")]


def with_region(block: str) -> str:
    return TEXT.replace(REGION_BLOCK, "region:\n" + block)


def problems(text: str, ctx: Context = CTX) -> list[Any]:
    loaded, found = load_text(text, DISPLAY)
    assert loaded is not None and not found
    return check_record(loaded, ctx)


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


CHENGDU = '  province: 四川省\n  city: 成都市\n  county: 龙泉驿区\n  code: "510112"\n'


# -- the data ---------------------------------------------------------------------------------------------

def test_every_level_hangs_together() -> None:
    with (ROOT / REGIONS_FILE).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    codes = {r["code"]: r for r in rows}
    assert all(not r["parent"] or r["parent"] in codes for r in rows)
    assert codes["110105"]["parent"] == "110000" and codes["429004"]["parent"] == "420000"  # no 市辖区, no 4290
    assert "441900" in codes and codes["441900"]["level"] == "city"  # 东莞市: the city, no county of the same name
    assert not any(r["code"].startswith("4419") and r["level"] == "county" for r in rows)
    counties = {c for c, r in codes.items() if r["level"] == "county"}
    with gzip.open(ROOT / "data" / "regions" / "streets.csv.gz", "rt", encoding="utf-8") as handle:
        streets = {row["county"]: row["streets"].split("|") for row in csv.DictReader(handle)}
    assert counties <= set(streets) and set(streets) <= set(codes)  # every county has townships, all placed
    assert set(streets) - counties == {"441900", "442000", "460400", "620200"}
    assert all(len(s) > 9 and s[:9].isdigit() and REGIONS.street_parent(s[:9]) == parent
               for parent, items in streets.items() for s in items)
    with gzip.open(ROOT / "data" / "regions" / "villages" / "51.csv.gz", "rt", encoding="utf-8") as handle:
        villages = list(csv.DictReader(handle))
    sichuan = {s[:9] for p, items in streets.items() if p.startswith("51") for s in items}
    assert {v["street"] for v in villages} <= sichuan
    assert all(item[:3].isdigit() and len(item) > 3 for v in villages for item in v["villages"].split("|"))
    assert {v.code for v in REGIONS.villages_of("510112002") if v.short_name == "龙安社区"} == {"510112002010"}
    assert all(p.stat().st_size < 2_000_000 for p in (ROOT / "data" / "regions").rglob("*") if p.is_file())


def test_import_maps_nbs_pseudo_cities_to_the_projects_convention() -> None:
    """scripts/import_regions.py on a miniature package: 市辖区 and 省直辖 dropped, 东莞市's own county dropped."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("import_regions", ROOT / "scripts" / "import_regions.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    def table(header: str, *lines: str) -> bytes:
        return ("\n".join([header, *lines]) + "\n").encode("utf-8")

    files = {
        "dist/provinces.csv": table("code,name", '11,"北京市"', '42,"湖北省"', '44,"广东省"'),
        "dist/cities.csv": table("code,name,provinceCode", '1101,"市辖区",11', '4290,"省直辖县级行政区划",42',
                                 '4419,"东莞市",44'),
        "dist/areas.csv": table("code,name,cityCode,provinceCode", '110105,"朝阳区",1101,11', '429004,"仙桃市",4290,42',
                                '441900,"东莞市",4419,44'),
        "dist/streets.csv": table("code,name,areaCode,provinceCode,cityCode", '110105017,"劲松街道",110105,11,1101',
                                  '441900003,"东城街道",441900,44,4419', '429004001,"沙嘴街道",429004,42,4290'),
        "dist/villages.csv": table("code,name,streetCode,provinceCode,cityCode,areaCode",
                                   '110105017001,"劲松北社区居委会",110105017,11,1101,110105'),
        "dist/HK-MO-TW.json": json.dumps({"台湾省": {}}).encode("utf-8"),
    }
    written, counts = module.outputs(files)
    divisions = written["divisions.csv"].decode("utf-8").splitlines()
    assert divisions == ["code,name,level,parent", "110000,北京市,province,", "110105,朝阳区,county,110000",
                         "420000,湖北省,province,", "429004,仙桃市,county,420000", "440000,广东省,province,",
                         "441900,东莞市,city,440000", "710000,台湾省,province,"]
    streets = gzip.decompress(written["streets.csv.gz"]).decode("utf-8").splitlines()
    assert streets == ["county,streets", "110105,110105017劲松街道", "429004,429004001沙嘴街道", "441900,441900003东城街道"]
    assert gzip.decompress(written["villages/11.csv.gz"]).decode("utf-8") == "street,villages\n110105017,001劲松北社区居委会\n"
    assert written == module.outputs(files)[0]  # byte-identical: no time stamp in the gzip files
    assert (counts["province"], counts["city"], counts["county"], counts["street"], counts["village"]) == (4, 1, 2, 3, 1)


def test_hints_point_at_divisions_that_exist_and_cite_a_source() -> None:
    hints = REGIONS.hints()
    assert len(hints) >= 15
    for hint in hints:
        assert hint.source.get("title") and hint.source.get("date"), hint.names
        for path in hint.write:
            assert REGIONS.resolve_path(path), (hint.names, path)
        provinces = {w.split("/")[0] for w in hint.write}
        for name in hint.names:  # a name in the list itself would be found there, and the hint never shown
            listed = [d for p in provinces for d in REGIONS.counties_under(REGIONS.child_named(None, p).code)]  # type: ignore[union-attr]
            assert name not in {d.name for d in listed}, name


def test_committee_names_and_their_short_forms() -> None:
    assert name_forms("龙安社区居民委员会") == ("龙安社区居民委员会", "龙安社区")
    assert name_forms("龙安社区居委会")[-1] == "龙安社区"
    assert name_forms("兴国村委会")[-1] == "兴国村" and name_forms("经久村村民委员会")[-1] == "经久村"
    assert name_forms("南辛庄村民委员会")[-1] == "南辛庄村"
    assert "东于社区" in name_forms("东于居委会") and name_forms("赛汗呼热嘎查") == ("赛汗呼热嘎查",)
    assert name_forms("漓东街道办事处", "street") == ("漓东街道办事处", "漓东街道")


# -- validation -------------------------------------------------------------------------------------------

def test_a_township_and_a_community_of_the_county_validate() -> None:
    assert problems(TEXT) == []
    # the committee's full name, and its other short form, are the same community
    assert problems(with_region(CHENGDU + "  street: 大面街道\n  community: 龙安社区居民委员会\n")) == []


def test_a_misspelt_township_is_an_error_at_its_line_with_the_countys_name() -> None:
    text = with_region(CHENGDU + "  street: 大面街\n")
    found = problems(text)
    assert [p.code for p in found] == ["region-street"] and found[0].severity == "error"
    assert found[0].line == line_of(text, "street: 大面街")
    assert "「大面街」不是龙泉驿区的乡镇或街道" in found[0].message and "你是不是想写「大面街道」" in found[0].message
    wrong_county = problems(with_region('  province: 北京市\n  county: 朝阳区\n  code: "110105"\n  street: 上站街道\n'))
    assert "山西省·阳泉市·城区" in wrong_county[0].message  # not 上街区 of Zhengzhou


def test_a_township_needs_its_county() -> None:
    found = problems(with_region('  province: 北京市\n  code: "110000"\n  street: 劲松街道\n'))
    assert [p.code for p in found] == ["region-street-county"]
    assert "county: 朝阳区" in found[0].message and '"110105"' in found[0].message


def test_an_unknown_community_is_a_warning_with_the_closest_names() -> None:
    text = with_region(CHENGDU + "  street: 大面街道\n  community: 龙安小区\n")
    found = problems(text)
    assert [(p.code, p.severity) for p in found] == [("region-community", "warning")]
    assert found[0].line == line_of(text, "community: 龙安小区")
    assert "「龙安小区」不在大面街道的社区、村名单里" in found[0].message and "「龙安社区」" in found[0].message
    elsewhere = problems(with_region(CHENGDU + "  street: 龙泉街道\n  community: 龙安社区\n"))
    assert elsewhere[0].severity == "warning" and "「龙安社区」在大面街道" in elsewhere[0].message
    # the site build asks for no advice: MkDocs --strict would fail on a warning
    assert problems(text, _context(advice=False)) == []


def test_national_new_areas_and_renamed_districts_say_where_they_lie() -> None:
    found = problems(with_region('  province: 山东省\n  city: 青岛市\n  county: 西海岸新区\n  code: "370211"\n'))
    assert [p.code for p in found] == ["region-hint"]
    assert "county: 黄岛区" in found[0].message and '"370211"' in found[0].message and "国函〔2014〕71号" in found[0].message
    assert "滨海新区" not in found[0].message
    by_street = problems(with_region('  province: 重庆市\n  county: 两江新区\n  code: "500112"\n  street: 礼嘉街道\n'))
    assert "「礼嘉街道」在渝北区" in by_street[0].message
    renamed = problems(with_region('  province: 西藏自治区\n  city: 林芝市\n  county: 米林县\n  code: "540481"\n'))
    assert "米林市" in renamed[0].message and renamed[0].code == "region-hint"


def test_every_region_code_is_documented() -> None:
    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "caselib" / "validate").glob("*.py"))
    codes = set(re.findall(r'"(region-[a-z-]+)"', source))
    documented = set(re.findall(r"^\| `([a-z-]+)` \|", (ROOT / "docs" / "errors.md").read_text(encoding="utf-8"), re.M))
    assert {"region-street", "region-street-county", "region-community", "region-hint"} <= codes <= documented


# -- the fast path gives the same answers ----------------------------------------------------------------------

DAMIAN = [s.short_name for s in REGIONS.streets_of("510112")]
COMMUNITIES = [v.name for s in REGIONS.streets_of("510112") for v in REGIONS.villages_of(s.code)]
STREET = st.one_of(st.sampled_from(DAMIAN), st.sampled_from(["大面街", "上站街道", "洛带", "劲松街道", "大面街道办事处"]))
COMMUNITY = st.one_of(st.none(), st.sampled_from(COMMUNITIES),
                      st.sampled_from(COMMUNITIES).map(lambda n: name_forms(n)[-1]),
                      st.sampled_from(COMMUNITIES).map(lambda n: name_forms(n)[-1][:-1] + "小区"),
                      st.sampled_from(["龙安社区", "新桥村", "虚构村"]))


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(street=st.one_of(st.none(), STREET), community=COMMUNITY, county=st.sampled_from([True, False]))
def test_fast_path_agrees_with_the_full_checks(tmp_path_factory: pytest.TempPathFactory, street: str | None,
                                               community: str | None, county: bool) -> None:
    block = CHENGDU if county else '  province: 四川省\n  city: 成都市\n  code: "510100"\n'
    block += (f"  street: {street}\n" if street else "") + (f"  community: {community}\n" if community else "")
    text = with_region(block)
    file = tmp_path_factory.mktemp("fast") / "damian-neighbour-station.yml"
    file.write_text(text, encoding="utf-8")
    full = problems(text)
    fast = check_fast(file, DISPLAY, CTX, text.encode("utf-8"))
    assert (fast is not None) == (full == []), (block, full)
    if fast is not None:
        assert fast.data == load_text(text, DISPLAY)[0].data  # type: ignore[union-attr]
