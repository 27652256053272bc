"""Valid records to ``Case`` objects (``build_case``), and ``part_of`` ids to objects both ways (``link_parts``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from caselib.model.case import METRIC_ORDER, Case, Metric, RegionRef, Source, Unit
from caselib.model.library import Library
from caselib.reference.regions import Division, Regions
from caselib.reference.vocab import UNSTATED, VOCAB_FIELDS, Term, Vocabulary


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


def link_parts(library: Library, only: set[str] | None = None) -> None:
    """Resolve ``part_of`` ids into objects, both ways; ``only``: just for these case ids, which hold every
    programme and part of each of them (``programme_closure``; the other cases are linked already)."""
    for case in library.cases:
        if only is not None and case.id not in only:
            continue
        parent_id = case.raw.get("part_of")
        if parent_id:
            parent = library.by_id[parent_id]
            case.part_of = parent
            parent.parts.append(case)


def programme_closure(before: Library, fresh: Iterable[Case]) -> set[str]:
    """The ids of ``fresh`` cases (built from edited records) and of every case linked to them through
    ``part_of``, in ``before`` or in the edited records, and so on: the cases whose programme or parts change
    objects when a library is built from ``before`` with ``fresh`` in place of their old versions."""
    new_parent = {case.id: case.raw.get("part_of") for case in fresh}
    todo = list(new_parent)
    seen = set(todo)
    while todo:
        case_id = todo.pop()
        linked = [new_parent.get(case_id)]
        old = before.by_id.get(case_id)
        if old is not None:
            linked += [old.part_of.id if old.part_of is not None else None, *(part.id for part in old.parts)]
        for other in linked:
            if other is not None and other not in seen:
                seen.add(other)
                todo.append(other)
    return seen
