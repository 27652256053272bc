"""Chinese full-text search as static files: a character n-gram index sharded by hash.

Why this design (figures in ``docs/search.md``): Material's built-in search
downloads its whole index before the first result, and Pagefind's Chinese
segmentation differs between indexing and querying (its issue #1237). A
character index needs no segmenter: a case contains the query only if it
contains every character pair (bigram) of the query, so intersecting the
posting lists of the query's bigrams can never miss a case (recall is exact by
construction). Precision is restored by two one-byte masks stored with each
posting:

* ``next``: 8-bit Bloom mask of the characters that follow the bigram in the
  case (end of a run counts as its own character);
* ``pos``: 8-bit mask of the bigram's positions modulo 8.

A query ``abcd`` keeps a case only if ``next(ab)`` has ``c`` and ``next(bc)``
has ``d`` (the next-character test), and some offset makes the position
masks of ``ab``, ``bc``, ``cd`` line up (the adjacency test). Both tests are
necessary conditions, so recall stays exact.

Files (site-relative, under ``finder/``):

* ``idx/<shard>.bin``: entries ``keylen:u8 key:utf8 kind:u8 count:varint
  nbytes:varint payload``; ``kind`` 0 is a delta-varint list of case numbers
  followed by ``count`` next-masks and ``count`` pos-masks; ``kind`` 1 is a
  bitset over all cases (for very common keys; masks all ones). Unigram keys
  (for one-character queries) carry no masks.
* The shard of a key is ``fnv1a32(utf8(key)) % shards``; ``shards`` is in
  ``finder/facets.json``.

The browser half is ``overrides/assets/javascripts/finder.js``; ``query()``
below is the same algorithm in Python, used by the tests and the benchmark.

    python -m caselib.search_index --root . --query 积分制
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from collections.abc import Iterable, Iterator
from itertools import cycle
from pathlib import Path
from typing import Any

PREFIX = "finder/idx/"
# White space separates runs (a query "彝良 困境儿童" needs both runs); n-grams never span it.
# Punctuation is kept, so "社区（村）组织" is one run, as a plain text scan would read it.
_SEPARATOR = re.compile(r"[\s\x00-\x1f]+")
TARGET_SHARD_BYTES = 6_000
MIN_SHARDS = 16
MAX_SHARDS = 8192
# A posting list becomes a bitset (and loses its masks) only when it would be DENSE times the bitset's size.
DENSE = 4


def normalize(text: str) -> str:
    """NFKC (full-width letters and digits to ASCII), lower case. Used for records and queries alike."""
    return unicodedata.normalize("NFKC", text).lower()


def runs(text: str) -> list[str]:
    """The runs of indexable characters in ``text`` (already normalized)."""
    return [r for r in _SEPARATOR.split(text) if r]


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


def fnv1a(key: str) -> int:
    h = 0x811C9DC5
    for byte in key.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def _bit(char: str) -> int:
    """Bloom bit (0..7) of a following character; '' (end of run) has its own hash."""
    return 1 << (fnv1a(char) & 7)


_END = _bit("")


def _varint(n: int, out: bytearray) -> None:
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


class _BitCache(dict[str, int]):
    def __missing__(self, char: str) -> int:
        bit = self[char] = _bit(char)
        return bit


_BITS = _BitCache()
_bit_cached = _BITS.__getitem__
_POS8 = [256 << i for i in range(8)]  # position-mod-8 mask, stored in the second byte


GRAM = 3  # longest indexed n-gram; queries up to this length are answered exactly by one key


class Postings:
    """Per key (every 2- and 3-character n-gram): case numbers with next-char and position masks."""

    def __init__(self) -> None:
        self.grams: dict[str, list[int]] = {}  # key -> [case << 16 | pos << 8 | next, ...]
        self.unigrams: dict[str, list[int]] = {}

    def add(self, number: int, text: str) -> None:
        masks: dict[str, int] = {}
        get = masks.get
        chars: set[str] = set()
        for run in runs(text):
            chars.update(run)
            bits = list(map(_bit_cached, run))
            bits.append(_END)
            # the n-grams of the run (C-speed map/zip), each with (following char's bit | position bit)
            for keys, follow in ((map(str.__add__, run, run[1:]), bits[2:]),
                                 (map("".join, zip(run, run[1:], run[2:], strict=False)), bits[3:])):
                for key, value in zip(keys, map(int.__or__, follow, cycle(_POS8)), strict=False):
                    masks[key] = get(key, 0) | value
        grams = self.grams
        base = number << 16
        for key, value in masks.items():
            entry = grams.get(key)
            if entry is None:
                grams[key] = [base | value]
            else:
                entry.append(base | value)
        unigrams = self.unigrams
        for char in chars:
            entry = unigrams.get(char)
            if entry is None:
                unigrams[char] = [number]
            else:
                entry.append(number)


def _entry(key: str, kind: int, count: int, payload: bytes) -> bytes:
    encoded = key.encode("utf-8")
    out = bytearray([len(encoded)])
    out += encoded
    out.append(kind)
    _varint(count, out)
    _varint(len(payload), out)
    out += payload
    return bytes(out)


def _encode(key: str, numbers: list[int], masks: list[list[int]], total: int) -> bytes:
    deltas = bytearray()
    previous = -1
    for n in numbers:
        _varint(n - previous - 1, deltas)
        previous = n
    bitset_size = (total + 7) // 8
    if len(deltas) + len(numbers) * len(masks) > DENSE * bitset_size:
        bits = bytearray(bitset_size)
        for n in numbers:
            bits[n >> 3] |= 1 << (n & 7)
        return _entry(key, 1, len(numbers), bytes(bits))
    payload = bytes(deltas) + b"".join(bytes(m) for m in masks)
    return _entry(key, 0 if masks else 2, len(numbers), payload)


def build(texts: list[str]) -> tuple[int, dict[str, bytes]]:
    """The shard files for the texts (case number = list position): ``(shards, {path: bytes})``."""
    postings = Postings()
    for number, text in enumerate(texts):
        postings.add(number, text)
    total = len(texts)
    entries: list[tuple[str, bytes]] = []
    for key in sorted(postings.grams):
        packed = postings.grams[key]
        numbers = [v >> 16 for v in packed]
        entries.append((key, _encode(key, numbers, [[v & 255 for v in packed], [v >> 8 & 255 for v in packed]], total)))
    for char in sorted(postings.unigrams):
        # Unigram keys are one character; bigram keys two: they never collide.
        entries.append((char, _encode(char, postings.unigrams[char], [], total)))
    size = sum(len(e) for _, e in entries)
    shards = MIN_SHARDS
    while shards < MAX_SHARDS and size / shards > TARGET_SHARD_BYTES:
        shards *= 2
    files: dict[int, bytearray] = {}
    for key, data in entries:
        files.setdefault(fnv1a(key) % shards, bytearray()).extend(data)
    return shards, {f"{PREFIX}{shard}.bin": bytes(data) for shard, data in sorted(files.items())}


# --- reading the index (the browser's algorithm, in Python) -------------------------------------


def _read_varint(data: bytes, i: int) -> tuple[int, int]:
    shift = n = 0
    while True:
        byte = data[i]
        i += 1
        n |= (byte & 0x7F) << shift
        if byte < 0x80:
            return n, i
        shift += 7


def lookup(shard: bytes, key: str, total: int) -> dict[int, tuple[int, int]] | None:
    """Postings of ``key`` in a shard file: {case: (next mask, pos mask)}; None if absent."""
    wanted = key.encode("utf-8")
    i = 0
    while i < len(shard):
        keylen = shard[i]
        k = shard[i + 1:i + 1 + keylen]
        kind = shard[i + 1 + keylen]
        count, j = _read_varint(shard, i + 2 + keylen)
        nbytes, j = _read_varint(shard, j)
        if k != wanted:
            i = j + nbytes
            continue
        payload = shard[j:j + nbytes]
        if kind == 1:
            return {n: (0xFF, 0xFF) for n in range(total) if payload[n >> 3] >> (n & 7) & 1}
        numbers: list[int] = []
        p, previous = 0, -1
        for _ in range(count):
            delta, p = _read_varint(payload, p)
            previous += delta + 1
            numbers.append(previous)
        if kind == 2:
            return {n: (0xFF, 0xFF) for n in numbers}
        nexts, poss = payload[p:p + count], payload[p + count:p + 2 * count]
        return {n: (nexts[x], poss[x]) for x, n in enumerate(numbers)}
    return None


def _rotl(mask: int, by: int) -> int:
    by &= 7
    return ((mask << by) | (mask >> (8 - by))) & 0xFF


def run_keys(run: str) -> list[str]:
    """Index keys for one run of a query: itself when it is short, else its overlapping trigrams."""
    if len(run) <= GRAM:
        return [run]
    return [run[i:i + GRAM] for i in range(len(run) - GRAM + 1)]


def _run_matches(run: str, get: Any) -> set[int]:
    """Cases that may contain ``run`` (a separator-free piece of the query); exact up to GRAM characters."""
    keys = run_keys(run)
    lists = [get(k) or {} for k in keys]
    candidates = set.intersection(*(set(p) for p in lists))
    if len(keys) == 1:
        return candidates
    out: set[int] = set()
    for case in candidates:
        # the character after keys[i] must be run[i + GRAM] ...
        if any(not lists[i][case][0] & _bit_cached(run[i + GRAM]) for i in range(len(keys) - 1)):
            continue
        # ... and keys[i] must sit at p + i for a common p: rotate each position mask back by i, intersect.
        aligned = 0xFF
        for i, postings in enumerate(lists):
            aligned &= _rotl(postings[case][1], -i)
        if aligned:
            out.add(case)
    return out


def query_keys(text: str) -> list[str]:
    """The index keys a query needs (what the browser fetches)."""
    keys: list[str] = []
    for run in runs(normalize(text)):
        keys += [k for k in run_keys(run) if k not in keys]
    return keys


def query(text: str, read_shard: Any, shards: int, total: int) -> set[int]:
    """Case numbers matching every run of the query; ``read_shard(n)`` returns shard n's bytes (or b'')."""
    cache: dict[str, Any] = {}

    def get(key: str) -> dict[int, tuple[int, int]] | None:
        if key not in cache:
            cache[key] = lookup(read_shard(fnv1a(key) % shards), key, total)
        return cache[key]

    result: set[int] | None = None
    for run in runs(normalize(text)):
        found = _run_matches(run, get)
        result = found if result is None else result & found
    return result if result is not None else set()


def folder_reader(folder: Path) -> Any:
    def read(shard: int) -> bytes:
        path = folder / f"{PREFIX}{shard}.bin"
        return path.read_bytes() if path.exists() else b""

    return read


def _main(argv: Iterable[str] | None = None) -> None:
    import json

    from caselib.finder import build_finder, ordered
    from caselib.pipeline import run

    parser = argparse.ArgumentParser(description="Query the static search index in Python.")
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--query", required=True)
    args = parser.parse_args(list(argv) if argv is not None else None)
    result = run(args.root)
    assert result.library is not None, result.problems
    files = build_finder(result.library)
    meta = json.loads(files["finder/facets.json"])
    hits = query(args.query, lambda n: files.get(f"{PREFIX}{n}.bin", b""), meta["shards"], meta["n"])
    cases = ordered(result.library)
    print(f"{len(hits)} cases:", " ".join(cases[h].id for h in sorted(hits)))


if __name__ == "__main__":
    _main()
