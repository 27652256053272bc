"""The Atom feed: parsed with a real XML parser and checked against RFC 4287's requirements.

No RELAX NG schema for Atom is available offline here (no PyPI package ships one), so the
requirements of RFC 4287 section 4 are asserted one by one instead.

This file holds the pure-Python tests (no MkDocs build, no Chromium); the tests on real MkDocs builds and CLI runs are in tests/build/test_feed.py; the tests in Chromium are in tests/browser/test_feed.py.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

from support import LIBRARY, copy_repo

from caselib.contrib.synthetic import generate, write
from caselib.outputs.feed import FEED_SIZE, build_feed
from caselib.pipeline.run import run

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def check_atom(xml: bytes) -> ET.Element:
    feed = ET.fromstring(xml)
    assert feed.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{A}{name}")) == 1, name
    assert RFC3339.match(feed.findtext(f"{A}updated") or "")
    assert urlparse(feed.findtext(f"{A}id") or "").scheme  # an absolute IRI
    assert feed.find(f"{A}author/{A}name") is not None  # so entries need no author of their own
    selfs = [link for link in feed.findall(f"{A}link") if link.get("rel") == "self"]
    assert len(selfs) == 1 and selfs[0].get("href", "").endswith("feed.xml")
    ids = []
    for entry in feed.findall(f"{A}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{name}")) == 1, name
        assert RFC3339.match(entry.findtext(f"{A}updated") or "")
        assert urlparse(entry.findtext(f"{A}id") or "").scheme
        alternates = [link for link in entry.findall(f"{A}link") if link.get("rel", "alternate") == "alternate"]
        assert len(alternates) == 1
        ids.append(entry.findtext(f"{A}id"))
    assert len(ids) == len(set(ids))
    return feed


def test_feed_keeps_the_fifty_most_recent_and_is_deterministic(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo", with_cases=False)
    recs = generate(FEED_SIZE + 20, seed=3, root=LIBRARY)
    write(recs, root / "cases")
    library = run(root).library
    assert library is not None
    library.site_url = "https://example.org/lib/"
    xml = build_feed(library)["feed.xml"]
    assert xml == build_feed(library)["feed.xml"]
    feed = check_atom(xml)
    entries = feed.findall(f"{A}entry")
    assert len(entries) == FEED_SIZE
    expected = sorted(recs, key=lambda r: (r["updated"], r["id"]), reverse=True)[:FEED_SIZE]
    assert [e.findtext(f"{A}id").rsplit("/", 1)[1] for e in entries] == [r["id"] for r in expected]
    assert feed.findtext(f"{A}updated") == f"{max(r['updated'] for r in recs)}T00:00:00+08:00"
