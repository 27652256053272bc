"""Contributor text in pages: the long fields as a safe Markdown subset, and front-matter values.

Contributor text only ever reaches a page in two ways: as escaped text inside HTML blocks (the
templates' ``{{ case.title }}``, autoescaped), which Python-Markdown passes through untouched, so
Markdown, Jinja or MkDocs syntax in a record stays literal text; or through ``prose`` for the
long-form fields: paragraphs, lists, emphasis, quotes and links to http/https/mailto, rendered by
markdown-it-py with raw HTML disabled.
"""

from __future__ import annotations

import json
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

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
