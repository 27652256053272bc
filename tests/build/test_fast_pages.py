"""Pre-rendered pages (issue 14): MkDocs takes our generated pages converted beside it, and nothing changes.

``render.html`` converts the generated pages in the page processes and ``adapters.mkdocs_pages`` hands the parts
to MkDocs. With ``CASELIB_FAST_PAGES=0`` MkDocs converts every page itself, as before. Checked here, on the
fixture library plus generated records, the hostile record and a record whose page is outside the grammar:

- the two builds are byte-identical, file by file, and the fast one took the parts for all pages but that one;
- page by page, the parts equal what MkDocs' own ``Page.read_source`` and ``Page.render`` make (content, table
  of contents, anchor ids, links to anchors, title, front matter), through the ``PreRenderedPage`` too;
- a page outside the grammar (and the hostile page's text with Markdown added) is refused, and MkDocs converts it;
- MkDocs still checks links to anchors of generated pages: a hand-written page linking to a missing anchor of a
  case page fails the strict build, both ways, and links to its headings and raw HTML ids pass.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import LIBRARY, copy_repo, library_of, mkdocs_build, site_bytes
from support.fast_pages import FALLBACK_ID, SYNTHETIC, pre_rendered

from caselib.pipeline.site import SiteFiles
from caselib.render.html import MarkdownSetup, PageConverter


def toc(items: Any) -> list[Any]:
    return [(item.title, item.id, item.level, toc(item.children)) for item in items]


def made(page: Any) -> dict[str, Any]:
    """What MkDocs keeps of a rendered page (and the theme and the link checks read)."""
    return {"markdown": page.markdown, "meta": page.meta, "content": page.content, "toc": toc(page.toc),
            "anchors": page.present_anchor_ids, "links": page.links_to_anchors, "title": page.title,
            "title_from_render": page._title_from_render}


@pytest.fixture(scope="module")
def both_builds(fast_pages_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for fast in ("1", "0"):
        site = tmp_path_factory.mktemp(f"fast-{fast}") / "site"
        done = mkdocs_build(fast_pages_repo, site, "--verbose", env={"CASELIB_FAST_PAGES": fast})
        assert done.returncode == 0, done.stderr[-3000:]
        out[fast] = (site_bytes(site), done.stderr)
    return out


def test_fast_and_plain_builds_are_byte_identical(both_builds: dict[str, Any]) -> None:
    (fast, fast_log), (plain, plain_log) = both_builds["1"], both_builds["0"]
    assert sorted(fast) == sorted(plain)
    assert [path for path in fast if fast[path] != plain[path]] == []
    assert len([path for path in fast if path.startswith("cases/") and path.endswith("/index.html")]) > SYNTHETIC
    adopted, generated = pre_rendered(fast_log)
    assert generated > SYNTHETIC and adopted == generated - 1  # all but the page outside the grammar
    assert pre_rendered(plain_log) == (0, generated)
    assert f"cases/{FALLBACK_ID}/index.html" in fast and "cases/xss-case/index.html" in fast


def test_parts_equal_mkdocs_own_page_by_page(fast_pages_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.config import load_config  # MkDocs inside the tests: a unit-only session must not import it
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    from caselib.adapters.mkdocs_pages import PreRenderedPage, adopt, setup

    monkeypatch.setenv("CASELIB_JOBS", "1")  # the pages in this process (the forked page processes are in the builds)
    config = load_config(str(fast_pages_repo / "mkdocs.yml"))
    rendering = SiteFiles(library_of(fast_pages_repo), setup(config))
    pages = {path: rendering.page_and_parts(path) for path in rendering.page_paths}
    rendering.close()
    files = Files([File(path, None, config.site_dir, config.use_directory_urls) for path in pages])
    for file in files:
        file.content_string = pages[file.src_uri][0]
    refused = sorted(path for path, (_text, parts) in pages.items() if parts is None)
    assert refused == [f"cases/{FALLBACK_ID}.md"]
    compared = with_links = 0
    for file in files:
        text, parts = pages[file.src_uri]
        own = Page(None, file, config)
        own.read_source(config)
        own.render(config, files)
        expected = made(own)
        if parts is None:
            continue
        assert (parts.markdown, parts.meta, parts.content, parts.anchor_ids) == \
            (own.markdown, own.meta, own.content, own.present_anchor_ids), file.src_uri
        fast = Page(None, file, config)
        assert adopt(fast, text, parts) and type(fast) is PreRenderedPage
        fast.read_source(config)
        fast.render(config, files)
        assert made(fast) == expected, file.src_uri
        compared += 1
        with_links += bool(expected["links"])  # the headings' permalinks: links of the page to itself
    assert compared == len(pages) - 1 > SYNTHETIC
    assert with_links > SYNTHETIC


def test_a_page_outside_the_grammar_is_left_to_mkdocs(fast_pages_repo: Path) -> None:
    from mkdocs.config import load_config

    from caselib.adapters.mkdocs_pages import setup

    config = load_config(str(fast_pages_repo / "mkdocs.yml"))
    converter = PageConverter(setup(config))
    rendering = SiteFiles(library_of(fast_pages_repo))
    hostile, outside = rendering.page("cases/xss-case.md"), rendering.page(f"cases/{FALLBACK_ID}.md")
    rendering.close()
    assert converter.convert(hostile) is not None
    assert converter.convert(outside) is None and converter.refusal
    for changed in (hostile + "\n一段 **Markdown** 文字\n",  # Markdown outside raw HTML
                    hostile.replace("\n## ", "\n## [链接](other.md) ", 1),  # a heading that links elsewhere
                    hostile.replace('<div class="cl-case-head">', "## 开头 {#start}\n\n<div>", 1),  # a heading first
                    hostile + "\n## 来源 {#sources}\n",  # two headings with one id
                    hostile + "\n    <p>缩进：代码块</p>\n",  # indented HTML
                    "没有前言的页面\n"):
        assert converter.convert(changed) is None, changed[-200:]
    assert PageConverter(MarkdownSetup(["toc", "md_in_html"], {})).convert(hostile) is None  # an unknown extension


@pytest.mark.parametrize("fast", ["1", "0"])
def test_links_to_anchors_of_generated_pages_are_still_checked(tmp_path: Path, fast: str) -> None:
    repo = copy_repo(tmp_path / "repo")
    case = sorted(case.url.rstrip("/") for case in library_of(LIBRARY).cases)[0]
    about = repo / "docs" / "about.md"
    good = f"\n\n[分工]({case}.md#division) [标题]({case}.md#title) [引用]({case}.md#cite)\n"  # heading, raw, raw
    about.write_text(about.read_text(encoding="utf-8") + good, encoding="utf-8")
    done = mkdocs_build(repo, tmp_path / "good", env={"CASELIB_FAST_PAGES": fast})
    assert done.returncode == 0, done.stderr[-3000:]
    about.write_text(about.read_text(encoding="utf-8") + f"\n[没有的锚点]({case}.md#no-such-anchor)\n", encoding="utf-8")
    done = mkdocs_build(repo, tmp_path / "bad", env={"CASELIB_FAST_PAGES": fast})
    assert done.returncode != 0
    assert f"contains a link '{case}.md#no-such-anchor', but the doc '{case}.md' does not contain an anchor " \
           "'#no-such-anchor'" in done.stderr
