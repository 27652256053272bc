"""Related cases: the bit-sliced top five equal a brute-force all-pairs ranking, deterministically."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
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


def test_case_page_shows_at_most_five_with_reasons(built_site: Path) -> None:
    html = (built_site / "cases" / "beijing-huxuelan-project" / "index.html").read_text(encoding="utf-8")
    items = BeautifulSoup(html, "html.parser").select(".cl-related__item")
    assert 1 <= len(items) <= 5
    reasons = [i.select_one(".cl-related__why").get_text() for i in items]
    assert all("同在北京市" in r for r in reasons)
    assert any("所属试点" in r for r in reasons)  # the programme the project belongs to
    titles = [i.select_one("a").get_text() for i in items]
    assert "护学蓝" not in titles
