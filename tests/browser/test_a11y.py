"""Accessibility and valid HTML, checked with the tools the field uses (issue 17).

* axe-core (npm, pinned in package.json; ``make test`` runs ``npm ci``) is injected with Playwright into every
  kind of page, at 1280 px and 375 px, with the reader's system in light and in dark mode (Chromium's
  prefers-color-scheme emulation: Material must follow it). Any WCAG 2.0/2.1 A or AA violation fails, except
  the entries of tests/a11y-exceptions.yml, each with its reason. One browser; one page per width and scheme,
  reused for every page type.
* The Nu Html Checker (npm ``vnu-jar``, run by Debian's Java) reads one built page of each kind in a single run:
  no errors except Material's own, listed with their reasons in the same exceptions file.
* Keyboard: the skip link is the first stop on every page and lands before the page's title.

This file holds the tests in Chromium; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_a11y.py; the tests on real MkDocs builds and CLI runs are in tests/build/test_a11y.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import ROOT, new_page
from support.a11y import CASE, EXCEPTIONS, NODE_MODULES, PAGES

AXE = NODE_MODULES / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

SCHEMES = {"light": "default", "dark": "slate"}


def _need(path: Path) -> None:
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} 不存在：请先运行 npm ci（make test 会自动运行）。"
                    f" {path.relative_to(ROOT)} is missing: run `npm ci` (make test does).")


def _excepted(page: str, violation: dict[str, Any], node: dict[str, Any]) -> bool:
    target = " ".join(str(t) for t in node["target"])
    return any(e["rule"] == violation["id"] and e["target"] in target and page in e.get("pages", PAGES)
               for e in EXCEPTIONS["axe"])


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag_violation(browser: Any, site_url: str, scheme: str, width: int) -> None:
    _need(AXE)
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 400 else 812}, locale="zh-CN",
                                  color_scheme=scheme, is_mobile=width < 400, has_touch=width < 400)
    context.add_init_script(path=str(AXE))  # axe is there on every page of this context, before the page's scripts
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    found: list[str] = []
    try:
        for name, (path, ready) in PAGES.items():
            page.goto(site_url + path)
            if ready:
                page.wait_for_selector(ready, state="attached")
            # Material follows the reader's system: the emulated prefers-color-scheme picks the scheme.
            page.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') === s", arg=SCHEMES[scheme])
            result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],"
                                   " iframes: false})", TAGS)
            for violation in result["violations"]:
                for node in violation["nodes"]:
                    if not _excepted(name, violation, node):
                        found.append(f"{name}: {violation['id']} ({violation['impact']}) {node['target']}: "
                                     f"{node['failureSummary'].splitlines()[-1].strip()}")
    finally:
        context.close()
    assert found == [], f"{scheme} {width}px: {len(found)} axe violations\n" + "\n".join(found)
    assert errors == []


def test_skip_link_is_first_and_lands_before_the_title(browser: Any, site_url: str) -> None:
    rec = new_page(browser)
    page = rec.page
    for path, first_control in ((f"cases/{CASE}/", None), ("cases/", "#cl-q")):
        page.goto(site_url + path)
        if first_control:
            page.wait_for_selector("#cl-finder[data-ready]", state="attached")
        page.keyboard.press("Tab")
        skip = page.evaluate("[document.activeElement.getAttribute('href'), document.activeElement.textContent.trim()]")
        assert skip == ["#cl-main", "跳到主要内容"], path
        page.keyboard.press("Enter")
        assert page.url.endswith("#cl-main")
        # the target comes before the page's title, so nothing of the page is skipped
        assert page.evaluate("!!(document.getElementById('cl-main').compareDocumentPosition(document.querySelector('h1'))"
                             " & Node.DOCUMENT_POSITION_FOLLOWING)")
        if first_control:  # the finder's search box is the next stop (it was 10 Tab presses away)
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.id") == first_control.lstrip("#")
    assert rec.external(site_url) == [] and rec.errors == []
    page.context.close()


def test_colour_scheme_follows_the_system_until_the_reader_picks_one(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    toggle = page.locator("label.md-header__button[for^='__palette_']:visible")
    page.goto(site_url)
    assert page.evaluate(scheme) == "slate"  # first visit: the system's dark mode
    assert toggle.get_attribute("title") == "当前跟随系统，切换到浅色模式"
    page.emulate_media(color_scheme="light")  # the system switches: the page follows at once
    page.wait_for_function(f"{scheme} === 'default'")
    page.emulate_media(color_scheme="dark")
    page.wait_for_function(f"{scheme} === 'slate'")
    toggle.click()  # the reader picks light: it stays light on the next page, whatever the system says
    page.wait_for_function(f"{scheme} === 'default'")
    page.goto(site_url + "stats/")
    assert page.evaluate(scheme) == "default"
    assert toggle.get_attribute("title") == "当前为浅色模式，切换到深色模式"
    toggle.click()
    page.wait_for_function(f"{scheme} === 'slate'")
    assert toggle.get_attribute("title") == "当前为深色模式，切换到跟随系统"
    page.emulate_media(color_scheme="light")
    toggle.click()  # back to following the system
    page.wait_for_function(f"{scheme} === 'default'")
    context.close()
