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
