"""Relevance, exact phrases and marked excerpts, on the fixture library plus records written for these tests.

The added records separate each factor of the score (``caselib.outputs.search.build``'s docstring): the field a
word is in, how many words a field has, how much of a long word it has, the word as written against its
parts apart. Decoys are recent and mention a word once, deep in their text, so that the "most recently
updated" order would list them first; one record carries hostile HTML that must stay text. The order is
checked in Python (``Index.rank``) and in Chromium (the finder), and each result must contain the words.

This file holds the pure-Python tests (no MkDocs build, no Chromium); the tests in Chromium are in tests/browser/test_search_rank.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import library_of
from support.ranking import TITLE_OF, Ranked

from caselib.model.library import Library


@pytest.fixture(scope="module")
def library(rank_repo: Path) -> Library:
    return library_of(rank_repo)


@pytest.fixture(scope="module")
def ranked(library: Library) -> Ranked:
    return Ranked(library)


def test_field_weights(ranked: Ranked) -> None:
    order = ["rank-field-a", "rank-field-b", "rank-field-c", "rank-field-d"]
    assert ranked.ids("星光课堂") == order  # a word of four characters (positions) ...
    assert ranked.ids("光课堂") == order  # ... and of three (one key)


def test_more_words_in_a_field_rank_higher(ranked: Ranked) -> None:
    ids = ranked.ids("青苗 书屋")
    assert ids[0] == "rank-terms-a"
    assert set(ids) == {"rank-terms-a", "rank-terms-b", "rank-terms-c"}
    assert ids[1:] == ["rank-terms-c", "rank-terms-b"]  # equal scores keep the "most recently updated" order


def test_more_of_a_long_word_ranks_higher(ranked: Ranked) -> None:
    assert ranked.ids("彩虹桥计划") == ["rank-cover-a", "rank-cover-b", "rank-cover-c"]


def test_the_word_as_written_beats_its_parts_apart(ranked: Ranked) -> None:
    ids = ranked.ids("社会工作者")
    assert ids[:2] == ["rank-phrase-a", "rank-phrase-b"]
    assert "rank-phrase-decoy" not in ids  # 社会工作服务中心 … 社区工作者 is not the word
    assert set(ids) == ranked.containing("社会工作者")


@pytest.mark.parametrize("word", sorted(TITLE_OF))
def test_title_match_ranks_above_recent_decoys(ranked: Ranked, word: str) -> None:
    ids = ranked.ids(word)
    assert ids[0] == TITLE_OF[word]
    decoy = "rank-decoy-children" if word == "困境儿童" else "rank-decoy-mothers"
    assert decoy in ids
    by_date = [ranked.cases[n].id for n in ranked.updated if ranked.cases[n].id in ids]
    assert by_date.index(decoy) < by_date.index(TITLE_OF[word])  # the date order would have put it first
