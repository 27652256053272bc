"""End to end: the real `mkdocs build --strict` of the fixture library, read as HTML and in Chromium.

This file holds the tests in Chromium; the tests on real MkDocs builds and CLI runs are in tests/build/test_site.py.
"""

from __future__ import annotations

import pytest
from support import new_page

WUMENG = "yiliang-wumeng-children-companionship"


@pytest.mark.parametrize("path", ["", "cases/", f"cases/{WUMENG}/", "regions/530000/", "themes/child-welfare/"])
def test_pages_request_nothing_from_third_party_hosts(browser: object, site_url: str, path: str) -> None:
    recorded = new_page(browser)
    recorded.page.goto(site_url + path)  # type: ignore[attr-defined]
    recorded.page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert recorded.requests, "the page made no request at all"
    assert recorded.external(site_url) == []
    assert recorded.errors == []
    recorded.page.context.close()  # type: ignore[attr-defined]
