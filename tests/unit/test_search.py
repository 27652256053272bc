"""Full-text search: the index against a plain text scan of the records.

Recall and precision must both be 100 % for every vocabulary term and every region name of the
official list, on the fixture library and on synthetic cases: a result contains each word as written.
The browser's implementation (finder.js) is checked against the Python reference on a built site, for
the matches and for the relevance order.

This file holds the pure-Python tests (no MkDocs build, no Chromium); the tests in Chromium are in tests/browser/test_search.py.
"""

from __future__ import annotations

from pathlib import Path

from support import LIBRARY
from support.search import WORDS, check_exact, index_of, plain_text, records_of, region_names, scan, vocabulary_terms

from caselib.outputs.finder import build_finder
from caselib.outputs.search import build as search_build
from caselib.outputs.search import format as search_format
from caselib.outputs.search import query as search_query


def test_normalize_segments_and_terms() -> None:
    assert search_format.normalize("ＡＢＣ１２３　社工") == "abc123 社工"
    assert search_format.segments("彝良 困境儿童\n积分制") == ["彝良", "困境儿童", "积分制"]
    # punctuation stays inside a segment, so a phrase with punctuation is matched as written ...
    assert search_format.segments(search_format.normalize("社区（村）组织")) == ["社区(村)组织"]
    # ... except a sentence end, which closes its sentence (full-width ！？； are ASCII after NFKC)
    assert search_format.segments(search_format.normalize("成长。我们！好？是；")) == ["成长。", "我们!", "好?", "是;"]
    assert search_format.terms("社 困境儿童　社") == ["社", "困境儿童"]
    assert search_query.cover("社会工作者") == [0, 2] and search_query.cover("社区(村)组织") == [0, 3, 4]


def test_fields_are_grouped_for_ranking() -> None:
    record = {"title": "甲", "summary": "乙", "partners": [{"name": "丙", "role": "丁"}], "practices": "戊",
              "sources": [{"title": "己"}], "new_field": {"x": "庚"}}
    assert search_format.record_fields(record) == [
        (0, "title", "甲"), (1, "summary", "乙"), (1, "partners", "丙"), (2, "partners", "丁"), (2, "practices", "戊"),
        (3, "sources", "己"), (2, "new_field", "庚")]


def test_small_index_is_deterministic_and_exact() -> None:
    cases = [[(2, "志愿服务" + str(i % 7))] for i in range(300)] + [[(0, "彝良县医院"), (2, "社会工作服务中心 社区工作者")]]
    cases[5] = [(1, "社会工作者协会"), (3, "社会工作者")]
    first = search_build.build(cases, gram4_cases=100)
    assert first == search_build.build(cases, gram4_cases=100)
    index = search_query.Index(search_query.reader(first.files), first.meta, len(cases))
    assert index.query("志愿服务") == set(range(300)) - {5}
    assert index.query("彝良县医院") == {300}
    assert index.query("志愿 彝良") == set()
    assert index.query("6") == {i for i in range(300) if i % 7 == 6 and i != 5}
    assert index.query("医院志愿") == set()
    assert index.query("社会工作者") == {5}  # not 300: its parts are apart
    assert index.term("社会工作者").phrase == [set(), {5}, set(), {5}]
    assert index.term("志愿服务").phrase[2] == set(range(300)) - {5}  # a 4-gram key (in 100 cases or more)
    assert any(path.startswith(search_format.IDX) for path in index.fetched)


def test_exact_on_the_fixture_library() -> None:
    raws, library = records_of(LIBRARY)
    texts = [plain_text(r) for r in raws]
    assert texts == [search_format.case_text(r) for r in raws]
    index = index_of(build_finder(library))
    words = vocabulary_terms() + region_names() + WORDS
    found = check_exact(texts, index, words)
    print(f"\nfixture library: {len(words)} words, {found} hits, recall and precision 100 %")
    for word, expected in [("彝良", 4), ("快递员", 1), ("社会工作者", 1)]:
        assert len(scan(texts, word)) >= expected


def test_exact_at_scale(synthetic_repo: Path) -> None:
    raws, library = records_of(synthetic_repo)
    texts = [plain_text(r) for r in raws]
    index = index_of(build_finder(library))
    words = vocabulary_terms() + region_names() + WORDS
    found = check_exact(texts, index, words)
    print(f"\n{len(texts)} cases: {len(words)} words, {found} hits, recall and precision 100 %")
    # the long words take each path of Index.term: a 4-gram key, and positions in unique and shared segments
    paths = {p.split("/")[1] for p in index.fetched}
    assert paths == {"idx", "pos", "seg"}
