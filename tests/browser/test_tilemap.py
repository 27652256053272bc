"""The tile-grid map (caselib.model.tilemap, templates/charts/tilemap.html.j2, map.css, map.js): its layout, the built
SVG and data table on the home page and the region index, its colours' contrast in both colour schemes, and the
finder's map following the current filter, in Chromium.

This file holds the tests in Chromium; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_tilemap.py; the tests on real MkDocs builds and CLI runs are in tests/build/test_tilemap.py.
"""

from __future__ import annotations

import re

import pytest
from support import LIBRARY, new_page

from caselib.model.tilemap import tile_map
from caselib.pipeline.run import run


@pytest.fixture(scope="module")
def library():  # type: ignore[no-untyped-def]
    lib = run(LIBRARY).library
    assert lib is not None
    return lib


def _luminance(rgb: str) -> float:
    channels = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


COLOURS = """() => {
  const probe = document.createElement('span');
  document.querySelector('.cl-map').appendChild(probe);
  const css = name => { probe.style.color = `var(${name})`; return getComputedStyle(probe).color; };
  const out = {};
  for (const name of ['0', '0-line', '0-text', '1', '2', '3', '4', 'on']) out[name] = css('--cl-map-' + name);
  out.bg = getComputedStyle(document.body).backgroundColor;
  const rect = document.querySelector('.cl-map__tile--0 rect');
  out.drawn0 = getComputedStyle(rect).fill;
  out.scheme = document.body.getAttribute('data-md-color-scheme');
  probe.remove();
  return out;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_colours_meet_contrast_in_both_schemes(browser: object, site_url: str, scheme: str) -> None:
    rec = new_page(browser)
    rec.page.emulate_media(color_scheme=scheme)  # type: ignore[attr-defined]
    rec.page.goto(site_url)  # type: ignore[attr-defined]
    c = rec.page.evaluate(COLOURS)  # type: ignore[attr-defined]
    assert c["scheme"] == ("slate" if scheme == "dark" else "default")
    assert c["drawn0"] == c["0"]  # the variables are the ones drawn
    for k in "1234":  # each count class stands out from the page (WCAG 1.4.11) and its text is readable (1.4.3)
        assert contrast(c[k], c["bg"]) >= 3, (scheme, k, c)
        assert contrast(c["on"], c[k]) >= 4.5, (scheme, k, c)
    assert contrast(c["0-line"], c["bg"]) >= 3 and contrast(c["0-text"], c["0"]) >= 4.5, c
    assert rec.errors == [] and rec.external(site_url) == []
    rec.page.context.close()  # type: ignore[attr-defined]


def test_readable_at_375_px(browser: object, site_url: str) -> None:
    rec = new_page(browser, phone=True)
    rec.page.goto(site_url + "regions/")  # type: ignore[attr-defined]
    box = rec.page.locator(".cl-map__svg").bounding_box()  # type: ignore[attr-defined]
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375 and box["width"] >= 300
    assert rec.page.evaluate("document.scrollingElement.scrollWidth") <= 375  # type: ignore[attr-defined]
    name = rec.page.locator(".cl-map__name").first  # type: ignore[attr-defined]
    assert name.bounding_box()["height"] >= 10  # about 11 px type on a 375 px phone
    rec.page.context.close()  # type: ignore[attr-defined]


def test_finder_map_follows_the_filter(browser: object, site_url: str, library) -> None:  # type: ignore[no-untyped-def]
    rec = new_page(browser)
    page = rec.page
    page.goto(site_url + "cases/?region=530000")  # type: ignore[attr-defined]
    page.wait_for_selector("#cl-finder[data-ready]")  # type: ignore[attr-defined]
    page.wait_for_selector(".cl-map[data-total]", state="attached")  # type: ignore[attr-defined]
    yunnan = next(n.total for n in library.provinces() if n.division.code == "530000")
    assert page.get_attribute(".cl-map", "data-total") == str(yunnan) == page.get_attribute("#cl-finder", "data-count")  # type: ignore[attr-defined]
    counts = page.evaluate("Object.fromEntries([...document.querySelectorAll('.cl-map__tile')]"  # type: ignore[attr-defined]
                           ".map(g => [g.dataset.code, +g.dataset.count]))")
    assert counts["530000"] == yunnan and sum(counts.values()) == yunnan
    visible = page.evaluate("[...document.querySelectorAll('.cl-map__table tbody tr')].filter(r => !r.hidden)"  # type: ignore[attr-defined]
                            ".map(r => r.dataset.code)")
    assert visible == ["530000"]
    assert "cl-map__tile--0" in page.get_attribute(".cl-map__tile[data-code='110000']", "class")  # type: ignore[attr-defined]
    # Clearing the filter brings back the whole library's counts.
    seq = page.get_attribute("#cl-finder", "data-seq")  # type: ignore[attr-defined]
    page.locator(".cl-chosen__chip").first.click()  # type: ignore[attr-defined]
    page.wait_for_function(f"document.getElementById('cl-finder').getAttribute('data-seq') !== '{seq}'")  # type: ignore[attr-defined]
    assert page.get_attribute(".cl-map", "data-total") == str(len(library.cases))  # type: ignore[attr-defined]
    full = tile_map(library)
    shown = page.evaluate("[...document.querySelectorAll('.cl-map__table tbody tr')].filter(r => !r.hidden)"  # type: ignore[attr-defined]
                          ".map(r => r.dataset.code)")
    assert shown == [t.code for t in full.ranked]
    assert rec.errors == [] and rec.external(site_url) == []
    page.context.close()  # type: ignore[attr-defined]
