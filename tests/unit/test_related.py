"""Related cases: the bit-sliced top five equal a brute-force all-pairs ranking, deterministically.

This file holds the pure-Python tests (no MkDocs build, no Chromium); the tests on real MkDocs builds and CLI runs are in tests/build/test_related.py.
"""

from __future__ import annotations

from pathlib import Path

from support import LIBRARY, copy_repo

from caselib.contrib.synthetic import generate, write
from caselib.model.library import Library
from caselib.model.related import case_keys, related_cases
from caselib.pipeline.run import run


def brute_force(library: Library, limit: int = 5) -> dict[str, list[tuple[str, int]]]:
    keys = {c.id: case_keys(c) for c in library.cases}
    out = {}
    for a in library.cases:
        scored = []
        for b in library.cases:
            if b is a:
                continue
            score = sum(w for k, w in keys[a.id].items() if k in keys[b.id])
            if score:
                scored.append((-score, b.id))
        out[a.id] = [(cid, -s) for s, cid in sorted(scored)[:limit]]
    return out


def synthetic_library(tmp_path: Path, count: int) -> Library:
    root = copy_repo(tmp_path / "repo", with_cases=False)
    write(generate(count, seed=11, root=LIBRARY), root / "cases")
    library = run(root).library
    assert library is not None
    return library


def test_matches_brute_force_and_is_deterministic(tmp_path: Path) -> None:
    library = synthetic_library(tmp_path, 150)
    found = related_cases(library)
    assert {cid: [(r.case.id, r.score) for r in rel] for cid, rel in found.items()} == brute_force(library)
    again = related_cases(library)
    assert {k: [r.case.id for r in v] for k, v in again.items()} == {k: [r.case.id for r in v] for k, v in found.items()}


def test_fixture_library_against_brute_force() -> None:
    library = run(LIBRARY).library
    assert library is not None
    found = related_cases(library)
    assert {cid: [(r.case.id, r.score) for r in rel] for cid, rel in found.items()} == brute_force(library)
    for rel in found.values():
        assert len(rel) <= 5
        assert all(r.reasons for r in rel)
