"""“引用本案例”: GB/T 7714 and BibTeX texts built into the page; the copy button works in Chromium.

The fixture site is built without a public base URL (the neutral default): the permalink and the citations name
the address the page is read at, filled in by extras.js. With CASELIB_SITE_URL they carry that address
(here from the library; tests/*/test_publishing.py builds and serves such a site).

This file holds the tests on real MkDocs builds and CLI runs; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_cite.py; the tests in Chromium are in tests/browser/test_cite.py.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

PATH = "cases/beijing-huxuelan-project/"


def test_citations_in_the_page_without_a_base_url(built_site: Path) -> None:
    soup = BeautifulSoup((built_site / PATH / "index.html").read_text(encoding="utf-8"), "html.parser")
    gbt = soup.select_one("#cite-gbt")
    assert gbt.get_text() == "双工案例库. 护学蓝[EB/OL]. (2026-11-28)[引用日期]. 本页网址."
    assert [s.get_text() for s in gbt.select("[data-cl-cite-url]")] == ["本页网址"]
    bib = soup.select_one("#cite-bibtex").get_text()
    assert bib.startswith("@misc{beijing-huxuelan-project,\n")
    assert "url          = {本页网址}," in bib and bib.rstrip().endswith("}")
    assert bib.count("{") == bib.count("}")
    link = soup.select_one(".cl-cite__url")
    assert link["href"] == "./" and link.has_attr("data-cl-cite-url")
