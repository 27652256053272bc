"""pipeline.incremental: after an edit of one record, every generated page whose Markdown differs from a
full render is among the pages it names (``mkdocs serve`` renders only those), and it names far fewer; the
related cases it updates equal a fresh computation (model.related.RelatedCases.after_edit), and the library built from
the previous one (pipeline.run's ``previous``, sharing its unchanged cases) renders like a fresh one and leaves the
previous one as it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import copy_repo, library_of

from caselib.contrib import synthetic
from caselib.model.related import Related, related_cases
from caselib.pipeline.incremental import Edition, affected_pages, changed_ids
from caselib.pipeline.run import run
from caselib.render import pages
from caselib.render.pages import render_pages

EDITED = "synthetic-00003"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[dict[str, Any]], dict[str, str]]]:
    """The fixture library plus 40 generated records; the generated records; every page rendered. Lists of
    terms show their first 7 cases (of 100 on the site), so that an edit meets cases beyond a term page's list."""
    repo = copy_repo(tmp_path_factory.mktemp("incremental") / "repo")
    records = synthetic.generate(40, seed=3)
    synthetic.write(records, repo / "cases")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages, "TERM_LIST", 7)
        yield repo, records, render_pages(library_of(repo))


def other_province(records: list[dict[str, Any]], record: dict[str, Any]) -> dict[str, Any]:
    return next(r["region"] for r in records if r["region"]["code"][:2] != record["region"]["code"][:2])


EDITS = {  # name: change to the edited record (in place)
    "title": lambda r, records: r.update(title=r["title"] + "（改）"),
    "region": lambda r, records: r.update(region=dict(other_province(records, r))),
    "themes": lambda r, records: r.update(themes=sorted({t for o in records for t in o["themes"]} - set(r["themes"]))[:2]),
    "methods": lambda r, records: r.update(methods=r["methods"][:1]),
    "part_of": lambda r, records: r.update(part_of="beijing-shuanggong-pilot"),
    "summary": lambda r, records: r.update(summary=r["summary"][:60] + "。"),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_the_pages_named_hold_every_page_that_changed(edit: str, base: tuple[Path, list[dict[str, Any]], dict[str, str]],
                                                      tmp_path: Path) -> None:
    repo, records, before = base
    old = Edition(library_of(repo))
    copy = copy_repo(tmp_path / "repo")
    changed = [dict(r) for r in records]
    record = next(r for r in changed if r["id"] == EDITED)
    EDITS[edit](record, changed)
    synthetic.write(changed, copy / "cases")
    written = next((copy / "cases").rglob(f"{EDITED}.yml"))
    written.replace(copy / old.library.by_id[EDITED].path)  # the same file as before (a region edit moves no file)
    record_path = old.library.by_id[EDITED].path
    reused = run(copy, previous=(old.library, {record_path}))
    assert reused.library is not None, reused.problems
    library = reused.library
    ids = changed_ids(old.library, library, [record_path])
    assert ids == {EDITED}
    new = Edition(library, after=(old, ids))
    assert signatures(new.related) == signatures(related_cases(library)), "updated related cases differ from a fresh computation"
    assert all(r.case is library.by_id[r.case.id] for found in new.related.values() for r in found), \
        "a related case must be the new library's object"
    shared = sum(case is old.library.by_id.get(case.id) for case in library.cases)
    assert shared > len(library.cases) / 2, "the unchanged cases should be the previous library's objects"
    assert render_pages(old.library) == before, "building the new library must leave the previous one as it was"
    after = render_pages(new.library)
    assert set(after) == set(before), "the edit must keep the site's set of pages"
    assert after == render_pages(library_of(copy)), "the library built from the previous one differs from a fresh one"
    assert any("查看全部" in page for page in before.values()), "some term should hold more cases than its page shows"
    differ = {p for p in after if after[p] != before[p]}
    named = affected_pages(old, new, ids)
    assert f"cases/{EDITED}.md" in differ
    assert differ <= set(named), f"pages that changed but were not named: {sorted(differ - set(named))}"
    case_pages = [p for p in after if p.startswith("cases/") and p != "cases/index.md"]
    assert len([p for p in named if p in case_pages]) < len(case_pages) / 2, "it should not name (nearly) every page"


def signatures(related: dict[str, list[Related]]) -> dict[str, list[tuple[str, int, object]]]:
    return {case_id: [(r.case.id, r.score, r.reasons) for r in found] for case_id, found in related.items()}


def test_the_edited_record_is_named_by_its_path(base: tuple[Path, list[dict[str, Any]], dict[str, str]]) -> None:
    repo, _records, _pages = base
    library = library_of(repo)
    case = library.by_id[EDITED]
    assert changed_ids(library, library, [case.path]) == {EDITED}
    assert changed_ids(library, library, ["cases/elsewhere.yml"]) == set()


def test_edits_in_a_row_keep_every_edition_right(base: tuple[Path, list[dict[str, Any]], dict[str, str]],
                                                 tmp_path: Path) -> None:
    """A record joins a programme, is edited while in it, and leaves it, each edit built on the last edition
    (as ``mkdocs serve`` does): each library renders like a fresh one, and the one before stays as it was."""
    _repo, records, _pages = base
    copy = copy_repo(tmp_path / "repo")
    synthetic.write(records, copy / "cases")
    edition = Edition(library_of(copy))
    path = edition.library.by_id[EDITED].path
    steps = [lambda r: r.update(part_of="beijing-shuanggong-pilot"), lambda r: r.update(title=r["title"] + "（改）"),
             lambda r: r.pop("part_of")]
    record = dict(next(r for r in records if r["id"] == EDITED))
    for step in steps:
        before = render_pages(edition.library)
        step(record)
        synthetic.write([record], tmp_path / "one")
        next((tmp_path / "one").rglob(f"{EDITED}.yml")).replace(copy / path)
        result = run(copy, previous=(edition.library, {path}))
        assert result.library is not None, result.problems
        new = Edition(result.library, after=(edition, {EDITED}))
        assert signatures(new.related) == signatures(related_cases(library_of(copy)))
        after = render_pages(new.library)
        assert after == render_pages(library_of(copy)), "the library built from the previous one differs from a fresh one"
        assert render_pages(edition.library) == before, "the previous edition changed"
        differ = {p for p in after if after[p] != before[p]}
        assert differ <= set(affected_pages(edition, new, {EDITED})), sorted(differ)
        edition = new
