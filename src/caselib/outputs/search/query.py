"""The search index read in Python: the browser's algorithm (``finder-index.js``), for the tests, the benchmark
and ``scripts/explore.py search``. The format is ``search.format``.

    index = Index(reader(files), meta["search"], meta["n"])
    index.rank("社会工作者", order)     # matching case numbers, best first
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from caselib.outputs.search.format import GRAM, IDX, POS, SEG, fnv1a, read_varint, terms


def read_entries(data: bytes) -> dict[str, bytes]:
    """The entries of an idx/ or pos/ shard: key -> payload."""
    out: dict[str, bytes] = {}
    i = 0
    while i < len(data):
        keylen = data[i]
        key = data[i + 1:i + 1 + keylen].decode("utf-8")
        nbytes, j = read_varint(data, i + 1 + keylen)
        out[key] = data[j:j + nbytes]
        i = j + nbytes
    return out


def read_groupsets(data: bytes, total: int) -> list[set[int]]:
    """Group sets (see the module docstring): one set of case numbers per group."""
    mask, i = data[0], 1
    out: list[set[int]] = [set(), set(), set(), set()]
    for group in range(4):
        if not mask >> group & 1:
            continue
        kind = data[i]
        count, i = read_varint(data, i + 1)
        nbytes, i = read_varint(data, i)
        payload = data[i:i + nbytes]
        i += nbytes
        if kind == 1:
            out[group] = {n for n in range(total) if payload[n >> 3] >> (n & 7) & 1}
        else:
            p, previous = 0, -1
            for _ in range(count):
                gap, p = read_varint(payload, p)
                previous += gap + 1
                out[group].add(previous)
    return out


@dataclass
class Place:
    offsets: list[int]
    owner: int | None  # case << 2 | group of a unique segment


def read_places(data: bytes) -> dict[int, Place]:
    out: dict[int, Place] = {}
    i, previous, previous_case = 0, -1, 0
    while i < len(data):
        gap, i = read_varint(data, i)
        previous += gap + 1
        head, i = read_varint(data, i)
        owner = None
        if head & 1:
            value, i = read_varint(data, i)
            previous_case += value >> 2
            owner = previous_case << 2 | value & 3
        offsets, last = [], -1
        for _ in range(head >> 1):
            value, i = read_varint(data, i)
            last = value if last < 0 else last + value + 1
            offsets.append(last)
        out[previous] = Place(offsets, owner)
    return out


def cover(term: str) -> list[int]:
    """Offsets of the 3-grams that together cover a term of four or more characters."""
    return sorted(set(range(0, len(term) - GRAM + 1, GRAM)) | {len(term) - GRAM})


@dataclass
class Term:
    """Where a term is: ``phrase[g]`` the cases whose group g has it as written; ``parts`` the 3-grams' sets."""

    text: str
    phrase: list[set[int]]
    parts: list[list[set[int]]]

    @property
    def cases(self) -> set[int]:
        return set().union(*self.phrase)


class Index:
    """The static index read through ``read(path) -> bytes`` (``b''`` for a missing file)."""

    def __init__(self, read: Callable[[str], bytes], meta: dict[str, Any], total: int) -> None:
        self.read, self.meta, self.total = read, meta, total
        self._shards: dict[str, dict[str, bytes]] = {}
        self.fetched: set[str] = set()  # paths read, for the tests and the benchmark

    def _shard(self, path: str) -> dict[str, bytes]:
        if path not in self._shards:
            self.fetched.add(path)
            self._shards[path] = read_entries(self.read(path))
        return self._shards[path]

    def entry(self, key: str) -> list[set[int]] | None:
        data = self._shard(f"{IDX}{fnv1a(key) % self.meta['shards']}.bin").get(key)
        return None if data is None else read_groupsets(data, self.total)

    def places(self, key: str) -> dict[int, Place]:
        data = self._shard(f"{POS}{fnv1a(key) % self.meta['pshards']}.bin").get(key)
        return {} if data is None else read_places(data)

    def shared(self, segment: int) -> list[set[int]]:
        segb = self.meta["segb"]
        bucket = max(b for b, first in enumerate(segb) if first <= segment)
        path = f"{SEG}{bucket}.bin"
        self.fetched.add(path)
        data, i, previous = self.read(path), 0, segb[bucket] - 1
        while i < len(data):
            gap, i = read_varint(data, i)
            previous += gap + 1
            nbytes, i = read_varint(data, i)
            if previous == segment:
                return read_groupsets(data[i:i + nbytes], self.total)
            i += nbytes
        raise KeyError(segment)

    def term(self, text: str) -> Term:
        empty: list[set[int]] = [set(), set(), set(), set()]
        if len(text) <= GRAM:
            found = self.entry(text) or empty
            return Term(text, found, [found])
        parts = [self.entry(text[i:i + GRAM]) for i in range(len(text) - GRAM + 1)]
        if any(p is None for p in parts):
            return Term(text, empty, [p or empty for p in parts])
        known = [p for p in parts if p is not None]
        whole = self.entry(text) if len(text) == GRAM + 1 else None
        return Term(text, whole if whole is not None else self._phrase(text), known)

    def _phrase(self, text: str) -> list[set[int]]:
        """Per group, the cases with ``text`` (4+ characters) in a segment: the cover's positions line up."""
        lists = [(offset, self.places(text[offset:offset + GRAM])) for offset in cover(text)]
        lists.sort(key=lambda item: len(item[1]))
        out: list[set[int]] = [set(), set(), set(), set()]
        first_offset, first = lists[0]
        for segment, place in sorted(first.items()):
            starts = {p - first_offset for p in place.offsets}
            for offset, other in lists[1:]:
                if segment not in other:
                    starts = set()
                    break
                starts &= {p - offset for p in other[segment].offsets}
            if not starts:
                continue
            if place.owner is not None:
                out[place.owner & 3].add(place.owner >> 2)
            else:
                for group, found in enumerate(self.shared(segment)):
                    out[group] |= found
        return out

    def terms(self, query_text: str) -> list[Term]:
        return [self.term(t) for t in terms(query_text)]

    def query(self, query_text: str) -> set[int]:
        """Case numbers that contain every term of the query."""
        found = [t.cases for t in self.terms(query_text)]
        return set.intersection(*found) if found else set()

    def scores(self, query_text: str) -> dict[int, float]:
        """Relevance of every matching case (module docstring), summed in the browser's order."""
        found = self.terms(query_text)
        if not found:
            return {}
        weights = self.meta["weights"]
        out: dict[int, float] = {}
        for case in sorted(set.intersection(*[t.cases for t in found])):
            score = 0.0
            for t in found:
                for group, weight in enumerate(weights):
                    hits = sum(1 for part in t.parts if case in part[group])
                    score += weight * (hits / len(t.parts) + (1 if case in t.phrase[group] else 0))
            out[case] = score
        return out

    def rank(self, query_text: str, order: Sequence[int]) -> list[int]:
        """The matching cases, best first; ties in ``order`` (the "most recently updated" order)."""
        scores = self.scores(query_text)
        listed = [n for n in order if n in scores]
        return sorted(listed, key=lambda n: -scores[n])


def reader(files: dict[str, bytes]) -> Callable[[str], bytes]:
    return lambda path: files.get(path, b"")
