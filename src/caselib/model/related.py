"""Related cases: for every case, the (at most) five most similar others, with the reasons.

Similarity is a weighted count of what two cases share:

==========================  ======
shared                      weight
==========================  ======
each method / mechanism     3
same programme (part_of)    3
each theme                  2
each target group           1
same province               1
same city (on top)          1
same county (on top)        1
==========================  ======

Ties are broken by id (the lower id wins), so the result is deterministic.

Scoring all pairs is 10^8 pairs at 10,000 cases. Instead every key (a term or
a region) has a bitset of the cases that carry it (a Python ``int``, bit i =
the i-th case by id), and a case's scores against *every* other case are kept
as bit-sliced counters: plane b holds bit b of every score, so adding a key's
bitset with weight w costs a few whole-library ``&``/``^`` operations instead
of one dictionary update per candidate. The top five are then read from the
planes, highest bit first. Nothing here grows a case page: each case gets at
most ``limit`` entries.

    python scripts/explore.py related --root /tmp/bench     # time it on a repository's records
"""

from __future__ import annotations

from dataclasses import dataclass

from caselib.model.case import Case
from caselib.model.library import Library

WEIGHTS = {"methods": 3, "programme": 3, "themes": 2, "target_groups": 1, "province": 1, "city": 1, "county": 1}
REASON_ORDER = ["programme", "methods", "themes", "target_groups", "region"]


@dataclass(frozen=True)
class Reason:
    """One thing two cases share: ``kind`` is a key of ``REASON_ORDER``, ``names`` what is shared."""

    kind: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Related:
    case: Case
    score: int
    reasons: tuple[Reason, ...]


def programme_of(case: Case) -> Case | None:
    """The pilot programme a case belongs to (itself when it has parts)."""
    if case.part_of is not None:
        return case.part_of
    return case if case.parts else None


def case_keys(case: Case) -> dict[tuple[str, str], int]:
    """The weighted keys of a case: (kind, value) -> weight."""
    keys: dict[tuple[str, str], int] = {}
    for field in ("methods", "themes", "target_groups"):
        for term in getattr(case, field):
            keys[(field, term.slug)] = WEIGHTS[field]
    for level, division in (("province", case.region.province), ("city", case.region.city),
                            ("county", case.region.county)):
        if division is not None:
            keys[(level, division.code)] = WEIGHTS[level]
    programme = programme_of(case)
    if programme is not None:
        keys[("programme", programme.id)] = WEIGHTS["programme"]
    return keys


def reasons(a: Case, b: Case, b_keys: dict[tuple[str, str], int] | None = None) -> tuple[Reason, ...]:
    """What ``a`` and ``b`` share, in display order (``b_keys``: ``case_keys(b)`` if already known)."""
    theirs = b_keys if b_keys is not None else case_keys(b)
    out: list[Reason] = []
    programme = programme_of(a)
    if programme is not None and ("programme", programme.id) in theirs:
        out.append(Reason("programme", (programme.title,)))
    for field in ("methods", "themes", "target_groups"):
        shared = tuple(t.name for t in getattr(a, field) if (field, t.slug) in theirs)
        if shared:
            out.append(Reason(field, shared))
    common = [d for level, d in (("province", a.region.province), ("city", a.region.city),
                                 ("county", a.region.county)) if d is not None and (level, d.code) in theirs]
    if common:
        out.append(Reason("region", (common[-1].name,)))
    return tuple(out)


def _add(planes: list[int], mask: int, weight: int) -> None:
    """Add ``weight`` to the bit-sliced counter of every case in ``mask``."""
    bit = 0
    while weight:
        if weight & 1:
            carry = mask
            plane = bit
            while carry:
                if plane == len(planes):
                    planes.append(0)
                current = planes[plane]
                planes[plane] = current ^ carry
                carry = current & carry
                plane += 1
        weight >>= 1
        bit += 1


def _top(planes: list[int], candidates: int, limit: int) -> list[int]:
    """Indexes of the ``limit`` highest non-zero counters among ``candidates`` (ties: lowest index)."""
    nonzero = 0
    for plane in planes:
        nonzero |= plane
    candidates &= nonzero
    chosen = 0
    need = limit
    for plane in reversed(planes):
        high = candidates & plane
        count = high.bit_count()
        if count >= need:
            candidates = high
        else:
            chosen |= high
            need -= count
            candidates &= ~plane
    while need and candidates:
        low = candidates & -candidates
        chosen |= low
        candidates ^= low
        need -= 1
    out = []
    while chosen:
        low = chosen & -chosen
        out.append(low.bit_length() - 1)
        chosen ^= low
    return out


def _score(planes: list[int], index: int) -> int:
    return sum(((plane >> index) & 1) << b for b, plane in enumerate(planes))


def related_cases(library: Library, limit: int = 5) -> dict[str, list[Related]]:
    """For every case id, its most similar cases (at most ``limit``), best first, ties by id."""
    return RelatedCases(library, limit).lists


