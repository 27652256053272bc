"""Chinese full-text search as static files: exact phrases, ranked by field, without a server.

Why this design (figures in ``docs/search.md``): Material's built-in search downloads its whole
index before the first result, and Pagefind's Chinese segmentation differs between indexing and
querying (its issue #1237). A character n-gram index needs no segmenter. This one answers every
query exactly (a result contains each query word as written) and says in which field of a case each
word was found, so that the browser can rank. It downloads only the pieces a query needs.

Text
----
Every string value of a record is searched (``record_fields``), in one of four **groups**, by its
top-level field: 0 title; 1 summary and tags (summary, kind, region, themes, target groups, methods,
keywords, the names and types of the lead unit and partners); 2 body (practices, outcomes, division
of labour, replication, gaps, a partner's role, every other field); 3 sources. Strings are
normalized (NFKC, lower case: full-width letters and digits match half-width ones) and cut into
**segments** at white space and after a sentence end (``。 ! ? ;``, after NFKC). A query is cut the
same way into **terms**; a case matches when it contains every term inside one segment.

Distinct segments are numbered in order of first appearance: cases in the finder's order, in a case
group 0 to 3, in a group record order. A segment is *unique* when one case (in one group) has it,
else *shared*: reports repeat sentences across fields and cases, and the positions below store a
shared sentence once.

Files (site-relative, under ``finder/``; ``varint`` is LEB128, unsigned)
-----------------------------------------------------------------------
A **group sets** value is ``mask:u8`` and then, for each group ``g`` whose bit ``1 << g`` is set,
in order, ``kind:u8 count:varint nbytes:varint payload``: the cases whose group ``g`` contains
the thing. ``kind`` 0: ``count`` ascending case numbers, each as the gap ``n - previous - 1``
(previous starts at -1); ``kind`` 1: a bitset over all cases (case n is bit ``n & 7`` of byte
``n >> 3``), used when it is not longer than the list.

* ``idx/<shard>.bin``, the **key index**: entries ``keylen:u8 key:utf8 nbytes:varint groupsets``
  for every 1-, 2- and 3-character n-gram of every segment, and for every 4-character n-gram in at
  least ``GRAM4_CASES`` cases. The shard of a key is ``fnv1a32(utf8(key)) % shards``.
* ``pos/<shard>.bin``, the **positions** of every 3-character n-gram, in distinct segments:
  entries ``keylen:u8 key:utf8 nbytes:varint places``; a place is ``gap:varint head:varint
  [owner:varint] offsets``, one per segment containing the key, in ascending segment number
  (``gap`` = segment - previous - 1, previous starts at -1); ``head`` = occurrences << 1 | unique;
  a unique segment carries its one ``owner`` = (case - previous unique case in this entry) << 2 |
  group (previous starts at 0); ``offsets`` are the code-point offsets of the key in the segment,
  ascending, as gaps (the first as it is). Shard: ``fnv1a32(utf8(key)) % pshards``.
* ``seg/<b>.bin``, the **owners of shared segments**: entries ``gap:varint nbytes:varint
  groupsets`` in ascending segment number, the first gap counted from ``segb[b]``, later ones from
  the previous entry (gap = segment - previous - 1). ``segb`` lists the first segment of each
  file; a file is closed once it holds ``SEG_BYTES`` or more.

In ``idx/`` and ``pos/`` files, entries are in code-point order of their keys; a 4-gram key is
written when ``gram4`` cases or more have it. The number of shards is the smallest power of two,
from ``MIN_SHARDS`` up to ``MAX_SHARDS``, that makes the average file no larger than
``TARGET_SHARD_BYTES`` (``idx/``) or ``TARGET_POS_BYTES`` (``pos/``). ``shards``, ``pshards``,
``segb``, ``weights`` and ``gram4`` are in ``finder/facets.json`` under ``search`` (``build``
returns them).

Matching a term (``Index.term``; the browser does the same)
-----------------------------------------------------------
* up to 3 characters: its key; absent means no case has it;
* longer: the keys of all its 3-grams (for ranking; one absent means no case has the term), then
  for 4 characters its own key when present (else it is in fewer than ``gram4`` cases), else the
  3-grams at offsets 0, 3, 6, … and ``len - 3`` (a cover): a segment contains the term exactly when
  it has each cover key ``i`` at ``p + offset_i`` for one ``p``. Unique segments name their case
  and group; shared ones are looked up in ``seg/``.

Either way the result is exact (no false match, none missed) and per group. A case matches a query
when it is in some group's set of every term.

Ranking (``Index.rank``; weights in ``WEIGHTS``)
------------------------------------------------
A case's score is the sum over terms and groups of ``WEIGHTS[g] * (coverage + phrase)``: phrase is
1 when group ``g`` contains the term as written; coverage is the share of the term's 3-grams that
the group contains (for terms of up to three characters, the phrase again). With weights 64, 16,
4, 1 the phrase in a group outweighs everything in the groups below it and a partial match in its
own group, so a title that has the word ranks above every case whose title lacks it. Ties keep the
"most recently updated" order. How often a word occurs does not count.

    python -m caselib.outputs.search.build --root . --query 社会工作者
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, repeat
from operator import add, setitem, sub
from typing import Any

IDX, POS, SEG = "finder/idx/", "finder/pos/", "finder/seg/"
GROUPS = ("标题", "简介与标签", "正文", "来源")
WEIGHTS = (64, 16, 4, 1)
TITLE, TAGS, BODY, SOURCES = range(4)
# Top-level fields outside the body group; everything else (including fields added later) is body.
FIELD_GROUPS = {"title": TITLE, "summary": TAGS, "kind": TAGS, "region": TAGS, "themes": TAGS,
                "target_groups": TAGS, "methods": TAGS, "keywords": TAGS, "lead_unit": TAGS,
                "partners": TAGS, "sources": SOURCES}
BODY_KEYS = {"role"}  # inside a TAGS field, these sub-fields are body text (a partner's role)

# White space separates segments (n-grams never span it); so does a sentence end, which stays with
# the sentence before it. The character class is the browser's too (finder.js SEPARATORS).
_WHITE = "\\x00-\\x20\\x7f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_SPLIT = re.compile(f"[{_WHITE}]+|(?<=[。!?;])")
GRAM = 3
GRAM4_CASES = 32  # a 4-gram gets its own key when at least this many cases have it
TARGET_SHARD_BYTES = 6_000
TARGET_POS_BYTES = 8_000
SEG_BYTES = 2_048
MIN_SHARDS = 16
MAX_SHARDS = 8192


def normalize(text: str) -> str:
    """NFKC (full-width letters and digits to ASCII), lower case. Used for records and queries alike."""
    return unicodedata.normalize("NFKC", text).lower()


def segments(text: str) -> list[str]:
    """The segments of ``text`` (already normalized)."""
    return [s for s in _SPLIT.split(text) if s]


def terms(query: str) -> list[str]:
    """The distinct terms of a query, in order."""
    return list(dict.fromkeys(segments(normalize(query))))


def record_strings(value: Any) -> Iterator[str]:
    """Every string value in a record, depth first (keys excluded): "all case text"."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from record_strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from record_strings(item)


