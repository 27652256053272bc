"""The site's URL scheme, in one place: every page and file address the pipeline writes comes from here.

Addresses are site-relative directory URLs (``cases/<id>/``, ``regions/530000/``); a page links to
another with ``relative_url`` (relative links work wherever the site is served: GitHub Pages, a
sub-path, a mirror). An absolute address exists only when the public base URL is configured
(``CASELIB_SITE_URL``, else ``site_url`` in mkdocs.yml: read by the MkDocs adapter and checked by
``public_base_url``); unset is the neutral default (docs/publishing.md).

==========================  =====================================================
page or file                 URL
==========================  =====================================================
home                         ``""``
finder (all cases)           ``cases/``, with a query string: ``FINDER_KEYS``
a case                       ``cases/<id>/`` (``case_url``)
a province (and below)       ``regions/<code>/`` (``region_url``: a city, county or
                             township is an anchor on its province's page)
a vocabulary, a term         ``<folder>/``, ``<folder>/<slug>/``, ``<folder>/<slug>/<n>/``
                             (``TERM_FOLDERS``, ``term_url``)
statistics, compare          ``stats/``, ``compare/``
==========================  =====================================================

Imports nothing from the package: every stage may use it.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit, urlunsplit

# record field -> URL folder of its vocabulary's pages
TERM_FOLDERS = {"themes": "themes", "target_groups": "target-groups", "methods": "methods",
                "partner_types": "partner-types"}
# record field -> the finder's query-string key for it (cases/?theme=elder-care); order: the finder's filters
FINDER_KEYS = {"themes": "theme", "methods": "method", "target_groups": "target", "partner_types": "partner"}
# Generated pages that are section indexes: their Markdown is <url>/index.md (others: <url>.md)
_SECTION_ROOTS = {"cases", "regions", *TERM_FOLDERS.values(), "stats", "compare"}

# The public base URL: one setting, read by the MkDocs adapter (environment variable first, then ``site_url`` in
# mkdocs.yml). Unset is the neutral default: the build does not claim an address it may not be served at, so
# links between pages stay relative, permalinks and citations name the address the reader is at (cite.js),
# the open data carry site-relative URLs, and no sitemap is written (a sitemap needs absolute URLs).
SITE_URL_ENV = "CASELIB_SITE_URL"


def case_url(case_id: str) -> str:
    return f"cases/{case_id}/"


def term_url(field: str, slug: str) -> str:
    """The URL of a vocabulary term's page (one page: its first cases and a link to the finder for all)."""
    return f"{TERM_FOLDERS[field]}/{slug}/"


def region_url(code: str) -> str:
    """A province's page, or the anchor of a city, county or township on it."""
    return f"regions/{code[:2]}0000/" + ("" if code.endswith("0000") else f"#r{code}")


def finder_query(field: str, slug: str) -> str:
    """The finder's query string that filters by one term: ``theme=elder-care``."""
    return f"{FINDER_KEYS[field]}={slug}"


def page_path(url: str) -> str:
    """Docs-relative Markdown path for a directory URL: '' -> index.md, 'regions/' -> regions/index.md."""
    if not url:
        return "index.md"
    stripped = url.rstrip("/")
    return f"{stripped}/index.md" if stripped in _SECTION_ROOTS else f"{stripped}.md"


def relative_url(target: str, page: str) -> str:
    """Link from the page at URL ``page`` (e.g. ``cases/x/``) to URL ``target`` (e.g. ``regions/530000/``)."""
    base = posixpath.dirname(page.rstrip("/") + "/x") if page else ""
    path, _, fragment = target.partition("#")
    rel = _relpath(path, base)
    if (path.endswith("/") or not path) and not rel.endswith("/"):
        rel += "/"
    rel = "./" if rel in (".", "./") else rel
    return f"{rel}#{fragment}" if fragment else rel


def _relpath(path: str, base: str) -> str:
    """``posixpath.relpath(path or '.', base or '.')`` for site-relative paths, without touching the file system.

    A case page makes about 30 links; ``posixpath.relpath`` (which calls ``os.getcwd`` twice) was 25 % of
    page generation at 10,000 cases. Absolute paths and paths with ``..`` take the library function.
    """
    to = [part for part in path.split("/") if part and part != "."]
    start = [part for part in base.split("/") if part and part != "."]
    if ".." in to or ".." in start or path.startswith("/") or base.startswith("/"):
        return posixpath.relpath(path or ".", base or ".")
    common = 0
    for a, b in zip(to, start, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


class SiteURLError(ValueError):
    """The configured base URL is not an absolute http(s) URL; the message says how to fix it, in Chinese."""


def public_base_url(value: str | None) -> str:
    """``''`` (unknown) or the base URL as an absolute ``http(s)://host/path/`` ending in ``/``."""
    value = (value or "").strip()
    if not value:
        return ""
    parsed = urlsplit(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or parsed.query or parsed.fragment:
        raise SiteURLError(f"公开网址「{value}」不对：要写完整的网址，以 http:// 或 https:// 开头，不带 ? 和 #，"
                           f"例如 https://cases.example.org/ 或 https://example.org/shuanggong/（{SITE_URL_ENV} 或 "
                           "mkdocs.yml 的 site_url）")
    path = parsed.path if parsed.path.endswith("/") else parsed.path + "/"
    return urlunsplit((parsed.scheme, parsed.netloc.lower(), path, "", ""))


def absolute_url(base: str, url: str) -> str:
    """``url`` (site-relative) under the public base URL; relative to the site root when there is none."""
    return (base if base.endswith("/") or not base else base + "/") + url
