"""The reference encoder: the index written straight from the format description (``search.format``), one case,
segment and key at a time, with sets and lists, as plainly as possible.

It is the oracle for the fast builder (``search.build``): for the same cases both must give the same
bytes (``tests/unit/test_search_index_equivalence.py`` feeds them inputs that take every branch of the
format). Too slow for a real library (a few seconds at 1,000 cases); never used to build a site. It
shares only the format's definitions with the builder (text splitting, the hash, the constants), and
writes every byte itself.
"""

from __future__ import annotations

from caselib.outputs.search.format import (
    BITSET,
    IDX,
    LIST,
    MAX_SHARDS,
    MIN_SHARDS,
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
)


def _varint(n: int) -> bytes:
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def _groupsets(sets: list[set[int]], total: int) -> bytes:
    """``mask:u8``, then for each group with cases: ``kind:u8 count:varint nbytes:varint payload``."""
    out = bytearray([sum(1 << g for g in range(4) if sets[g])])
    for found in sets:
        if not found:
            continue
        numbers = sorted(found)
        gaps = b"".join(_varint(n - p - 1) for p, n in zip([-1, *numbers], numbers, strict=False))
        bitset = bytearray((total + 7) // 8)
        for n in numbers:
            bitset[n >> 3] |= 1 << (n & 7)
        kind, payload = (LIST, gaps) if len(gaps) <= len(bitset) else (BITSET, bytes(bitset))
        out += bytes([kind]) + _varint(len(numbers)) + _varint(len(payload)) + payload
    return bytes(out)


def _entry(key: str, payload: bytes) -> bytes:
    return bytes([len(key.encode())]) + key.encode() + _varint(len(payload)) + payload


def _sharded(prefix: str, entries: dict[str, bytes], target: int) -> tuple[int, dict[str, bytes]]:
    size = sum(len(e) for e in entries.values())
    shards = MIN_SHARDS
    while shards < MAX_SHARDS and size / shards > target:
        shards *= 2
    files: dict[int, bytes] = {}
    for key in sorted(entries):
        shard = fnv1a(key) % shards
        files[shard] = files.get(shard, b"") + entries[key]
    return shards, {f"{prefix}{s}.bin": files[s] for s in sorted(files)}


def reference_build(cases: list[list[tuple[int, str]]], gram4: int) -> Built:
    """The index of ``cases`` (case number = list position; each case its ``(group, string)`` list)."""
    total = len(cases)
    number: dict[str, int] = {}
    owners: list[list[tuple[int, int]]] = []
    layout: list[list[list[str]]] = []  # case -> group -> distinct segments
    for case, strings in enumerate(cases):
        groups: list[list[str]] = [[], [], [], []]
        for group, text in strings:
            for segment in segments(normalize(text)):
                if segment not in groups[group]:
                    groups[group].append(segment)
        for group in range(4):
            for segment in groups[group]:
                if segment not in number:
                    number[segment] = len(owners)
                    owners.append([])
                owners[number[segment]].append((case, group))
        layout.append(groups)

    def grams(segment: str, size: int) -> list[str]:
        return [segment[i:i + size] for i in range(len(segment) - size + 1)]

    cases_of: dict[str, set[int]] = {}
    for case, groups in enumerate(layout):
        for segment in [s for found in groups for s in found]:
            for key in grams(segment, 4):
                cases_of.setdefault(key, set()).add(case)
    keys: dict[str, list[set[int]]] = {}
    for case, groups in enumerate(layout):
        for group, found in enumerate(groups):
            for segment in found:
                for key in grams(segment, 1) + grams(segment, 2) + grams(segment, 3) + grams(segment, 4):
                    if len(key) < 4 or len(cases_of[key]) >= gram4:
                        keys.setdefault(key, [set(), set(), set(), set()])[group].add(case)
    shards, files = _sharded(IDX, {k: _entry(k, _groupsets(v, total)) for k, v in keys.items()}, TARGET_SHARD_BYTES)

    positions: dict[str, bytearray] = {}
    last: dict[str, tuple[int, int]] = {}  # key -> (previous segment, previous unique case)
    for segment, index in number.items():
        for key in dict.fromkeys(grams(segment, 3)):
            offsets = [i for i in range(len(segment) - 2) if segment[i:i + 3] == key]
            previous, previous_case = last.get(key, (-1, 0))
            out = positions.setdefault(key, bytearray())
            out += _varint(index - previous - 1)
            unique = len(owners[index]) == 1
            out += _varint(len(offsets) << 1 | unique)
            if unique:
                case, group = owners[index][0]
                out += _varint((case - previous_case) << 2 | group)
                previous_case = case
            out += b"".join(_varint(o if i == 0 else o - offsets[i - 1] - 1) for i, o in enumerate(offsets))
            last[key] = (index, previous_case)
    pshards, pos_files = _sharded(POS, {k: _entry(k, bytes(v)) for k, v in positions.items()}, TARGET_POS_BYTES)
    files.update(pos_files)

    segb: list[int] = []
    buckets: list[bytearray] = []
    previous = -1
    for index, found in enumerate(owners):
        if len(found) == 1:
            continue
        if not buckets or len(buckets[-1]) >= SEG_BYTES:
            segb.append(index)
            buckets.append(bytearray())
            previous = index - 1
        sets: list[set[int]] = [set(), set(), set(), set()]
        for case, group in found:
            sets[group].add(case)
        data = _groupsets(sets, total)
        buckets[-1] += _varint(index - previous - 1) + _varint(len(data)) + data
        previous = index
    files.update({f"{SEG}{b}.bin": bytes(data) for b, data in enumerate(buckets)})
    return Built(files, {"shards": shards, "pshards": pshards, "segb": segb, "weights": list(WEIGHTS), "gram4": gram4})
