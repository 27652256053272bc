"""Open data that opens right everywhere (issue 17): cases.xlsx, the finder's current view as .xlsx, and the schema of
the whole cases.json.

* ``data/cases.xlsx`` holds what ``cases.csv`` holds, with Chinese headers, figures as numbers and a 字段说明 sheet;
  LibreOffice (headless, Debian's libreoffice-calc-nogui) converts it and the Chinese comes back intact.
* The same records give the same bytes (its dates are the records' latest ``updated``, never the build day).
* The finder's “下载当前结果 (Excel)” gives the rows of its CSV download, from the vendored write-excel-file, which
  is loaded only on that click and is byte for byte the npm package pinned in package-lock.json.
* ``cases.json`` (in ``data/cases.zip``) validates against ``data/cases.schema.json`` with jsonschema, and the
  one-line command in docs/data.md works on the zip's files as downloaded and unzipped, with no network.

This file holds the tests on real MkDocs builds and CLI runs; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_xlsx.py; the tests in Chromium are in tests/browser/test_xlsx.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from support import LIBRARY, ROOT, library_of
from support.spreadsheet import csv_rows, sheet_rows, zipped

from caselib.outputs.open_data import column_labels, spreadsheet_safe

# Checked against node_modules (npm ci): a test of the tools, kept with the builds, out of the fast unit tests.
VENDORED = ROOT / "overrides" / "assets" / "javascripts" / "vendor" / "write-excel-file.min.js"


@pytest.fixture(scope="module")
def library() -> Any:
    return library_of(LIBRARY)


def test_xlsx_holds_the_csv_with_chinese_headers_and_a_field_guide(built_site: Path, library: Any) -> None:
    data = built_site / "data"
    table = csv_rows(zipped(built_site, "cases.csv"))
    rows = sheet_rows(data / "cases.xlsx", "案例")
    labels = column_labels(library)
    assert rows[0] == [label for _name, label, _note in labels]
    assert [name for name, _label, _note in labels] == table[0]
    assert "项目名称" in rows[0] and "规模：志愿者（限定词）" in rows[0] and "网址" in rows[0]
    assert len(set(rows[0])) == len(rows[0]), "every Chinese header names one column"
    assert len(rows) == len(table) == len(library.cases) + 1
    for cells, line in zip(rows[1:], table[1:], strict=True):
        for name, cell, text in zip(table[0], cells, line, strict=True):
            if name in library.metric_labels and text:
                assert isinstance(cell, int) and cell == int(text), name  # figures are numbers
            else:  # the same text; only the CSV needs a ' before text that a spreadsheet would run as a formula
                assert spreadsheet_safe(cell) == text, name
    guide = sheet_rows(data / "cases.xlsx", "字段说明")
    assert guide[0][:2] == ["中文列名", "字段名（cases.csv、cases.json）"]
    assert [(r[0], r[1]) for r in guide[1:len(labels) + 1]] == [(label, name) for name, label, _note in labels]


def test_libreoffice_reads_the_chinese_back(built_site: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("找不到 LibreOffice（soffice）：请安装 Debian 的 libreoffice-calc-nogui（make test 会自动安装）。"
                    " soffice not found: install Debian's libreoffice-calc-nogui (make test does).")
    shutil.copy2(built_site / "data" / "cases.xlsx", tmp_path / "cases.xlsx")
    # its own profile: LibreOffice runs one instance per profile, and other runs may be using the default one
    done = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                           "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(tmp_path / "out"),
                           str(tmp_path / "cases.xlsx")], capture_output=True, text=True, timeout=180, check=False)
    converted = tmp_path / "out" / "cases.csv"
    assert done.returncode == 0 and converted.is_file(), done.stdout + done.stderr
    back = csv_rows(converted.read_bytes())
    table = csv_rows(zipped(built_site, "cases.csv"))
    assert back[0][:5] == ["编号", "项目名称", "类型", "所属试点", "简介"]
    assert [r[0] for r in back[1:]] == [r[0] for r in table[1:]]
    for got, want in zip(back[1:], table[1:], strict=True):
        assert got[1] == want[1] and got[4] == want[4]  # 项目名称 and 简介, every Chinese character intact
        assert got[table[0].index("themes")] == want[table[0].index("themes")]


def test_the_wrapper_schema_validates_cases_json(built_site: Path, tmp_path: Path) -> None:
    data = built_site / "data"
    whole = json.loads(zipped(built_site, "cases.json"))
    wrapper = json.loads((data / "cases.schema.json").read_text(encoding="utf-8"))
    record = json.loads((data / "case.schema.json").read_text(encoding="utf-8"))
    assert whole["schema"] == "cases.schema.json"
    assert wrapper["properties"]["cases"]["items"] == {"$ref": "case.schema.json"}
    registry = Registry().with_resource("case.schema.json", Resource.from_contents(record))
    validator = jsonschema.Draft202012Validator(wrapper, registry=registry)
    assert list(validator.iter_errors(whole)) == []
    broken = {**whole, "cases": [{**whole["cases"][0], "kind": "不存在的类型"}]}
    assert [e.json_path for e in validator.iter_errors(broken)] == ["$.cases[0].kind"]
    # the one-line check that docs/data.md gives, run as written on cases.zip as downloaded and unzipped, offline
    docs = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    command = re.search(r"^(check-jsonschema --schemafile cases\.schema\.json cases\.json)$", docs, re.M)
    assert command, "docs/data.md gives the one-line validation"
    with zipfile.ZipFile(data / "cases.zip") as archive:
        archive.extractall(tmp_path)
    tool = Path(sys.executable).with_name("check-jsonschema")
    done = subprocess.run([str(tool), *command.group(1).split()[1:]], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_vendored_excel_writer_is_the_pinned_npm_package() -> None:
    installed = ROOT / "node_modules" / "write-excel-file"
    if not installed.exists():
        pytest.fail("node_modules/write-excel-file 不存在：请先运行 npm ci（make test 会自动运行）。 Run `npm ci` (make test does).")
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["write-excel-file"]
    assert json.loads((installed / "package.json").read_text(encoding="utf-8"))["version"] == pinned
    assert VENDORED.read_bytes() == (installed / "bundle" / "write-excel-file.min.js").read_bytes()
    assert (VENDORED.parent / "write-excel-file.LICENSE.txt").read_bytes() == (installed / "LICENSE").read_bytes()
    assert f"`write-excel-file` {pinned}" in (VENDORED.parent / "README.md").read_text(encoding="utf-8")
