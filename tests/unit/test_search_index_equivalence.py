"""The search index builder (``search.build``, the fast one) against the reference encoder (``search.reference``).

The reference follows the file format in ``caselib.outputs.search.format``'s docstring one case, segment and
key at a time, with sets and lists. The fast build must give the same bytes for inputs that exercise every
branch: segments shared by cases and by groups of one case, unique ones, 3-grams repeated in a segment,
4-grams below and above ``gram4``, case lists and bitsets (and lists that the gaps alone make longer
than a bitset), varints of one to three bytes, characters of 1 to 4 UTF-8 bytes, empty cases, sentence
ends, and more than one file of shared segments. The browser (finder.js) reads these bytes, so "the
same" means byte for byte.
"""

from __future__ import annotations

from support import LIBRARY

from caselib.contrib import synthetic
from caselib.outputs.search import build as search_build
from caselib.outputs.search import format as search_format
from caselib.outputs.search import query as search_query
from caselib.outputs.search.reference import reference_build


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
    assert search_build.build(cases, gram4_cases=30) == expected
    assert len(expected.meta["segb"]) > 1
    kinds = {}  # key -> kinds of its group sets: every branch was taken
    for path, data in expected.files.items():
        if path.startswith(search_format.IDX):
            for key, payload in search_query.read_entries(data).items():
                kinds[key] = payload[1] if payload[0] else None
    assert (kinds["甲乙丙"], kinds["丁戊己"], kinds["彝良县"], kinds["社"]) == (0, 1, 0, 1)
    assert "志愿服务" in kinds and "彝良县医" not in kinds  # 4-grams in at least / fewer than 30 cases


def test_build_matches_the_reference_on_synthetic_records() -> None:
    records = synthetic.generate(120, seed=5, root=LIBRARY)
    cases = [[(g, t) for g, _name, t in search_format.record_fields(r)] for r in records]
    assert search_build.build(cases, gram4_cases=8) == reference_build(cases, 8)
    assert search_build.build(cases[:1]) == reference_build(cases[:1], search_format.GRAM4_CASES)
    assert search_build.build([]) == reference_build([], search_format.GRAM4_CASES)
