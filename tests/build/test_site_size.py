"""Site size (issue 14): the theme's shell without indentation, its icons drawn from one shared file, Material's
config without the search translations. Read from the built fixture library; in Chromium: tests/browser/test_site_size.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup

CASE = "cases/yiliang-wumeng-children-companionship/index.html"
PAGES = [CASE, "index.html", "regions/530000/index.html", "themes/index.html", "data/index.html"]


def shell_of(html: str) -> str:
    """The page without its article (page.content keeps its own whitespace, e.g. the BibTeX <pre>)."""
    return re.sub(r'<article class="md-content__inner md-typeset">.*</article>', "", html, flags=re.S)


def test_the_shell_carries_no_template_indentation(built_site: Path) -> None:
    for rel in PAGES:
        html = (built_site / rel).read_text(encoding="utf-8")
        for part in ("header", "footer"):
            block = re.search(rf"<{part}\b.*?</{part}>", html, re.S)
            assert block and "\n " not in block.group(0), (rel, part)
        nav = re.search(r'<nav class="md-nav md-nav--primary.*?</nav>\s*</div>', html, re.S)
        assert nav and "\n " not in nav.group(0), rel
        indented = re.findall(r"\n +\S", shell_of(html))
        assert len(indented) < 60, (rel, len(indented))  # hundreds before; only base.html's own lines between blocks are left


def test_the_article_keeps_its_whitespace(built_site: Path) -> None:
    bibtex = BeautifulSoup((built_site / CASE).read_text(encoding="utf-8"), "html.parser").select_one("#cite-bibtex")
    assert bibtex is not None and "\n  author" in bibtex.get_text()


def test_icons_are_drawn_from_the_shared_file(built_site: Path) -> None:
    sprite = (built_site / "assets" / "images" / "icons.svg").read_text(encoding="utf-8")
    ids = set(re.findall(r'<symbol id="([^"]+)"', sprite))
    assert {"cl-material-menu", "cl-material-library", "cl-fontawesome-brands-git-alt"} <= ids
    assert not (built_site / ".icons").exists()  # the theme's icon templates are not published
    for rel in PAGES:
        page = BeautifulSoup(shell_of((built_site / rel).read_text(encoding="utf-8")), "html.parser")
        svgs = page.find_all("svg")
        assert len(svgs) >= 8, rel  # logo ×2, menu, 3 palette toggles, search, repository ×2, back to top
        for svg in svgs:
            uses = svg.find_all("use")
            assert len(uses) == 1 and not svg.find("path"), (rel, str(svg)[:120])
            target, _, symbol = uses[0]["href"].partition("#")
            assert symbol in ids, (rel, symbol)
            assert (built_site / rel).parent.joinpath(target).resolve() == (built_site / "assets/images/icons.svg").resolve()


def test_config_keeps_what_materials_script_reads(built_site: Path) -> None:
    for rel in PAGES:
        page = BeautifulSoup((built_site / rel).read_text(encoding="utf-8"), "html.parser")
        config = json.loads(page.select_one("script#__config").string)
        assert set(config) == {"base", "features", "translations", "search", "annotate", "tags", "version"}
        assert set(config["translations"]) == {"clipboard.copy", "clipboard.copied"}
        assert "navigation.tabs" in config["features"]


def test_pages_outside_the_nav_have_the_tabs_entries_in_their_drawer(built_site: Path) -> None:
    for rel in (CASE, "regions/530000/index.html"):
        page = BeautifulSoup((built_site / rel).read_text(encoding="utf-8"), "html.parser")
        drawer = page.select_one("nav.md-nav--primary")
        entries = [(a.get_text(strip=True), a["href"]) for a in drawer.select("ul.md-nav__list a.md-nav__link")]
        tabs = [(a.get_text(strip=True), a["href"]) for a in page.select("nav.md-tabs a.md-tabs__link")]
        assert entries == tabs and [t for t, _ in entries] == ["首页", "查找案例", "分类浏览", "数据统计", "关于"], rel
        assert not drawer.select("input.md-nav__toggle")
    # a page in the nav keeps Material's whole drawer: every page, sections as nested lists
    page = BeautifulSoup((built_site / "regions/index.html").read_text(encoding="utf-8"), "html.parser")
    drawer = page.select_one("nav.md-nav--primary")
    assert len(drawer.select("a.md-nav__link")) >= 15 and drawer.select("input.md-nav__toggle")


def test_cards_show_the_start_of_the_summary(built_site: Path) -> None:
    import yaml
    from support import LIBRARY

    summaries = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["summary"]
                 for p in (LIBRARY / "cases").rglob("*.yml") if not p.name.startswith("_")}
    page = BeautifulSoup((built_site / "regions/530000/index.html").read_text(encoding="utf-8"), "html.parser")
    cards = page.select("li.cl-card")
    assert cards
    cut = 0
    for card in cards:
        case_id = card.select_one("a.cl-card__title")["href"].rstrip("/").split("/")[-1]
        shown, full = card.select_one(".cl-card__summary").get_text(), summaries[case_id]
        assert len(shown) <= 60
        if shown != full:
            cut += 1
            assert shown.endswith("…") and full.startswith(shown[:-1])
    assert cut  # the fixture's summaries are longer than 60 characters
