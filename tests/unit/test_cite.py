"""“引用本案例”: GB/T 7714 and BibTeX texts built into the page; the copy button works in Chromium.

The fixture site is built without a public base URL (the neutral default): the permalink and the citations name
the address the page is read at, filled in by extras.js. With CASELIB_SITE_URL they carry that address
(here from the library; tests/*/test_publishing.py builds and serves such a site).

This file holds the pure-Python tests (no MkDocs build, no Chromium); the tests on real MkDocs builds and CLI runs are in tests/build/test_cite.py; the tests in Chromium are in tests/browser/test_cite.py.
"""

from __future__ import annotations

from support import LIBRARY

from caselib.pipeline.run import run
from caselib.render.cite import bibtex_escape, citation

PATH = "cases/beijing-huxuelan-project/"


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
