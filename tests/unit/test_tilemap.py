"""The tile-grid map (caselib.model.tilemap, templates/charts/tilemap.html.j2, map.css, map.js): its layout, the built
SVG and data table on the home page and the region index, its colours' contrast in both colour schemes, and the
finder's map following the current filter, in Chromium.

This file holds the pure-Python tests (no MkDocs build, no Chromium); the tests on real MkDocs builds and CLI runs are in tests/build/test_tilemap.py; the tests in Chromium are in tests/browser/test_tilemap.py.
"""

from __future__ import annotations

import pytest
from support import LIBRARY

from caselib.model.tilemap import COLUMNS, ROWS, TILES, bands, level
from caselib.reference.regions import Regions


def test_layout_has_every_provincial_level_region_once() -> None:
    provinces = Regions.from_csv(LIBRARY / "data" / "regions" / "divisions.csv").provinces()
    assert {d.code for d in provinces} == set(TILES) and len(TILES) == 34
    places = [(col, row) for col, row, _ in TILES.values()]
    assert len(set(places)) == len(places)
    assert all(0 <= col < COLUMNS and 0 <= row < ROWS for col, row in places)
    names = {d.code: d.name for d in provinces}
    assert all(names[code].startswith(short[:2]) for code, (_, _, short) in TILES.items())
    # Roughly where they lie: north above south, west left of east, for a few pairs no reader would argue about.
    for north, south in (("230000", "220000"), ("110000", "130000"), ("440000", "460000"), ("620000", "510000")):
        assert TILES[north][1] < TILES[south][1], (north, south)
    for west, east in (("650000", "620000"), ("540000", "510000"), ("350000", "710000"), ("320000", "310000")):
        assert TILES[west][0] < TILES[east][0], (west, east)


@pytest.mark.parametrize("largest, expected", [
    (0, []), (1, [(1, 1)]), (3, [(1, 1), (2, 2), (3, 3)]), (5, [(1, 1), (2, 2), (3, 3), (4, 5)]),
    (20, [(1, 2), (3, 4), (5, 9), (10, 20)]), (1000, [(1, 5), (6, 31), (32, 177), (178, 1000)]),
])
def test_count_classes(largest: int, expected: list[tuple[int, int]]) -> None:
    scale = bands(largest)
    assert [(b.low, b.high) for b in scale] == expected
    lows = [b.low for b in scale]
    assert level(0, lows) == 0
    for b in scale:
        assert level(b.low, lows) == level(b.high, lows) == b.level
