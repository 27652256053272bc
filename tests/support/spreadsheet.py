"""Reading back the CSV and the workbook the site offers (tests/build and tests/browser test_xlsx.py)."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl


def csv_rows(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def sheet_rows(path: Path, sheet: str) -> list[list[Any]]:
    book = openpyxl.load_workbook(path, read_only=True)
    rows = [["" if v is None else v for v in row] for row in book[sheet].iter_rows(values_only=True)]
    book.close()
    return rows


def zipped(source: Path | bytes, name: str) -> bytes:
    """A member of the open data's ``cases.zip`` (``cases.json``, ``cases.csv``, the schemas): from a built site's
    folder (``data/cases.zip`` under it) or the zip's bytes (fetched from a server)."""
    raw = source if isinstance(source, bytes) else (source / "data" / "cases.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return archive.read(name)
