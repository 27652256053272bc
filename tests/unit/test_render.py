"""The page generator: which pages exist, how links and long text are rendered.

This file holds the pure-Python tests (no MkDocs build, no Chromium); the tests on real MkDocs builds and CLI runs are in tests/build/test_render.py.
"""

from __future__ import annotations

import posixpath
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import LIBRARY

from caselib.pipeline.run import run
from caselib.render.markdown import prose
from caselib.render.pages import render_pages
from caselib.urls import _relpath, page_path, relative_url


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    result = run(LIBRARY)
    assert result.library is not None, [p.format() for p in result.problems]
    return render_pages(result.library)


def test_one_page_per_case_and_every_index(pages: dict[str, str]) -> None:
    case_pages = {p for p in pages if p.startswith("cases/") and p != "cases/index.md"}
    assert len(case_pages) == 15
    for index in ["index.md", "cases/index.md", "regions/index.md", "themes/index.md", "methods/index.md",
                  "target-groups/index.md", "partner-types/index.md"]:
        assert index in pages
    assert {"regions/110000.md", "regions/210000.md", "regions/530000.md"} <= set(pages)
    assert "themes/child-welfare.md" in pages and "methods/points-system.md" in pages


def test_case_page_front_matter_is_escaped_yaml(pages: dict[str, str]) -> None:
    text = pages["cases/yiliang-aixin-mama-2plus2.md"]
    front = text.split("---\n")[1]
    assert front.startswith('title: "爱心妈妈“2+2”关爱模式"\n')


def test_generated_pages_contain_no_template_leftovers(pages: dict[str, str]) -> None:
    for path, text in pages.items():
        assert "{%" not in text and "{{ " not in text, path  # BibTeX's {{Title}} braces are legitimate
        assert "Undefined" not in text, path


@pytest.mark.parametrize(("target", "page", "expected"), [
    ("regions/530000/", "cases/x/", "../../regions/530000/"),
    ("cases/", "", "cases/"),
    ("", "cases/x/", "../../"),
    ("regions/530000/#r530628", "regions/", "530000/#r530628"),
    ("cases/x/", "cases/", "x/"),
])
def test_relative_url(target: str, page: str, expected: str) -> None:
    assert relative_url(target, page) == expected


@given(st.lists(st.sampled_from(["a", "b", "cases", ".", "..", ""]), max_size=4),
       st.lists(st.sampled_from(["a", "b", "cases", ".", "..", ""]), max_size=4))
@settings(derandomize=True, max_examples=300, deadline=None)
def test_fast_relpath_agrees_with_posixpath(to: list[str], start: list[str]) -> None:
    path, base = "/".join(to), "/".join(start)
    assert _relpath(path, base) == posixpath.relpath(path or ".", base or ".")


def test_page_path() -> None:
    assert page_path("") == "index.md"
    assert page_path("cases/") == "cases/index.md"
    assert page_path("cases/abc/") == "cases/abc.md"


@pytest.mark.parametrize(("source", "html"), [
    ("一段文字。\n\n- 第一项\n- 第二项", "<p>一段文字。</p>\n<ul>\n<li>第一项</li>\n<li>第二项</li>\n</ul>"),
    ("**加粗** 和 *强调*", "<p><strong>加粗</strong> 和 <em>强调</em></p>"),
    ("[链接](https://example.org/a)", '<p><a href="https://example.org/a" rel="nofollow noopener">链接</a></p>'),
    ("# 不是标题", "<p># 不是标题</p>"),
    ("<b>原样显示</b>", "<p>&lt;b&gt;原样显示&lt;/b&gt;</p>"),
    ("[坏链接](javascript:alert(1))", "<p>[坏链接](javascript:alert(1))</p>"),
])
def test_prose_is_a_safe_markdown_subset(source: str, html: str) -> None:
    assert str(prose(source)) == html


def test_a_term_page_lists_its_first_cases_then_links_to_the_finder(monkeypatch: pytest.MonkeyPatch) -> None:
    """render.pages.TERM_LIST cases in the term's order, one page per term, and the finder link below them."""
    import caselib.render.pages as render_pages_module

    result = run(LIBRARY)
    assert result.library is not None
    library = result.library
    monkeypatch.setattr(render_pages_module, "TERM_LIST", 2)
    pages = render_pages(library)
    term = library.vocabularies["themes"].by_slug["child-welfare"]
    cases = library.with_term("themes", term)
    assert len(cases) > 2
    text = pages["themes/child-welfare.md"]
    listed = re.findall(r'<li><a href="\.\./\.\./(cases/[^"]+)">', text)
    assert listed == [c.url for c in cases[:2]]
    assert f'<p class="cl-more"><a class="md-button" href="../../cases/?theme=child-welfare">查看全部 {len(cases)} 个案例（在查找页按此词条筛选）</a></p>' in text
    assert text.index("</ul>") < text.index('class="cl-more"')
    assert not [p for p in pages if re.match(r"(themes|methods|target-groups|partner-types)/[^/]+/\d+\.md$", p)]
    # a term with no more cases than the list holds has no such link
    monkeypatch.setattr(render_pages_module, "TERM_LIST", 100)
    assert 'class="cl-more"' not in render_pages(library)["themes/child-welfare.md"]
