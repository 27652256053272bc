"""Open data that opens right everywhere (issue 17): cases.xlsx, the finder's current view as .xlsx, and the schema of
the whole cases.json.

* ``data/cases.xlsx`` holds what ``cases.csv`` holds, with Chinese headers, figures as numbers and a 字段说明 sheet;
  LibreOffice (headless, Debian's libreoffice-calc-nogui) converts it and the Chinese comes back intact.
* The same records give the same bytes (its dates are the records' latest ``updated``, never the build day).
* The finder's “下载当前结果 (Excel)” gives the rows of its CSV download, from the vendored write-excel-file, which
  is loaded only on that click and is byte for byte the npm package pinned in package-lock.json.
* ``cases.json`` (in ``data/cases.zip``) validates against ``data/cases.schema.json`` with jsonschema, and the
  one-line command in docs/data.md works on the zip's files as downloaded and unzipped, with no network.

This file holds the tests in Chromium; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_xlsx.py; the tests on real MkDocs builds and CLI runs are in tests/build/test_xlsx.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import new_page
from support.spreadsheet import csv_rows, sheet_rows

from caselib.outputs.open_data import spreadsheet_safe


# write-excel-file writes no cellStyles part; openpyxl says so and applies its default (Excel and LibreOffice need none)
@pytest.mark.filterwarnings("ignore:Workbook contains no default style")
def test_finder_view_downloads_as_xlsx(browser: Any, site_url: str, tmp_path: Path) -> None:
    rec = new_page(browser)
    page = rec.page
    page.goto(site_url + "cases/?theme=child-welfare")
    page.wait_for_selector("#cl-finder[data-filled]", state="attached")
    expected = page.eval_on_selector_all("#cl-results li[data-id]", "els => els.map(e => e.dataset.id)")
    assert expected
    with page.expect_download() as info:
        page.click("#cl-csv")
    table = csv_rows(Path(info.value.path()).read_bytes())
    assert not [u for u in rec.requests if u.endswith("write-excel-file.min.js")], "loaded only when asked for"
    with page.expect_download() as info:
        page.get_by_role("button", name="下载当前结果 (Excel)").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    info.value.save_as(tmp_path / "view.xlsx")
    rows = sheet_rows(tmp_path / "view.xlsx", "查找结果")
    assert rows[0] == table[0] and rows[0][:3] == ["id", "名称", "类型"]
    assert [r[0] for r in rows[1:]] == expected
    assert [[spreadsheet_safe(cell) for cell in r] for r in rows[1:]] == table[1:]
    assert page.inner_text("#cl-status") == f"已下载 {len(expected)} 个案例的 Excel 文件。"
    assert [u for u in rec.requests if u.endswith("vendor/write-excel-file.min.js")]
    assert rec.external(site_url) == [] and rec.errors == []
    page.context.close()

