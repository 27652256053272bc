"""The page generator: which pages exist, how links and long text are rendered.

This file holds the tests on real MkDocs builds and CLI runs; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_render.py.
"""

from __future__ import annotations

from pathlib import Path

from support import cli


def test_pages_command_writes_markdown_for_inspection(tmp_path: Path) -> None:
    out = tmp_path / "pages"
    result = cli("pages", "--out", str(out))
    assert result.returncode == 0, result.stderr
    written = {p.relative_to(out).as_posix() for p in out.rglob("*.md")}
    assert "cases/yiliang-wumeng-children-companionship.md" in written
    assert "regions/530000.md" in written
