"""Open data: cases.csv (in data/cases.zip) round-trips through Python's csv module (with the BOM Excel needs),
cases.json (in the zip) carries every field and validates against the published schema, per-case files match.

This file holds the tests on real MkDocs builds and CLI runs; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_export.py; the tests in Chromium are in tests/browser/test_export.py.
"""

from __future__ import annotations

import csv
import io
import json
import posixpath
from pathlib import Path

import jsonschema
from bs4 import BeautifulSoup
from support import records
from support.spreadsheet import zipped

SITE = ""  # the fixture site is built without a public base URL: URLs are relative to the site root


def test_csv_has_bom_and_round_trips(built_site: Path) -> None:
    raw = zipped(built_site, "cases.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    recs = {r["id"]: r for r in records()}
    assert sorted(r["id"] for r in rows) == sorted(recs)
    for row in rows:
        rec = recs[row["id"]]
        assert row["title"] == rec["title"]
        assert row["summary"] == rec["summary"].strip()
        for field in ("themes", "target_groups", "methods"):
            assert row[field].split("、") == rec[field]
        assert row["province"] == rec["region"]["province"]
        assert row["part_of"] == rec.get("part_of", "")
        for key, metric in (rec.get("metrics") or {}).items():
            assert int(row[key]) == metric["value"]
            assert row[f"{key}_qualifier"] == metric.get("qualifier", "")
        assert row["url"] == f"{SITE}cases/{rec['id']}/"


def test_json_has_every_field_and_follows_the_published_schema(built_site: Path) -> None:
    data = json.loads(zipped(built_site, "cases.json"))
    schema = json.loads((built_site / "data" / "case.schema.json").read_text(encoding="utf-8"))
    assert json.loads(zipped(built_site, "case.schema.json")) == schema
    recs = {r["id"]: r for r in records()}
    assert data["count"] == len(recs) == len(data["cases"])
    assert data["site"] == SITE and all(c["url"] == f"cases/{c['id']}/" for c in data["cases"])
    assert "$id" not in schema
    validator = jsonschema.Draft202012Validator(schema)
    for case in data["cases"]:
        assert list(validator.iter_errors(case)) == [], case["id"]
        expected = json.loads(json.dumps(recs[case["id"]], ensure_ascii=False, default=str))
        assert {k: v for k, v in case.items() if k != "url"} == expected
        single = json.loads((built_site / "data" / "cases" / f"{case['id']}.json").read_text(encoding="utf-8"))
        assert single == case


def _resolves(site: Path, page_dir: str, href: str) -> bool:
    target = posixpath.normpath(posixpath.join(page_dir, href.split("#")[0]))
    path = site / target
    return path.is_file() or (path / "index.html").is_file()


def test_home_and_stats_link_the_downloads(built_site: Path) -> None:
    for page_dir in ("", "stats"):
        soup = BeautifulSoup((built_site / page_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
        hrefs = [a["href"] for a in soup.select("article a[href]")]
        for name in ("cases.xlsx", "cases.zip", "feed.xml"):
            found = [h for h in hrefs if h.endswith(name)]
            assert found, (page_dir, name)
            assert all(_resolves(built_site, page_dir or ".", h) for h in found), (page_dir, found)


def test_the_zip_holds_the_two_files_and_the_schemas_and_they_are_not_published_twice(built_site: Path) -> None:
    import zipfile

    with zipfile.ZipFile(built_site / "data" / "cases.zip") as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == ["cases.json", "cases.csv", "case.schema.json", "cases.schema.json"]
        assert all(i.compress_type == zipfile.ZIP_DEFLATED and i.date_time[0] >= 2020 for i in infos)
        assert archive.testzip() is None
    assert not (built_site / "data" / "cases.json").exists() and not (built_site / "data" / "cases.csv").exists()
