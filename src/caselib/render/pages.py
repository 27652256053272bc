"""Stage 4 of the pipeline: the model becomes Markdown pages, from templates.

Every page is a Jinja2 template in ``caselib/templates/`` with autoescaping
on. Contributor text only ever reaches a page in two ways:

* as escaped text inside HTML blocks (``{{ case.title }}``), which
  Python-Markdown passes through untouched, so Markdown, Jinja or MkDocs
  syntax in a record stays literal text;
* through ``prose`` for the long-form fields: a safe Markdown subset
  (paragraphs, lists, emphasis, links to http/https/mailto) rendered by
  markdown-it-py with raw HTML disabled.

``render_pages(library)`` returns ``{docs-relative path: text}``; the MkDocs
plugin adds those as generated files, ``build_index.py pages --out DIR``
writes them to a folder for inspection.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from caselib.model.case import KINDS, STATUSES, Library
from caselib.model.related import related_cases
from caselib.model.stats import statistics
from caselib.model.tilemap import tile_map
from caselib.outputs.finder import TERM_FACETS
from caselib.reference.vocab import VOCABULARIES
from caselib.render.cite import citation

SAFE_SCHEMES = ("http://", "https://", "mailto:")
PROSE_RULES = ["heading", "lheading", "image", "html_block", "html_inline", "code", "fence", "hr", "reference",
               "entity", "backticks", "autolink"]
PROSE_SUBSET = "段落、列表（- 或 1.）、**加粗**、*斜体*、[链接文字](https://…) 与引用（>）"


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False, "breaks": True})
    md.disable(PROSE_RULES)
    md.validateLink = lambda url: url.strip().lower().startswith(SAFE_SCHEMES)  # type: ignore[method-assign]
    default_open = md.renderer.rules.get("link_open")

    def link_open(renderer: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
        tokens[idx].attrSet("rel", "nofollow noopener")
        if default_open is not None:
            return default_open(tokens, idx, options, env)
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)
    return md


_MD = _markdown()


def prose(text: str) -> Markup:
    """Contributor Markdown (safe subset) to HTML: raw HTML and unsafe links come out as text."""
    return Markup(_MD.render(text).strip())


def front_matter_value(text: str) -> Markup:
    """A front-matter string: HTML-escaped (Material prints page.meta.title raw) and JSON-quoted (valid YAML)."""
    return Markup(json.dumps(str(escape(text)), ensure_ascii=False))


def _relpath(path: str, base: str) -> str:
    """``posixpath.relpath(path or '.', base or '.')`` for site-relative paths, without touching the file system.

    A case page makes about 30 links; ``posixpath.relpath`` (which calls ``os.getcwd`` twice) was 25 % of
    page generation at 10,000 cases. Absolute paths and paths with ``..`` take the library function.
    """
    to = [part for part in path.split("/") if part and part != "."]
    start = [part for part in base.split("/") if part and part != "."]
    if ".." in to or ".." in start or path.startswith("/") or base.startswith("/"):
        return posixpath.relpath(path or ".", base or ".")
    common = 0
    for a, b in zip(to, start, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


def relative_url(target: str, page: str) -> str:
    """Link from the page at URL ``page`` (e.g. ``cases/x/``) to URL ``target`` (e.g. ``regions/530000/``)."""
    base = posixpath.dirname(page.rstrip("/") + "/x") if page else ""
    path, _, fragment = target.partition("#")
    rel = _relpath(path, base)
    if (path.endswith("/") or not path) and not rel.endswith("/"):
        rel += "/"
    rel = "./" if rel in (".", "./") else rel
    return f"{rel}#{fragment}" if fragment else rel


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("caselib.render", "templates"), autoescape=True, undefined=StrictUndefined,
                      comment_start_string="{##", comment_end_string="##}",
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["prose"] = prose
    env.filters["fm"] = front_matter_value
    env.globals.update(KINDS=KINDS, STATUSES=STATUSES, PROSE_SUBSET=PROSE_SUBSET)
    return env


ENV = _environment()


LIST_PAGE = 100  # cases per page of a term's list (one page of 2,000 cards was 1.1 MB of HTML at 10,000 cases)


FINDER_PARAMS = {field: key for key, (field, _label) in TERM_FACETS.items()}  # themes -> theme (finder URL keys)


def term_url(field: str, slug: str, number: int = 1) -> str:
    """The URL of a vocabulary term's page; page ``number`` > 1 of its case list lies below it."""
    base = f"{VOCABULARIES[field][1]}/{slug}/"
    return base if number == 1 else f"{base}{number}/"


