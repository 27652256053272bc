"""MkDocs pages whose Markdown was converted beside MkDocs (``render.html``): MkDocs takes their parts as they are.

``adopt(page, parts)`` (the plugin calls it in ``on_pre_page``, for a generated page whose parts came with its
Markdown) turns the page into a ``PreRenderedPage``: the same object (its place in the navigation, its title
from ``nav``, its URLs stay), whose ``read_source`` and ``render`` give MkDocs what its own would have computed
(``tests/build/test_fast_pages.py`` compares them page by page): the Markdown and front matter, the HTML, the
table of contents, the anchor ids that other pages' links are checked against, and the page's links to its own
anchors (the headings' permalinks). MkDocs' own ``Page.read_source`` / ``Page.render`` run instead whenever
anything differs from what the parts were made for: another plugin handing out other source text or changing
the Markdown, or Markdown settings other than those ``setup(config)`` gave the page processes.
"""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta

from caselib.render.html import MarkdownSetup, Rendered

PAGES_LOG = logging.getLogger("mkdocs.structure.pages")  # MkDocs keeps links_to_anchors only above DEBUG on it


def setup(config: MkDocsConfig) -> MarkdownSetup:
    """The Markdown configuration MkDocs converts pages with (as plain data for ``render.html``)."""
    return MarkdownSetup(list(config.markdown_extensions), dict(config.mdx_configs or {}))


def same_setup(config: MkDocsConfig, used: MarkdownSetup) -> bool:
    """Whether MkDocs would still convert with the configuration the parts were made with."""
    current = setup(config)
    return current.extensions == list(used.extensions) and current.configs == dict(used.configs)


class PreRenderedPage(Page):
    """A ``Page`` that takes its parts from ``render.html`` (see the module docstring)."""

    parts: Rendered | None = None
    source: str | None = None  # the Markdown the parts were made from, as the plugin hands it out

    def read_source(self, config: MkDocsConfig) -> None:
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is None:
            source = self.file.content_string  # a generated file: in memory
        if self.parts is not None and source == self.source:
            self.markdown, self.meta = self.parts.markdown, dict(self.parts.meta)
            return
        self.parts = None
        self.markdown, self.meta = meta.get_data(source)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        parts = self.parts
        self.parts = self.source = None  # used once (a later build, under `mkdocs serve`, reads the page again)
        if parts is None or self.markdown != parts.markdown:
            super().render(config, files)
            return
        self.content = parts.content
        self.toc = get_toc(parts.toc_tokens)
        self._title_from_render = None
        self.present_anchor_ids = set(parts.anchor_ids)
        if PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = {self.file: dict(parts.self_links)} if parts.self_links else {}


def adopt(page: Page, source: str, parts: Rendered) -> bool:
    """Let ``page`` (a plain MkDocs ``Page``, of a generated file) take ``parts`` of ``source``; whether it did
    (a page of another class, another plugin's, is left as it is)."""
    if type(page) not in (Page, PreRenderedPage):
        return False
    page.__class__ = PreRenderedPage  # the same object: the navigation and the file keep referring to it
    assert isinstance(page, PreRenderedPage)
    page.parts, page.source = parts, source
    return True
