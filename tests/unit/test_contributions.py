"""Real write-ups fit the record: the field's methods and unit types, more kinds of figures, exact dates, a
status with its date, quotes kept as printed, and record files that are regular files (issue 12).

The shapes come from ``tests/fixtures/shapes/`` (test data, marked as such) written into a copy of the
repository, checked with the real CLI and built with the real MkDocs.

This file holds the pure-Python tests (no MkDocs build, no Chromium); the tests on real MkDocs builds and CLI runs are in tests/build/test_contributions.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from support import ROOT

SHAPES = ROOT / "tests" / "fixtures" / "shapes"
FIVE = "test-shapes-five-social"


def shape_text() -> str:
    return (SHAPES / f"{FIVE}.yml").read_text(encoding="utf-8")


def test_template_issue_form_and_contributing_mention_the_fields(repo: Path) -> None:
    template = (ROOT / "cases" / "_template.yml").read_text(encoding="utf-8")
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    form = (ROOT / ".github" / "ISSUE_TEMPLATE" / "new-case.yml").read_text(encoding="utf-8")
    for word in ["quotes", "via", "keywords", "scope", "inferred", "status_as_of", "不详", "乡镇（街道）社工站", "左右"]:
        assert word in template, word
        assert word in contributing, word
    for label in ["原文摘录", "关键词", "覆盖范围", "状态日期"]:
        assert label in form, label


def test_copy_of_shape_is_marked_as_test_data() -> None:
    text = shape_text()
    assert "测试数据（虚构）" in text and "via: 测试数据" in text
    assert not list((ROOT / "cases").rglob(f"{FIVE}.yml"))
    assert shutil.which("git") is not None
