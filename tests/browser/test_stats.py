"""The 数据统计 page: every number equals a count made directly from the YAML records.

This file holds the tests in Chromium; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_stats.py; the tests on real MkDocs builds and CLI runs are in tests/build/test_stats.py.
"""

from __future__ import annotations

from support import new_page


def test_stats_page_readable_on_a_phone_without_external_requests(browser: object, site_url: str) -> None:
    for phone in (True, False):
        rec = new_page(browser, phone=phone)
        rec.page.goto(site_url + "stats/")
        overflow = rec.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
        label = rec.page.locator("svg.cl-chart text.cl-chart__label").first
        assert label.is_visible()
        size = rec.page.evaluate("getComputedStyle(document.querySelector('svg.cl-chart text')).fontSize")
        assert float(size.rstrip("px")) >= 12
        assert rec.external(site_url) == [] and rec.errors == []
        rec.page.context.close()
