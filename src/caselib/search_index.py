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
import sys
import unicodedata
from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Iterator
from functools import partial
from itertools import chain, compress, cycle, repeat
from operator import add, ne, not_, or_, rshift, setitem, sub
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

# How the index is built in time linear in the text, with the work per n-gram done by C loops
# (map, zip, compress, set union, dict.update, bytes.join) rather than by Python statements:
# 1. the n-grams of a run and their masks depend on the run alone: each distinct run is cut up once
#    (records repeat many runs: vocabulary terms, region names, stock phrases);
# 2. a first pass counts the cases of each key (a union of the case's runs' key sets). A key in so many
#    cases that even one byte a posting outgrows the bitset becomes a bitset whatever its gaps are: its
#    masks are never stored, and the second pass only sets its cases' flags (one byte a case). At
#    10,000 synthetic cases that is 92 % of the n-gram postings;
# 3. for the other keys a case's masks are its runs' masks ORed (dict update, then an OR for the keys
#    that two runs share, found by intersecting key sets), appended to one array of machine integers
#    per key, ``case << 16 | pos << 8 | next``, whose bytes give the mask columns by slicing.


def run_masks(run: str) -> dict[str, int]:
    """Every 2- and 3-gram of one run: (bit of a character that follows it) | (bit of its position mod 8), ORed."""
    bits = list(map(_bit_cached, run))
    bits.append(_END)  # the character after the run's last n-grams: the end of the run
    bigrams = list(map(add, run, run[1:]))
    keys = bigrams + list(map(add, bigrams, run[2:]))
    values = list(map(or_, bits[2:], cycle(_POS8)))
    values += map(or_, bits[3:], cycle(_POS8))
    masks = dict(zip(keys, values, strict=True))  # a repeated n-gram keeps only its last value here ...
    if len(masks) < len(keys):  # ... so OR in its other occurrences: those whose index is not the last
        last = dict(zip(keys, range(len(keys)), strict=True))
        for key, value in compress(zip(keys, values, strict=True), map(ne, map(last.__getitem__, keys), range(len(keys)))):
            masks[key] |= value
    return masks


def _merge(parts: list[dict[str, int]]) -> dict[str, int]:
    """The masks of a case from the masks of its runs: ORed where runs share a key (the parts are not changed)."""
    if not parts:
        return {}
    masks = parts[0].copy()
    for part in parts[1:]:
        shared = masks.keys() & part.keys()
        if shared:
            ored = list(map(or_, map(masks.__getitem__, shared), map(part.__getitem__, shared)))
            masks.update(part)
            masks.update(zip(shared, ored, strict=True))
        else:
            masks.update(part)
    return masks


def _little_endian(values: array) -> bytes:
    if sys.byteorder == "big":  # pragma: no cover - big-endian hosts
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _consume(iterator: Iterator[Any]) -> None:
    deque(iterator, maxlen=0)


class Postings:
    """Per key: case numbers with next-char and position masks (n-grams), or case numbers (characters).

    Cases must be added in ascending order of their numbers (each key's postings stay sorted).
    """

    def __init__(self, total: int) -> None:
        # the smallest array item that holds case << 16 | pos << 8 | next for every case number
        typecode = next(c for c in "ILQ" if array(c).itemsize * 8 >= 16 + max(total - 1, 1).bit_length())
        self.grams: defaultdict[str, array] = defaultdict(partial(array, typecode))  # key -> [case << 16 | pos << 8 | next]
        self.unigrams: defaultdict[str, list[int]] = defaultdict(list)

    def add(self, number: int, masks: dict[str, int], chars: Iterable[str]) -> None:
        """Case ``number`` with its n-gram masks (``run_masks``, merged) and its distinct characters."""
        base = number << 16
        _consume(map(array.append, map(self.grams.__getitem__, masks), map(or_, repeat(base), masks.values())))
        _consume(map(list.append, map(self.unigrams.__getitem__, chars), repeat(number)))


_BIT_OF = [bytes([0, 1 << bit]) + bytes(254) for bit in range(8)]  # translation tables: a 0/1 byte to bit ``bit``


