"""Relevance, exact phrases and marked excerpts, on the fixture library plus records written for these tests.

The added records separate each factor of the score (``caselib.outputs.search.build``'s docstring): the field a
word is in, how many words a field has, how much of a long word it has, the word as written against its
parts apart. Decoys are recent and mention a word once, deep in their text, so that the "most recently
updated" order would list them first; one record carries hostile HTML that must stay text. The order is
checked in Python (``Index.rank``) and in Chromium (the finder), and each result must contain the words.
"""

from __future__ import annotations

import base64
import json
from array import array
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from support import ROOT, cli, copy_repo, mkdocs_build, new_page, serve

from caselib.model.library import Library
from caselib.outputs.finder import build_finder, ordered
from caselib.outputs.search import format as search_format
from caselib.outputs.search import query as search_query
from caselib.pipeline.run import run

SHOTS = ROOT / "screenshots"
FILLER = "本条记录只为检验排序而写，内容与真实项目无关。"
IDLE = "(b) => { const r = document.getElementById('cl-finder');" \
       " return r && r.dataset.ready && r.dataset.seq !== b && r.dataset.filled === r.dataset.seq; }"
HOSTILE = "防注入<img src=x onerror=\"window.__pwned=1\">之后<script>window.__pwned=2</script>**粗**&lt;b&gt;"


def record(case_id: str, updated: str, *, title: str = "", summary: str = "", practices: str = "",
           source: str = "", tags: tuple[str, ...] = ()) -> dict[str, Any]:
    """A valid record whose words are only where a test puts them (the rest is filler)."""
    return {
        "id": case_id, "title": title or f"排序检验记录{case_id[-1]}", "kind": "服务项目",
        "summary": summary or FILLER,
        "region": {"province": "云南省", "city": "昭通市", "county": "彝良县", "code": "530628"},
        "themes": ["为老服务"], "target_groups": ["老年人"], "methods": ["社工带志愿者"], "keywords": list(tags),
        "lead_unit": {"name": "检验用牵头单位", "type": "党政机关"},
        "division_of_labour": {"social_workers": [FILLER], "volunteers": [FILLER]},
        "period": {"start": 2023}, "status": "进行中",
        "practices": practices or FILLER, "outcomes": {"text": FILLER, "evidence": "工作通报"},
        "replication": {"mechanisms": [FILLER], "conditions": [FILLER], "lessons": []},
        "gaps": [FILLER],
        "sources": [{"title": source or "检验用来源", "publisher": "检验用发布单位", "date": "2025-06"}],
        "added": updated, "updated": updated,
    }


DEEP = FILLER * 12  # a word after this is "deep in the text"
RECORDS = [
    # the field: title > summary and tags > body > sources (each newer than the one before it)
    record("rank-field-a", "2021-01-01", title="星光课堂"),
    record("rank-field-b", "2022-01-01", summary="开办星光课堂，" + FILLER),
    record("rank-field-c", "2023-01-01", practices=DEEP + "开办星光课堂。"),
    record("rank-field-d", "2024-01-01", source="星光课堂工作简报"),
    # how many words: both in the title first
    record("rank-terms-a", "2021-01-01", title="青苗书屋"),
    record("rank-terms-b", "2024-01-01", title="青苗驿站", practices=FILLER + "设有书屋。"),
    record("rank-terms-c", "2024-02-01", title="书屋角落", practices=FILLER + "服务青苗。"),
    # how much of a long word: all, part, none in the title
    record("rank-cover-a", "2021-01-01", title="彩虹桥计划"),
    record("rank-cover-b", "2023-01-01", title="彩虹桥服务站", practices=FILLER + "实施彩虹桥计划。"),
    record("rank-cover-c", "2024-01-01", practices=FILLER + "实施彩虹桥计划。"),
    # the word as written against its parts apart
    record("rank-phrase-a", "2021-01-01", title="社会工作者之家"),
    record("rank-phrase-b", "2024-01-01", title="社会工作服务中心社区工作者站", practices=FILLER + "培养社会工作者。"),
    record("rank-phrase-decoy", "2026-11-30", title="社会工作服务中心站",
           practices=DEEP + "社会工作服务中心联系社区工作者，" + FILLER, tags=("社区工作者",)),
    # recent decoys: the fixture library's titles must still come first
    record("rank-decoy-children", "2026-11-30", practices=DEEP + "也走访困境儿童。"),
    record("rank-decoy-mothers", "2026-11-30", practices=DEEP + "另有爱心妈妈参与。"),
    # hostile text
    record("rank-hostile", "2026-11-29", practices=DEEP + HOSTILE),
]
TITLE_OF = {"困境儿童": "yiliang-wumeng-children-companionship", "爱心妈妈": "yiliang-aixin-mama-2plus2"}


@pytest.fixture(scope="module")
def rank_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = copy_repo(tmp_path_factory.mktemp("rank") / "repo")
    folder = repo / "cases" / "test-rank"
    folder.mkdir()
    for item in RECORDS:
        (folder / f"{item['id']}.yml").write_text(yaml.safe_dump(item, allow_unicode=True, sort_keys=False), encoding="utf-8")
    checked = cli("check", root=repo)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return repo


@pytest.fixture(scope="module")
def library(rank_repo: Path) -> Library:
    result = run(rank_repo)
    assert result.library is not None, result.problems
    return result.library


class Ranked:
    """The Python reference on the test library: ids best first, and the text of each case."""

    def __init__(self, library: Library) -> None:
        files = build_finder(library)
        facets = json.loads(files["finder/facets.json"])
        self.index = search_query.Index(search_query.reader(files), facets["search"], facets["n"])
        updated = facets["order"]["updated"]
        self.updated = list(array("H" if updated["w"] == 2 else "I", base64.b64decode(updated["b"])))
        self.cases = ordered(library)

    def ids(self, query: str) -> list[str]:
        return [self.cases[n].id for n in self.index.rank(query, self.updated)]

    def containing(self, query: str) -> set[str]:
        words = search_format.terms(query)
        return {c.id for c in self.cases if all(w in search_format.case_text(c.raw) for w in words)}


@pytest.fixture(scope="module")
def ranked(library: Library) -> Ranked:
    return Ranked(library)


def subsequence(ids: list[str], wanted: list[str]) -> list[str]:
    return [i for i in ids if i in wanted]


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


# --- in Chromium ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_url(rank_repo: Path) -> Any:
    site = rank_repo.parent / "site"
    built = mkdocs_build(rank_repo, site)
    assert built.returncode == 0, built.stdout + built.stderr
    url, server = serve(site)
    yield url
    server.shutdown()


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
