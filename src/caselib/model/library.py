"""The library: every case, plus the lookups pages need (region tree, cases by term), computed once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from caselib.model.case import Case
from caselib.reference.regions import Division, Regions
from caselib.reference.schema import field_labels
from caselib.reference.vocab import Term, Vocabulary


@dataclass
class RegionNode:
    """A node of the province > city > county > township tree, with the cases at or under it."""

    division: Division
    cases: list[Case] = field(default_factory=list)  # cases whose deepest division is this one
    children: dict[str, RegionNode] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.cases) + sum(child.total for child in self.children.values())

    def all_cases(self) -> list[Case]:
        out = list(self.cases)
        for child in self.sorted_children():
            out.extend(child.all_cases())
        return out

    def sorted_children(self) -> list[RegionNode]:
        return sorted(self.children.values(), key=lambda n: n.division.code)


@dataclass
class Library:
    """All cases plus the lookups pages need."""

    cases: list[Case]
    vocabularies: dict[str, Vocabulary]
    regions: Regions
    metric_labels: dict[str, str]
    schema: dict[str, Any] = field(default_factory=dict)  # the record JSON Schema the cases passed
    metric_units: dict[str, str] = field(default_factory=dict)  # written after a figure: %, 万元, 小时 …
    site_url: str = ""  # absolute base URL of the published site, when the adapter knows it

    @cached_property
    def field_labels(self) -> dict[str, str]:
        """Every field's Chinese title from the schema, by dotted path (``reference.schema.field_labels``)."""
        return field_labels(self.schema)

    def __post_init__(self) -> None:
        self.cases.sort(key=lambda c: c.id)
        self.by_id = {c.id: c for c in self.cases}
        self._term_indexes: dict[str, dict[str, list[Case]]] = {}
        self.region_tree: dict[str, RegionNode] = {}
        for case in self.cases:
            nodes = self.region_tree
            node: RegionNode | None = None
            for division in case.region.tree:
                node = nodes.setdefault(division.code, RegionNode(division))
                nodes = node.children
            assert node is not None
            node.cases.append(case)

    def provinces(self) -> list[RegionNode]:
        return sorted(self.region_tree.values(), key=lambda n: n.division.code)

    def with_term(self, field_name: str, term: Term) -> list[Case]:
        """The cases (in id order) tagged with ``term`` in ``field_name``; one pass over the library per field."""
        return self._term_index(field_name).get(term.slug, [])

    def _term_index(self, field_name: str) -> dict[str, list[Case]]:
        index = self._term_indexes.get(field_name)
        if index is None:
            index = self._term_indexes[field_name] = {}
            for case in self.cases:
                for term in self.terms_of(case, field_name):
                    index.setdefault(term.slug, []).append(case)
        return index

    @staticmethod
    def terms_of(case: Case, field_name: str) -> list[Term]:
        return case.partner_types if field_name == "partner_types" else getattr(case, field_name)

    def recent(self, count: int) -> list[Case]:
        return sorted(self.cases, key=lambda c: (c.updated, c.id), reverse=True)[:count]

    def metric_total(self, key: str) -> tuple[int | float, int]:
        """Sum of a figure over top-level cases (not part of another), and how many give it."""
        values = [c.metric(key) for c in self.cases if c.part_of is None]
        given = [m.value for m in values if m is not None]
        return sum(given), len(given)

    def enum(self, name: str) -> list[str]:
        """The values the schema allows for the top-level field ``name`` (``kind``, ``status``), in its order."""
        return list(self.schema["properties"][name]["enum"])
