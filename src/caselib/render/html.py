"""A generated page's HTML, as MkDocs 1.6 would make it, without running Python-Markdown over the whole page.

Our generated pages (``render/templates/*.md.j2``) have one shape: YAML front matter, then blocks separated by
blank lines, each either raw HTML starting at column 0 with a block-level tag (contributor text only escaped
inside it) or a heading line such as ``## 主要做法 {#practices}``. Python-Markdown only stashes the raw HTML
and converts the headings, and MkDocs re-parses the whole HTML for its anchor ids: that was most of a build's
time. ``PageConverter.convert`` produces the same parts directly (``Rendered``): the raw blocks are copied,
each distinct heading line is converted once by a real Python-Markdown set up like MkDocs' (so ids,
permalinks and the table of contents follow the configuration), and the anchor ids are read from the tags.

It understands that shape only. Anything else (other Markdown, a tag it does not know how Python-Markdown
would take, characters Python-Markdown rewrites, an unknown extension) gives ``None``, and MkDocs converts
that page itself: a page is never converted differently. ``tests/build/test_fast_pages.py`` compares the
parts with MkDocs' own, page by page, and whole sites built both ways, byte by byte.

No MkDocs here (the adapter, ``adapters/mkdocs_pages.py``, hands the parts to MkDocs).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import markdown
from markdown.extensions.toc import nest_toc_tokens
from markdown.treeprocessors import Treeprocessor

from caselib.load.front_matter import split_front_matter

# The extensions whose effect on such pages is known: block processors that never see a raw block or a heading
# line (tables, admonition), preprocessors whose trigger is refused below (fenced_code: a line starting with
# ``` or ~~~; pymdownx.snippets: any "-8<"), and the treeprocessors of headings (toc, attr_list).
KNOWN_EXTENSIONS = frozenset({"toc", "tables", "fenced_code", "attr_list", "admonition", "pymdownx.snippets"})
# What Python-Markdown would rewrite before stashing raw HTML (NormalizeWhitespace: tabs, CR, STX/ETX,
# whitespace-only lines) or a preprocessor would act on (fences, snippets).
REFUSED_CHARS = re.compile(r"[\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
REFUSED_LINES = re.compile(r"(?:^|\n)(?: +(?:\n|$)| *(?:```|~~~))")
# A tag as our templates write it: attributes separated by one space, quoted values without < or >.
# (HTMLParser lowercases the names; Python-Markdown keeps the text as it is.)
TAG = re.compile(r"""<(?:([a-zA-Z][a-zA-Z0-9-]*)((?: [a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"<>]*"|='[^'<>]*')?)*)( ?/)?>"""
                 r"""|/([a-zA-Z][a-zA-Z0-9-]*)>)""")
TOKEN = re.compile(TAG.pattern + "|<")  # a tag, or a "<" that is none
ATTRIBUTE = re.compile(r""" ([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"<>]*)"|='([^'<>]*)')?""")
HEADING = re.compile(r"#{1,6} [^\n<>\[\]\\`]*")
CDATA_TAGS = ("script", "style")  # HTMLParser reads their content as text up to their end tag
EMPTY_TAGS = ("hr",)  # Python-Markdown's HTMLExtractor.empty_tags: a raw block of its own


@dataclass(frozen=True)
class MarkdownSetup:
    """The Markdown configuration as MkDocs resolved it (``config.markdown_extensions``, ``config.mdx_configs``)."""

    extensions: Sequence[Any]
    configs: Mapping[str, Any]


@dataclass
class Rendered:
    """What MkDocs' ``Page.read_source`` and ``Page.render`` make of one page (``title_from_render`` is always
    None here: every page of the grammar starts with raw HTML, never with a heading)."""

    markdown: str  # the text after the front matter (page.markdown)
    meta: dict[str, Any]  # the front matter (page.meta)
    content: str  # page.content
    toc_tokens: list[dict[str, Any]]  # md.toc_tokens (MkDocs makes page.toc of them)
    anchor_ids: set[str]  # page.present_anchor_ids
    self_links: dict[str, str] = field(default_factory=dict)  # anchor -> link, links of the page to itself


@dataclass(frozen=True)
class _Heading:
    html: str
    toc_tokens: tuple[dict[str, Any], ...]  # flat, without children
    anchor_ids: frozenset[str]
    self_links: tuple[tuple[str, str], ...]


class _Collect(Treeprocessor):
    """The anchors and links MkDocs' tree processors collect from the tree (``_ExtractAnchorsTreeprocessor``,
    ``_RelativePathTreeprocessor``), of one heading; ``foreign`` when a link or image leaves the page."""

    def __init__(self, md: markdown.Markdown, links: bool) -> None:
        super().__init__(md)
        self.links = links
        self.reset()

    def reset(self) -> None:
        self.anchor_ids: set[str] = set()
        self.self_links: dict[str, str] = {}
        self.foreign = False

    def run(self, root: Any) -> None:
        for element in root.iter():
            if not self.links:
                if anchor := element.get("id"):
                    self.anchor_ids.add(anchor)
                if element.tag == "a" and (anchor := element.get("name")):
                    self.anchor_ids.add(anchor)
                continue
            if element.tag == "img":
                self.foreign = True
            elif element.tag == "a":
                url = element.get("href") or ""
                parts = urlsplit(url)
                if parts.scheme or parts.netloc or parts.path or not parts.fragment or url.startswith(("/", "\\")):
                    self.foreign = True
                else:
                    self.self_links.setdefault(parts.fragment, url)


class PageConverter:
    """Converts the pages of one build (memoising their heading lines); see the module docstring."""

    def __init__(self, setup: MarkdownSetup) -> None:
        self.setup = setup
        self.usable = (all(isinstance(name, str) and name in KNOWN_EXTENSIONS for name in setup.extensions)
                       and not (setup.configs.get("pymdownx.snippets") or {}).get("auto_append"))  # added to every page
        self._headings: dict[str, _Heading | None] = {}
        self._md: markdown.Markdown | None = None
        self._anchors: _Collect | None = None
        self._links: _Collect | None = None
        self._block_level: frozenset[str] = frozenset()
        self.refusal = ""  # why the last page was refused (for tests and debugging)

    def _markdown(self) -> markdown.Markdown:
        if self._md is None:
            md = markdown.Markdown(extensions=list(self.setup.extensions), extension_configs=dict(self.setup.configs))
            self._anchors, self._links = _Collect(md, links=False), _Collect(md, links=True)
            md.treeprocessors.register(self._anchors, "caselib_anchors", 5)  # as MkDocs: beside toc, after it
            md.treeprocessors.register(self._links, "caselib_links", 0)
            self._block_level = frozenset(md.block_level_elements)
            self._md = md
        return self._md

    def convert(self, source: str) -> Rendered | None:
        """The parts MkDocs would make of the page ``source`` (front matter included), or None (MkDocs decides)."""
        if not self.usable:
            return self._refuse("Markdown extensions it does not know")
        split = split_front_matter(source)
        if split is None:
            return self._refuse("no front matter as MkDocs reads it")
        body, meta = split
        if (not body.strip() or "-8<" in body or REFUSED_CHARS.search(body)
                or (("\n " in body or "```" in body or "~~~" in body) and REFUSED_LINES.search(body))):
            return self._refuse("empty, or text Python-Markdown rewrites or a preprocessor acts on")
        self._markdown()
        parts: list[str] = []
        anchor_ids: set[str] = set()
        self_links: dict[str, str] = {}
        flat_toc: list[dict[str, Any]] = []
        heading_ids: list[str] = []
        pos, end = 0, len(body)
        while pos < end:
            if body[pos] == "#":
                if not parts:  # a heading first: MkDocs would take the page title from it
                    return self._refuse("a heading first")
                stop = body.find("\n", pos)
                stop = end if stop == -1 else stop
                heading = self._heading(body[pos:stop])
                if heading is None:
                    return self._refuse(f"a heading it does not take: {body[pos:stop]!r}")
                parts.append(heading.html)
                flat_toc.extend(dict(token) for token in heading.toc_tokens)
                anchor_ids |= heading.anchor_ids
                heading_ids.extend(heading.anchor_ids)
                for anchor, url in heading.self_links:
                    self_links.setdefault(anchor, url)
                pos = stop
            elif body[pos] == "<":
                start, stop = pos, self._raw_block(body, pos, anchor_ids)
                if stop is None:
                    return self._refuse(f"raw HTML it does not take, from {body[pos:pos + 40]!r}")
                pos = stop
                if body.startswith("\n<", pos) and not body.startswith("\n\n", pos):
                    parts.append(body[start:stop])  # another raw block on the next line: ends this one
                    pos += 1
                    continue
                parts.append(body[start:stop] + "\n")  # Python-Markdown keeps the blank line after it
            else:
                return self._refuse(f"a block that is neither raw HTML nor a heading: {body[pos:pos + 40]!r}")
            # a block ends at a blank line or the end of the text
            if pos < end and not body.startswith("\n\n", pos) and body[pos:].strip("\n"):
                return self._refuse(f"no blank line after a block, before {body[pos:pos + 40]!r}")
            while pos < end and body[pos] == "\n":
                pos += 1
        if len(heading_ids) != len(set(heading_ids)):  # toc would make them unique across the page
            return self._refuse("headings with the same id")
        return Rendered(markdown=body, meta=meta, content="\n".join(parts).strip(), toc_tokens=nest_toc_tokens(flat_toc),
                        anchor_ids=anchor_ids, self_links=self_links)

    def _refuse(self, reason: str) -> None:
        self.refusal = reason
        return None

    def _raw_block(self, body: str, pos: int, anchor_ids: set[str]) -> int | None:
        """Where the raw HTML block starting at ``pos`` ends (after its top-level end tag), collecting the ids of
        its tags as MkDocs' ``_RawHTMLPreprocessor`` does; None if Python-Markdown might see it otherwise.

        The block ends as Python-Markdown's ``HTMLExtractor`` ends it: every start tag but ``hr`` and
        self-closing ones is pushed, an end tag pops up to its name if it is open, and the block is over when
        nothing is left open."""
        stack: list[str] = []
        cdata = ""  # inside <script> or <style>: only their end tag may follow
        for match in TOKEN.finditer(body, pos):
            name, attributes, closing, end_name = match.groups()
            if name:
                name = name.lower()
                if cdata or (not stack and (closing or name not in self._block_level or name in EMPTY_TAGS)):
                    return None
                if attributes:
                    lowered = attributes.lower() + " "
                    if " id " in lowered or " name " in lowered:
                        return None  # perhaps an id without a value (HTMLParser gives None)
                    if " id=" in lowered or " name=" in lowered:
                        for attribute in ATTRIBUTE.finditer(attributes):
                            key, double, single = attribute.groups()
                            if (key := key.lower()) == "id" or (key == "name" and name == "a"):
                                anchor_ids.add(html.unescape(double if double is not None else single))
                if not closing and name not in EMPTY_TAGS:
                    stack.append(name)
                    if name in CDATA_TAGS:
                        cdata = name
            elif end_name:
                end_name = end_name.lower()
                if cdata and end_name != cdata:
                    return None
                cdata = ""
                if end_name in stack:
                    while stack.pop() != end_name:
                        pass
            else:  # a "<" that is not a tag it knows
                return None
            if not stack:
                return match.end()
        return None

    def _heading(self, line: str) -> _Heading | None:
        if line in self._headings:
            return self._headings[line]
        heading = None
        if HEADING.fullmatch(line):
            md = self._markdown()
            assert self._anchors is not None and self._links is not None
            md.reset()
            self._anchors.reset()
            self._links.reset()
            out = md.convert(line)
            if (not self._links.foreign and "\n" not in out
                    and re.fullmatch(r"<h[1-6][ >].*</h[1-6]>", out)):
                tokens = tuple({k: v for k, v in token.items() if k != "children"} for token in md.toc_tokens)
                if all(not token.get("children") for token in md.toc_tokens):
                    heading = _Heading(out, tokens, frozenset(self._anchors.anchor_ids),
                                       tuple(self._links.self_links.items()))
        self._headings[line] = heading
        return heading
