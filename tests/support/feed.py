"""An Atom 1.0 feed checked against RFC 4287's rules (tests/unit and tests/build test_feed.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

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
