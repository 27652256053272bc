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
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from support import CHROMIUM, CHROMIUM_ARGS, LIBRARY, cli, copy_repo, mkdocs_build, serve
from support.fast_pages import SYNTHETIC, outside_grammar_record
from support.nginx import Served, nginx
from support.ranking import RECORDS
from support.regions import with_record
from support.search import with_synthetic
from support.xss import hostile_record

from caselib.contrib import synthetic
from caselib.pipeline.run import run

TESTS = Path(__file__).resolve().parent
LAYERS = ("unit", "build", "browser")
# The fixtures that make a test heavier than its folder says: unit tests use none, build tests no browser.
FORBIDDEN = {"unit": {"built_site", "site_url", "browser", "served", "xss_sites", "damian_site"},
             "build": {"site_url", "browser"}, "browser": set()}
# What a session of unit tests alone must never have imported (the proof that they run without them).
HEAVY_MODULES = ("mkdocs", "playwright", "material")


def layer_of(path: Path) -> str | None:
    """The layer of a test file: the first folder under tests/ (None for a file outside the three)."""
    parts = path.resolve().relative_to(TESTS).parts
    return parts[0] if len(parts) > 1 and parts[0] in LAYERS else None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test with its folder's layer; refuse a test outside the layers or using a heavier fixture."""
    wrong: list[str] = []
    for item in items:
        layer = layer_of(Path(item.fspath))
        if layer is None:
            wrong.append(f"{item.nodeid}: not under tests/unit, tests/build or tests/browser")
            continue
        item.add_marker(getattr(pytest.mark, layer))
        heavier = FORBIDDEN[layer] & set(getattr(item, "fixturenames", ()))
        if heavier:
            wrong.append(f"{item.nodeid}: a {layer} test uses {', '.join(sorted(heavier))} (move it to a heavier layer)")
    if wrong:
        raise pytest.UsageError("tests in the wrong layer:\n  " + "\n  ".join(wrong))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(LIBRARY.parent, ignore_errors=True)
    items = getattr(session, "items", [])
    if items and all(item.get_closest_marker("unit") for item in items):
        loaded = sorted(name for name in sys.modules if name.split(".")[0] in HEAVY_MODULES)
        if loaded:
            writer = session.config.get_terminal_writer()
            writer.line()
            writer.line(f"unit tests imported {', '.join(loaded[:5])}: they must run without MkDocs and Chromium", red=True)
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


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


# Sites and servers that tests of two layers share, built once per session (a module fixture would build them once
# per file).

@pytest.fixture(scope="session")
def served(built_site: Path) -> Iterator[Served]:
    """The built site through Debian's nginx at / and under /sub/, and a build with a public base URL (docs/publishing.md)."""
    with nginx(built_site) as started:
        yield started


@pytest.fixture(scope="session")
def xss_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(clean site, site with the hostile record), both real MkDocs builds."""
    base = tmp_path_factory.mktemp("xss")
    clean = copy_repo(base / "clean")
    hostile = copy_repo(base / "hostile")
    (hostile / "cases" / "xss-case.yml").write_text(yaml.safe_dump(hostile_record(), allow_unicode=True, sort_keys=False),
                                                   encoding="utf-8")
    checked = cli("check", root=hostile)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    for root in (clean, hostile):
        done = mkdocs_build(root, root / "site")
        assert done.returncode == 0, done.stderr
    return clean / "site", hostile / "site"


@pytest.fixture(scope="session")
def damian_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture library plus the 大面街道 record, built with the real MkDocs."""
    repo = with_record(copy_repo(tmp_path_factory.mktemp("regions") / "repo"))
    built = mkdocs_build(repo, repo.parent / "site")
    assert built.returncode == 0, built.stdout + built.stderr
    return repo.parent / "site"


@pytest.fixture(scope="session")
def synthetic_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture library plus support.search.SYNTHETIC generated records (the search tests; read, never changed)."""
    return with_synthetic(copy_repo(tmp_path_factory.mktemp("search") / "repo"))


@pytest.fixture(scope="session")
def fast_pages_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture library plus generated records, the hostile record and one whose case page is outside
    ``render.html``'s grammar (the pre-rendered pages' tests; read, never changed)."""
    repo = copy_repo(tmp_path_factory.mktemp("fast-pages") / "repo")
    synthetic.write(synthetic.generate(SYNTHETIC, seed=11, root=LIBRARY), repo / "cases")
    for record in (hostile_record(), outside_grammar_record()):
        (repo / "cases" / f"{record['id']}.yml").write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False),
                                                           encoding="utf-8")
    checked = cli("check", root=repo)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return repo


@pytest.fixture(scope="session")
def finder_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture library plus 45 generated records, spread over many regions (the finder's tests; read, never
    changed)."""
    repo = copy_repo(tmp_path_factory.mktemp("finder") / "repo")
    synthetic.write(synthetic.generate(45, seed=7, root=LIBRARY), repo / "cases")
    return repo


@pytest.fixture(scope="session")
def rank_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository plus support.ranking.RECORDS in cases/test-rank/ (all valid)."""
    repo = copy_repo(tmp_path_factory.mktemp("rank") / "repo")
    folder = repo / "cases" / "test-rank"
    folder.mkdir()
    for item in RECORDS:
        (folder / f"{item['id']}.yml").write_text(yaml.safe_dump(item, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run(repo)
    assert result.library is not None and not result.problems, [p.format() for p in result.problems]
    return repo
