"""search_index.build (the fast one) against a plain reference encoder written straight from the format.

The reference follows the file format in ``caselib.outputs.search.build``'s docstring one case, segment and key
at a time, with sets and lists. The fast build must give the same bytes for inputs that exercise every
branch: segments shared by cases and by groups of one case, unique ones, 3-grams repeated in a segment,
4-grams below and above ``gram4``, case lists and bitsets (and lists that the gaps alone make longer
than a bitset), varints of one to three bytes, characters of 1 to 4 UTF-8 bytes, empty cases, sentence
ends, and more than one file of shared segments. The browser (finder.js) reads these bytes, so "the
same" means byte for byte.
"""

from __future__ import annotations

from conftest import LIBRARY

from caselib.contrib import synthetic
from caselib.outputs.search import build as si


def _varint(n: int) -> bytes:
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def _groupsets(sets: list[set[int]], total: int) -> bytes:
    out = bytearray([sum(1 << g for g in range(4) if sets[g])])
    for found in sets:
        if not found:
            continue
        numbers = sorted(found)
        gaps = b"".join(_varint(n - p - 1) for p, n in zip([-1, *numbers], numbers, strict=False))
        bitset = bytearray((total + 7) // 8)
        for n in numbers:
            bitset[n >> 3] |= 1 << (n & 7)
        kind, payload = (0, gaps) if len(gaps) <= len(bitset) else (1, bytes(bitset))
        out += bytes([kind]) + _varint(len(numbers)) + _varint(len(payload)) + payload
    return bytes(out)


def _entry(key: str, payload: bytes) -> bytes:
    return bytes([len(key.encode())]) + key.encode() + _varint(len(payload)) + payload


def _sharded(prefix: str, entries: dict[str, bytes], target: int) -> tuple[int, dict[str, bytes]]:
    size = sum(len(e) for e in entries.values())
    shards = si.MIN_SHARDS
    while shards < si.MAX_SHARDS and size / shards > target:
        shards *= 2
    files: dict[int, bytes] = {}
    for key in sorted(entries):
        shard = si.fnv1a(key) % shards
        files[shard] = files.get(shard, b"") + entries[key]
    return shards, {f"{prefix}{s}.bin": files[s] for s in sorted(files)}


def reference_build(cases: list[list[tuple[int, str]]], gram4: int) -> si.Built:
    total = len(cases)
    number: dict[str, int] = {}
    owners: list[list[tuple[int, int]]] = []
    layout: list[list[list[str]]] = []  # case -> group -> distinct segments
    for case, strings in enumerate(cases):
        groups: list[list[str]] = [[], [], [], []]
        for group, text in strings:
            for segment in si.segments(si.normalize(text)):
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
    shards, files = _sharded(si.IDX, {k: _entry(k, _groupsets(v, total)) for k, v in keys.items()}, si.TARGET_SHARD_BYTES)

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
    pshards, pos_files = _sharded(si.POS, {k: _entry(k, bytes(v)) for k, v in positions.items()}, si.TARGET_POS_BYTES)
    files.update(pos_files)

    segb: list[int] = []
    buckets: list[bytearray] = []
    previous = -1
    for index, found in enumerate(owners):
        if len(found) == 1:
            continue
        if not buckets or len(buckets[-1]) >= si.SEG_BYTES:
            segb.append(index)
            buckets.append(bytearray())
            previous = index - 1
        sets: list[set[int]] = [set(), set(), set(), set()]
        for case, group in found:
            sets[group].add(case)
        data = _groupsets(sets, total)
        buckets[-1] += _varint(index - previous - 1) + _varint(len(data)) + data
        previous = index
    files.update({f"{si.SEG}{b}.bin": bytes(data) for b, data in enumerate(buckets)})
    return si.Built(files, {"shards": shards, "pshards": pshards, "segb": segb, "weights": list(si.WEIGHTS), "gram4": gram4})


def crafted_cases() -> list[list[tuple[int, str]]]:
    total = 1200  # bitset 150 bytes
    cases: list[list[tuple[int, str]]] = [[(0, f"案例{n % 17}"), (2, "社工带志愿者。入户走访！")] for n in range(total)]
    for n in range(total):
        if n % 3 == 0:  # repeats inside a segment; 4-byte characters; a shared segment in two groups of one case
            cases[n] += [(2, "哈哈哈哈哈哈哈哈哈哈哈哈 社区社区社区（村）组织 𠀋𠀋𠀋𠀋x é"), (3, "社区社区社区（村）组织")]
        if n % 11 == 0:
            cases[n].append((1, f"志愿服务队 困境儿童关爱 第{n}号志愿服务队"))  # unique segments, shared 4-grams
    for n in range(150):  # 150 cases in a row: gaps of one byte, a list as long as the bitset
        cases[n].append((2, "甲乙丙"))
    for n in [*range(148), 600, 1100]:  # as many bytes of gaps plus two longer gaps: a bitset
        cases[n].append((2, "丁戊己"))
    for n in (5, 200, 1199):  # rare keys with gaps of two varint bytes
        cases[n].append((1, "彝良县医院"))
    for n in (3, 50):  # a key in two segments of a case
        cases[n].append((2, "彝良县 去彝良县医院"))
    for n in (4, 60, 61):  # a key repeated in a segment, more than 128 characters apart
        cases[n].append((2, "嘿嘿嘿" + "中" * 140 + "嘿嘿嘿"))
    for n in range(0, total, 7):  # many shared segments: more than one file of owners
        cases[n].append((2, f"共享句子{n % 140}，大家都有。"))
    cases[1190] = []
    cases[1191] = [(2, "单 字 a b")]
    return cases


def test_build_matches_the_reference_on_crafted_cases() -> None:
    cases = crafted_cases()
    expected = reference_build(cases, 30)
    assert si.build(cases, gram4_cases=30) == expected
    assert len(expected.meta["segb"]) > 1
    kinds = {}  # key -> kinds of its group sets: every branch was taken
    for path, data in expected.files.items():
        if path.startswith(si.IDX):
            for key, payload in si._entries(data).items():
                kinds[key] = payload[1] if payload[0] else None
    assert (kinds["甲乙丙"], kinds["丁戊己"], kinds["彝良县"], kinds["社"]) == (0, 1, 0, 1)
    assert "志愿服务" in kinds and "彝良县医" not in kinds  # 4-grams in at least / fewer than 30 cases


def test_build_matches_the_reference_on_synthetic_records() -> None:
    records = synthetic.generate(120, seed=5, root=LIBRARY)
    cases = [[(g, t) for g, _name, t in si.record_fields(r)] for r in records]
    assert si.build(cases, gram4_cases=8) == reference_build(cases, 8)
    assert si.build(cases[:1]) == reference_build(cases[:1], si.GRAM4_CASES)
    assert si.build([]) == reference_build([], si.GRAM4_CASES)
