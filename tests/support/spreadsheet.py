"""Reading back the CSV and the workbook the site offers (tests/build and tests/browser test_xlsx.py)."""

from __future__ import annotations

import csv
import io
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