class _Scorer:
    """The cases' keys and, for every key, the bitset of the cases that carry it."""

    def __init__(self, cases: list[Case], keys: list[dict[tuple[str, str], int]] | None = None,
                 postings: dict[tuple[str, str], int] | None = None) -> None:
        self.cases = cases  # sorted by id: bit i = cases[i]
        self.keys = keys if keys is not None else [case_keys(c) for c in cases]
        if postings is None:
            postings = {}
            for i, case_key in enumerate(self.keys):
                for key in case_key:
                    postings[key] = postings.get(key, 0) | (1 << i)
        self.postings = postings
        self.everyone = (1 << len(cases)) - 1

    def moved(self, cases: list[Case], indexes: set[int]) -> _Scorer:
        """The scorer of ``cases`` (the same ids in the same order), where only the cases at ``indexes`` may differ:
        their keys computed again and their bits moved, the rest shared."""
        keys = list(self.keys)
        postings = dict(self.postings)
        for i in indexes:
            bit = 1 << i
            for key in keys[i]:
                postings[key] &= ~bit
                if not postings[key]:
                    del postings[key]
            keys[i] = case_keys(cases[i])
            for key in keys[i]:
                postings[key] = postings.get(key, 0) | bit
        return _Scorer(cases, keys, postings)

    def related(self, i: int, limit: int) -> list[Related]:
        cases, keys = self.cases, self.keys
        planes: list[int] = []
        for key, weight in keys[i].items():
            _add(planes, self.postings[key], weight)
        found = [(j, _score(planes, j)) for j in _top(planes, self.everyone & ~(1 << i), limit)]
        found.sort(key=lambda item: (-item[1], cases[item[0]].id))
        return [Related(cases[j], score, reasons(cases[i], cases[j], keys[j])) for j, score in found]


class RelatedCases:
    """Every case's related cases (``lists``: at most ``limit`` per case id, best first, ties by id), and what
    computed them, so that an edit of a few cases updates them (``after_edit``) instead of computing them all
    again (``mkdocs serve``: a whole computation takes seconds at 10,000 cases)."""

    def __init__(self, library: Library, limit: int = 5, *, scorer: _Scorer | None = None,
                 lists: dict[str, list[Related]] | None = None, touched: set[str] | None = None) -> None:
        self.library = library
        self.limit = limit
        self.scorer = scorer if scorer is not None else _Scorer(library.cases)
        self.lists = lists if lists is not None else {case.id: self.scorer.related(i, limit)
                                                      for i, case in enumerate(library.cases)}
        self.touched = touched  # after an edit: the ids whose list was computed or rebuilt; None: all of them

    def after_edit(self, library: Library, changed: set[str], relinked: set[str] = frozenset()) -> RelatedCases:
        """The related cases of ``library``, which holds the same ids as this one's and the same ``Case`` objects
        except for the cases ``changed`` (ids: their records were edited) and ``relinked`` (the same values, copied
        because their programme or parts changed objects). Only the lists that can differ are computed again:

        a list can differ when its case changed or its keys did (a programme gains its first part), when it names
        such a case, or shares a programme with one (its reasons name the programme's title), or when a changed
        case now scores above its last entry. A list that only names a relinked case is rebuilt with the new
        object; every other list is this one's, unchanged.
        """
        before, limit = self.library, self.limit
        if [case.id for case in library.cases] != [case.id for case in before.cases]:  # not an edit of a few cases
            return RelatedCases(library, limit)
        index = {case.id: i for i, case in enumerate(library.cases)}
        suspects = {index[cid] for cid in changed | relinked if cid in index}
        scorer = self.scorer.moved(library.cases, suspects)
        moved = {cid for cid in changed if cid in index}  # cases whose keys or data changed
        moved |= {library.cases[i].id for i in suspects if scorer.keys[i] != self.scorer.keys[i]}
        programmes = {("programme", p.id) for cid in moved for lib in (before, library) if cid in lib.by_id
                      for p in [programme_of(lib.by_id[cid])] if p is not None}
        again = set(moved)
        for key in programmes:  # every member of a programme a moved case was or is in
            for lib_scorer in (self.scorer, scorer):
                members = lib_scorer.postings.get(key, 0)
                while members:
                    low = members & -members
                    again.add(library.cases[low.bit_length() - 1].id)
                    members ^= low
        stale = moved | relinked
        rebuilt: set[str] = set()
        for case_id, found in self.lists.items():
            for r in found:
                if r.case.id in stale:
                    (again if r.case.id in moved else rebuilt).add(case_id)
        for cid in moved:  # a changed case may now enter lists it was not on
            mine = scorer.keys[index[cid]]
            candidates = 0
            for key in mine:
                candidates |= scorer.postings[key]
            while candidates:
                low = candidates & -candidates
                j = low.bit_length() - 1
                candidates ^= low
                other = library.cases[j]
                if other.id in again or j == index[cid]:
                    continue
                theirs = scorer.keys[j]
                score = sum(w for key, w in mine.items() if key in theirs)
                kept = self.lists.get(other.id, [])
                if len(kept) < limit or (-score, cid) < (-kept[-1].score, kept[-1].case.id):
                    again.add(other.id)
        lists = dict(self.lists)
        for cid in again:
            lists[cid] = scorer.related(index[cid], limit)
        for cid in rebuilt - again:
            lists[cid] = [Related(library.by_id[r.case.id], r.score, r.reasons) for r in self.lists[cid]]
        return RelatedCases(library, limit, scorer=scorer, lists=lists, touched=again | rebuilt)
