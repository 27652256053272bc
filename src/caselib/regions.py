"""The official list of administrative divisions (GB/T 2260), as a lookup.

Records name their region by official names *and* a six-digit code; the
validator checks both against this list so that a county placed in the wrong
city, or a misspelt name, is caught. Where the data comes from and how to
refresh it: ``data/regions/SOURCE.md``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

MUNICIPALITIES = {"110000", "120000", "310000", "500000"}


@dataclass(frozen=True)
class Division:
    """One province, city or county."""

    code: str
    name: str
    level: str  # province | city | county
    parent: str | None

    @property
    def is_municipality(self) -> bool:
        return self.code in MUNICIPALITIES


class Regions:
    """All divisions, indexed by code and by (parent, name)."""

    def __init__(self, divisions: list[Division]) -> None:
        self.by_code = {d.code: d for d in divisions}
        self.children: dict[str | None, list[Division]] = {}
        for d in divisions:
            self.children.setdefault(d.parent, []).append(d)

    @classmethod
    def from_csv(cls, path: Path) -> Regions:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        return cls([Division(r["code"], r["name"], r["level"], r["parent"] or None) for r in rows])

    def get(self, code: str) -> Division | None:
        return self.by_code.get(code)

    def chain(self, code: str) -> list[Division]:
        """The division and its ancestors, province first."""
        out: list[Division] = []
        current = self.by_code.get(code)
        while current is not None:
            out.append(current)
            current = self.by_code.get(current.parent) if current.parent else None
        return list(reversed(out))

    def provinces(self) -> list[Division]:
        return self.children.get(None, [])

    def child_named(self, parent: str | None, name: str) -> Division | None:
        return next((d for d in self.children.get(parent, []) if d.name == name), None)

    def counties_under(self, code: str) -> list[Division]:
        """County-level units under a province or city (for municipalities: directly under it)."""
        out: list[Division] = []
        for child in self.children.get(code, []):
            out.extend([child] if child.level == "county" else self.children.get(child.code, []))
        return out
