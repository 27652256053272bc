"""The case finder's data in Python, on the fixture library plus a few synthetic ones (start years, cities, more
than one page of results): the order in which the finder numbers the cases.

This file holds the pure-Python tests (no MkDocs build, no Chromium); the tests in Chromium are in tests/browser/test_finder.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import LIBRARY, copy_repo

from caselib.contrib import synthetic
from caselib.model.library import Library
from caselib.outputs.finder import ordered
from caselib.pipeline.run import run

SYNTHETIC = 45


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = copy_repo(tmp_path_factory.mktemp("finder") / "repo")
    synthetic.write(synthetic.generate(SYNTHETIC, seed=7, root=LIBRARY), repo / "cases")
    return repo


@pytest.fixture(scope="module")
def library(repo: Path) -> Library:
    result = run(repo)
    assert result.library is not None
    return result.library


def test_finder_numbering_is_by_region(library: Library) -> None:
    codes = [c.region.province.code for c in ordered(library)]
    assert codes == sorted(codes)
