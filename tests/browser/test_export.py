"""Open data: cases.csv (in data/cases.zip) round-trips through Python's csv module (with the BOM Excel needs),
cases.json (in the zip) carries every field and validates against the published schema, per-case files match.

This file holds the tests in Chromium; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_export.py; the tests on real MkDocs builds and CLI runs are in tests/build/test_export.py.
"""

from __future__ import annotations

from pathlib import Path

from support import new_page
from support.spreadsheet import zipped


def test_zip_download_in_chromium(browser: object, site_url: str) -> None:
    rec = new_page(browser)
    context = rec.page.context
    rec.page.goto(site_url + "stats/")
    with rec.page.expect_download() as info:
        rec.page.locator("article a[href$='cases.zip']").first.click()
    assert info.value.suggested_filename == "cases.zip"
    content = zipped(Path(info.value.path()).read_bytes(), "cases.csv")
    assert content.startswith(b"\xef\xbb\xbf") and b"yiliang-county-shuanggong" in content
    assert rec.external(site_url) == [] and rec.errors == []
    context.close()
