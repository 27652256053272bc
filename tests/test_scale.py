"""A case page must not grow with the library (issue 2's requirement, checked at two sizes by issue 6).

The same synthetic record (``synthetic-00001``: the generator is deterministic,
so it is byte-identical in both sets) is built with the real ``mkdocs build``
in a library of 10 cases and in one of 300; its HTML may differ by less than
2 % (the navigation, home and index pages may grow; a case page may not).
No timing is asserted here: speed is measured by ``scripts/bench.py``.
"""

from __future__ import annotations

from pathlib import Path

from conftest import copy_repo, mkdocs_build

from caselib import synthetic

PROBE = "synthetic-00001"


def build_with(tmp_path: Path, count: int) -> Path:
    repo = copy_repo(tmp_path / f"repo-{count}", with_cases=False)
    synthetic.write(synthetic.generate(count), repo / "cases")
    site = tmp_path / f"site-{count}"
    result = mkdocs_build(repo, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_case_page_size_does_not_grow_with_the_library(tmp_path: Path) -> None:
    small, large = build_with(tmp_path, 10), build_with(tmp_path, 300)
    records = [tmp_path / f"repo-{n}" / "cases" for n in (10, 300)]
    same_record = [next(folder.rglob(f"{PROBE}.yml")).read_bytes() for folder in records]
    assert same_record[0] == same_record[1]
    sizes = [(site / "cases" / PROBE / "index.html").stat().st_size for site in (small, large)]
    assert abs(sizes[1] - sizes[0]) / sizes[0] < 0.02, sizes
    pages = [len(list((site / "cases").glob("*/index.html"))) for site in (small, large)]
    assert pages == [10, 300]
