"""A tile-grid map of China's 34 provincial-level regions, coloured by case count.

One equal square per region, placed roughly where the region lies (north up, east right): a schematic, not
a map. It draws no boundaries, so it needs no map approval number (审图号) and cannot misdraw one; the page
says so next to it. The layout is ``TILES`` below (7 columns x 8 rows); ``templates/charts/tilemap.html.j2``
draws it as inline SVG with a data table beside it, ``overrides/assets/stylesheets/map.css`` colours it per
colour scheme, and on the finder page ``overrides/assets/javascripts/map.js`` recounts it for the current
filter.

Counts fall into four classes above zero, with bounds roughly geometric in the largest count (so that one
region with many cases does not wash the others out): class ``k`` starts at ``ceil(max ** (k / 4))``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from caselib.model.library import Library
from caselib.urls import region_url

# code: (column, row, short name). Columns west to east, rows north to south.
TILES: dict[str, tuple[int, int, str]] = {
    "230000": (6, 0, "黑龙江"),
    "150000": (3, 1, "内蒙古"), "110000": (4, 1, "北京"), "210000": (5, 1, "辽宁"), "220000": (6, 1, "吉林"),
    "650000": (0, 2, "新疆"), "620000": (1, 2, "甘肃"), "640000": (2, 2, "宁夏"), "140000": (3, 2, "山西"),
    "130000": (4, 2, "河北"), "120000": (5, 2, "天津"),
    "630000": (1, 3, "青海"), "610000": (2, 3, "陕西"), "410000": (3, 3, "河南"), "370000": (4, 3, "山东"),
    "540000": (0, 4, "西藏"), "510000": (1, 4, "四川"), "500000": (2, 4, "重庆"), "420000": (3, 4, "湖北"),
    "340000": (4, 4, "安徽"), "320000": (5, 4, "江苏"),
    "530000": (1, 5, "云南"), "520000": (2, 5, "贵州"), "430000": (3, 5, "湖南"), "360000": (4, 5, "江西"),
    "330000": (5, 5, "浙江"), "310000": (6, 5, "上海"),
    "450000": (2, 6, "广西"), "440000": (3, 6, "广东"), "350000": (4, 6, "福建"), "710000": (5, 6, "台湾"),
    "460000": (2, 7, "海南"), "820000": (3, 7, "澳门"), "810000": (4, 7, "香港"),
}
COLUMNS = 1 + max(col for col, _, _ in TILES.values())
ROWS = 1 + max(row for _, row, _ in TILES.values())
CLASSES = 4


@dataclass(frozen=True)
class Tile:
    code: str
    name: str  # the official name (云南省)
    short: str  # on the tile (云南)
    col: int
    row: int
    count: int
    level: int  # 0 (no cases) .. CLASSES
    url: str | None  # the region page (site-relative), for regions with cases


@dataclass(frozen=True)
class Band:
    level: int
    low: int
    high: int

    @property
    def label(self) -> str:
        return f"{self.low}" if self.low == self.high else f"{self.low}–{self.high}"


@dataclass(frozen=True)
class TileMap:
    tiles: list[Tile]  # every provincial-level region, in code order
    bands: list[Band]  # the classes above zero that the counts use
    total: int
    columns: int = COLUMNS
    rows: int = ROWS

    @property
    def ranked(self) -> list[Tile]:
        """Regions with cases, most first (the data table)."""
        return sorted((t for t in self.tiles if t.count), key=lambda t: (-t.count, t.code))

    @property
    def empty(self) -> list[Tile]:
        return [t for t in self.tiles if not t.count]

    @property
    def lows(self) -> list[int]:
        return [band.low for band in self.bands]


def bands(largest: int) -> list[Band]:
    """The classes above zero for counts up to ``largest``: at most CLASSES, each at least one count wide."""
    lows: list[int] = []
    for k in range(CLASSES):
        low = max(1, math.ceil(largest ** (k / CLASSES) - 1e-9))
        low = max(low, lows[-1] + 1) if lows else low
        if low <= largest:
            lows.append(low)
    highs = [low - 1 for low in lows[1:]] + ([largest] if lows else [])
    return [Band(i + 1, low, high) for i, (low, high) in enumerate(zip(lows, highs, strict=True))]


def level(count: int, lows: list[int]) -> int:
    return sum(1 for low in lows if count >= low)


def tile_map(library: Library) -> TileMap:
    counts = {node.division.code: node.total for node in library.provinces()}
    scale = bands(max(counts.values(), default=0))
    lows = [band.low for band in scale]
    tiles = []
    for division in sorted(library.regions.provinces(), key=lambda d: d.code):
        col, row, short = TILES[division.code]
        count = counts.get(division.code, 0)
        tiles.append(Tile(division.code, division.name, short, col, row, count, level(count, lows),
                          region_url(division.code) if count else None))
    return TileMap(tiles, scale, sum(counts.values()))
