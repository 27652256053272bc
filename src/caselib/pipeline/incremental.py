"""What an edit of some records changes on the site: the pages to render again (``mkdocs serve``).

``mkdocs serve`` rebuilds the whole site after every save (minutes at 10,000 cases). When only record
files changed, ``adapters.mkdocs_serve`` instead asks this module which generated pages can differ
between the library before the edit and the one after, renders only those, and hands MkDocs the pages
whose Markdown did differ. Nothing here knows MkDocs.

Which pages can show a record (the templates in ``render/templates``, checked page by page against a
full render by ``tests/unit/test_incremental.py``):

* its own case page;
* every case page that links to it: related cases (``model.related``: a changed case may also enter or
  leave another case's list, or change its score or reasons), its programme (``part_of``) and parts;
* the page of every term it had or has (it shows the term's first cases and how many there are), and the
  page of the province it was or is in;
* the pages that sum up the whole library: home, the finder page, statistics, compare, the region and
  term indexes.

``Edition`` is a library with its related cases, computed once and kept for the next edit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property

from caselib.model.case import Case
from caselib.model.library import Library
from caselib.model.related import Related, RelatedCases
from caselib.reference.vocab import VOCABULARIES
from caselib.render.pages import page_plan
from caselib.urls import TERM_FOLDERS, page_path, region_url, term_url

# Pages that sum up the whole library: rendered again after any edit (few, and cheap).
SUMMARY_URLS = ("", "cases/", "stats/", "compare/", "regions/", *(f"{folder}/" for folder in TERM_FOLDERS.values()))
SUMMARY_PATHS = frozenset(page_path(url) for url in SUMMARY_URLS)  # their Markdown files


class Edition:
    """A library and what its pages share that an edit needs to compare (related cases), once.

    ``after``: the edition this one follows and the ids of the cases that changed since (``library`` built from
    that edition's with ``pipeline.run``'s ``previous``: the other cases are the same objects); its related cases
    are then updated from that edition's rather than computed afresh (``model.related.RelatedCases.after_edit``)."""

    def __init__(self, library: Library, after: tuple[Edition, set[str]] | None = None) -> None:
        self.library = library
        self.after = after
        # after an edit: the ids whose case is not the previous edition's object (the edited cases and the
        # programmes around them, ``model.build.programme_closure``); None: a first edition
        self.replaced = None if after is None else {case.id for case in library.cases
                                                    if after[0].library.by_id.get(case.id) is not case}

    @cached_property
    def related_cases(self) -> RelatedCases:
        if self.after is None or self.replaced is None:
            return RelatedCases(self.library)
        before, changed = self.after
        self.after = None  # the older edition need not stay alive
        return before.related_cases.after_edit(self.library, changed, self.replaced - changed)

    @property
    def related(self) -> dict[str, list[Related]]:
        return self.related_cases.lists

    @cached_property
    def plan(self) -> dict[str, Callable[[], str]]:
        """Every page's path and the function that renders it (listing them renders nothing)."""
        return dict(page_plan(self.library, lambda: self.related))

    @property
    def page_paths(self) -> list[str]:
        return list(self.plan)

    def render(self, paths: Iterable[str]) -> dict[str, str]:
        """The Markdown of these pages (the others are not rendered), in the site's order."""
        wanted = set(paths)
        return {path: render() for path, render in self.plan.items() if path in wanted}


def changed_ids(old: Library, new: Library, record_paths: Iterable[str]) -> set[str]:
    """Ids of the cases whose record file (repository-relative POSIX path) is one of ``record_paths``."""
    paths = set(record_paths)
    return {case.id for library in (old, new) for case in library.cases if case.path in paths}


def affected_pages(old: Edition, new: Edition, changed: set[str]) -> list[str]:
    """The docs-relative paths of the generated pages whose Markdown can differ between ``old`` and ``new``
    when the cases ``changed`` (ids) are the only records that changed (see the module docstring), in the
    order of the site's pages. Only the case pages whose related cases ``new`` computed again, or whose case is
    a new object (an edited case, or one linked to it as programme or part), are compared: every other case page
    shows the same list of the same objects."""
    wanted = set(SUMMARY_PATHS) | _list_pages(old.library, new.library, changed)
    touched, replaced = new.related_cases.touched, new.replaced
    candidates = (new.library.cases if touched is None or replaced is None
                  else [new.library.by_id[i] for i in replaced | touched if i in new.library.by_id])
    for case in candidates:
        if case.id in changed or _shows_changed(case, old, new, changed):
            wanted.add(page_path(case.url))
    return [path for path in new.page_paths if path in wanted]


def _list_pages(old: Library, new: Library, changed: set[str]) -> set[str]:
    """The pages of the lists that hold a changed case, before or after: its province's page, and the page of
    each of its terms (which shows the term's first cases and their count, so joining or leaving a term, or a
    change of a shown case, changes it)."""
    out: set[str] = set()
    for library in (old, new):
        for case_id in changed:
            case = library.by_id.get(case_id)
            if case is None:
                continue
            out.add(page_path(region_url(case.region.province.code)))
            for field in VOCABULARIES:
                out |= {page_path(term_url(field, term.slug)) for term in library.terms_of(case, field)}
    return out


def _shows_changed(case: Case, old: Edition, new: Edition, changed: set[str]) -> bool:
    """Whether ``case``'s page links to a changed case (before or after), or its related cases changed."""
    before = old.library.by_id.get(case.id)
    if before is None:
        return True
    for version, edition in ((before, old), (case, new)):
        linked = [r.case for r in edition.related[case.id]] + list(version.parts)
        if version.part_of is not None:
            linked.append(version.part_of)
        if any(other.id in changed for other in linked):
            return True
    return _signature(old.related[case.id]) != _signature(new.related[case.id])


def _signature(related: list[Related]) -> list[tuple[str, int, tuple[object, ...]]]:
    return [(r.case.id, r.score, r.reasons) for r in related]
