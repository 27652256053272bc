"""Accessibility and valid HTML, checked with the tools the field uses (issue 17).

* axe-core (npm, pinned in package.json; ``make test`` runs ``npm ci``) is injected with Playwright into every
  kind of page, at 1280 px and 375 px, with the reader's system in light and in dark mode (Chromium's
  prefers-color-scheme emulation: Material must follow it). Any WCAG 2.0/2.1 A or AA violation fails, except
  the entries of tests/a11y-exceptions.yml, each with its reason. One browser; one page per width and scheme,
  reused for every page type.
* The Nu Html Checker (npm ``vnu-jar``, run by Debian's Java) reads one built page of each kind in a single run:
  no errors except Material's own, listed with their reasons in the same exceptions file.
* Keyboard: the skip link is the first stop on every page and lands before the page's title.

This file holds the pure-Python tests (no MkDocs build, no Chromium); the tests on real MkDocs builds and CLI runs are in tests/build/test_a11y.py; the tests in Chromium are in tests/browser/test_a11y.py.
"""

from __future__ import annotations

from support.a11y import EXCEPTIONS, PAGES


def test_every_exception_has_a_reason() -> None:
    for entry in EXCEPTIONS["axe"] + EXCEPTIONS["html"]:
        assert len(str(entry.get("reason", "")).strip()) > 20, entry
    for entry in EXCEPTIONS["axe"]:
        assert entry.get("rule") and entry.get("target"), entry
        assert set(entry.get("pages", PAGES)) <= set(PAGES), entry
    for entry in EXCEPTIONS["html"]:
        assert entry.get("message") and entry.get("extract"), entry
