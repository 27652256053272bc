"""Deterministic builds: the same records give byte-identical sites.

Two real ``mkdocs build`` runs of the same records, from two different
folders (so absolute paths cannot leak in) and with different
``PYTHONHASHSEED`` (so set and dict-of-set ordering cannot leak in), must
produce the same files with the same bytes, ``sitemap.xml.gz`` included: the
plugin pins MkDocs's build date (``SOURCE_DATE_EPOCH``) to the latest
``updated`` of the records, so the build day does not leak in either.
"""

from __future__ import annotations

import gzip
import io
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support import ENV, LIBRARY, ROOT, copy_repo, site_bytes

DATE = "2024-03-05"  # not today: a build-day leak would show
SITE = "https://cases.example.org/"  # a sitemap is written only when the public base URL is set


def build(root: Path, site: Path, seed: str) -> None:
    env = {k: v for k, v in ENV.items() if k != "SOURCE_DATE_EPOCH"} | {"PYTHONHASHSEED": seed, "CASELIB_SITE_URL": SITE}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(root / "mkdocs.yml"),
                           "--site-dir", str(site)], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    out = []
    for name, seed in (("first", "1"), ("second-somewhere-else", "4242")):
        root = copy_repo(tmp_path_factory.mktemp(name) / "repo")
        for record in (root / "cases").rglob("*.yml"):
            text = record.read_text(encoding="utf-8")
            record.write_text(re.sub(r"(?m)^(added|updated): .*$", rf"\1: {DATE}", text), encoding="utf-8")
        build(root, root / "site", seed)
        out.append(site_bytes(root / "site"))
    return out[0], out[1]


def test_same_records_give_byte_identical_sites(two_builds: tuple[dict[str, bytes], dict[str, bytes]]) -> None:
    first, second = two_builds
    assert sorted(first) == sorted(second)
    different = [path for path in first if first[path] != second[path]]
    assert different == []
    assert len(first) > 50
    assert any(path.startswith("cases/") and path.endswith("index.html") for path in first)


def test_no_build_day_in_output(two_builds: tuple[dict[str, bytes], dict[str, bytes]]) -> None:
    """The sitemap says when the records last changed, not when the site was built."""
    first, _ = two_builds
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    assert today != DATE
    sitemap = first["sitemap.xml"].decode()
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", sitemap)) == {DATE}
    with gzip.GzipFile(fileobj=io.BytesIO(first["sitemap.xml.gz"])) as handle:
        handle.read()
        mtime = handle.mtime
    assert datetime.fromtimestamp(mtime, UTC).strftime("%Y-%m-%d") == DATE
    # Hand-written pages may quote a date that happens to be today (docs/benchmarks.md records when it was measured).
    written_today = {f"{md.relative_to(ROOT / 'docs').with_suffix('').as_posix()}/index.html"
                     for md in (ROOT / "docs").rglob("*.md") if today in md.read_text(encoding="utf-8")}
    leaking = [path for path, data in first.items()
               if today.encode() in data and not path.endswith((".js", ".css")) and path not in written_today]
    assert leaking == []


def test_caller_epoch_wins(tmp_path: Path) -> None:
    """SOURCE_DATE_EPOCH set by the caller (a release script) is respected."""
    root = copy_repo(tmp_path / "repo")
    env = {**ENV, "SOURCE_DATE_EPOCH": str(int(datetime(2030, 1, 2, tzinfo=UTC).timestamp())), "CASELIB_SITE_URL": SITE}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(root / "mkdocs.yml"),
                           "--site-dir", str(root / "site")], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert "<lastmod>2030-01-02</lastmod>" in (root / "site" / "sitemap.xml").read_text(encoding="utf-8")


def test_forked_and_single_process_builds_are_identical(tmp_path: Path) -> None:
    """With many records, validation runs in forked workers and the data files are built in a forked process
    while MkDocs converts and writes the pages (written in on_post_build), and with CASELIB_JOBS=3 the pages are rendered by two
    forked processes, batch by batch in turn; one process (CASELIB_JOBS=1) must give the same bytes."""
    from caselib.contrib import synthetic

    root = copy_repo(tmp_path / "repo")
    synthetic.write(synthetic.generate(240, seed=3, root=LIBRARY), root / "cases" / "synthetic")
    sites = []
    for jobs in ("3", "1"):
        env = {**ENV, "CASELIB_JOBS": jobs, "CASELIB_CACHE": "0"}
        site = tmp_path / f"site-{jobs}"
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
                               str(root / "mkdocs.yml"), "--site-dir", str(site)],
                              capture_output=True, text=True, env=env, check=False)
        assert done.returncode == 0, done.stderr
        sites.append(site_bytes(site))
    assert sorted(sites[0]) == sorted(sites[1])
    assert [path for path in sites[0] if sites[0][path] != sites[1][path]] == []
    assert len(sites[0]["data/cases.zip"]) > 10_000 and len(sites[0]["feed.xml"]) > 1000  # filled in on_post_build
    assert any(path.startswith("finder/idx/") for path in sites[0])


KILL_A_RENDERER = """
import os, signal, sys
from pathlib import Path
from caselib.pipeline.processes import RenderError
from caselib.pipeline.run import run
from caselib.pipeline.site import SiteFiles

library = run(Path(sys.argv[1])).library
for kill_pages in (True, False):
    rendering = SiteFiles(library)
    child = rendering._page_children[0] if kill_pages else rendering._data_child
    assert child is not None, "the renderers were not forked"
    os.kill(child.process.pid, signal.SIGKILL)
    child.process.join()
    try:
        if kill_pages:
            for path in rendering.page_paths:
                rendering.page(path)
        else:
            rendering.data_files()
    except RenderError as exc:
        print(exc)
    rendering.close()
"""


def test_a_dead_render_process_stops_the_build_with_a_message(tmp_path: Path) -> None:
    """If a forked renderer dies (killed, out of memory), the build stops with a Chinese message, not a hang.

    Run in a fresh process: forking is refused in a process with threads (a test session may have some)."""
    from caselib.contrib import synthetic

    root = copy_repo(tmp_path / "repo")
    synthetic.write(synthetic.generate(220, seed=5, root=LIBRARY), root / "cases" / "synthetic")
    done = subprocess.run([sys.executable, "-c", KILL_A_RENDERER, str(root)], capture_output=True, text=True,
                          env={**ENV, "CASELIB_JOBS": "2"}, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 2, done.stdout
    assert lines[0].startswith("内部错误：生成页面的子进程意外退出") and lines[1].startswith("内部错误：生成数据文件的子进程意外退出")
