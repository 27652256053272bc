"""Contributor text never becomes live HTML or script.

A valid record carries hostile text in every text field (as much of it as
each field's length limit allows): ``<script>``, ``<img onerror>``,
``<iframe>``, ``<svg onload>``, ``javascript:``/``data:``/``vbscript:`` links
in HTML and in Markdown, Markdown that opens a heading or a table or closes
the surrounding ``<div>``, Python-Markdown ``attr_list`` (``{: onclick=… }``),
Jinja and MkDocs snippet syntax, and HTML entities that must stay text. The
site is built with the real MkDocs, every HTML page is parsed with
BeautifulSoup and compared with a build of the fixture records only: no new
script, no ``on*`` attribute, no iframe/object/embed/form/base, no link or
source with a script scheme, no image from content, and the payload appears
as text. Then Chromium opens the pages: no dialog may open.

This file holds the tests in Chromium; the tests on real MkDocs builds and CLI runs are in tests/build/test_xss.py.
"""

from __future__ import annotations

from pathlib import Path

from support import new_page, serve
from support.xss import MARK


def test_no_dialog_in_chromium(xss_sites: tuple[Path, Path], browser: object) -> None:
    """Open the pages that show the hostile record in a real browser: nothing may run."""
    _, hostile = xss_sites
    url, server = serve(hostile)
    try:
        recorded = new_page(browser)
        dialogs: list[str] = []
        recorded.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))  # type: ignore[attr-defined]
        for path in ["cases/xss-case/", "cases/", "regions/530000/", "themes/elderly-services/", ""]:
            recorded.page.goto(url + path)  # type: ignore[attr-defined]
            recorded.page.hover("h1")  # type: ignore[attr-defined]
            for link in recorded.page.query_selector_all("article a")[:40]:  # type: ignore[attr-defined]
                if link.is_visible():
                    link.hover()
        assert dialogs == []
        assert [e for e in recorded.errors if MARK in e] == []
    finally:
        server.shutdown()