def _pack(flags: bytearray) -> bytes:
    """A bitset (case n is bit n & 7 of byte n >> 3) from one 0/1 byte a case (length a multiple of 8)."""
    packed = 0
    for bit in range(8):
        packed |= int.from_bytes(flags[bit::8].translate(_BIT_OF[bit]), "little")
    return packed.to_bytes(len(flags) // 8, "little")


def _flags(total: int) -> bytearray:
    return bytearray((total + 7) // 8 * 8)


def _bitset(numbers: list[int], total: int) -> bytes:
    flags = _flags(total)
    _consume(map(setitem, repeat(flags), numbers, repeat(1)))
    return _pack(flags)


def _entry(key: str, kind: int, count: int, payload: bytes) -> bytes:
    encoded = key.encode("utf-8")
    out = bytearray([len(encoded)])
    out += encoded
    out.append(kind)
    _varint(count, out)
    _varint(len(payload), out)
    out += payload
    return bytes(out)


def _encode(key: str, numbers: list[int], masks: list[bytes], total: int, gaps: list[bytes]) -> bytes:
    """One key's entry. ``gaps[d]`` is the varint of d - 1 (delta d between successive case numbers)."""
    deltas = b"".join(map(gaps.__getitem__, map(sub, numbers, chain((-1,), numbers))))
    bitset_size = (total + 7) // 8
    if len(deltas) + len(numbers) * len(masks) > DENSE * bitset_size:
        return _entry(key, 1, len(numbers), _bitset(numbers, total))
    return _entry(key, 0 if masks else 2, len(numbers), deltas + b"".join(masks))


def build(texts: list[str]) -> tuple[int, dict[str, bytes]]:
    """The shard files for the texts (case number = list position): ``(shards, {path: bytes})``."""
    total = len(texts)
    limit = DENSE * ((total + 7) // 8)
    pieces = [runs(text) for text in texts]

    # every distinct run once: its n-grams (one str object per key, shared by all runs) and their masks
    same: dict[str, str] = {}
    grams_of: dict[str, tuple[tuple[str, ...], array]] = {}
    for run in dict.fromkeys(chain.from_iterable(pieces)):
        masks = run_masks(run)
        grams_of[run] = tuple(map(same.setdefault, masks, masks)), array("H", masks.values())

    # pass 1: in how many cases each key is; keys in more than ``limit / 3`` (characters: ``limit``) are bitsets
    cases_with: Counter[str] = Counter()
    cases_with_char: Counter[str] = Counter()
    for case_runs in pieces:
        cases_with.update(set().union(*[grams_of[run][0] for run in case_runs]))
        cases_with_char.update(set().union(*case_runs))
    flags = {key: _flags(total) for key, count in cases_with.items() if 3 * count > limit}
    char_flags = {char: _flags(total) for char, count in cases_with_char.items() if count > limit}
    dense_chars = char_flags.keys()
    split: dict[str, tuple[tuple[bytearray, ...], dict[str, int]]] = {}  # run -> (flags of its bitset keys, masks of the others)
    for run, (keys, values) in grams_of.items():
        is_dense = list(map(flags.__contains__, keys))
        split[run] = (tuple(map(flags.__getitem__, compress(keys, is_dense))),
                      dict(compress(zip(keys, values, strict=True), map(not_, is_dense))))
    del grams_of, same

    # pass 2: flags of the bitset keys (set once per run: setting a flag twice is harmless), postings with masks of the others
    postings = Postings(total)
    for number, case_runs in enumerate(pieces):
        parts = list(map(split.__getitem__, case_runs))
        _consume(map(setitem, chain.from_iterable([p[0] for p in parts]), repeat(number), repeat(1)))
        chars = set().union(*case_runs)
        _consume(map(setitem, map(char_flags.__getitem__, dense_chars & chars), repeat(number), repeat(1)))
        postings.add(number, _merge([p[1] for p in parts if p[1]]), chars - dense_chars)
    del split, pieces

    gaps = [b""]
    for delta in range(1, total + 1):
        _varint(delta - 1, out := bytearray())
        gaps.append(bytes(out))
    entries: list[tuple[str, bytes]] = []
    for key in sorted(chain(postings.grams, flags)):
        if key in flags:
            entries.append((key, _entry(key, 1, cases_with[key], _pack(flags[key]))))
            continue
        packed = postings.grams[key]
        raw, width = _little_endian(packed), packed.itemsize
        numbers = list(map(rshift, packed, repeat(16)))
        entries.append((key, _encode(key, numbers, [raw[0::width], raw[1::width]], total, gaps)))
    for char in sorted(chain(postings.unigrams, char_flags)):
        # Unigram keys are one character; bigram keys two: they never collide.
        if char in char_flags:
            entries.append((char, _entry(char, 1, cases_with_char[char], _pack(char_flags[char]))))
        else:
            entries.append((char, _encode(char, postings.unigrams[char], [], total, gaps)))
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
