"""The Atom feed: parsed with a real XML parser and checked against RFC 4287's requirements.

No RELAX NG schema for Atom is available offline here (no PyPI package ships one), so the
requirements of RFC 4287 section 4 are asserted one by one instead.

This file holds the tests in Chromium; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_feed.py; the tests on real MkDocs builds and CLI runs are in tests/build/test_feed.py.
"""

from __future__ import annotations


def test_feed_link_does_not_make_pages_download_the_sitemap(browser: object, site_url: str) -> None:
    """Material fetches sitemap.xml for every link[rel=alternate]; ours must not trigger it (1.4 MB at 10,000 cases)."""
    from support import new_page

    recorded = new_page(browser)
    recorded.page.goto(site_url + "cases/yiliang-wumeng-children-companionship/")  # type: ignore[attr-defined]
    recorded.page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert recorded.requests
    assert [u for u in recorded.requests if u.endswith("sitemap.xml")] == []
    recorded.page.context.close()  # type: ignore[attr-defined]
