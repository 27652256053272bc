"""Publishing beyond GitHub Pages (docs/publishing.md): the site served by a real nginx, with the server block
from that page, under ``/`` and under a sub-path, in Chromium; and a build with a public base URL
(CASELIB_SITE_URL) whose permalinks, citations, sitemap, feed and open data all name that address.

nginx is Debian's (``.ci/system-packages.txt``), run as an unprivileged process (user ``nobody`` when the tests
run as root) with its own prefix, config and logs in a temporary folder, on 127.0.0.1 and free ports.

This file holds the tests in Chromium; the tests on real MkDocs builds and CLI runs are in tests/build/test_publishing.py.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from support import new_page
from support.nginx import Served, get, status_of
from support.spreadsheet import zipped

CASE = "yiliang-wumeng-children-companionship"


@pytest.mark.parametrize("where", ["root", "sub"])
def test_finder_and_case_page_work_through_nginx(browser: object, served: Served, where: str) -> None:
    base = getattr(served, where)
    rec = new_page(browser)
    page = rec.page
    failed: list[str] = []
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))  # type: ignore[attr-defined]
    page.goto(base + "cases/")  # type: ignore[attr-defined]
    page.wait_for_selector("#cl-finder[data-ready]")  # type: ignore[attr-defined]
    total = int(page.get_attribute("#cl-finder", "data-count"))  # type: ignore[attr-defined]
    seq = page.get_attribute("#cl-finder", "data-seq")  # type: ignore[attr-defined]
    page.fill("#cl-q", "彝良")  # type: ignore[attr-defined]
    page.wait_for_function(f"document.getElementById('cl-finder').getAttribute('data-seq') !== '{seq}' && "  # type: ignore[attr-defined]
                           "document.getElementById('cl-finder').hasAttribute('data-filled')")
    found = int(page.get_attribute("#cl-finder", "data-count"))  # type: ignore[attr-defined]
    assert 0 < found < total
    assert page.url.startswith(base + "cases/?q=")  # type: ignore[attr-defined]
    page.locator(f"#cl-results a[href$='{CASE}/']").click()  # type: ignore[attr-defined]
    page.wait_for_url(base + f"cases/{CASE}/")  # type: ignore[attr-defined]
    # Material's stylesheet arrived (the header is coloured) and extras.js ran (the permalink is this address).
    header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")  # type: ignore[attr-defined]
    assert header not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator(".cl-cite__url").text_content() == base + f"cases/{CASE}/"  # type: ignore[attr-defined]
    assert page.locator("#cite-gbt").text_content().endswith(f"{base}cases/{CASE}/.")  # type: ignore[attr-defined]
    assert failed == [] and rec.errors == [] and rec.external(base) == []
    page.context.close()  # type: ignore[attr-defined]


def test_a_base_url_reaches_permalinks_citations_sitemap_feed_and_open_data(browser: object, served: Served) -> None:
    base = served.based
    html = get(base + f"cases/{CASE}/")[2].decode("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one(".cl-cite__url")["href"] == base + f"cases/{CASE}/"
    assert soup.select_one("#cite-gbt").get_text().endswith(f"{base}cases/{CASE}/.")
    assert soup.select_one('link[rel="canonical"]')["href"] == base + f"cases/{CASE}/"
    # Sitemap: absolute URLs under the base, and each answers.
    status, _, body = get(base + "sitemap.xml")
    assert status == 200
    locs = [e.text or "" for e in ET.fromstring(body).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(u.startswith(base) for u in locs)
    assert base + f"cases/{CASE}/" in locs
    assert all(status_of(u) == 200 for u in locs[:: max(1, len(locs) // 15)])
    # Feed and open data.
    feed = ET.fromstring(get(base + "feed.xml")[2])
    links = [e.get("href", "") for e in feed.iter("{http://www.w3.org/2005/Atom}link")]
    assert links and all(u.startswith(base) for u in links) and status_of(links[-1]) == 200
    data = json.loads(zipped(get(base + "data/cases.zip")[2], "cases.json"))
    assert data["site"] == base and all(c["url"] == f"{base}cases/{c['id']}/" for c in data["cases"])
    assert json.loads(get(base + "data/case.schema.json")[2])["$id"] == base + "data/case.schema.json"
    assert zipped(get(base + "data/cases.zip")[2], "cases.csv").decode("utf-8-sig").splitlines()[1].endswith("/")
    # The 404 page keeps its styles under the sub-path.
    status, _, body = get(base + "no-such-page/")
    assert status == 404
    sheets = [link["href"] for link in BeautifulSoup(body, "html.parser").select('link[rel="stylesheet"]')]
    assert sheets and all(h.startswith("/sub/") for h in sheets) and all(status_of(base.split("/sub/")[0] + h) == 200
                                                                       for h in sheets)
    # In Chromium, the permalink stays the configured one (the script fills only an unknown address).
    rec = new_page(browser)
    rec.page.goto(base + f"cases/{CASE}/")  # type: ignore[attr-defined]
    assert rec.page.locator(".cl-cite__url").text_content() == base + f"cases/{CASE}/"  # type: ignore[attr-defined]
    assert rec.errors == []
    rec.page.context.close()  # type: ignore[attr-defined]
