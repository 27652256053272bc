"""Fixtures and hooks only; what tests share besides fixtures is in ``support.py`` (tests import that, never this).

Layers: a test's folder is its layer and its marker (``tests/unit`` → ``unit``, ``tests/build`` → ``build``,
``tests/browser`` → ``browser``), so ``pytest -m unit`` (or ``make test-unit``) runs the pure-Python tests alone.
A unit test may not use the fixtures that build the site or start Chromium, and a unit-only session fails if MkDocs
or Playwright was imported (see ``pytest_sessionfinish``).

Browser tests drive Debian's /usr/bin/chromium through Playwright (no browser download); every request a page makes
is recorded so tests can assert that nothing leaves the site.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import CHROMIUM, CHROMIUM_ARGS, LIBRARY, copy_repo, mkdocs_build, serve


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(LIBRARY.parent, ignore_errors=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A throw-away copy of the repository: tests add or break records in it."""
    return copy_repo(tmp_path / "repo")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture library built once with the real MkDocs; the path of the site folder."""
    site = tmp_path_factory.mktemp("built") / "site"
    result = mkdocs_build(LIBRARY, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served on localhost."""
    url, server = serve(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (bash .ci/run does) or set CHROMIUM")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()
