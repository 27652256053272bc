"""Related cases: the bit-sliced top five equal a brute-force all-pairs ranking, deterministically.

This file holds the tests on real MkDocs builds and CLI runs; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_related.py.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup


def test_case_page_shows_at_most_five_with_reasons(built_site: Path) -> None:
    html = (built_site / "cases" / "beijing-huxuelan-project" / "index.html").read_text(encoding="utf-8")
    items = BeautifulSoup(html, "html.parser").select(".cl-related > li")
    assert 1 <= len(items) <= 5
    reasons = [i.select_one(":scope > span").get_text() for i in items]
    assert all("同在北京市" in r for r in reasons)
    assert any("所属试点" in r for r in reasons)  # the programme the project belongs to
    titles = [i.select_one("a").get_text() for i in items]
    assert "护学蓝" not in titles
