"""The tile-grid map (caselib.model.tilemap, templates/charts/tilemap.html.j2, map.css, map.js): its layout, the built
SVG and data table on the home page and the region index, its colours' contrast in both colour schemes, and the
finder's map following the current filter, in Chromium.

This file holds the tests on real MkDocs builds and CLI runs; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_tilemap.py; the tests in Chromium are in tests/browser/test_tilemap.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support import LIBRARY

from caselib.model.tilemap import tile_map
from caselib.pipeline.run import run

PAGES = ["index.html", "regions/index.html"]


@pytest.fixture(scope="module")
def library():  # type: ignore[no-untyped-def]
    lib = run(LIBRARY).library
    assert lib is not None
    return lib


@pytest.mark.parametrize("page", PAGES)
def test_built_map_and_table(built_site: Path, library, page: str) -> None:  # type: ignore[no-untyped-def]
    soup = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")
    figure = soup.select_one("figure.cl-map")
    assert figure is not None and "示意图，不是地图" in figure.select_one("figcaption").get_text()
    svg = figure.select_one("svg")
    assert svg["aria-hidden"] == "true"
    tiles = {g["data-code"]: g for g in svg.select("g.cl-map__tile")}
    expected = tile_map(library)
    assert len(tiles) == 34
    page_dir = Path(page).parent
    for t in expected.tiles:
        g = tiles[t.code]
        assert int(g["data-count"]) == t.count and g.select_one(".cl-map__count").get_text() == str(t.count)
        assert f"cl-map__tile--{t.level}" in g["class"]
        link = g.find_parent("a")
        if t.count:  # a link to the region page, kept out of the tab order (the table carries the same links)
            assert link is not None and link["tabindex"] == "-1"
            assert (built_site / page_dir / link["href"] / "index.html").resolve().is_file()
        else:
            assert link is None
    rows = figure.select("table tbody tr")
    assert [r["data-code"] for r in rows] == [t.code for t in expected.ranked]
    for row, t in zip(rows, expected.ranked, strict=True):
        assert row.select_one("th a").get_text() == t.name and row.select_one("td").get_text() == str(t.count)
        assert (built_site / page_dir / row.select_one("a")["href"] / "index.html").resolve().is_file()
    empty = figure.select_one(".cl-map__empty").get_text()
    assert f"（{34 - len(rows)} 个）" in empty
    legend = [li.get_text() for li in figure.select(".cl-map__legend li")]
    assert legend == ["暂无"] + [b.label for b in expected.bands]
