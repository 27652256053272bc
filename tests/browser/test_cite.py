"""“引用本案例”: GB/T 7714 and BibTeX texts built into the page; the copy button works in Chromium.

The fixture site is built without a public base URL (the neutral default): the permalink and the citations name
the address the page is read at, filled in by extras.js. With CASELIB_SITE_URL they carry that address
(here from the library; tests/*/test_publishing.py builds and serves such a site).

This file holds the tests in Chromium; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_cite.py; the tests on real MkDocs builds and CLI runs are in tests/build/test_cite.py.
"""

from __future__ import annotations

import re
from datetime import date

from support import new_page

PATH = "cases/beijing-huxuelan-project/"


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
