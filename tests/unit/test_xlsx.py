"""Open data that opens right everywhere (issue 17): cases.xlsx, the finder's current view as .xlsx, and the schema of
the whole cases.json.

* ``data/cases.xlsx`` holds what ``cases.csv`` holds, with Chinese headers, figures as numbers and a 字段说明 sheet;
  LibreOffice (headless, Debian's libreoffice-calc-nogui) converts it and the Chinese comes back intact.
* The same records give the same bytes (its dates are the records' latest ``updated``, never the build day).
* The finder's “下载当前结果 (Excel)” gives the rows of its CSV download, from the vendored write-excel-file, which
  is loaded only on that click and is byte for byte the npm package pinned in package-lock.json.
* ``cases.json`` (in ``data/cases.zip``) validates against ``data/cases.schema.json`` with jsonschema, and the
  one-line command in docs/data.md works on the zip's files as downloaded and unzipped, with no network.

This file holds the pure-Python tests (no MkDocs build, no Chromium); the tests on real MkDocs builds and CLI runs are in tests/build/test_xlsx.py; the tests in Chromium are in tests/browser/test_xlsx.py.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from support import LIBRARY, ROOT, library_of

from caselib.outputs.open_data import cases_xlsx

VENDORED = ROOT / "overrides" / "assets" / "javascripts" / "vendor" / "write-excel-file.min.js"


@pytest.fixture(scope="module")
def library() -> Any:
    return library_of(LIBRARY)


def test_xlsx_text_that_looks_like_a_formula_stays_text(library: Any, tmp_path: Path) -> None:
    case = library.cases[0]
    title, case.title = case.title, '=HYPERLINK("http://evil.example","点我")'
    try:
        path = tmp_path / "x.xlsx"
        path.write_bytes(cases_xlsx(library))
    finally:
        case.title = title
    sheet = openpyxl.load_workbook(path)["案例"]
    cell = sheet.cell(row=2, column=2)
    assert cell.value == '=HYPERLINK("http://evil.example","点我")' and cell.data_type == "s"


def test_same_records_same_bytes_and_no_build_day(library: Any) -> None:
    first, second = cases_xlsx(library), cases_xlsx(library)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode("utf-8")
    latest = max(c.updated for c in library.cases)
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]+)<", core) == [f"{latest}T00:00:00Z"] * 2
