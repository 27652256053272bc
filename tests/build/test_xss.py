"""Contributor text never becomes live HTML or script.

A valid record carries hostile text in every text field (as much of it as
each field's length limit allows): ``<script>``, ``<img onerror>``,
``<iframe>``, ``<svg onload>``, ``javascript:``/``data:``/``vbscript:`` links
in HTML and in Markdown, Markdown that opens a heading or a table or closes
the surrounding ``<div>``, Python-Markdown ``attr_list`` (``{: onclick=… }``),
Jinja and MkDocs snippet syntax, and HTML entities that must stay text. The
site is built with the real MkDocs, every HTML page is parsed with
BeautifulSoup and compared with a build of the fixture records only: no new
script, no ``on*`` attribute, no iframe/object/embed/form/base, no link or
source with a script scheme, no image from content, and the payload appears
as text. Then Chromium opens the pages: no dialog may open.

This file holds the tests on real MkDocs builds and CLI runs; the tests in Chromium are in tests/browser/test_xss.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from support import cli, copy_repo
from support.xss import MARK, TITLE, hostile_record


def html_files(site: Path) -> dict[str, BeautifulSoup]:
    return {p.relative_to(site).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
            for p in sorted(site.rglob("*.html"))}


SCRIPT_SCHEMES = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)
URL_ATTRS = ("href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcset", "background")


def live_problems(soup: BeautifulSoup) -> list[str]:
    """Everything in a page that could run or load contributor content."""
    found = []
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"<{tag.name} {name}=…>")
            if name.lower() in URL_ATTRS and SCRIPT_SCHEMES.match(text):
                found.append(f"<{tag.name} {name}={text[:40]}>")
        if tag.name in ("iframe", "object", "embed", "base", "frame", "frameset", "applet"):
            found.append(f"<{tag.name}>")
        if tag.name == "meta" and tag.get("http-equiv", "").lower() == "refresh":
            found.append("<meta refresh>")
        if tag.name in ("script", "style") and MARK in tag.get_text():
            found.append(f"<{tag.name}> with contributor text")
        if tag.name == "img" and tag.get("src") == "x":
            found.append("<img src=x>")
    return found


def scripts(soup: BeautifulSoup) -> list[str]:
    return [s.get("src", "").rsplit("/", 1)[-1] or "inline" for s in soup.find_all("script")]


def test_no_live_content_on_any_page(xss_sites: tuple[Path, Path]) -> None:
    clean, hostile = xss_sites
    clean_pages, pages = html_files(clean), html_files(hostile)
    clean_scripts = {name for soup in clean_pages.values() for name in scripts(soup)}
    clean_styles = max(len(soup.find_all("style")) for soup in clean_pages.values())
    clean_forms = max(len(soup.find_all("form")) for soup in clean_pages.values())
    assert "cases/xss-case/index.html" in pages
    for path, soup in pages.items():
        assert live_problems(soup) == [], path
        assert set(scripts(soup)) <= clean_scripts, path
        assert len(soup.find_all("style")) <= clean_styles, path
        assert len(soup.find_all("form")) <= clean_forms, path  # the theme's search form only
        if path in clean_pages:  # same page without the hostile record: the same number of scripts
            assert len(scripts(soup)) == len(scripts(clean_pages[path])), path


def test_payload_is_shown_as_text(xss_sites: tuple[Path, Path]) -> None:
    _, hostile = xss_sites
    soup = html_files(hostile)["cases/xss-case/index.html"]
    article = soup.find("article")
    text = article.get_text()
    assert f"<script>alert('{MARK}1')</script>" in text  # raw HTML shown as text, not removed silently
    assert f"<img src=x onerror=alert('{MARK}2')>" in text
    assert "{{ config.site_name }}" in text and "{{ 7*7 }}" in text and "49" not in text
    assert '--8<-- "mkdocs.yml"' in text and "markdown_extensions" not in text  # the snippets syntax included nothing
    assert "&lt;script&gt;实体" in text  # entities stay the characters the contributor typed
    assert "{: onclick=" in text
    for heading in article.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        assert "标题注入" not in heading.get_text()
    assert article.find("table") is None
    links = [a.get("href", "") for a in article.find_all("a")]
    assert not [h for h in links if SCRIPT_SCHEMES.match(h)]
    # Markdown links in prose with a safe scheme still work, unsafe ones are text
    assert f"[链接](javascript:alert('{MARK}5'))" in text


def test_prose_keeps_its_safe_subset(xss_sites: tuple[Path, Path]) -> None:
    _, hostile = xss_sites
    soup = html_files(hostile)["cases/xss-case/index.html"]
    prose = soup.select(".cl-prose")
    assert prose, "practices and outcomes sections"
    # the closing tags in the payload did not close the section: the next sections are still there
    assert soup.select_one("#outcomes") is not None and soup.select_one("#sources") is not None
    assert soup.select_one(".cl-sources li") is not None


def test_title_meta_and_header(xss_sites: tuple[Path, Path]) -> None:
    _, hostile = xss_sites
    soup = html_files(hostile)["cases/xss-case/index.html"]
    title = soup.find("title")
    assert title is not None and not title.find(True)
    assert title.get_text().startswith(TITLE)
    description = soup.find("meta", attrs={"name": "description"})
    assert description is not None and description["content"].startswith("摘要<script>")
    header = soup.select_one(".md-header__topic:last-child .md-ellipsis")
    assert header is not None and header.get_text().strip() == TITLE and not header.find(True)
    h1 = soup.find("h1")
    assert h1.get_text().strip().startswith(TITLE)


def test_title_restriction_is_a_helpful_error(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    record = hostile_record() | {"title": "<script>alert(1)</script>"}
    (root / "cases" / "xss-case.yml").write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    done = cli("check", root=root)
    assert done.returncode == 1
    assert ("title（项目名称）: 「<script>alert(1)</script>」格式不对。名称不能含尖括号 < >、花括号 { } 或换行；书名请用《》 [pattern]"
            in done.stdout)
