"""Places below the county: townships/streets (checked: an error) and communities/villages (a warning), all from
one dataset (data/regions/), shown on the region pages, filterable in the finder, accepted by ``new --region``.

``tests/fixtures/regions/damian-neighbour-station.yml`` is a record at 四川省/成都市/龙泉驿区/大面街道/龙安社区
(test data, not in the fixture library); most checks here run the validator in-process on variants of it, the
site checks build a copy of the repository (the fixture library plus this record) with the real MkDocs once.

This file holds the tests in Chromium; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_regions.py; the tests on real MkDocs builds and CLI runs are in tests/build/test_regions.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support import new_page, serve

# -- new --region ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def damian_url(damian_site: Path) -> Any:
    url, server = serve(damian_site)
    yield url
    server.shutdown()


def test_finder_filters_by_township(browser: Any, damian_url: str, damian_site: Path) -> None:
    site_url, built_site = damian_url, damian_site
    facets = json.loads((built_site / "finder" / "facets.json").read_text(encoding="utf-8"))
    assert ["510112002", "大面街道（龙泉驿区）"] in facets["facets"]["street"]["values"]
    recorded = new_page(browser)
    page = recorded.page
    idle = ("(b) => { const r = document.getElementById('cl-finder');"
            " return r && r.dataset.ready && r.dataset.seq !== b && r.dataset.filled === r.dataset.seq; }")
    page.goto(site_url + "cases/")
    page.wait_for_function(idle, arg=None)
    box = "#cl-f-street-510112002"
    page.click('[data-facet="street"] summary')
    assert page.is_visible(box)
    before = page.get_attribute("#cl-finder", "data-seq")
    page.click(box)
    page.wait_for_function(idle, arg=before)
    shown = page.eval_on_selector_all("#cl-results li[data-id]", "els => els.map(e => e.dataset.id)")
    assert shown == ["damian-neighbour-station"]
    assert "street=510112002" in page.url and page.is_visible(".cl-chosen__chip")
    page.goto(site_url + "cases/?street=110105017")  # a shared link: 劲松街道
    page.wait_for_function(idle, arg=None)
    assert page.eval_on_selector_all("#cl-results li[data-id]", "els => els.map(e => e.dataset.id)") == [
        "jinsong-youjin-xiaoge-couriers"]
    assert not recorded.errors and not recorded.external(site_url)
