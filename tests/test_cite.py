"""“引用本案例”: GB/T 7714 and BibTeX texts built into the page; the copy button works in Chromium."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import new_page

from caselib.cite import bibtex_escape

URL = "https://shuanggong-cases.github.io/cases/cases/beijing-huxuelan-project/"


def test_citations_in_the_page(built_site: Path) -> None:
    soup = BeautifulSoup((built_site / "cases" / "beijing-huxuelan-project" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    gbt = soup.select_one("#cite-gbt").get_text()
    assert gbt == f"双工案例库. 护学蓝[EB/OL]. (2026-11-28)[引用日期]. {URL}."
    bib = soup.select_one("#cite-bibtex").get_text()
    assert bib.startswith("@misc{beijing-huxuelan-project,\n")
    assert f"url          = {{{URL}}}," in bib and bib.rstrip().endswith("}")
    assert bib.count("{") == bib.count("}")
    assert soup.select_one(".cl-cite__url")["href"] == URL


def test_bibtex_escaping() -> None:
    assert bibtex_escape("50% & a_b #1 {x}") == r"50\% \& a\_b \#1 \{x\}"


def test_copy_button_copies_the_citation_with_todays_date(browser: object, site_url: str) -> None:
    rec = new_page(browser)
    context = rec.page.context
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    rec.page.goto(site_url + "cases/beijing-huxuelan-project/")
    button = rec.page.locator('[data-cl-copy="cite-gbt"]')
    button.click()
    rec.page.wait_for_function("document.querySelector('[data-cl-copy=\"cite-gbt\"]').textContent === '已复制'")
    copied = rec.page.evaluate("navigator.clipboard.readText()")
    today = date.today()
    match = re.fullmatch(rf"双工案例库\. 护学蓝\[EB/OL\]\. \(2026-11-28\)\[(\d{{4}}-\d{{2}}-\d{{2}})\]\. {re.escape(URL)}\.",
                         copied)
    assert match, copied
    assert abs((date.fromisoformat(match.group(1)) - today).days) <= 1  # the browser's local date, from extras.js
    rec.page.locator('[data-cl-copy="cite-bibtex"]').click()
    rec.page.wait_for_function("document.querySelector('[data-cl-copy=\"cite-bibtex\"]').textContent === '已复制'")
    bib = rec.page.evaluate("navigator.clipboard.readText()")
    assert bib.startswith("@misc{beijing-huxuelan-project,") and "YYYY-MM-DD" not in bib
    assert rec.external(site_url) == [] and rec.errors == []
    context.close()
