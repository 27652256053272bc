"""``render.html`` against Python-Markdown itself, on small pages of the grammar and just outside it (issue 14).

``tests/build/test_fast_pages.py`` compares whole sites and MkDocs' ``Page.render``; here, without MkDocs, many
small documents built from the shapes the converter takes (nested and repeated tags, void and self-closing tags,
``<script>``, upper-case names, single-quoted attributes, blank lines inside a block, blocks on consecutive lines,
headings with and without ids) are converted both ways: the HTML and the table of contents must be equal, and the
anchor ids those of ``html.parser`` plus the headings'. Shapes it must refuse give None.
"""

from __future__ import annotations

import random
from html.parser import HTMLParser
from typing import Any

import markdown
import pytest

from caselib.render.html import MarkdownSetup, PageConverter

EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "admonition"]
CONFIGS: dict[str, Any] = {"toc": {"permalink": True}}
FRONT = '---\ntitle: "页"\n---\n\n'

BLOCKS = [
    '<div class="a">\n<p>文字 &amp; <a href="#x">链接</a></p>\n</div>',
    '<div id="top"><div><p>嵌套</p></div></div>',
    '<p class="cl-x">一段<br>换行<br />再换<img src="a.png" alt=""></p>',
    '<section id="s&amp;1"><h3 id="h3">小标题</h3>\n<ul><li>一</li><li>二</li></ul>\n</section>',
    "<div data-x='{\"id\": \"json\"}'><span>单引号</span></div>",
    '<div>\n<p>块里有空行</p>\n\n<p>仍在块里</p>\n</div>',
    '<figure><svg viewBox="0 0 10 10" aria-hidden="true"><linearGradient id="g"></linearGradient><path d="M0 0"/></svg>'
    '</figure>',
    '<script src="x.js" defer></script>',
    '<div><p>未闭合的段落<p>又一段</div>',
    '<dl><div><dt>键</dt><dd><a name="n1">值</a></dd></div></dl>',
    '<P CLASS="upper">大写</P>',
    "<pre><code>  缩进的代码\n  第二行 {{x}}</code></pre>",
]
HEADINGS = ["## 社工与志愿者分工 {#division}", "## 主要做法 {#practices}", "### 没有 id 的标题", "## A &amp; B {#ab}",
            "#### 四级 {#four}"]


def raw_ids(text: str) -> set[str]:
    """What MkDocs' _RawHTMLPreprocessor collects (html.parser over the whole text)."""
    found: set[str] = set()

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            for key, value in attrs:
                if key == "id" or (key == "name" and tag == "a"):
                    found.add(value)  # type: ignore[arg-type]

    parser = Collect()
    parser.feed(text)
    parser.close()
    return found


def flat(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [item for token in tokens for item in [token, *flat(token["children"])]]


def page(rng: random.Random) -> str:
    blocks = [rng.choice(BLOCKS)]
    headings = rng.sample(HEADINGS, rng.randint(0, len(HEADINGS)))
    for _ in range(rng.randint(0, 6)):
        if headings and rng.random() < 0.4:
            blocks.append(headings.pop())
        else:
            blocks.append(rng.choice(BLOCKS))
    text = blocks[0]
    for block in blocks[1:]:  # raw blocks may follow each other on the next line
        glue = "\n" if block.startswith("<") and text.rsplit("\n", 1)[-1].startswith("<") and rng.random() < 0.3 \
            else "\n\n"
        text += glue + block
    return FRONT + text + "\n" * rng.randint(0, 2)


@pytest.mark.parametrize("seed", range(40))
def test_pages_of_the_grammar_convert_as_python_markdown_does(seed: int) -> None:
    rng = random.Random(seed)
    converter = PageConverter(MarkdownSetup(EXTENSIONS, CONFIGS))
    for _ in range(25):
        source = page(rng)
        body = source[len(FRONT):]
        rendered = converter.convert(source)
        md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
        expected = md.convert(body)
        if rendered is None:  # refused: only for the shapes it must refuse (here: a heading id used twice)
            assert converter.refusal == "headings with the same id", (converter.refusal, body)
            continue
        assert rendered.content == expected, body
        assert rendered.toc_tokens == md.toc_tokens, body  # type: ignore[attr-defined]
        assert rendered.anchor_ids == raw_ids(body) | {token["id"] for token in flat(md.toc_tokens)}, body  # type: ignore[attr-defined]
        assert rendered.meta == {"title": "页"} and rendered.markdown == body.lstrip("\n")


@pytest.mark.parametrize("body", [
    "一段文字\n",  # Markdown, not raw HTML
    "<span>行内标签开头</span>\n",  # not a block-level tag
    "<hr>\n\n<div>x</div>\n",  # an empty tag as a block of its own
    "<div>没有闭合\n",
    "<div>x</div> 尾巴\n",  # text after the block on its line
    "<div>x</div>\n一行\n",  # no blank line after the block
    "<div>\tx</div>\n",  # a tab: Python-Markdown expands it
    "<div>\n   \n</div>\n",  # a whitespace-only line
    "<div>\n```\ncode\n```\n</div>\n",  # a fence inside raw HTML: fenced_code acts before the raw HTML is stashed
    '<div>\n--8<-- "mkdocs.yml"\n</div>\n',  # snippets
    "<div><!-- 注释 --></div>\n",
    "<div id>无值的 id</div>\n",
    "<div a=b>未加引号</div>\n",
    "<div><script>if (a < b) {}</script></div>\n",
    "<svg><text>不是块级标签</text></svg>\n",
    "## 标题在前 {#first}\n\n<div>x</div>\n",
    "<div>x</div>\n\n## [链接](other.md) {#l}\n",
    "<div>x</div>\n\n## ![图](a.png) {#i}\n",
    "<div>x</div>\n\n## 同名 {#same}\n\n## 同名 {#same}\n",
    "<div>x</div>\n\n    <p>缩进</p>\n",
])
def test_shapes_outside_the_grammar_are_refused(body: str) -> None:
    converter = PageConverter(MarkdownSetup(EXTENSIONS, CONFIGS))
    assert converter.convert(FRONT + "<div>可以</div>\n") is not None
    assert converter.convert(FRONT + body) is None and converter.refusal


def test_no_front_matter_or_an_unknown_extension_is_refused() -> None:
    assert PageConverter(MarkdownSetup(EXTENSIONS, CONFIGS)).convert("<div>x</div>\n") is None
    assert PageConverter(MarkdownSetup([*EXTENSIONS, "md_in_html"], CONFIGS)).convert(FRONT + "<div>x</div>\n") is None
    assert PageConverter(MarkdownSetup(EXTENSIONS, CONFIGS)).convert('---\n- a list\n---\n\n<div>x</div>\n') is None
    snippets = MarkdownSetup([*EXTENSIONS, "pymdownx.snippets"], {**CONFIGS, "pymdownx.snippets": {"auto_append": ["x.md"]}})
    assert PageConverter(snippets).convert(FRONT + "<div>x</div>\n") is None
