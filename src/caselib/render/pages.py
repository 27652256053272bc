"""Stage 4 of the pipeline: the model becomes Markdown pages, from templates.

Every page is a Jinja2 template in ``render/templates/`` with autoescaping on; contributor text
reaches a page only escaped or through the ``prose`` filter (``render.markdown``). URLs come from
``caselib.urls``; each template gets ``url()``, a link relative to the page being rendered.

``page_plan(library)`` lists every generated page as (docs-relative path, function that renders it),
``render_pages(library)`` renders them all: ``{docs-relative path: text}``. The MkDocs plugin adds
those as generated files (``pipeline.processes.SiteFiles`` renders them in a forked process while
MkDocs works); ``build_index.py pages --out DIR`` writes them to a folder for inspection.

A new page type: a template here, and one ``add(...)`` in ``page_plan`` with its URL from ``urls``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from caselib.model.case import Case
from caselib.model.library import Library
from caselib.model.related import Related, related_cases
from caselib.model.stats import statistics
from caselib.model.tilemap import tile_map
from caselib.reference.vocab import VOCABULARIES
from caselib.render.cite import citation
from caselib.render.markdown import PROSE_SUBSET, front_matter_value, prose
from caselib.urls import TERM_FOLDERS, finder_query, page_path, region_url, relative_url, term_url


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("caselib.render", "templates"), autoescape=True, undefined=StrictUndefined,
                      comment_start_string="{##", comment_end_string="##}",
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["prose"] = prose
    env.filters["fm"] = front_matter_value
    env.globals.update(PROSE_SUBSET=PROSE_SUBSET)
    return env


ENV = _environment()


# Cases listed on a term's page (theme, method, target group, partner type): the TERM_LIST most recently updated
# (``updated``, newest first; the same day in id order), then a link to the finder filtered by the term, which
# lists them all. Pages 2, 3, … of every term grew the site by ~3-4 KB per case (issue 14: GitHub Pages' 1 GB); a region page still lists
# every case of its province, and the sitemap every case page, so each case stays reachable without JavaScript.
TERM_LIST = 100


@lru_cache(maxsize=100_000)
def card(href: str, title: str, kind: str, region: str, themes: tuple[str, ...], summary: str) -> Markup:
    """One case card (the ``card`` macro), memoised by its inputs: at 10,000 cases the listing pages hold
    about 120,000 cards, most of them the same case with the same relative link on another page."""
    return Markup(ENV.get_template("_macros.j2").module.card(href, title, kind, region, themes, summary))


def newest(cases: list[Case]) -> list[Case]:
    """The ``TERM_LIST`` most recently updated of ``cases`` (given in id order: the same day stays in id order)."""
    return sorted(cases, key=lambda case: case.updated, reverse=True)[:TERM_LIST]


ENV.globals.update(term_url=term_url, region_url=region_url, card=card, tile_map=tile_map, newest=newest)


# Page headings that deliberately differ from the schema's field titles (``labels`` in every template is the
# schema's titles with these applied). 工作方法与机制 wraps onto two lines in the case page's fact list and in
# the compare table's narrow row headings (4.8em), so both say 方法与机制.
SHORT_HEADINGS = {"methods": "方法与机制"}


class PageRenderer:
    """Renders one template for one output URL, with a ``url()`` helper relative to it."""

    def __init__(self, library: Library, edit_base: str | None = None) -> None:
        self.library = library
        self.edit_base = edit_base
        self.labels = {**library.field_labels, **SHORT_HEADINGS}

    def render(self, template: str, page_url: str, **context: Any) -> str:
        url: Callable[[str], str] = lambda target: relative_url(target, page_url)  # noqa: E731
        return ENV.get_template(template).render(
            library=self.library, url=url, page_url=page_url, vocab=self.library.vocabularies, labels=self.labels,
            **context)


def page_plan(library: Library, related: Callable[[], dict[str, list[Related]]] | None = None,
              ) -> list[tuple[str, Callable[[], str]]]:
    """Every generated Markdown page, in order, as (docs-relative path, function that renders it).

    Listing the pages costs nothing; what the pages share (related cases, statistics) is computed when
    the first page that needs it is rendered. ``render_pages`` renders them all; the MkDocs adapter lets
    a forked process render them while MkDocs works on the ones already done. ``related``: the library's
    related cases when the caller has them already (``pipeline.incremental`` compares two libraries').
    """
    r = PageRenderer(library)
    plan: list[tuple[str, Callable[[], str]]] = []
    shared = related if related is not None else cache(lambda: related_cases(library))

    def add(template: str, url: str, **context: Any) -> None:
        plan.append((page_path(url), lambda: r.render(template, url, **context)))

    add("home.md.j2", "")
    add("cases_index.md.j2", "cases/")
    for case in library.cases:
        plan.append((page_path(case.url), lambda case=case: r.render(
            "case.md.j2", case.url, case=case, related=shared()[case.id], cite=citation(library, case))))
    plan.append((page_path("stats/"), lambda: r.render("stats.md.j2", "stats/", stats=statistics(library))))
    add("compare.md.j2", "compare/")
    add("regions_index.md.j2", "regions/")
    for node in library.provinces():
        add("region.md.j2", f"regions/{node.division.code}/", node=node)
    for field in VOCABULARIES:
        folder = TERM_FOLDERS[field]
        vocabulary = library.vocabularies[field]
        counts = {t.slug: len(library.with_term(field, t)) for t in vocabulary.terms}
        add("terms_index.md.j2", f"{folder}/", field=field, vocabulary=vocabulary, counts=counts)
        for term in vocabulary.terms:
            add("term.md.j2", term_url(field, term.slug), field=field, vocabulary=vocabulary, term=term,
                cases=library.with_term(field, term), finder=finder_query(field, term.slug))  # the page picks ``newest``
    return plan


def render_pages(library: Library) -> dict[str, str]:
    """Every generated Markdown page, by docs-relative path."""
    return {path: render() for path, render in page_plan(library)}


def write_pages(files: Mapping[str, str | bytes], out: Path) -> None:
    """Write generated pages (text, UTF-8) and data files (bytes) under ``out``."""
    for rel, content in files.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
