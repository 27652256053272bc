"""Stage 3 of the pipeline: the classes a valid record becomes.

Only valid records reach this stage (``model.build``), so the classes here can trust their input.
Nothing here knows about Markdown, HTML or MkDocs. ``Case.raw`` keeps the record as validated: a field
that a page shows as written needs no attribute here (``case.raw.region.scope``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from caselib.reference.regions import Division
from caselib.reference.vocab import UNSTATED, Term
from caselib.urls import case_url

# The order figures are shown in (pages, open data). The schema lists the kinds of figure; this is how they read
# best: places and organisations, then people, then what was done.
METRIC_ORDER = ["communities", "districts", "stations", "organisations", "projects", "teams", "new_teams",
                "upgraded_teams", "experts", "social_workers", "volunteers", "volunteer_leaders", "beneficiaries",
                "households", "person_times", "activities", "service_hours", "coverage", "funding"]


@dataclass(frozen=True)
class Metric:
    """A scale figure as the source gives it: 280 + 余 = "280余"."""

    key: str
    label: str
    value: int | float
    qualifier: str | None
    note: str | None
    unit: str = ""  # written after the number: 100%, 50万元, 1,200小时 (none for counts of people or places)
    upper: int | float | None = None  # a range: 四五百名 is 400 to 500

    @property
    def display(self) -> str:
        number = f"{self.value:,}{f'–{self.upper:,}' if self.upper is not None else ''}{self.unit}"
        if self.qualifier in ("约", "超", "近", "逾"):
            return f"{self.qualifier}{number}"
        if self.qualifier in ("多", "余") and self.unit:
            return f"{number.removesuffix(self.unit)}{self.qualifier}{self.unit}"  # 20多场次, 120余万元
        return f"{number}{self.qualifier or ''}"


@dataclass(frozen=True)
class Source:
    """Where the facts come from; ``quotes`` are the sentences that support them."""

    title: str
    publisher: str
    via: str | None = None
    date: str | None = None
    url: str | None = None
    quotes: tuple[str, ...] = ()
    author: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Unit:
    """A lead or partner unit. ``type`` is None when the source does not say (不详); ``inferred`` lists what
    the editor inferred (name: that it plays this part; type; role), which pages mark and facets leave out."""

    name: str
    type: Term | None
    role: str | None = None
    inferred: tuple[str, ...] = ()
    basis: str | None = None

    @property
    def unstated(self) -> bool:
        return self.name == UNSTATED

    @property
    def stated_type(self) -> Term | None:
        """The type as a fact: given by the source, not inferred."""
        return None if "type" in self.inferred or "name" in self.inferred else self.type


@dataclass(frozen=True)
class RegionRef:
    """Where a case is: divisions from the official list, down to the township when the record names one.

    ``street`` and ``community`` are the names as the record writes them (a validated street is its official
    name, or 漓东街道 for 漓东街道办事处); ``street_division`` is the official township (nine-digit code),
    ``community_division`` the official committee (twelve digits) when the written name matched exactly one.
    """

    province: Division
    city: Division | None
    county: Division | None
    street: str | None
    community: str | None
    scope: str | None
    street_division: Division | None = None
    community_division: Division | None = None

    @property
    def divisions(self) -> list[Division]:
        """Province, city and county (those the record names): what breadcrumbs and the finder use."""
        return [d for d in (self.province, self.city, self.county) if d is not None]

    @property
    def tree(self) -> list[Division]:
        """The path in the region tree: the divisions, then the township when there is one."""
        return self.divisions + ([self.street_division] if self.street_division is not None else [])

    @property
    def label(self) -> str:
        parts = [d.name for d in self.divisions] + [p for p in (self.street, self.community) if p]
        return " · ".join(parts)

    @property
    def deepest(self) -> Division:
        return self.divisions[-1]


@dataclass
class Case:
    """One practice case, ready to render."""

    id: str
    path: str  # the record file, relative to the repository root
    title: str
    kind: str
    summary: str
    region: RegionRef
    themes: list[Term]
    target_groups: list[Term]
    methods: list[Term]
    lead_unit: Unit
    partners: list[Unit]
    social_workers_did: list[str]
    volunteers_did: list[str]
    division_note: str | None
    start: str | None
    end: str | None
    status: str
    status_as_of: str | None  # the date the status is reported as of (the record's, else its newest source's)
    metrics: list[Metric]
    practices: str
    outcomes: str
    evidence: str
    mechanisms: list[str]
    conditions: list[str]
    lessons: list[str]
    gaps: list[str]
    keywords: list[str]
    sources: list[Source]
    added: str
    updated: str
    raw: dict[str, Any]
    # themes / target_groups / methods above are what the source states; what the editor inferred, and the
    # fields the source says nothing about (written 不详), are kept apart so that no facet counts a guess.
    inferred: dict[str, list[Term]] = field(default_factory=dict)
    inferred_basis: str | None = None
    unstated: frozenset[str] = frozenset()
    part_of: Case | None = None
    parts: list[Case] = field(default_factory=list)

    @property
    def url(self) -> str:
        return case_url(self.id)

    @property
    def year(self) -> int | None:
        return int(self.start[:4]) if self.start else None

    @cached_property
    def theme_names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.themes)

    @cached_property
    def partner_types(self) -> list[Term]:
        """The unit types the source states for the lead unit and the partners, each once (computed once per case)."""
        seen: dict[str, Term] = {}
        for unit in [self.lead_unit, *self.partners]:
            if unit.stated_type is not None:
                seen.setdefault(unit.stated_type.slug, unit.stated_type)
        return list(seen.values())

    def metric(self, key: str) -> Metric | None:
        """The figure of a kind; when the source gives several (2024年, 累计), the largest (usually the total)."""
        return max((m for m in self.metrics if m.key == key), key=lambda m: m.value, default=None)