def case_text(raw: dict[str, Any]) -> str:
    """The searchable text of one record: its string values, one per line, normalized."""
    return normalize("\n".join(record_strings(raw)))


def record_fields(raw: dict[str, Any]) -> list[tuple[int, str, str]]:
    """``(group, top-level field, string)`` for every string value of a record, in record order."""
    out: list[tuple[int, str, str]] = []
    for name, value in raw.items():
        group = FIELD_GROUPS.get(name, BODY)
        if group == TAGS and isinstance(value, dict | list):
            for sub_group, text in _tagged(value, group):
                out.append((sub_group, name, text))
        else:
            out.extend((group, name, text) for text in record_strings(value))
    return out


def _tagged(value: Any, group: int) -> Iterator[tuple[int, str]]:
    if isinstance(value, str):
        yield group, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _tagged(item, BODY if key in BODY_KEYS else group)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _tagged(item, group)


def fnv1a(key: str) -> int:
    h = 0x811C9DC5
    for byte in key.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def _varint(n: int, out: bytearray) -> None:
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _consume(iterator: Iterator[Any]) -> None:
    deque(iterator, maxlen=0)


def _shard_count(size: int, target: int) -> int:
    shards = MIN_SHARDS
    while shards < MAX_SHARDS and size / shards > target:
        shards *= 2
    return shards


