"""The case finder's data in Python, on the fixture library plus a few synthetic ones (start years, cities, more
than one page of results): the order in which the finder numbers the cases.

This file holds the pure-Python tests (no MkDocs build, no Chromium); the tests in Chromium are in tests/browser/test_finder.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import library_of

from caselib.model.library import Library
from caselib.outputs.finder import ordered


@pytest.fixture(scope="module")
def library(finder_repo: Path) -> Library:
    return library_of(finder_repo)


def test_finder_numbering_is_by_region(library: Library) -> None:
    codes = [c.region.province.code for c in ordered(library)]
    assert codes == sorted(codes)
