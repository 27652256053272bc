"""The Atom 1.0 feed (RFC 4287) of new and updated cases: ``feed.xml`` at the site root.

Entries are the 50 most recently updated cases (``updated``, then id). Every
date comes from the records, never from the clock, so the same records give
the same bytes: an entry's ``updated`` is the record's ``updated``, its
``published`` the record's ``added``, and the feed's ``updated`` the newest
record date. Entry ids are ``tag:`` URIs (RFC 4151) built from the case id,
so they stay the same if the site moves to another address.

The XML comes from ``templates/feed.xml.j2``, rendered with autoescaping on
(XML and HTML escape ``& < > " '`` the same way).
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined

from caselib.model.library import Library
from caselib.urls import absolute_url

FEED_PATH = "feed.xml"
FEED_SIZE = 50
TAG_AUTHORITY = "tag:shuanggong-cases.github.io,2026"
TITLE = "双工案例库：新增与更新的案例"
TIMEZONE = "+08:00"  # record dates are Beijing dates

_ENV = Environment(loader=PackageLoader("caselib.outputs", "templates"), autoescape=True, undefined=StrictUndefined,
                   trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def timestamp(date: str) -> str:
    """An RFC 3339 date-time for a record date (``2026-11-28`` -> ``2026-11-28T00:00:00+08:00``)."""
    return f"{date}T00:00:00{TIMEZONE}"


def build_feed(library: Library) -> dict[str, bytes]:
    """``outputs.BUILDERS`` entry: ``feed.xml``."""
    entries = library.recent(FEED_SIZE)
    base = absolute_url(library.site_url, "")
    newest = max((c.updated for c in library.cases), default="1970-01-01")
    text = _ENV.get_template("feed.xml.j2").render(
        title=TITLE, feed_id=f"{TAG_AUTHORITY}:feed", updated=timestamp(newest), self_url=base + FEED_PATH,
        site_url=base or "./", entries=entries, entry_id=lambda c: f"{TAG_AUTHORITY}:cases/{c.id}",
        timestamp=timestamp, url=lambda c: absolute_url(library.site_url, c.url))
    return {FEED_PATH: text.encode("utf-8")}
