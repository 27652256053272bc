"""The case finder (cases/) in real headless Chromium, on the fixture library plus a few synthetic ones.

The synthetic cases (``caselib.contrib.synthetic``) add start years, cities and more than one page of results.
Expected results come from the library in Python (terms, regions, a plain text scan), never from the
page itself. Screenshots of the desktop and phone layouts are written to screenshots/ (git-ignored).

This file holds the tests in Chromium; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_finder.py.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from support import FINDER_IDLE, ROOT, build_and_serve, library_of, new_page

from caselib.model.case import Case
from caselib.model.library import Library
from caselib.outputs.finder import STATUS_SLUGS, name_key, scale_of
from caselib.outputs.search.format import case_text

SHOTS = ROOT / "screenshots"
IDLE = FINDER_IDLE


@pytest.fixture(scope="module")
def library(finder_repo: Path) -> Library:
    return library_of(finder_repo)


@pytest.fixture(scope="module")
def site_url(finder_repo: Path) -> Any:
    yield from build_and_serve(finder_repo)


def level2(case: Case) -> str | None:
    if case.region.city is not None:
        return case.region.city.code
    return case.region.county.code if case.region.province.is_municipality and case.region.county else None


def facet_values(case: Case, key: str) -> set[str]:
    """What a case offers for each URL key, computed from the model."""
    if key == "region":
        return {case.region.province.code} | ({level2(case)} - {None})  # type: ignore[operator]
    if key == "year":
        return {str(case.year)} if case.year else set()
    if key == "status":
        return {STATUS_SLUGS[case.status]}
    field = {"theme": "themes", "method": "methods", "target": "target_groups", "partner": "partner_types"}[key]
    return {t.slug for t in Library.terms_of(case, field)}


def ids_with(library: Library, key: str, value: str) -> set[str]:
    return {c.id for c in library.cases if value in facet_values(c, key)}


def scan(library: Library, word: str) -> set[str]:
    parts = unicodedata.normalize("NFKC", word).lower().split()
    return {c.id for c in library.cases if all(p in case_text(c.raw) for p in parts)}


def open_finder(browser: Any, site_url: str, query: str = "", *, phone: bool = False) -> Any:
    recorded = new_page(browser, phone=phone)
    recorded.page.goto(site_url + "cases/" + query)
    recorded.page.wait_for_function(IDLE, arg=None)
    return recorded


def act(page: Any, action: Any) -> None:
    """Do something to the finder and wait until the list (and its card text) is redrawn."""
    before = page.get_attribute("#cl-finder", "data-seq")
    action()
    page.wait_for_function(IDLE, arg=before)


def results(page: Any) -> list[str]:
    """Every result, in order ("显示更多" clicked until all are shown)."""
    while page.is_visible("#cl-more"):
        act(page, lambda: page.click("#cl-more"))
    return page.eval_on_selector_all("#cl-results li[data-id]", "els => els.map(e => e.dataset.id)")


def open_filters(page: Any) -> None:
    page.evaluate("document.querySelectorAll('#cl-filters details').forEach(d => d.open = true)")


def check(page: Any, key: str, value: str) -> None:
    open_filters(page)
    act(page, lambda: page.click(f"#cl-f-{key}-{value}"))


def state_of(page: Any) -> dict[str, list[str]]:
    return {k: v[0].split(",") for k, v in parse_qs(urlsplit(page.url).query).items()}


def best_value(library: Library, key: str) -> str:
    """The value of a facet that the most (but not all, where possible) cases have."""
    counts: dict[str, int] = {}
    for case in library.cases:
        for value in facet_values(case, key):
            counts[value] = counts.get(value, 0) + 1
    partial = {v: n for v, n in counts.items() if n < len(library.cases)} or counts
    return max(sorted(partial), key=lambda v: partial[v])


def test_finder_lists_every_case_and_loads_nothing_external(browser: Any, site_url: str, library: Library) -> None:
    recorded = open_finder(browser, site_url)
    page = recorded.page
    assert page.text_content("#cl-status") == f"共 {len(library.cases)} 个案例，显示前 20 个"
    assert set(results(page)) == {c.id for c in library.cases}
    assert page.is_hidden("#cl-directory")
    assert page.get_attribute("#cl-status", "role") == "status"
    # each value shows how many cases it would leave: the counts match the model
    for slug, count in [(t.slug, len(library.with_term("themes", t))) for t in library.vocabularies["themes"].terms]:
        assert page.text_content(f"label[for=cl-f-theme-{slug}] .cl-count") == str(count)
    assert not recorded.external(site_url), recorded.external(site_url)
    assert not recorded.errors, recorded.errors
    page.context.close()


@pytest.mark.parametrize("key", ["region", "theme", "method", "target", "partner", "year", "status"])
def test_each_kind_of_facet_filters(browser: Any, site_url: str, library: Library, key: str) -> None:
    page = open_finder(browser, site_url).page
    value = best_value(library, key)
    shown = page.text_content(f"label[for=cl-f-{key}-{value}] .cl-count")
    check(page, key, value)
    expected = ids_with(library, key, value)
    assert set(results(page)) == expected
    assert shown == str(len(expected))
    assert state_of(page) == {key: [value]}
    assert page.text_content("#cl-status").startswith(f"找到 {len(expected)} 个案例")
    page.context.close()


def test_values_combine_with_or_within_and_across_facets(browser: Any, site_url: str, library: Library) -> None:
    page = open_finder(browser, site_url).page
    themes = [t.slug for t in library.vocabularies["themes"].terms if library.with_term("themes", t)][:2]
    check(page, "theme", themes[0])
    check(page, "theme", themes[1])
    either = ids_with(library, "theme", themes[0]) | ids_with(library, "theme", themes[1])
    assert set(results(page)) == either
    check(page, "region", "110000")
    assert set(results(page)) == either & ids_with(library, "region", "110000")
    assert state_of(page) == {"region": ["110000"], "theme": themes}
    page.context.close()


def test_city_narrows_its_province(browser: Any, site_url: str, library: Library) -> None:
    page = open_finder(browser, site_url).page
    assert page.is_hidden("#cl-f-region-530600")  # cities appear once their province is chosen
    check(page, "region", "530000")
    assert set(results(page)) == ids_with(library, "region", "530000")
    assert page.is_visible("#cl-f-region-530600")
    check(page, "region", "530600")
    assert set(results(page)) == ids_with(library, "region", "530600")
    check(page, "region", "210000")  # another province with no city chosen: all of it
    assert set(results(page)) == ids_with(library, "region", "530600") | ids_with(library, "region", "210000")
    page.context.close()


@pytest.mark.parametrize("word", ["彝良", "困境儿童", "积分制", "快递员", "社工带志愿者", "志愿者 医院"])
def test_keyword_search_finds_every_case_that_contains_the_words(browser: Any, site_url: str, library: Library,
                                                                 word: str) -> None:
    page = open_finder(browser, site_url).page
    act(page, lambda: page.fill("#cl-q", word))
    expected = scan(library, word)
    assert expected, word
    assert set(results(page)) == expected
    assert state_of(page)["q"] == [word]
    assert word in page.text_content("#cl-status")
    page.context.close()


def test_search_hit_is_narrowed_by_filters(browser: Any, site_url: str, library: Library) -> None:
    page = open_finder(browser, site_url, "?q=" + "志愿者").page
    hits = scan(library, "志愿者")
    assert set(results(page)) == hits
    theme = best_value(library, "theme")
    check(page, "theme", theme)
    assert set(results(page)) == hits & ids_with(library, "theme", theme)
    page.context.close()


def test_shared_link_restores_the_view(browser: Any, site_url: str, library: Library) -> None:
    theme = best_value(library, "theme")
    link = f"?q=%E5%BF%97%E6%84%BF&region=110000,530000&theme={theme}&sort=name"
    page = open_finder(browser, site_url, link).page
    assert page.input_value("#cl-q") == "志愿"
    assert page.input_value("#cl-sort") == "name"
    open_filters(page)
    assert page.is_checked("#cl-f-region-110000") and page.is_checked("#cl-f-region-530000")
    assert page.is_checked(f"#cl-f-theme-{theme}")
    expected = scan(library, "志愿") & (ids_with(library, "region", "110000") | ids_with(library, "region", "530000")) \
        & ids_with(library, "theme", theme)
    by_name = [c.id for c in sorted(library.cases, key=lambda c: name_key(c.title)) if c.id in expected]
    assert results(page) == by_name
    page.context.close()


def test_query_string_round_trip_and_history(browser: Any, site_url: str, library: Library) -> None:
    page = open_finder(browser, site_url).page
    theme, method = best_value(library, "theme"), best_value(library, "method")
    check(page, "theme", theme)
    first = results(page)
    check(page, "method", method)
    act(page, lambda: page.select_option("#cl-sort", "scale"))
    second = results(page)
    assert state_of(page) == {"theme": [theme], "method": [method], "sort": ["scale"]}
    url = page.url
    # a new tab opening that link shows the same thing
    other = new_page(browser).page
    other.goto(url)
    other.wait_for_function(IDLE, arg=None)
    assert results(other) == second
    other.context.close()
    # back and forward
    act(page, page.go_back)
    act(page, page.go_back)
    assert results(page) == first and state_of(page) == {"theme": [theme]}
    assert not page.is_checked(f"#cl-f-method-{method}")
    act(page, page.go_forward)
    act(page, page.go_forward)
    assert results(page) == second and page.input_value("#cl-sort") == "scale"
    page.context.close()


def test_sort_orders(browser: Any, site_url: str, library: Library) -> None:
    page = open_finder(browser, site_url).page
    by_updated = sorted(sorted(library.cases, key=lambda c: c.id), key=lambda c: c.updated, reverse=True)
    assert results(page) == [c.id for c in by_updated]
    act(page, lambda: page.select_option("#cl-sort", "name"))
    assert results(page) == [c.id for c in sorted(library.cases, key=lambda c: name_key(c.title))]
    act(page, lambda: page.select_option("#cl-sort", "scale"))
    ids = results(page)
    scales = [scale_of(library.by_id[i]) for i in ids]
    known = [s for s in scales if s is not None]
    assert known == sorted(known, reverse=True) and scales[:len(known)] == known
    page.context.close()


def test_no_results_state_is_announced_and_can_be_cleared(browser: Any, site_url: str, library: Library) -> None:
    page = open_finder(browser, site_url, "?theme=community-governance").page
    act(page, lambda: page.fill("#cl-q", "不存在的词语甲乙丙"))
    assert results(page) == []
    assert "没有符合条件的案例" in page.text_content("#cl-status")
    assert page.is_visible("#cl-empty")
    act(page, lambda: page.click("#cl-clear"))
    assert page.evaluate("document.activeElement.id") == "cl-q"  # back to the start, for keyboard users
    assert page.input_value("#cl-q") == ""
    assert urlsplit(page.url).query == ""
    assert len(results(page)) == len(library.cases)
    page.context.close()


def test_keyboard_only(browser: Any, site_url: str, library: Library) -> None:
    page = open_finder(browser, site_url).page
    page.focus("#cl-q")
    page.keyboard.type("彝良")
    before = page.get_attribute("#cl-finder", "data-seq")
    page.keyboard.press("Enter")
    page.wait_for_function(IDLE, arg=before)
    assert set(results(page)) == scan(library, "彝良")
    theme = sorted(facet_values(library.by_id[results(page)[0]], "theme"))[0]
    page.focus(f"#cl-f-theme-{theme}")
    act(page, lambda: page.keyboard.press("Space"))
    assert page.is_checked(f"#cl-f-theme-{theme}")
    assert set(results(page)) == scan(library, "彝良") & ids_with(library, "theme", theme)
    page.context.close()


def test_csv_download_of_the_current_view(browser: Any, site_url: str, library: Library, tmp_path: Path) -> None:
    page = open_finder(browser, site_url, "?region=530000").page
    expected = results(page)
    with page.expect_download() as info:
        page.click("#cl-csv")
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    target = tmp_path / "out.csv"
    download.save_as(target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so that Excel reads Chinese"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    header = ["id", "名称", "类型", "省", "市", "区县", "服务领域", "服务对象", "工作方法", "单位类型", "开始年份", "状态", "更新日期", "网址"]
    assert list(rows[0].keys()) == header
    assert [r["id"] for r in rows] == expected
    for row in rows:
        case = library.by_id[row["id"]]
        assert row["名称"] == case.title and row["类型"] == case.kind
        assert row["省"] == case.region.province.name
        assert row["市"] == (case.region.city.name if case.region.city else "")
        assert row["区县"] == (case.region.county.name if case.region.county else "")
        for column, field in [("服务领域", "themes"), ("服务对象", "target_groups"), ("工作方法", "methods"),
                              ("单位类型", "partner_types")]:  # several values joined with 、, in vocabulary order
            terms = Library.terms_of(case, field)
            assert row[column].split("、") == [t.name for t in library.vocabularies[field].terms if t in terms]
        assert row["开始年份"] == (str(case.year) if case.year else "")
        assert row["状态"] == case.status and row["更新日期"] == case.updated
        assert row["网址"] == f"{site_url}cases/{case.id}/"
    page.context.close()


def test_phone_layout(browser: Any, site_url: str, library: Library) -> None:
    recorded = open_finder(browser, site_url, phone=True)
    page = recorded.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.is_visible(".cl-finder__toggle") and page.is_hidden("#cl-filters")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "finder-phone.png"))
    page.click(".cl-finder__toggle")
    assert page.get_attribute(".cl-finder__toggle", "aria-expanded") == "true"
    assert page.is_visible("#cl-filters")
    theme = best_value(library, "theme")
    page.click(".cl-facet[data-facet=theme] > summary")  # on a phone every filter starts folded
    act(page, lambda: page.click(f"label[for=cl-f-theme-{theme}]"))
    assert page.is_checked(f"#cl-f-theme-{theme}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(SHOTS / "finder-phone-filters.png"))
    assert set(results(page)) == ids_with(library, "theme", theme)
    assert page.text_content(".cl-finder__done") == f"查看 {len(ids_with(library, 'theme', theme))} 个结果"
    page.click(".cl-finder__done")
    assert page.is_hidden("#cl-filters") and page.evaluate("document.activeElement.id") == "cl-status"
    assert not recorded.errors, recorded.errors
    page.context.close()


def test_desktop_screenshot(browser: Any, site_url: str) -> None:
    page = open_finder(browser, site_url, "?q=%E5%BD%9D%E8%89%AF&region=530000").page
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "finder-desktop.png"))
    page.context.close()


def test_without_javascript_the_page_is_a_directory(browser: Any, site_url: str, library: Library) -> None:
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(site_url + "cases/")
    assert page.is_hidden("#cl-finder")
    assert page.is_visible("#cl-directory")
    hrefs = page.eval_on_selector_all("#cl-directory a", "els => els.map(e => e.getAttribute('href'))")
    assert "../regions/" in hrefs and "../themes/" in hrefs
    assert any(h.startswith("../regions/530000/") for h in hrefs)
    recent = page.eval_on_selector_all("#cl-directory .cl-cards > li > a", "els => els.map(e => e.getAttribute('href'))")
    assert recent[:3] == [f"{c.id}/" for c in library.recent(3)]
    context.close()


def test_header_search_leads_to_the_finder(browser: Any, site_url: str, library: Library) -> None:
    page = new_page(browser).page
    page.goto(site_url + "about/")
    page.fill(".cl-hsearch__input", "积分制")
    page.press(".cl-hsearch__input", "Enter")
    page.wait_for_url("**/cases/?q=*")
    page.wait_for_function(IDLE, arg=None)
    assert set(results(page)) == scan(library, "积分制")
    page.context.close()
