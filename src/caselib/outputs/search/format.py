"""The search index format, described once: what the files hold, how a query is matched and ranked.

Everything that writes or reads the index follows this description: the builder (``search.build``,
fast), the reference encoder (``search.reference``, written straight from this text: the tests
compare the two byte for byte), the Python reader (``search.query``) and the browser's reader
(``overrides/assets/javascripts/finder-index.js``; the tests compare it with the Python reader).
This module holds the constants and the few functions the description names (``normalize``,
``segments``, ``record_fields``, ``fnv1a``, ``varint``, ``shard_count``).

Chinese full-text search as static files: exact phrases, ranked by field, without a server.

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
the thing. ``kind`` 0 (``LIST``): ``count`` ascending case numbers, each as the gap ``n - previous - 1``
(previous starts at -1); ``kind`` 1 (``BITSET``): a bitset over all cases (case n is bit ``n & 7`` of byte
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
returns them, as ``Built.meta``).

Matching a term (``query.Index.term``; the browser does the same)
-----------------------------------------------------------
* up to 3 characters: its key; absent means no case has it;
* longer: the keys of all its 3-grams (for ranking; one absent means no case has the term), then
  for 4 characters its own key when present (else it is in fewer than ``gram4`` cases), else the
  3-grams at offsets 0, 3, 6, … and ``len - 3`` (a cover): a segment contains the term exactly when
  it has each cover key ``i`` at ``p + offset_i`` for one ``p``. Unique segments name their case
  and group; shared ones are looked up in ``seg/``.

Either way the result is exact (no false match, none missed) and per group. A case matches a query
when it is in some group's set of every term.

Ranking (``query.Index.rank``; weights in ``WEIGHTS``)
------------------------------------------------
A case's score is the sum over terms and groups of ``WEIGHTS[g] * (coverage + phrase)``: phrase is
1 when group ``g`` contains the term as written; coverage is the share of the term's 3-grams that
the group contains (for terms of up to three characters, the phrase again). With weights 64, 16,
4, 1 the phrase in a group outweighs everything in the groups below it and a partial match in its
own group, so a title that has the word ranks above every case whose title lacks it. Ties keep the
"most recently updated" order. How often a word occurs does not count.

    python scripts/explore.py search --root . --query 社会工作者     # query the index in Python
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
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
LIST, BITSET = 0, 1  # the two kinds of a group's case set
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
    """FNV-1a, 32 bits, of the key's UTF-8 bytes: which shard file holds a key (``% shards``)."""
    h = 0x811C9DC5
    for byte in key.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def varint(n: int, out: bytearray) -> None:
    """Append ``n`` as an unsigned LEB128 varint: 7 bits a byte, low bits first, the high bit set on all but the last."""
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def shard_count(size: int, target: int) -> int:
    """How many files entries of ``size`` bytes in all are spread over: a power of two, ``target`` bytes a file."""
    shards = MIN_SHARDS
    while shards < MAX_SHARDS and size / shards > target:
        shards *= 2
    return shards


def read_varint(data: bytes, i: int) -> tuple[int, int]:
    """The varint at ``data[i]``, and the index after it."""
    shift = n = 0
    while True:
        byte = data[i]
        i += 1
        n |= (byte & 0x7F) << shift
        if byte < 0x80:
            return n, i
        shift += 7


@dataclass
class Built:
    """What a builder returns: the files (site-relative path -> bytes) and the figures ``finder/facets.json``
    carries under ``search`` (``shards``, ``pshards``, ``segb``, ``weights``, ``gram4``)."""

    files: dict[str, bytes]
    meta: dict[str, Any] = field(default_factory=dict)
