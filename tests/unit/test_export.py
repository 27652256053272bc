"""Open data: cases.csv (in data/cases.zip) round-trips through Python's csv module (with the BOM Excel needs),
cases.json (in the zip) carries every field and validates against the published schema, per-case files match.

This file holds the pure-Python tests (no MkDocs build, no Chromium); the tests on real MkDocs builds and CLI runs are in tests/build/test_export.py; the tests in Chromium are in tests/browser/test_export.py.
"""

from __future__ import annotations

import csv
import io


def test_csv_cells_never_start_a_formula() -> None:
    from support import LIBRARY

    from caselib.outputs.open_data import cases_csv
    from caselib.pipeline.run import run

    library = run(LIBRARY).library
    assert library is not None
    library.cases[0].title = '=HYPERLINK("http://evil.example","点我")'
    library.cases[0].summary = "+1 表示赞成"
    rows = list(csv.reader(io.StringIO(cases_csv(library).decode("utf-8-sig"), newline="")))
    header, first = rows[0], rows[1]
    assert first[header.index("title")] == '\'=HYPERLINK("http://evil.example","点我")'
    assert first[header.index("summary")] == "'+1 表示赞成"
