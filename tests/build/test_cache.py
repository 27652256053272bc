"""The validation cache (caselib.load.cache): a second run gives exactly what a fresh run gives, and anything that
could change a verdict (the file, the vocabularies, the checks) sends the file through the checks again."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from support import ENV, LIBRARY, ROOT, copy_repo

from caselib.contrib import synthetic
from caselib.load.cache import CACHE_DIR, CACHE_FILE

CACHE = Path(CACHE_DIR) / CACHE_FILE


def rows(repo: Path) -> dict[str, dict]:
    """The cache's rows: key (path NUL sha256) -> {"data": ..., "lint": ...}."""
    with closing(sqlite3.connect(repo / CACHE)) as db:
        return {key: {"data": json.loads(data), "lint": lint and json.loads(lint)}
                for key, data, lint in db.execute("SELECT key, data, lint FROM records")}


def write_row(repo: Path, key: str, data: dict, lint: list | None, *, replace: str | None = None) -> None:
    with closing(sqlite3.connect(repo / CACHE)) as db, db:
        if replace:
            db.execute("DELETE FROM records WHERE key = ?", (replace,))
        db.execute("INSERT OR REPLACE INTO records VALUES (?, ?, ?)",
                   (key, json.dumps(data, ensure_ascii=False), None if lint is None else json.dumps(lint)))


def cli(*args: str, root: Path, cache: str = "1") -> subprocess.CompletedProcess[str]:
    """``build_index.py`` with the cache on (CI=true would otherwise turn it off) or as ``cache`` says."""
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "build_index.py"), "--root", str(root), *args],
                          capture_output=True, text=True, env={**ENV, "CASELIB_CACHE": cache}, check=False)


@pytest.fixture(scope="module")
def library_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture library plus 260 synthetic ones (enough for the forked workers), one with an error,
    one with a lint warning."""
    repo = copy_repo(tmp_path_factory.mktemp("cache") / "repo")
    folder = repo / "cases" / "synthetic"
    synthetic.write(synthetic.generate(260, seed=7, root=LIBRARY), folder)
    files = sorted(folder.rglob("*.yml"))
    files[0].write_text(files[0].read_text(encoding="utf-8").replace("kind: ", "kind: 不存在的类型"), encoding="utf-8")
    text = files[1].read_text(encoding="utf-8")
    files[1].write_text(text.replace("summary: ", "summary: 云南彝良院", 1), encoding="utf-8")
    return repo


def _check(repo: Path, *extra: str) -> tuple[int, str, str]:
    done = cli("check", *extra, root=repo)
    return done.returncode, done.stdout, done.stderr


def test_second_run_prints_exactly_what_a_fresh_run_prints(library_repo: Path) -> None:
    (library_repo / CACHE).unlink(missing_ok=True)
    fresh = _check(library_repo)
    assert fresh[0] == 1 and "不存在的类型" in fresh[1] and "lint-misdecoded" in fresh[1]
    assert len(rows(library_repo)) == 15 + 260 - 1  # every simply valid file (the one with the error is not kept)
    assert _check(library_repo) == fresh
    assert _check(library_repo, "--no-cache") == fresh


def test_cache_is_used_and_keyed_by_the_bytes_of_the_file(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo")
    record = repo / "cases" / "yunnan" / "yiliang-wumeng-children-companionship.yml"
    assert cli("pages", "--out", str(tmp_path / "a"), root=repo).returncode == 0
    stored = rows(repo)
    key = next(k for k in stored if k.startswith("cases/yunnan/yiliang-wumeng"))
    stored[key]["data"]["title"] = "只在缓存里的标题"  # proves the next run read the cache, not the file
    write_row(repo, key, stored[key]["data"], stored[key]["lint"])
    assert cli("pages", "--out", str(tmp_path / "b"), root=repo).returncode == 0
    assert "只在缓存里的标题" in (tmp_path / "b" / "cases" / "yiliang-wumeng-children-companionship.md").read_text("utf-8")
    record.write_text(record.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # new bytes: read again
    assert cli("pages", "--out", str(tmp_path / "c"), root=repo).returncode == 0
    page = (tmp_path / "c" / "cases" / "yiliang-wumeng-children-companionship.md").read_text("utf-8")
    assert "只在缓存里的标题" not in page and "乌蒙" in page
    assert sum(k.startswith("cases/yunnan/yiliang-wumeng") for k in rows(repo)) == 1  # the old entry is gone


def test_an_edit_that_breaks_a_cached_record_is_reported(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo")
    assert _check(repo)[0] == 0
    record = repo / "cases" / "yunnan" / "yiliang-wumeng-children-companionship.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("status: ", "status: 不存在", 1), encoding="utf-8")
    code, out, _ = _check(repo)
    assert code == 1 and "yiliang-wumeng-children-companionship.yml:" in out and "status" in out


def test_a_vocabulary_change_invalidates_every_entry(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo")
    assert _check(repo)[0] == 0
    vocab = repo / "data" / "vocab" / "themes.yml"
    text = vocab.read_text(encoding="utf-8")
    assert "name: 儿童关爱" in text
    vocab.write_text(text.replace("name: 儿童关爱", "name: 儿童关怀"), encoding="utf-8")
    assert cli("schema", root=repo).returncode == 0
    code, out, _ = _check(repo)
    assert code == 1 and "儿童关爱" in out  # records still say 儿童关爱: now an unknown theme


def test_a_damaged_cache_is_ignored_and_rewritten(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo")
    fresh = _check(repo)
    (repo / CACHE).write_bytes(b"SQLite format 3\0 but not really" * 100)
    assert _check(repo) == fresh
    assert len(rows(repo)) == 15


def test_ci_does_not_trust_a_cache_file(tmp_path: Path) -> None:
    """A pull request could commit a cache that calls its broken record valid: with CI set, it is not read."""
    repo = copy_repo(tmp_path / "repo")
    assert cli("check", root=repo).returncode == 0
    record = repo / "cases" / "yunnan" / "yiliang-wumeng-children-companionship.yml"
    good = record.read_bytes()
    broken = good.replace(b"status: ", "status: 不存在".encode(), 1)
    stored = rows(repo)
    key = next(k for k in stored if k.startswith("cases/yunnan/yiliang-wumeng"))
    forged = key.split("\0")[0] + "\0" + hashlib.sha256(broken).hexdigest()
    write_row(repo, forged, stored[key]["data"], stored[key]["lint"], replace=key)
    record.write_bytes(broken)
    assert cli("check", root=repo).returncode == 0  # the forged entry is believed when the cache is on
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_index.py"), "--root", str(repo), "check"],
                          capture_output=True, text=True, env={**ENV, "CI": "true", "CASELIB_CACHE": ""}, check=False)
    assert done.returncode == 1 and "status" in done.stdout
