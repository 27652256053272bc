"""Accessibility and valid HTML, checked with the tools the field uses (issue 17).

* axe-core (npm, pinned in package.json; ``make test`` runs ``npm ci``) is injected with Playwright into every
  kind of page, at 1280 px and 375 px, with the reader's system in light and in dark mode (Chromium's
  prefers-color-scheme emulation: Material must follow it). Any WCAG 2.0/2.1 A or AA violation fails, except
  the entries of tests/a11y-exceptions.yml, each with its reason. One browser; one page per width and scheme,
  reused for every page type.
* The Nu Html Checker (npm ``vnu-jar``, run by Debian's Java) reads one built page of each kind in a single run:
  no errors except Material's own, listed with their reasons in the same exceptions file.
* Keyboard: the skip link is the first stop on every page and lands before the page's title.

This file holds the tests on real MkDocs builds and CLI runs; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_a11y.py; the tests in Chromium are in tests/browser/test_a11y.py.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from support import ROOT
from support.a11y import EXCEPTIONS, NODE_MODULES, PAGES

VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The built file of each kind for the HTML checker (the finder and the compare page before JavaScript).
HTML_FILES = sorted({"index.html", "404.html", *(path.split("?")[0] + "index.html" for path, _ in PAGES.values())})


def _need(path: Path) -> None:
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} 不存在：请先运行 npm ci（make test 会自动运行）。"
                    f" {path.relative_to(ROOT)} is missing: run `npm ci` (make test does).")


def test_html_checker_finds_no_errors_from_our_templates(built_site: Path) -> None:
    _need(VNU)
    java = shutil.which("java")
    if java is None:
        pytest.fail("找不到 java：请安装 Debian 的 default-jre-headless（make test 会自动安装）。"
                    " java not found: install Debian's default-jre-headless (make test does).")
    files = [built_site / f for f in HTML_FILES]
    assert all(f.is_file() for f in files), [f for f in files if not f.is_file()]
    done = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
                          capture_output=True, text=True, check=False)
    messages = json.loads(done.stderr)["messages"]  # the checker writes its JSON report to stderr
    assert messages is not None
    used: set[int] = set()
    left = []
    for m in messages:
        hits = [i for i, e in enumerate(EXCEPTIONS["html"]) if e["message"] in m["message"] and e["extract"] in m.get("extract", "")]
        used.update(hits)
        if not hits:
            left.append(f"{m['url'].removeprefix(built_site.as_uri())}:{m.get('lastLine')}: {m['message']} «{m.get('extract', '').strip()}»")
    assert left == [], "\n".join(left)
    stale = [e["message"] for i, e in enumerate(EXCEPTIONS["html"]) if i not in used]
    assert stale == [], f"exceptions that no longer match anything (remove them): {stale}"


def test_stats_charts_hold_nothing_focusable_and_figures_are_valid(built_site: Path) -> None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((built_site / "stats" / "index.html").read_text(encoding="utf-8"), "html.parser")
    charts = soup.select("svg.cl-chart")
    assert charts
    for svg in charts:
        assert svg["aria-hidden"] == "true"
        assert svg.select("a, [tabindex], [href]") == []
    for figure in soup.select("figure"):
        children = [c for c in figure.children if getattr(c, "name", None)]
        assert children[-1].name == "figcaption" and figure.select("details") == []
    # every chart's data table, with its links, follows the chart
    for table in soup.select("details.cl-data-table table"):
        assert table.find_parent("figure") is None
