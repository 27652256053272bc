"""The compare page in headless Chromium: pick cases with “加入对比”, see them side by side, share the URL.

This file holds the tests in Chromium; the tests on real MkDocs builds and CLI runs are in tests/build/test_compare.py.
"""

from __future__ import annotations

from support import new_page

A, B, C = "yiliang-county-shuanggong", "beijing-shuanggong-pilot", "dalian-pilot-promotion"


def column_titles(page: object) -> list[str]:
    return page.locator("[data-cl-compare-table] thead th[scope=col]").all_inner_texts()[1:]  # type: ignore[attr-defined]


def test_pick_on_case_pages_then_compare(browser: object, site_url: str) -> None:
    rec = new_page(browser)
    page = rec.page
    titles = []
    for cid in (A, B):
        page.goto(site_url + f"cases/{cid}/")
        titles.append(page.locator("h1").first.inner_text())
        toggle = page.get_by_role("button", name="加入对比")  # a real toggle button: same name, state in aria-pressed
        assert toggle.get_attribute("aria-pressed") == "false"
        toggle.click()
        assert toggle.get_attribute("aria-pressed") == "true"
    status = page.locator("[data-cl-compare-status]")
    assert "2/3" in status.inner_text()
    status.locator("a").click()
    page.wait_for_selector("[data-cl-compare-table]:not([hidden])")
    assert column_titles(page) == titles
    assert f"ids={A},{B}" in page.url
    rows = page.locator("[data-cl-compare-table] tbody th[scope=row]").all_inner_texts()
    assert {"地区", "方法与机制", "规模", "社工做了什么", "来源"} <= set(rows)
    # shared terms are marked: both are 党建引领 pilots
    assert "党建引领" in page.locator("li.cl-shared").all_inner_texts()
    # remove one: the URL follows
    page.locator(".cl-compare__remove").first.click()
    assert column_titles(page) == titles[1:]
    assert page.url.endswith(f"?ids={B}")
    assert rec.external(site_url) == [] and rec.errors == []
    page.context.close()


def test_shared_url_on_a_phone(browser: object, site_url: str) -> None:
    rec = new_page(browser, phone=True)
    page = rec.page
    page.goto(site_url + f"compare/?ids={A},{B},{C},no-such-case")
    page.wait_for_selector("[data-cl-compare-table]:not([hidden])")
    assert len(column_titles(page)) == 3
    assert "no-such-case" not in page.url
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0  # the table scrolls inside its box, not the page
    wrap = page.locator(".cl-compare__wrap")
    assert wrap.evaluate("e => getComputedStyle(e).overflowX") == "auto"
    fetched = [u for u in rec.requests if "/data/" in u]
    assert fetched and all("/data/cases/" in u for u in fetched)  # small per-case files, not cases.json
    assert rec.external(site_url) == [] and rec.errors == []
    page.context.close()


def test_unknown_id_is_explained(browser: object, site_url: str) -> None:
    rec = new_page(browser)
    rec.page.goto(site_url + "compare/?ids=no-such-case")
    rec.page.wait_for_function("document.querySelector('[data-cl-compare-message]').textContent.includes('找不到')")
    assert "no-such-case" in rec.page.locator("[data-cl-compare-message]").inner_text()
    rec.page.context.close()
