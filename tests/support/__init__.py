"""What the tests share that is not a fixture: the repository's paths, the fixture library, running the CLI
and MkDocs as a contributor would, copying the repository, a local web server and a recorded Chromium page.

A plain package (``from support import cli``; ``tests`` is on pytest's ``pythonpath``), so that a test never
imports ``conftest.py``; the fixtures built on these (``repo``, ``built_site``, ``site_url``, ``browser`` and the
shared sites) stay in ``tests/conftest.py``. The topic modules (``support.a11y``, ``support.feed``,
``support.nginx``, ``support.ranking``, ``support.regions``, ``support.search``, ``support.workflow``,
``support.xss``) hold what the test files of one topic in two or three layers share.
Importing this package imports neither MkDocs nor Playwright (MkDocs runs in a subprocess; the browser fixture
imports Playwright), so the unit layer can use it.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
# The records the tests read: a small, fixed library (the seed cases as of 2026-11-28, frozen), never the shipped
# cases/, which grow by pull request. Only test_shipped.py and test_seed_sources.py read cases/ (through SHIPPED).
LIBRARY_CASES = ROOT / "tests" / "fixtures" / "library" / "cases"
# The source article of the seed cases, beside the repository (CI lays it there); tests that need it skip without.
SEEDS = ROOT.parent / "shared" / "seeds"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
REPO_PARTS = ["cases", "data", "schema", "docs", "overrides", "mkdocs.yml", "CONTRIBUTING.md"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "src")}
ENV.pop("CASELIB_SITE_URL", None)  # builds use the neutral default unless a test sets a public base URL itself


def cli(*args: str, root: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``scripts/build_index.py`` as a contributor would (on the fixture library unless ``root`` is given)."""
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "build_index.py"), "--root", str(root or LIBRARY), *args],
                          capture_output=True, text=True, env=ENV, check=False)


def mkdocs_build(root: Path, site: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real ``mkdocs build --strict`` of the repository (or a copy) at ``root`` (``env``: more variables)."""
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(root / "mkdocs.yml"),
                           "--site-dir", str(site), *extra], capture_output=True, text=True, env={**ENV, **(env or {})},
                          check=False)


def copy_repo(target: Path, *, with_cases: bool = True) -> Path:
    """A copy of the repository's data, config and theme in ``target`` (the code is used from ROOT/src).

    Its ``cases/`` holds the fixture library (``with_cases``) and the record template, never the shipped cases.
    """
    target.mkdir(parents=True, exist_ok=True)
    for part in REPO_PARTS:
        source = ROOT / part
        if part == "cases":
            if with_cases:
                shutil.copytree(LIBRARY_CASES, target / "cases")
            else:
                (target / "cases").mkdir()
            shutil.copy2(ROOT / "cases" / "_template.yml", target / "cases" / "_template.yml")
            continue
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    return target


# One copy of the repository with the fixture library, made when the tests are collected, shared read-only by
# the tests that only read it (``run(LIBRARY)``, ``cli("check")``); removed at the end of the session.
LIBRARY = copy_repo(Path(tempfile.mkdtemp(prefix="caselib-library-")) / "repo")


def library_of(root: Path) -> Any:
    """The ``Library`` of the repository at ``root`` (the pipeline run in this process); it must be valid."""
    from caselib.pipeline.run import run

    result = run(root)
    assert result.library is not None, result.problems
    return result.library


def records(root: Path = LIBRARY) -> list[dict]:
    """Every record of the repository at ``root`` as plain YAML values (the fixture library unless given)."""
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((root / "cases").rglob("*.yml"))
            if not p.name.startswith("_")]


# The shipped records (tests/build/test_shipped.py, tests/unit/test_seed_sources.py); CASELIB_SHIPPED_ROOT points
# them at another repository (test_growth uses it).
SHIPPED = Path(os.environ.get("CASELIB_SHIPPED_ROOT", ROOT))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def site_bytes(site: Path) -> dict[str, bytes]:
    """Every file of a built site, by its path in the site (to compare two builds byte for byte)."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for a server a test starts)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(predicate: Callable[[], bool], seconds: float) -> bool:
    """Whether ``predicate()`` came true within ``seconds`` (asked every 0.2 s)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def serve(folder: Path) -> tuple[str, socketserver.TCPServer]:
    """Serve ``folder`` on a free localhost port in a thread; the base URL and the server (to ``shutdown()``)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


class RecordedPage:
    """A Playwright page plus every URL it requested and every console error."""

    def __init__(self, page: object) -> None:
        self.page = page
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))  # type: ignore[attr-defined]
        page.on("pageerror", lambda error: self.errors.append(str(error)))  # type: ignore[attr-defined]
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))  # type: ignore[attr-defined]

    def external(self, site: str) -> list[str]:
        return [u for u in self.requests if not (u.startswith(site) or u.startswith(("data:", "blob:", "about:")))]


def new_page(browser: object, *, phone: bool = False) -> RecordedPage:
    """A new page in its own context: desktop 1280 px wide, or a 375 px touch phone."""
    viewport = {"width": 375, "height": 812} if phone else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=viewport, locale="zh-CN", device_scale_factor=1,  # type: ignore[attr-defined]
                                  is_mobile=phone, has_touch=phone)
    return RecordedPage(context.new_page())


# True once the finder has applied the state it was last given (its data-seq moved past ``b`` and is filled).
FINDER_IDLE = "(b) => { const r = document.getElementById('cl-finder');" \
              " return r && r.dataset.ready && r.dataset.seq !== b && r.dataset.filled === r.dataset.seq; }"


def build_and_serve(repo: Path) -> Iterator[str]:
    """Build ``repo`` with MkDocs into ``repo/../site`` and serve it; yields the URL (a fixture's body)."""
    site = repo.parent / "site"
    built = mkdocs_build(repo, site)
    assert built.returncode == 0, built.stdout + built.stderr
    url, server = serve(site)
    yield url
    server.shutdown()

