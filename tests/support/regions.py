"""The 大面街道 test record (a township and a community of the county), shared by the region tests of every layer."""

from __future__ import annotations

from pathlib import Path

from support import ROOT

RECORD = ROOT / "tests" / "fixtures" / "regions" / "damian-neighbour-station.yml"
TEXT = RECORD.read_text(encoding="utf-8")


def with_record(repo: Path) -> Path:
    """``repo`` with the record added as cases/sichuan/<its file name>."""
    (repo / "cases" / "sichuan").mkdir(parents=True, exist_ok=True)
    (repo / "cases" / "sichuan" / RECORD.name).write_text(TEXT, encoding="utf-8")
    return repo
