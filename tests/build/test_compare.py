"""The compare page in headless Chromium: pick cases with “加入对比”, see them side by side, share the URL.

This file holds the tests on real MkDocs builds and CLI runs; the tests in Chromium are in tests/browser/test_compare.py.
"""

from __future__ import annotations

from pathlib import Path


def test_without_javascript_the_page_explains(built_site: Path) -> None:
    html = (built_site / "compare" / "index.html").read_text(encoding="utf-8")
    assert "<noscript>" in html and "加入对比" in html
