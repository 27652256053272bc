"""Nothing guessed is shown as a fact (issue 16): no facet count, term page, statistic, finder filter or
related-case reason rests on a value a record marks as inferred or not stated.

The site is built from the fixture library plus the test records in ``tests/fixtures/shapes/`` (which use
every marker), and each of those places is checked against what the records themselves say, so the test
holds for any library.
"""

from __future__ import annotations

import base64
import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from support import ROOT, copy_repo, mkdocs_build

from caselib.load.files import record_files
from caselib.pipeline.run import load_vocabularies

SHAPES = ROOT / "tests" / "fixtures" / "shapes"
UNSTATED = "不详"
FIELDS = {"themes": "theme", "target_groups": "target", "methods": "method"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    repo = copy_repo(tmp_path_factory.mktemp("evidence") / "repo")
    for shape in sorted(SHAPES.glob("*.yml")):
        (repo / "cases" / "shapes").mkdir(exist_ok=True)
        (repo / "cases" / "shapes" / shape.name).write_bytes(shape.read_bytes())
    done = mkdocs_build(repo, repo / "site")
    assert done.returncode == 0, done.stdout + done.stderr
    records = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in record_files(repo)]
    assert any(r.get("inferred") for r in records) and any(UNSTATED in r["themes"] + r["target_groups"] for r in records)
    return repo / "site", records


def stated(record: dict, field: str) -> set[str]:
    guessed = set((record.get("inferred") or {}).get(field) or [])
    return {v for v in record[field] if v != UNSTATED and v not in guessed}


def stated_unit_types(record: dict) -> set[str]:
    units = [record["lead_unit"], *(record.get("partners") or [])]
    return {u["type"] for u in units
            if u["type"] != UNSTATED and not {"type", "name"} & set(u.get("inferred") or [])}


def slugs(field: str) -> dict[str, str]:
    vocabularies, _ = load_vocabularies(ROOT)
    return {t.name: t.slug for t in vocabularies[field].terms}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def listed_ids(page: Path) -> set[str]:
    return {a["href"].rstrip("/").split("/")[-1] for a in soup(page).select("ul.cl-cards > li > a")}


def test_term_pages_list_only_cases_that_state_the_term(built: tuple[Path, list[dict]]) -> None:
    site, records = built
    for field, folder in (("themes", "themes"), ("target_groups", "target-groups"), ("methods", "methods")):
        for name, slug in slugs(field).items():
            expected = {r["id"] for r in records if name in stated(r, field)}
            assert listed_ids(site / folder / slug / "index.html") == expected, (field, name)
    for name, slug in slugs("partner_types").items():
        expected = {r["id"] for r in records if name in stated_unit_types(r)}
        assert listed_ids(site / "partner-types" / slug / "index.html") == expected, name


