"""The kinds of page every accessibility check visits, and the allowed exceptions (tests/*/test_a11y.py)."""

from __future__ import annotations

import yaml

from support import ROOT

NODE_MODULES = ROOT / "node_modules"  # the test tools from npm (npm ci): axe-core, the Nu Html Checker
EXCEPTIONS = yaml.safe_load((ROOT / "tests" / "a11y-exceptions.yml").read_text(encoding="utf-8"))
CASE = "yiliang-wumeng-children-companionship"

# Every kind of page: name -> (path, what to wait for before checking).
PAGES: dict[str, tuple[str, str | None]] = {
    "home": ("", None),
    "finder-empty": ("cases/", "#cl-finder[data-filled]"),
    "finder-query": ("cases/?q=彝良", "#cl-finder[data-filled]"),
    "finder-filter": ("cases/?theme=child-welfare&region=530000", "#cl-finder[data-filled]"),
    "case": (f"cases/{CASE}/", None),
    "region-index": ("regions/", None),
    "province": ("regions/530000/", None),
    "term-index": ("themes/", None),
    "term": ("themes/child-welfare/", None),
    "stats": ("stats/", None),
    "compare": ("compare/?ids=yiliang-county-shuanggong,beijing-shuanggong-pilot", "[data-cl-compare-table]:not([hidden])"),
    "contributing": ("contributing/", None),
    "data": ("data/", None),
}
