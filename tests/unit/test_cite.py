"""“引用本案例”: GB/T 7714 and BibTeX texts built into the page; the copy button works in Chromium.

The fixture site is built without a public base URL (the neutral default): the permalink and the citations name
the address the page is read at, filled in by extras.js. With CASELIB_SITE_URL they carry that address
(here from the library; tests/test_publishing.py builds and serves such a site)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup
from support import LIBRARY, new_page

from caselib.pipeline.run import run
from caselib.render.cite import bibtex_escape, citation

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


def test_citations_with_a_base_url() -> None:
    library = run(LIBRARY).library
    assert library is not None
    library.site_url = "https://cases.example.org/sub/"
    cite = citation(library, library.by_id["beijing-huxuelan-project"])
    url = "https://cases.example.org/sub/" + PATH
    assert cite.url == url
    assert cite.gbt7714 == f"双工案例库. 护学蓝[EB/OL]. (2026-11-28)[引用日期]. {url}."
    assert [kind for kind, _ in cite.gbt7714_parts if kind != "text"] == ["date"]
    assert f"url          = {{{url}}}," in cite.bibtex and "本页网址" not in cite.bibtex


def test_bibtex_escaping() -> None:
    assert bibtex_escape("50% & a_b #1 {x}") == r"50\% \& a\_b \#1 \{x\}"


def test_copy_button_copies_the_citation_with_todays_date(browser: object, site_url: str) -> None:
    rec = new_page(browser)
    context = rec.page.context
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    rec.page.goto(site_url + PATH)
    url = site_url + PATH  # no base URL in the build: the address the page was opened at
    button = rec.page.locator('[data-cl-copy="cite-gbt"]')
    button.click()
    rec.page.wait_for_function("document.querySelector('[data-cl-copy=\"cite-gbt\"]').textContent === '已复制'")
    copied = rec.page.evaluate("navigator.clipboard.readText()")
    today = date.today()
    match = re.fullmatch(rf"双工案例库\. 护学蓝\[EB/OL\]\. \(2026-11-28\)\[(\d{{4}}-\d{{2}}-\d{{2}})\]\. {re.escape(url)}\.",
                         copied)
    assert match, copied
    assert abs((date.fromisoformat(match.group(1)) - today).days) <= 1  # the browser's local date, from extras.js
    rec.page.locator('[data-cl-copy="cite-bibtex"]').click()
    rec.page.wait_for_function("document.querySelector('[data-cl-copy=\"cite-bibtex\"]').textContent === '已复制'")
    bib = rec.page.evaluate("navigator.clipboard.readText()")
    assert bib.startswith("@misc{beijing-huxuelan-project,") and "YYYY-MM-DD" not in bib and "本页网址" not in bib
    assert f"url          = {{{url}}}," in bib
    assert rec.page.locator(".cl-cite__url").text_content() == url
    assert rec.external(site_url) == [] and rec.errors == []
    context.close()
