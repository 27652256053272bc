"""search_index.build (the fast one) against a plain reference encoder written straight from the format.

The reference follows the file format in ``caselib.search_index``'s docstring one posting at a time: per
case a dict of masks, per key a list of postings, kind 0 / 1 / 2 chosen by size. The fast build must give
the same bytes for texts that exercise every branch: runs repeated across cases, n-grams repeated inside a
run (and more than eight positions apart), keys shared by runs of one case, keys dense enough to be
bitsets, keys whose deltas alone decide between a list and a bitset, multi-byte varints, and characters
of 1 to 4 UTF-8 bytes. The browser (finder.js) reads these bytes, so "the same" means byte for byte.
"""

from __future__ import annotations

from conftest import LIBRARY

from caselib import search_index, synthetic


def _varint(n: int) -> bytes:
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def _bit(char: str) -> int:
    return 1 << (search_index.fnv1a(char) & 7)


def reference_build(texts: list[str]) -> tuple[int, dict[str, bytes]]:
    total = len(texts)
    grams: dict[str, list[tuple[int, int, int]]] = {}  # key -> [(case, next mask, pos mask)]
    chars: dict[str, list[int]] = {}
    for number, text in enumerate(texts):
        masks: dict[str, tuple[int, int]] = {}
        seen: set[str] = set()
        for run in search_index.runs(text):
            seen.update(run)
            for size in (2, 3):
                for i in range(len(run) - size + 1):
                    key = run[i:i + size]
                    follow = run[i + size] if i + size < len(run) else ""
                    nxt, pos = masks.get(key, (0, 0))
                    masks[key] = (nxt | _bit(follow), pos | 1 << (i % 8))
        for key, (nxt, pos) in masks.items():
            grams.setdefault(key, []).append((number, nxt, pos))
        for char in seen:
            chars.setdefault(char, []).append(number)

    def entry(key: str, numbers: list[int], masks: list[list[int]]) -> bytes:
        deltas = b"".join(_varint(n - p - 1) for p, n in zip([-1, *numbers], numbers, strict=False))
        bitset = bytearray((total + 7) // 8)
        for n in numbers:
            bitset[n >> 3] |= 1 << (n & 7)
        if len(deltas) + len(numbers) * len(masks) > search_index.DENSE * len(bitset):
            kind, payload = 1, bytes(bitset)
        else:
            kind, payload = (0 if masks else 2), deltas + b"".join(bytes(m) for m in masks)
        encoded = key.encode("utf-8")
        return bytes([len(encoded)]) + encoded + bytes([kind]) + _varint(len(numbers)) + _varint(len(payload)) + payload

    entries = [(k, entry(k, [p[0] for p in grams[k]], [[p[1] for p in grams[k]], [p[2] for p in grams[k]]])) for k in sorted(grams)]
    entries += [(c, entry(c, chars[c], [])) for c in sorted(chars)]
    size = sum(len(e) for _, e in entries)
    shards = search_index.MIN_SHARDS
    while shards < search_index.MAX_SHARDS and size / shards > search_index.TARGET_SHARD_BYTES:
        shards *= 2
    files: dict[int, bytes] = {}
    for key, data in entries:
        shard = search_index.fnv1a(key) % shards
        files[shard] = files.get(shard, b"") + data
    return shards, {f"{search_index.PREFIX}{s}.bin": files[s] for s in sorted(files)}


def crafted_texts() -> list[str]:
    total = 2000  # bitset 250 bytes: a gram key is a bitset for sure above 333 cases
    texts = [f"案例{n % 17} 社工带志愿者" for n in range(total)]
    for n in range(total):
        if n % 3 == 0:
            texts[n] += "\n哈哈哈哈哈哈哈哈哈哈哈哈 社区社区社区(村)组织 𠀋𠀋𠀋𠀋x é"  # repeats inside a run; 4-byte characters
        if n % 11 == 0:
            texts[n] += "\n志愿服务队 困境儿童关爱 志愿服务队"  # one run twice in a case; "志愿" shared with another run
    # 333 cases of "甲乙丙": consecutive -> deltas of one byte -> a list (kind 0) ...
    for n in range(333):
        texts[n] += " 甲乙丙"
    # ... while two long gaps make the deltas of "丁戊己" (also 333 cases) tip it into a bitset (kind 1)
    for n in [*range(331), 1000, 1500]:
        texts[n] += " 丁戊己"
    for n in (5, 200, 1999):  # rare keys with gaps of two and more varint bytes
        texts[n] += "\t彝良县医院"
    for n in (3, 50):  # a rare key in two runs of a case, with different masks to OR
        texts[n] += " 彝良县 去彝良县医院"
    for n in (4, 60, 61):  # a rare key repeated in one run, nine positions apart
        texts[n] += " 嘿嘿嘿嘿嘿嘿嘿嘿嘿嘿嘿嘿"
    texts[1990] = ""
    texts[1991] = "单 字 a b"
    return texts


def test_build_matches_the_reference_on_crafted_texts() -> None:
    texts = crafted_texts()
    expected = reference_build(texts)
    assert search_index.build(texts) == expected
    entries = {}  # key -> kind: every branch was taken
    for data in expected[1].values():
        i = 0
        while i < len(data):
            keylen = data[i]
            key = data[i + 1:i + 1 + keylen].decode()
            entries[key] = data[i + 1 + keylen]
            _count, j = search_index._read_varint(data, i + 2 + keylen)
            nbytes, j = search_index._read_varint(data, j)
            i = j + nbytes
    assert (entries["甲乙丙"], entries["丁戊己"], entries["社工带"], entries["彝良县"], entries["彝"], entries["社"], entries["嘿嘿"]) == (0, 1, 1, 0, 2, 1, 0)


def test_build_matches_the_reference_on_synthetic_records() -> None:
    texts = [search_index.case_text(r) for r in synthetic.generate(120, seed=5, root=LIBRARY)]
    assert search_index.build(texts) == reference_build(texts)
    assert search_index.build(texts[:1]) == reference_build(texts[:1])
    assert search_index.build([]) == reference_build([])
