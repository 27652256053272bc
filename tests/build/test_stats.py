"""The 数据统计 page: every number equals a count made directly from the YAML records.

This file holds the tests on real MkDocs builds and CLI runs; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_stats.py; the tests in Chromium are in tests/browser/test_stats.py.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup
from support import records


def table(soup: BeautifulSoup, table_id: str) -> dict[str, int]:
    rows = soup.select(f"#{table_id} tbody tr")
    return {r.th.get_text(strip=True): int(r.td.get_text(strip=True)) for r in rows}


def stats_soup(site: Path) -> BeautifulSoup:
    return BeautifulSoup((site / "stats" / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_counts_equal_the_records(built_site: Path) -> None:
    soup = stats_soup(built_site)
    recs = records()
    assert table(soup, "t-provinces") == dict(Counter(r["region"]["province"] for r in recs))
    for field in ("themes", "methods", "target_groups"):
        assert table(soup, f"t-{field}") == dict(Counter(t for r in recs for t in r[field])), field
    years = Counter(str((r.get("period") or {}).get("start", ""))[:4] or "none" for r in recs)
    expected_years = {("来源未注明" if y == "none" else f"{y} 年"): n for y, n in years.items()}
    assert table(soup, "t-years") == expected_years
    assert f"共 {len(recs)} 个案例" in soup.get_text()


def test_metric_totals_sum_only_figures_not_covered_by_the_programme(built_site: Path) -> None:
    soup = stats_soup(built_site)
    recs = {r["id"]: r for r in records()}

    def covered(r: dict, key: str) -> bool:
        parent = recs.get(r.get("part_of", ""))
        while parent is not None:
            if key in (parent.get("metrics") or {}):
                return True
            parent = recs.get(parent.get("part_of", ""))
        return False

    rows = soup.select("#t-metrics tbody tr")
    assert rows
    for row in rows:
        key = row["data-metric"]
        given = [r for r in recs.values() if key in (r.get("metrics") or {})]
        summed = [r for r in given if not covered(r, key)]
        assert int(row.select_one("[data-total]")["data-total"]) == sum(r["metrics"][key]["value"] for r in summed), key
        assert int(row.select_one("[data-summed]")["data-summed"]) == len(summed), key
        assert int(row.select_one("[data-not-summed]")["data-not-summed"]) == len(given) - len(summed), key
        if any(r["metrics"][key].get("qualifier") for r in summed):
            assert re.match(r"^(≥|约) [\d,]+$", row.select_one("[data-total]").get_text(strip=True)), key
    volunteers = soup.select_one('#t-metrics tr[data-metric="volunteers"] [data-total]').get_text(strip=True)
    assert volunteers == "≥ 500"  # the shipped 500余 volunteers of a project whose programme gives no such figure


def test_charts_match_their_tables(built_site: Path) -> None:
    soup = stats_soup(built_site)
    for figure in soup.select("figure.cl-figure"):
        key = figure["id"].removeprefix("chart-")
        bars = figure.select("svg rect.cl-chart__bar")
        values = [int(t.get_text()) for t in figure.select("svg text.cl-chart__value")]
        assert values == list(table(soup, f"t-{key}").values()), key
        widths = [float(b["width"].rstrip("%")) for b in bars]
        assert widths[values.index(max(values))] == 100.0
        for width, value in zip(widths, values, strict=True):
            assert abs(width - value * 100 / max(values)) < 0.01
