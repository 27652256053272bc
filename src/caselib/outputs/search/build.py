"""The search index builder: the files that ``search.format`` describes, for a whole library, fast.

``search.reference`` writes the same files one key at a time, straight from the format; this builder
must give the same bytes (``tests/unit/test_search_index_equivalence.py``) and stay fast enough for
10,000 cases (about 20–27 s of CPU and 360 MB for the finder's data files there: docs/benchmarks.md).
It gets there by doing each piece of work once per *distinct* thing, in six steps (``build``):

1. ``number_segments``: cut every case's strings into segments; number the distinct segments in
   order of first appearance, and note which (case, group) pairs have each one.
2. ``segment_grams``: once per distinct segment, its keys (every 1-, 2- and 3-gram) and its 4-grams;
   and for the positions file, the segments in which each 3-gram occurs.
3. ``add_frequent_four_grams``: count in how many cases each 4-gram occurs; those in ``gram4`` cases
   or more become keys too.
4. ``key_index``: per case and group, the keys of its segments; the case joins each key's posting
   list for that group; then each key's four lists are written as group sets (``GroupSets``).
5. ``position_files``: per 3-gram, each segment that has it, with the offsets and (for a segment only
   one case has) its owner.
6. ``shared_segment_files``: who has each shared segment, in files of about ``SEG_BYTES``.

Steps 1 and 4 touch every key of every case: tens of millions of times at 10,000 cases. Those inner
loops are C loops (``map`` over bound methods, ``bytes.translate``) inside small helpers named for what
they compute; each helper's docstring gives the plain Python it equals. Intermediate results are
dropped (``del``) as soon as the next step no longer needs them: that is the peak memory.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Hashable, Iterable, Sequence
from functools import partial
from itertools import chain, repeat
from operator import add, setitem, sub
from typing import Any

from caselib.outputs.search.format import (
    BITSET,
    GRAM4_CASES,
    IDX,
    LIST,
    POS,
    SEG,
    SEG_BYTES,
    TARGET_POS_BYTES,
    TARGET_SHARD_BYTES,
    WEIGHTS,
    Built,
    fnv1a,
    normalize,
    segments,
    shard_count,
    varint,
)

Cases = Sequence[Sequence[tuple[int, str]]]  # case number = position; each case its (group, string) list


def build(cases: Cases, gram4_cases: int = GRAM4_CASES) -> Built:
    """The index of ``cases``: its files and the figures that ``finder/facets.json`` carries."""
    group_sets = GroupSets(len(cases))
    texts, owners, case_segments = number_segments(cases)
    keys_of, fours_of, places = segment_grams(texts)
    keys_of = add_frequent_four_grams(keys_of, fours_of, case_segments, gram4_cases)
    del fours_of
    shards, files = key_index(keys_of, case_segments, group_sets)
    del keys_of, case_segments
    pshards, pos_files = position_files(places, texts, owners)
    del places, texts
    files.update(pos_files)
    segb, seg_files = shared_segment_files(owners, group_sets)
    files.update(seg_files)
    meta = {"shards": shards, "pshards": pshards, "segb": segb, "weights": list(WEIGHTS), "gram4": gram4_cases}
    return Built(files, meta)


# -- the six steps ------------------------------------------------------------------------------------------

def number_segments(cases: Cases) -> tuple[list[str], list[list[int]], list[list[list[int]]]]:
    """Step 1. The distinct segments (by number, in order of first appearance: cases in order; in a case by group,
    then in record order); for each, its owners ``case << 2 | group`` (ascending); for each case and group, the
    numbers of its distinct segments."""
    number: dict[str, int] = {}
    owners: list[list[int]] = []
    case_segments: list[list[list[int]]] = []
    for case, strings in enumerate(cases):
        by_group: tuple[list[str], ...] = ([], [], [], [])
        for group, text in strings:
            by_group[group].extend(segments(normalize(text)))
        numbered = []
        for group, texts in enumerate(by_group):
            ids = []
            for text in dict.fromkeys(texts):  # distinct, in order
                index = number.get(text)
                if index is None:
                    index = number[text] = len(owners)
                    owners.append([])
                owners[index].append(case << 2 | group)
                ids.append(index)
            numbered.append(ids)
        case_segments.append(numbered)
    return list(number), owners, case_segments


def segment_grams(texts: list[str]) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]], dict[str, list[int]]]:
    """Step 2. Per distinct segment its keys (1-, 2- and 3-grams, each once) and its 4-grams (tuples: a tenth of a
    frozenset's memory); per 3-gram the segments that have it, ascending."""
    keys_of: list[tuple[str, ...]] = []
    fours_of: list[tuple[str, ...]] = []
    places: defaultdict[str, list[int]] = defaultdict(list)
    for segment, text in enumerate(texts):
        two, three, four = _grams(text)
        threes = set(three)
        keys_of.append(tuple(threes.union(text, two)))
        fours_of.append(tuple(set(four)))
        _append_to_each(places, threes, segment)
    return keys_of, fours_of, places


def add_frequent_four_grams(keys_of: list[tuple[str, ...]], fours_of: list[tuple[str, ...]],
                            case_segments: list[list[list[int]]], gram4: int) -> list[tuple[str, ...]]:
    """Step 3. Each segment's keys, plus its 4-grams that ``gram4`` cases or more have."""
    in_cases: Counter[str] = Counter()
    for numbered in case_segments:
        in_cases.update(_union([fours_of[i] for i in chain.from_iterable(numbered)]))
    frequent = {key for key, count in in_cases.items() if count >= gram4}
    del in_cases
    if not frequent:
        return keys_of
    return [keys + tuple(filter(frequent.__contains__, fours)) if fours else keys
            for keys, fours in zip(keys_of, fours_of, strict=True)]


def key_index(keys_of: list[tuple[str, ...]], case_segments: list[list[list[int]]],
              group_sets: GroupSets) -> tuple[int, dict[str, bytes]]:
    """Step 4. ``idx/``: for every key, per group, the cases whose segments in that group have it."""
    typecode = "H" if len(case_segments) <= 1 << 16 else "I"  # case numbers as machine integers
    postings: list[defaultdict[str, array]] = [defaultdict(partial(array, typecode)) for _ in range(4)]
    for case, numbered in enumerate(case_segments):
        for group, ids in enumerate(numbered):
            if ids:
                _append_to_each(postings[group], _union([keys_of[i] for i in ids]), case, array.append)
    entries = [(key, entry(key, group_sets.encode([p.get(key) for p in postings])))
               for key in sorted(_union(postings))]
    del postings
    return shard_files(IDX, entries, TARGET_SHARD_BYTES)


def position_files(places: dict[str, list[int]], texts: list[str],
                   owners: list[list[int]]) -> tuple[int, dict[str, bytes]]:
    """Step 5. ``pos/``: for every 3-gram, each segment that has it: gap, count and uniqueness, the owner of a
    unique segment, the offsets."""
    unique = [len(o) == 1 for o in owners]
    pos_entries = []
    for key in sorted(places):
        out = bytearray()
        previous, previous_case = -1, 0
        for segment in places[key]:
            offsets = _offsets(texts[segment], key)
            varint(segment - previous - 1, out)
            previous = segment
            varint(len(offsets) << 1 | unique[segment], out)
            if unique[segment]:
                owner = owners[segment][0]
                varint((owner >> 2) - previous_case << 2 | owner & 3, out)
                previous_case = owner >> 2
            last = -1
            for offset in offsets:
                varint(offset - last - 1 if last >= 0 else offset, out)
                last = offset
        pos_entries.append((key, entry(key, bytes(out))))
    return shard_files(POS, pos_entries, TARGET_POS_BYTES)


def shared_segment_files(owners: list[list[int]], group_sets: GroupSets) -> tuple[list[int], dict[str, bytes]]:
    """Step 6. ``seg/``: the owners of every segment more than one (case, group) has, and ``segb``, the first
    segment of each file."""
    files: dict[str, bytes] = {}
    segb: list[int] = []
    bucket = bytearray()
    previous = -1
    for segment, found in enumerate(owners):
        if len(found) == 1:
            continue
        if not bucket:
            segb.append(segment)
            previous = segment - 1
        sets: list[list[int]] = [[], [], [], []]
        for owner in found:
            sets[owner & 3].append(owner >> 2)
        encoded = group_sets.encode(sets)
        varint(segment - previous - 1, bucket)
        varint(len(encoded), bucket)
        bucket += encoded
        previous = segment
        if len(bucket) >= SEG_BYTES:
            files[f"{SEG}{len(segb) - 1}.bin"] = bytes(bucket)
            bucket = bytearray()
    if bucket:
        files[f"{SEG}{len(segb) - 1}.bin"] = bytes(bucket)
    return segb, files


# -- writing the format -------------------------------------------------------------------------------------

class GroupSets:
    """The ``group sets`` of the format for a library of ``total`` cases: per group, ascending case numbers as a
    gap list (``LIST``) or, when that would be longer, a bitset (``BITSET``)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bitset_size = (total + 7) // 8
        self.gap_varints: list[bytes] = []  # most gaps between case numbers are small: their varints, made once
        for gap in range(min(total, 1 << 14) + 1):
            varint(gap, out := bytearray())
            self.gap_varints.append(bytes(out))

    def encode(self, sets: Sequence[Sequence[int] | None]) -> bytes:
        """``mask:u8``, then for each group with cases ``kind:u8 count:varint nbytes:varint payload``."""
        out = bytearray([sum(1 << g for g, numbers in enumerate(sets) if numbers)])
        for numbers in sets:
            if numbers:
                kind, payload = self.case_set(numbers)
                out.append(kind)
                varint(len(numbers), out)
                varint(len(payload), out)
                out += payload
        return bytes(out)

    def case_set(self, numbers: Sequence[int]) -> tuple[int, bytes]:
        """(kind, payload) of ascending case numbers: the gap list, or the bitset when that is shorter."""
        if len(numbers) <= self.bitset_size:  # else the gaps, a byte each at least, cannot be shorter
            gaps = self.gap_bytes(numbers)
            if len(gaps) <= self.bitset_size:
                return LIST, gaps
        return BITSET, self.bitset(numbers)

    def gap_bytes(self, numbers: Sequence[int]) -> bytes:
        """``b"".join(varint(n - previous - 1) for each n)``, previous starting at -1, by C loops."""
        return b"".join(map(self._gap, map(sub, map((-1).__add__, numbers), chain((-1,), numbers))))

    def _gap(self, gap: int) -> bytes:
        if gap < len(self.gap_varints):
            return self.gap_varints[gap]
        varint(gap, out := bytearray())
        return bytes(out)

    def bitset(self, numbers: Iterable[int]) -> bytes:
        """``bits[n >> 3] |= 1 << (n & 7)`` for each n, by C loops: a byte per case (0 or 1) is set, then every
        eighth byte (the cases whose bit is ``b``) is turned into bit ``b`` by ``bytes.translate`` and OR-ed in."""
        flags = bytearray(self.bitset_size * 8)
        _consume(map(setitem, repeat(flags), numbers, repeat(1)))
        packed = 0
        for bit in range(8):
            packed |= int.from_bytes(flags[bit::8].translate(_BIT_OF[bit]), "little")
        return packed.to_bytes(self.bitset_size, "little")


_BIT_OF = [bytes([0, 1 << bit]) + bytes(254) for bit in range(8)]  # translation tables: a 0/1 byte to bit ``bit``


def entry(key: str, payload: bytes) -> bytes:
    """``keylen:u8 key:utf8 nbytes:varint payload``."""
    encoded = key.encode("utf-8")
    out = bytearray([len(encoded)])
    out += encoded
    varint(len(payload), out)
    out += payload
    return bytes(out)


def shard_files(prefix: str, entries: list[tuple[str, bytes]], target: int) -> tuple[int, dict[str, bytes]]:
    """Entries (in key order) spread over ``<prefix><fnv1a(key) % shards>.bin``; the number of shards."""
    shards = shard_count(sum(len(e) for _, e in entries), target)
    files: dict[int, bytearray] = {}
    for key, data in entries:
        files.setdefault(fnv1a(key) % shards, bytearray()).extend(data)
    return shards, {f"{prefix}{shard}.bin": bytes(data) for shard, data in sorted(files.items())}


# -- inner loops, as C loops ----------------------------------------------------------------------------------

def _append_to_each(lists: defaultdict[str, Any], keys: Iterable[str], item: int, append: Any = list.append) -> None:
    """``for key in keys: lists[key].append(item)``; ``append`` is the lists' method (``list.append``,
    ``array.append``), called unbound so that the loop stays in C."""
    _consume(map(append, map(lists.__getitem__, keys), repeat(item)))


def _union(collections: Iterable[Iterable[Hashable]]) -> set[Any]:
    """The set of everything in any of ``collections``."""
    return set().union(*collections)


def _grams(segment: str) -> tuple[list[str], list[str], list[str]]:
    """The 2-, 3- and 4-grams of a segment, in order of position: ``[segment[i:i + n] for i …]``."""
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


def _consume(iterator: Iterable[Any]) -> None:
    """Run an iterator of side effects to its end (``deque(…, maxlen=0)``: the C loop that keeps nothing)."""
    deque(iterator, maxlen=0)
