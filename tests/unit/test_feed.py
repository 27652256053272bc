"""The Atom feed: parsed with a real XML parser and checked against RFC 4287's requirements.

No RELAX NG schema for Atom is available offline here (no PyPI package ships one), so the
requirements of RFC 4287 section 4 are asserted one by one instead.

This file holds the pure-Python tests (no MkDocs build, no Chromium); the tests on real MkDocs builds and CLI runs are in tests/build/test_feed.py; the tests in Chromium are in tests/browser/test_feed.py.
"""

from __future__ import annotations

from pathlib import Path

from support import LIBRARY, copy_repo
from support.feed import A, check_atom

from caselib.contrib.synthetic import generate, write
from caselib.outputs.feed import FEED_SIZE, build_feed
from caselib.pipeline.run import run


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