def test_finder_filters_count_only_stated_values(built: tuple[Path, list[dict]]) -> None:
    site, records = built
    facets = json.loads((site / "finder" / "facets.json").read_text(encoding="utf-8"))
    order: list[str] = []
    for k in range((facets["n"] + facets["chunk"] - 1) // facets["chunk"]):
        order += [card[0] for card in json.loads((site / "finder" / "cards" / f"{k}.json").read_text(encoding="utf-8"))]
    by_id = {r["id"]: r for r in records}
    for field, key in [*FIELDS.items(), ("partner_types", "partner")]:
        facet = facets["facets"][key]
        for (_slug, name), bits in zip(facet["values"], facet["bits"], strict=True):
            raw = base64.b64decode(bits)
            members = {order[n] for n in range(facets["n"]) if raw[n >> 3] >> (n & 7) & 1}
            want = stated_unit_types if field == "partner_types" else (lambda r, f=field: stated(r, f))
            assert members == {i for i, r in by_id.items() if name in want(r)}, (field, name)


def test_statistics_count_only_stated_values_and_say_what_they_leave_out(built: tuple[Path, list[dict]]) -> None:
    site, records = built
    page = soup(site / "stats" / "index.html")
    for field in FIELDS:
        rows = {r.th.get_text(strip=True): int(r.td.get_text(strip=True)) for r in page.select(f"#t-{field} tbody tr")}
        assert rows == dict(Counter(v for r in records for v in stated(r, field))), field
    guessed = [r for r in records if (r.get("inferred") or {}).get("themes")]
    caption = page.select_one("#chart-themes figcaption").get_text()
    assert f"另有 {len(guessed)} 个案例的" in caption and "是编者推断的，不计入上表" in caption
    unstated = [r for r in records if r["target_groups"] == [UNSTATED]]
    assert f"{len(unstated)} 个案例的来源没有说明服务对象" in soup(site / "stats" / "index.html").select_one(
        "#chart-target_groups figcaption").get_text()


def test_related_case_reasons_name_only_stated_values(built: tuple[Path, list[dict]]) -> None:
    site, records = built
    by_id = {r["id"]: r for r in records}
    labels = {"同为": "methods", "同属": "themes", "同样服务": "target_groups"}
    seen = 0
    for record in records:
        page = soup(site / "cases" / record["id"] / "index.html")
        for item in page.select(".cl-related > li"):
            other = by_id[item.a["href"].rstrip("/").split("/")[-1]]
            for reason in item.select_one(":scope > span").get_text().split(" · "):
                for prefix, field in labels.items():
                    match = re.match(f"{prefix}(.+?)(领域|等 \\d+ 项方法)?$", reason)
                    if match and not reason.startswith("同属“"):
                        for name in match.group(1).split("、"):
                            assert name in stated(record, field) & stated(other, field), (record["id"], reason)
                            seen += 1
    assert seen > 10


def test_case_page_marks_what_is_inferred_and_what_the_source_does_not_say(built: tuple[Path, list[dict]]) -> None:
    site, _records = built
    page = soup(site / "cases" / "test-shapes-name-only" / "index.html")
    facts = {dt.get_text(strip=True): dt.find_next_sibling("dd") for dt in page.select("dl.cl-facts dt")}
    themes = facts["服务领域"]
    assert not themes.find("a"), "an inferred theme links to a facet"
    assert [s.get_text(strip=True) for s in themes.select(".cl-chips > span")] == ["平安建设（推断）", "邻里守望（推断）"]
    assert facts["服务对象"].get_text(strip=True) == "来源未说明"
    assert [a.get_text() for a in facts["方法与机制"].find_all("a")] == ["社工带志愿者"]
    assert "积分制（推断）" in facts["方法与机制"].get_text()
    assert "据试点的整体做法推断" in facts["推断说明"].get_text()
    assert facts["牵头单位"].get_text(" ", strip=True).startswith("测试社区党委 （社区（村）组织；由它承担此角色为推断） 。推断依据：")
    partners = facts["合作单位"].get_text(" ", strip=True)
    assert "测试物业公司 （类型来源未说明）" in partners and "测试讲师团 （专家团队，类型为推断）" in partners


def test_open_data_keeps_the_markers(built: tuple[Path, list[dict]]) -> None:
    site, _records = built
    data = json.loads((site / "data" / "cases" / "test-shapes-name-only.json").read_text(encoding="utf-8"))
    assert data["inferred"]["themes"] == ["平安建设", "邻里守望"]
    import csv
    import io

    from support.spreadsheet import zipped

    rows = list(csv.DictReader(io.StringIO(zipped(site, "cases.csv").decode("utf-8-sig"))))
    row = next(r for r in rows if r["id"] == "test-shapes-name-only")
    assert row["themes"] == "" and row["themes_inferred"] == "平安建设、邻里守望"
    assert row["methods"] == "社工带志愿者" and row["methods_inferred"] == "积分制"
    assert row["partner_types"] == ""
