"""Stage 3 of the pipeline: validated records become a model.

Only valid records reach this stage, so the classes here can trust their
input. ``Library`` holds every case plus the indexes that pages need (by
region tree, by term), computed once. Nothing here knows about Markdown,
HTML or MkDocs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from caselib.reference.regions import Division, Regions
from caselib.reference.vocab import UNSTATED, Term, Vocabulary

METRIC_ORDER = ["communities", "districts", "stations", "organisations", "projects", "teams", "new_teams",
                "upgraded_teams", "experts", "social_workers", "volunteers", "volunteer_leaders", "beneficiaries",
                "households", "person_times", "activities", "service_hours", "coverage", "funding"]
VOCAB_FIELDS = ("themes", "target_groups", "methods")
STATUSES = ["进行中", "已结束", "筹备中", "不详"]
KINDS = ["试点工作", "服务项目", "志愿服务队", "服务模式"]


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
        return f"cases/{self.id}/"

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


def _terms(vocab: Vocabulary, names: Iterable[str]) -> list[Term]:
    return [vocab.by_name[n] for n in names if n != UNSTATED]


def _metrics(raw: dict[str, Any], labels: dict[str, str], units: dict[str, str]) -> list[Metric]:
    """Every figure, in METRIC_ORDER; a kind the source gives several times (a list) keeps its order."""
    out = []
    for key in METRIC_ORDER:
        given = raw.get(key)
        for m in given if isinstance(given, list) else [given] if given else []:
            out.append(Metric(key, m.get("label") or labels[key], m["value"], m.get("qualifier"), m.get("note"),
                              units.get(key, ""), m.get("max")))
    return out


def newest_source_date(sources: list[dict[str, Any]]) -> str | None:
    dates = [str(s["date"]) for s in sources if s.get("date")]
    return max(dates) if dates else None


def build_case(path: str, data: dict[str, Any], vocabularies: dict[str, Vocabulary], regions: Regions,
               metric_labels: dict[str, str], metric_units: dict[str, str] | None = None) -> Case:
    """A Case from a record that passed validation."""
    region = data["region"]
    province = regions.child_named(None, region["province"])
    assert province is not None
    chain = regions.chain(region["code"])
    city = next((d for d in chain if d.level == "city"), None)
    county = next((d for d in chain if d.level == "county"), None)
    street, community = region_below_county(regions, chain[-1], region.get("street"), region.get("community"))
    ptypes = vocabularies["partner_types"]

    def unit(raw: dict[str, Any]) -> Unit:
        return Unit(raw["name"], ptypes.by_name.get(raw["type"]), raw.get("role"), tuple(raw.get("inferred") or ()),
                    raw.get("basis"))

    period = data.get("period") or {}
    division = data["division_of_labour"]
    replication = data["replication"]
    marked = data.get("inferred") or {}
    inferred = {f: _terms(vocabularies[f], marked[f]) for f in VOCAB_FIELDS if marked.get(f)}

    def stated(field_name: str) -> list[Term]:
        guesses = set(marked.get(field_name) or ())
        return _terms(vocabularies[field_name], [n for n in data[field_name] if n not in guesses])

    return Case(
        id=data["id"], path=path, title=data["title"], kind=data["kind"], summary=data["summary"],
        region=RegionRef(province, city, county, region.get("street"), region.get("community"), region.get("scope"),
                         street, community),
        themes=stated("themes"), target_groups=stated("target_groups"), methods=stated("methods"),
        lead_unit=unit(data["lead_unit"]), partners=[unit(p) for p in data.get("partners") or []],
        social_workers_did=list(division["social_workers"]), volunteers_did=list(division["volunteers"]),
        division_note=division.get("note"),
        start=str(period["start"]) if period.get("start") is not None else None,
        end=str(period["end"]) if period.get("end") is not None else None,
        status=data["status"], status_as_of=data.get("status_as_of") or newest_source_date(data["sources"]),
        metrics=_metrics(data.get("metrics") or {}, metric_labels, metric_units or {}),
        practices=data["practices"], outcomes=data["outcomes"]["text"], evidence=data["outcomes"]["evidence"],
        mechanisms=list(replication["mechanisms"]), conditions=list(replication.get("conditions") or []),
        lessons=list(replication.get("lessons") or []), gaps=list(data.get("gaps") or []),
        keywords=list(data.get("keywords") or []),
        sources=[Source(s["title"], s["publisher"], s.get("via"), s.get("date"), s.get("url"),
                        tuple(s.get("quotes") or []), s.get("author"), s.get("note")) for s in data["sources"]],
        added=data["added"], updated=data["updated"], raw=data,
        inferred=inferred, inferred_basis=marked.get("basis"),
        unstated=frozenset(f for f in VOCAB_FIELDS if data[f] == [UNSTATED]),
    )


def region_below_county(regions: Regions, deepest: Division, street_name: Any,
                        community_name: Any) -> tuple[Division | None, Division | None]:
    """The official township and committee a valid record names (validation has checked the township)."""
    street = regions.street_named(deepest.code, street_name) if isinstance(street_name, str) and street_name else None
    community = None
    if isinstance(community_name, str) and community_name:
        scope = street.code if street is not None else deepest.code
        found = regions.communities_named(scope, community_name) if street or regions.holds_streets(deepest.code) else []
        community = found[0] if len(found) == 1 else None
    return street, community


def link_parts(library: Library) -> None:
    """Resolve ``part_of`` ids into objects, both ways."""
    for case in library.cases:
        parent_id = case.raw.get("part_of")
        if parent_id:
            parent = library.by_id[parent_id]
            case.part_of = parent
            parent.parts.append(case)