def region_url(code: str) -> str:
    return f"regions/{code[:2]}0000/" + ("" if code.endswith("0000") else f"#r{code}")


@lru_cache(maxsize=100_000)
def card(href: str, title: str, kind: str, region: str, themes: tuple[str, ...], summary: str) -> Markup:
    """One case card (the ``card`` macro), memoised by its inputs: at 10,000 cases the listing pages hold
    about 120,000 cards, most of them the same case with the same relative link on another page."""
    return Markup(ENV.get_template("_macros.j2").module.card(href, title, kind, region, themes, summary))


ENV.globals.update(term_url=term_url, region_url=region_url, card=card, tile_map=tile_map)


class PageRenderer:
    """Renders one template for one output URL, with a ``url()`` helper relative to it."""

    def __init__(self, library: Library, edit_base: str | None = None) -> None:
        self.library = library
        self.edit_base = edit_base

    def render(self, template: str, page_url: str, **context: Any) -> str:
        url: Callable[[str], str] = lambda target: relative_url(target, page_url)  # noqa: E731
        return ENV.get_template(template).render(
            library=self.library, url=url, page_url=page_url, vocab=self.library.vocabularies, **context)


_SECTION_ROOTS = {"cases", "regions", "themes", "target-groups", "methods", "partner-types", "stats", "compare"}


def page_path(url: str) -> str:
    """Docs-relative Markdown path for a directory URL: '' -> index.md, 'regions/' -> regions/index.md."""
    if not url:
        return "index.md"
    stripped = url.rstrip("/")
    return f"{stripped}/index.md" if stripped in _SECTION_ROOTS else f"{stripped}.md"


def page_plan(library: Library) -> list[tuple[str, Callable[[], str]]]:
    """Every generated Markdown page, in order, as (docs-relative path, function that renders it).

    Listing the pages costs nothing; what the pages share (related cases, statistics) is computed when
    the first page that needs it is rendered. ``render_pages`` renders them all; the MkDocs adapter lets
    a forked process render them while MkDocs works on the ones already done.
    """
    r = PageRenderer(library)
    plan: list[tuple[str, Callable[[], str]]] = []
    related = cache(lambda: related_cases(library))

    def add(template: str, url: str, **context: Any) -> None:
        plan.append((page_path(url), lambda: r.render(template, url, **context)))

    add("home.md.j2", "")
    add("cases_index.md.j2", "cases/")
    for case in library.cases:
        plan.append((page_path(case.url), lambda case=case: r.render(
            "case.md.j2", case.url, case=case, related=related()[case.id], cite=citation(library, case))))
    plan.append((page_path("stats/"), lambda: r.render("stats.md.j2", "stats/", stats=statistics(library))))
    add("compare.md.j2", "compare/")
    add("regions_index.md.j2", "regions/")
    for node in library.provinces():
        add("region.md.j2", f"regions/{node.division.code}/", node=node)
    for field, (_stem, folder) in VOCABULARIES.items():
        vocabulary = library.vocabularies[field]
        counts = {t.slug: len(library.with_term(field, t)) for t in vocabulary.terms}
        add("terms_index.md.j2", f"{folder}/", field=field, vocabulary=vocabulary, counts=counts)
        for term in vocabulary.terms:
            cases = library.with_term(field, term)
            chunks = [cases[i:i + LIST_PAGE] for i in range(0, len(cases), LIST_PAGE)] or [[]]
            urls = [term_url(field, term.slug, n) for n in range(1, len(chunks) + 1)]
            for number, chunk in enumerate(chunks, 1):
                add("term.md.j2", urls[number - 1], field=field, vocabulary=vocabulary, term=term, cases=chunk,
                    total=len(cases), number=number, page_urls=urls, finder=f"{FINDER_PARAMS[field]}={term.slug}")
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
