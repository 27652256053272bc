"""Nothing half-built: a failed build leaves a previously built site exactly as it was.

Three ways to fail, each against a site built before (every file's bytes and
mtime are compared, and no file is added or removed):

* ``build_index.py site`` with an invalid record: stops at validation;
* ``build_index.py site`` when MkDocs itself fails after validation passed
  (a broken link under ``--strict``): the build went to a temporary folder,
  which is removed;
* plain ``mkdocs build`` with an invalid record: the plugin aborts in
  ``on_config``, before MkDocs cleans ``site_dir``.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import cli, copy_repo, mkdocs_build

BROKEN_RECORD = "id: broken-case\ntitle: 坏记录\n"


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder``: its SHA-256 and modification time."""
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, tuple[str, int]]]]:
    """A repository copy with a site built by ``build_index.py site``, and the snapshot of that site."""
    root = copy_repo(tmp_path_factory.mktemp("atomic") / "repo")
    done = cli("site", root=root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (root / "site" / "index.html").exists()
    yield root, snapshot(root / "site")


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site-") or p.name.endswith(".old"))


def test_invalid_record_stops_cli_build_and_keeps_site(built: tuple[Path, dict[str, tuple[str, int]]]) -> None:
    root, before = built
    record = root / "cases" / "broken-case.yml"
    record.write_text(BROKEN_RECORD, encoding="utf-8")
    try:
        done = cli("site", root=root)
    finally:
        record.unlink()
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert "cases/broken-case.yml:1:1: 缺少必填字段「kind」（类型）" in done.stdout
    assert snapshot(root / "site") == before
    assert leftovers(root) == []


def test_mkdocs_failure_after_validation_keeps_site(built: tuple[Path, dict[str, tuple[str, int]]]) -> None:
    root, before = built
    page = root / "docs" / "broken-link.md"
    page.write_text("# 坏链接\n\n[不存在的页面](no-such-page.md)\n", encoding="utf-8")
    try:
        assert cli("check", root=root).returncode == 0  # the records are valid: MkDocs is what fails
        done = cli("site", root=root)
    finally:
        page.unlink()
    assert done.returncode == 1
    assert "站点构建失败" in done.stderr and "保持不变" in done.stderr
    assert "no-such-page.md" in done.stderr
    assert snapshot(root / "site") == before
    assert leftovers(root) == []


def test_plain_mkdocs_build_with_invalid_record_keeps_site(built: tuple[Path, dict[str, tuple[str, int]]]) -> None:
    root, before = built
    record = root / "cases" / "broken-case.yml"
    record.write_text(BROKEN_RECORD, encoding="utf-8")
    try:
        done = mkdocs_build(root, root / "site")
    finally:
        record.unlink()
    assert done.returncode != 0
    assert "cases/broken-case.yml:1:1: 缺少必填字段「kind」（类型）" in done.stderr
    assert "案例记录校验未通过（15 个错误），未生成站点" in done.stdout + done.stderr
    assert snapshot(root / "site") == before


def test_successful_build_swaps_in_the_new_site(tmp_path: Path) -> None:
    """A good build replaces the old site completely (a stale file disappears) and leaves no staging folder."""
    root = copy_repo(tmp_path / "repo")
    stale = root / "site" / "stale.html"
    stale.parent.mkdir()
    stale.write_text("old", encoding="utf-8")
    done = cli("site", root=root)
    assert done.returncode == 0, done.stderr
    assert not stale.exists()
    assert (root / "site" / "cases" / "yiliang-county-shuanggong" / "index.html").exists()
    assert leftovers(root) == []


def test_site_into_missing_parent_folder(tmp_path: Path) -> None:
    """``--out`` in a folder that does not exist yet is created, not a traceback."""
    root = copy_repo(tmp_path / "repo")
    shutil.rmtree(root / "cases")
    (root / "cases").mkdir()
    broken = root / "cases" / "broken-case.yml"
    broken.write_text(BROKEN_RECORD, encoding="utf-8")
    done = cli("site", "--out", str(tmp_path / "a" / "b" / "site"), root=root)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "a").exists()  # validation failed first: nothing was created