# --- writing ------------------------------------------------------------------------------------


_BIT_OF = [bytes([0, 1 << bit]) + bytes(254) for bit in range(8)]  # translation tables: a 0/1 byte to bit ``bit``


class _Encoder:
    """Group sets, with the varints of gaps cached (most gaps between case numbers are small)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bitset_size = (total + 7) // 8
        self.gaps: list[bytes] = []
        for gap in range(min(total, 1 << 14) + 1):
            _varint(gap, out := bytearray())
            self.gaps.append(bytes(out))

    def _gap(self, gap: int) -> bytes:
        if gap < len(self.gaps):
            return self.gaps[gap]
        _varint(gap, out := bytearray())
        return bytes(out)

    def cases(self, numbers: Sequence[int]) -> tuple[int, bytes]:
        """(kind, payload) of ascending case numbers: the gap list, or the bitset when that is shorter."""
        if len(numbers) <= self.bitset_size:
            deltas = b"".join(map(self._gap, map(sub, map((-1).__add__, numbers), chain((-1,), numbers))))
            if len(deltas) <= self.bitset_size:
                return 0, deltas
        flags = bytearray(self.bitset_size * 8)
        _consume(map(setitem, repeat(flags), numbers, repeat(1)))
        packed = 0
        for bit in range(8):  # flags[bit::8] are the cases whose bit is ``bit``: 0/1 bytes -> that bit
            packed |= int.from_bytes(flags[bit::8].translate(_BIT_OF[bit]), "little")
        return 1, packed.to_bytes(self.bitset_size, "little")

    def groupsets(self, sets: Sequence[Sequence[int] | None]) -> bytes:
        out = bytearray([sum(1 << g for g, numbers in enumerate(sets) if numbers)])
        for numbers in sets:
            if numbers:
                kind, payload = self.cases(numbers)
                out.append(kind)
                _varint(len(numbers), out)
                _varint(len(payload), out)
                out += payload
        return bytes(out)


def _entry(key: str, payload: bytes) -> bytes:
    encoded = key.encode("utf-8")
    out = bytearray([len(encoded)])
    out += encoded
    _varint(len(payload), out)
    out += payload
    return bytes(out)


def _shard_files(prefix: str, entries: list[tuple[str, bytes]], target: int) -> tuple[int, dict[str, bytes]]:
    shards = _shard_count(sum(len(e) for _, e in entries), target)
    files: dict[int, bytearray] = {}
    for key, data in entries:
        files.setdefault(fnv1a(key) % shards, bytearray()).extend(data)
    return shards, {f"{prefix}{shard}.bin": bytes(data) for shard, data in sorted(files.items())}


def _grams(segment: str) -> tuple[list[str], list[str], list[str]]:
    """The 2-, 3- and 4-grams of a segment, in order of position."""
    two = list(map(add, segment, segment[1:]))
    three = list(map(add, two, segment[2:]))
    four = list(map(add, three, segment[3:]))
    return two, three, four


def _offsets(segment: str, key: str) -> list[int]:
    """Code-point offsets of ``key`` in ``segment``, overlapping ones included."""
    out = []
    at = segment.find(key)
    while at >= 0:
        out.append(at)
        at = segment.find(key, at + 1)
    return out


@dataclass
class Built:
    """What ``build`` returns: the files and the figures ``finder/facets.json`` carries."""

    files: dict[str, bytes]
    meta: dict[str, Any] = field(default_factory=dict)



def build(cases: Sequence[Sequence[tuple[int, str]]], gram4_cases: int = GRAM4_CASES) -> Built:
    """The index of the cases (case number = list position); each case is its ``(group, string)`` list.

    Work is done per distinct segment where it can be (their n-grams and positions), and per case as
    set unions and appends run by C loops (map, set.union, array.append), not Python statements.
    """
    total = len(cases)
    encoder = _Encoder(total)

    # 1. segments, numbered by first appearance (cases in order; in a case by group, then in record order)
    number: dict[str, int] = {}
    owners: list[list[int]] = []  # segment -> [case << 2 | group], ascending
    case_groups: list[list[list[int]]] = []
    for case, strings in enumerate(cases):
        found: tuple[list[str], ...] = ([], [], [], [])
        for group, text in strings:
            found[group].extend(segments(normalize(text)))
        listed = []
        for group, texts in enumerate(found):
            ids = []
            for text in dict.fromkeys(texts):
                index = number.get(text)
                if index is None:
                    index = number[text] = len(owners)
                    owners.append([])
                owners[index].append(case << 2 | group)
                ids.append(index)
            listed.append(ids)
        case_groups.append(listed)

    # 2. per distinct segment: its keys and its 4-grams (tuples: a tenth of a frozenset's memory); per 3-gram
    #    the segments that have it
    keys_of: list[tuple[str, ...]] = []
    fours_of: list[tuple[str, ...]] = []
    places: defaultdict[str, list[int]] = defaultdict(list)
    for segment, text in enumerate(number):
        two, three, four = _grams(text)
        threes = set(three)
        keys_of.append(tuple(threes.union(text, two)))
        fours_of.append(tuple(set(four)))
        _consume(map(list.append, map(places.__getitem__, threes), repeat(segment)))

    # 3. 4-grams in enough cases become keys
    in_cases: Counter[str] = Counter()
    for listed in case_groups:
        in_cases.update(set().union(*[fours_of[i] for i in chain.from_iterable(listed)]))
    frequent = {key for key, count in in_cases.items() if count >= gram4_cases}
    del in_cases
    if frequent:
        keys_of = [keys + tuple(filter(frequent.__contains__, fours)) if fours else keys
                   for keys, fours in zip(keys_of, fours_of, strict=True)]
    del fours_of

    # 4. the key index: per group, the cases whose segments in that group have the key
    typecode = "H" if total <= 1 << 16 else "I"
    postings: list[defaultdict[str, array]] = [defaultdict(partial(array, typecode)) for _ in range(4)]
    for case, listed in enumerate(case_groups):
        for group, ids in enumerate(listed):
            if ids:
                found_keys = set().union(*[keys_of[i] for i in ids])
                _consume(map(array.append, map(postings[group].__getitem__, found_keys), repeat(case)))
    del keys_of, case_groups
    entries = [(key, _entry(key, encoder.groupsets([p.get(key) for p in postings])))
               for key in sorted(set().union(*postings))]
    del postings
    shards, files = _shard_files(IDX, entries, TARGET_SHARD_BYTES)
    del entries

    # 5. positions of the 3-grams in distinct segments; a unique segment names its owner
    unique = [len(o) == 1 for o in owners]
    texts = list(number)
    del number
    pos_entries = []
    for key in sorted(places):
        out = bytearray()
        previous, previous_case = -1, 0
        for segment in places[key]:
            offsets = _offsets(texts[segment], key)
            _varint(segment - previous - 1, out)
            previous = segment
            _varint(len(offsets) << 1 | unique[segment], out)
            if unique[segment]:
                owner = owners[segment][0]
                _varint((owner >> 2) - previous_case << 2 | owner & 3, out)
                previous_case = owner >> 2
            last = -1
            for offset in offsets:
                _varint(offset - last - 1 if last >= 0 else offset, out)
                last = offset
        pos_entries.append((key, _entry(key, bytes(out))))
    del places, texts
    pshards, pos_files = _shard_files(POS, pos_entries, TARGET_POS_BYTES)
    files.update(pos_files)

    # 6. owners of shared segments, in files of about SEG_BYTES
    segb: list[int] = []
    bucket = bytearray()
    previous = -1
    for segment, found_owners in enumerate(owners):
        if unique[segment]:
            continue
        if not bucket:
            segb.append(segment)
            previous = segment - 1
        sets: list[list[int]] = [[], [], [], []]
        for owner in found_owners:
            sets[owner & 3].append(owner >> 2)
        groupsets = encoder.groupsets(sets)
        _varint(segment - previous - 1, bucket)
        _varint(len(groupsets), bucket)
        bucket += groupsets
        previous = segment
        if len(bucket) >= SEG_BYTES:
            files[f"{SEG}{len(segb) - 1}.bin"] = bytes(bucket)
            bucket = bytearray()
    if bucket:
        files[f"{SEG}{len(segb) - 1}.bin"] = bytes(bucket)
    meta = {"shards": shards, "pshards": pshards, "segb": segb, "weights": list(WEIGHTS), "gram4": gram4_cases}
    return Built(files, meta)


# --- reading (the browser's algorithm, in Python) ---------------------------------------------------


def _read_varint(data: bytes, i: int) -> tuple[int, int]:
    shift = n = 0
    while True:
        byte = data[i]
        i += 1
        n |= (byte & 0x7F) << shift
        if byte < 0x80:
            return n, i
        shift += 7


def _entries(data: bytes) -> dict[str, bytes]:
    """The entries of an idx/ or pos/ shard: key -> payload."""
    out: dict[str, bytes] = {}
    i = 0
    while i < len(data):
        keylen = data[i]
        key = data[i + 1:i + 1 + keylen].decode("utf-8")
        nbytes, j = _read_varint(data, i + 1 + keylen)
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
        count, i = _read_varint(data, i + 1)
        nbytes, i = _read_varint(data, i)
        payload = data[i:i + nbytes]
        i += nbytes
        if kind == 1:
            out[group] = {n for n in range(total) if payload[n >> 3] >> (n & 7) & 1}
        else:
            p, previous = 0, -1
            for _ in range(count):
                gap, p = _read_varint(payload, p)
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
        gap, i = _read_varint(data, i)
        previous += gap + 1
        head, i = _read_varint(data, i)
        owner = None
        if head & 1:
            value, i = _read_varint(data, i)
            previous_case += value >> 2
            owner = previous_case << 2 | value & 3
        offsets, last = [], -1
        for _ in range(head >> 1):
            value, i = _read_varint(data, i)
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
            self._shards[path] = _entries(self.read(path))
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
            gap, i = _read_varint(data, i)
            previous += gap + 1
            nbytes, i = _read_varint(data, i)
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


def _main(argv: Iterable[str] | None = None) -> None:
    import json
    from pathlib import Path

    from caselib.outputs.finder import build_finder, ordered
    from caselib.pipeline.run import run

    parser = argparse.ArgumentParser(description="Query the static search index in Python.")
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--query", required=True)
    args = parser.parse_args(list(argv) if argv is not None else None)
    result = run(args.root)
    assert result.library is not None, result.problems
    files = build_finder(result.library)
    meta = json.loads(files["finder/facets.json"])
    index = Index(reader(files), meta["search"], meta["n"])
    cases = ordered(result.library)
    updated = sorted(range(len(cases)), key=lambda n: (cases[n].updated, cases[n].id))[::-1]
    ranked = index.rank(args.query, updated)
    print(f"{len(ranked)} cases, best first:", " ".join(cases[n].id for n in ranked))


if __name__ == "__main__":
    _main()
