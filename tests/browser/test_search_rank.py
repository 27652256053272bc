"""Relevance, exact phrases and marked excerpts, on the fixture library plus records written for these tests.

The added records separate each factor of the score (``caselib.outputs.search.build``'s docstring): the field a
word is in, how many words a field has, how much of a long word it has, the word as written against its
parts apart. Decoys are recent and mention a word once, deep in their text, so that the "most recently
updated" order would list them first; one record carries hostile HTML that must stay text. The order is
checked in Python (``Index.rank``) and in Chromium (the finder), and each result must contain the words.

This file holds the tests in Chromium; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_search_rank.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from support import FINDER_IDLE, ROOT, build_and_serve, library_of, new_page
from support.ranking import Ranked

from caselib.model.library import Library
from caselib.outputs.search import format as search_format

SHOTS = ROOT / "screenshots"
IDLE = FINDER_IDLE


@pytest.fixture(scope="module")
def library(rank_repo: Path) -> Library:
    return library_of(rank_repo)


@pytest.fixture(scope="module")
def ranked(library: Library) -> Ranked:
    return Ranked(library)


# --- in Chromium ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_url(rank_repo: Path) -> Any:
    yield from build_and_serve(rank_repo)


def open_finder(browser: Any, site_url: str, query: str, *, phone: bool = False, dark: bool = False) -> Any:
    recorded = new_page(browser, phone=phone)
    if dark:
        recorded.page.emulate_media(color_scheme="dark")
    recorded.page.goto(site_url + "cases/" + query)
    recorded.page.wait_for_function(IDLE, arg=None)
    return recorded


def act(page: Any, action: Any) -> None:
    before = page.get_attribute("#cl-finder", "data-seq")
    action()
    page.wait_for_function(IDLE, arg=before)


def cards(page: Any) -> list[dict[str, Any]]:
    """Every result card in order ("显示更多" clicked until all are shown): id, title, marked words, excerpt."""
    while page.is_visible("#cl-more"):
        act(page, lambda: page.click("#cl-more"))
    return page.eval_on_selector_all("#cl-results li[data-id]", """els => els.map(e => ({
        id: e.dataset.id, title: e.querySelector('.cl-card__title').textContent,
        titleMarks: [...e.querySelectorAll('.cl-card__title mark')].map(m => m.textContent),
        marks: [...e.querySelectorAll('mark')].map(m => m.textContent),
        field: (e.querySelector('.cl-card__field') || {}).textContent || '',
        excerpt: (e.querySelector('.cl-card__excerpt') || {}).textContent || '',
        elements: e.querySelectorAll('img, script, b').length }))""")


@pytest.mark.parametrize("word", ["困境儿童", "爱心妈妈", "社会工作者", "星光课堂", "青苗 书屋"])
def test_browser_ranks_and_marks(browser: Any, site_url: str, ranked: Ranked, word: str) -> None:
    recorded = open_finder(browser, site_url, "?q=" + quote(word))
    page = recorded.page
    found = cards(page)
    assert [c["id"] for c in found] == ranked.ids(word)
    assert {c["id"] for c in found} == ranked.containing(word)  # no result lacks the words
    words = search_format.terms(word)
    for card in found:  # each card shows where it matched: the words marked in the title or the excerpt
        assert card["marks"] and set(card["marks"]) <= set(words), card
    top = found[0]
    assert top["titleMarks"] and top["titleMarks"][0] in words
    assert page.input_value("#cl-sort") == "relevance" and "sort=" not in page.url
    assert not recorded.errors, recorded.errors
    page.context.close()


def test_excerpt_is_cut_around_a_deep_match(browser: Any, site_url: str) -> None:
    page = open_finder(browser, site_url, "?q=" + quote("困境儿童")).page
    decoy = next(c for c in cards(page) if c["id"] == "rank-decoy-children")
    assert decoy["field"] == "主要做法" and decoy["marks"] == ["困境儿童"]
    assert decoy["excerpt"].startswith("主要做法…") and "也走访困境儿童。" in decoy["excerpt"]
    assert len(decoy["excerpt"]) < 150  # not the whole text
    page.context.close()


def test_hostile_text_stays_text(browser: Any, site_url: str) -> None:
    recorded = open_finder(browser, site_url, "?q=" + quote("防注入"))
    page = recorded.page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    (card,) = cards(page)
    assert card["id"] == "rank-hostile" and card["elements"] == 0
    assert '<img src=x onerror="window.__pwned=1">之后<script>' in card["excerpt"]
    assert "</script>粗&lt;b&" in card["excerpt"]  # Markdown emphasis dropped, entities left as written
    assert page.evaluate("window.__pwned") is None and not dialogs
    assert not recorded.errors, recorded.errors
    page.context.close()


def test_sort_choice_and_url(browser: Any, site_url: str, library: Library) -> None:
    page = open_finder(browser, site_url, "?q=" + quote("困境儿童")).page
    relevance = [c["id"] for c in cards(page)]
    act(page, lambda: page.select_option("#cl-sort", "updated"))
    assert "sort=updated" in page.url
    by_date = [c.id for c in sorted(sorted(library.cases, key=lambda c: c.id), key=lambda c: c.updated, reverse=True)]
    assert [c["id"] for c in cards(page)] == [i for i in by_date if i in relevance]
    act(page, lambda: page.select_option("#cl-sort", "relevance"))
    assert "sort=" not in page.url and [c["id"] for c in cards(page)] == relevance
    act(page, lambda: page.fill("#cl-q", ""))  # no keyword: most recently updated, relevance not offered
    assert page.input_value("#cl-sort") == "updated"
    assert page.is_disabled("#cl-sort option[value=relevance]")
    act(page, lambda: page.select_option("#cl-sort", "name"))
    act(page, lambda: page.fill("#cl-q", "困境儿童"))  # a chosen order stays chosen
    assert page.input_value("#cl-sort") == "name" and "sort=name" in page.url
    page.context.close()


@pytest.mark.parametrize(("phone", "dark"), [(False, False), (False, True), (True, False), (True, True)])
def test_screenshots(browser: Any, site_url: str, phone: bool, dark: bool) -> None:
    page = open_finder(browser, site_url, "?q=" + quote("社会工作者"), phone=phone, dark=dark).page
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"finder-search-{'phone' if phone else 'desktop'}-{'dark' if dark else 'light'}.png"),
                    full_page=not phone)
    page.context.close()
