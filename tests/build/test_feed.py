"""The Atom feed: parsed with a real XML parser and checked against RFC 4287's requirements.

No RELAX NG schema for Atom is available offline here (no PyPI package ships one), so the
requirements of RFC 4287 section 4 are asserted one by one instead.

This file holds the tests on real MkDocs builds and CLI runs; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_feed.py; the tests in Chromium are in tests/browser/test_feed.py.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlparse

from bs4 import BeautifulSoup
from support import records
from support.feed import A, check_atom


def test_feed_is_valid_atom_with_record_dates(built_site: Path) -> None:
    feed = check_atom((built_site / "feed.xml").read_bytes())
    recs = records()
    newest = max(str(r["updated"]) for r in recs)
    assert feed.findtext(f"{A}updated") == f"{newest}T00:00:00+08:00"
    entries = feed.findall(f"{A}entry")
    assert len(entries) == len(recs)
    link = entries[0].find(f"{A}link").get("href")
    # No base URL in the fixture build: links are relative to the feed's own address (RFC 4287 allows IRI references).
    assert link.startswith("cases/") and not urlparse(link).scheme
    assert (built_site / urlparse(urljoin("http://x/sub/feed.xml", link)).path.removeprefix("/sub/") / "index.html").is_file()


def test_feed_is_linked_in_every_page_head(built_site: Path) -> None:
    for page in ("index.html", "stats/index.html", "cases/yiliang-county-shuanggong/index.html"):
        soup = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")
        link = soup.select_one('head link[rel~="alternate"][type="application/atom+xml"]')
        assert link is not None, page
        target = urljoin(f"http://x/{page}", link["href"])
        assert (built_site / urlparse(target).path.lstrip("/")).is_file(), page
