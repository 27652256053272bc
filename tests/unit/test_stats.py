"""The 数据统计 page: every number equals a count made directly from the YAML records.

This file holds the pure-Python tests (no MkDocs build, no Chromium); the tests on real MkDocs builds and CLI runs are in tests/build/test_stats.py; the tests in Chromium are in tests/browser/test_stats.py.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from support import LIBRARY, copy_repo

from caselib.contrib.synthetic import generate, write
from caselib.model.stats import statistics
from caselib.pipeline.run import run


def test_years_and_provinces_at_scale(tmp_path: Path) -> None:
    """Synthetic records have start years and many provinces: the counts still match the records."""
    root = copy_repo(tmp_path / "repo", with_cases=False)
    recs = generate(80, seed=7, root=LIBRARY)
    write(recs, root / "cases")
    library = run(root).library
    assert library is not None
    stats = statistics(library)
    assert {b.label: b.value for b in stats.years.bars} == {f"{y} 年": n for y, n in
                                                           Counter(r["period"]["start"] for r in recs).items()}
    assert {b.label: b.value for b in stats.provinces.bars} == dict(Counter(r["region"]["province"] for r in recs))
    assert [b.value for b in stats.provinces.bars] == sorted((b.value for b in stats.provinces.bars), reverse=True)
    volunteers = stats.metric("volunteers")
    assert volunteers.total == sum(r["metrics"]["volunteers"]["value"] for r in recs)
