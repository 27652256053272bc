"""A case page must not grow with the library (issue 2's requirement, checked at two sizes by issue 6);
a term's list of cases is split into pages that link to each other.

The same synthetic record (``synthetic-00001``: the generator is deterministic,
so it is byte-identical in both sets) is built with the real ``mkdocs build``
in a library of 10 cases and in one of 300; its HTML may differ by less than
2 % (the navigation, home and index pages may grow; a case page may not).
No timing is asserted here: speed is measured by ``scripts/bench.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support import LIBRARY, copy_repo, mkdocs_build

from caselib.contrib import synthetic
from caselib.render.pages import LIST_PAGE

PROBE = "synthetic-00001"
BIG_THEME = "社区治理"


def build_with(tmp_path: Path, count: int) -> Path:
    repo = copy_repo(tmp_path / f"repo-{count}", with_cases=False)
    records = synthetic.generate(count, root=LIBRARY)
    for record in records:  # every case is also 社区治理: one theme with more cases than a list page holds
        if BIG_THEME not in record["themes"]:
            record["themes"][0] = BIG_THEME
    synthetic.write(records, repo / "cases")
    site = tmp_path / f"site-{count}"
    result = mkdocs_build(repo, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp_path = tmp_path_factory.mktemp("scale")
    return build_with(tmp_path, 10), build_with(tmp_path, 300)


def test_case_page_size_does_not_grow_with_the_library(sites: tuple[Path, Path]) -> None:
    small, large = sites
    records = [small.parent / f"repo-{n}" / "cases" for n in (10, 300)]
    same_record = [next(folder.rglob(f"{PROBE}.yml")).read_bytes() for folder in records]
    assert same_record[0] == same_record[1]
    sizes = [(site / "cases" / PROBE / "index.html").stat().st_size for site in (small, large)]
    assert abs(sizes[1] - sizes[0]) / sizes[0] < 0.02, sizes
    pages = [len(list((site / "cases").glob("*/index.html"))) for site in (small, large)]
    assert pages == [10, 300]


def test_long_term_lists_are_split_into_linked_pages(sites: tuple[Path, Path]) -> None:
    """At 300 cases a theme has more than LIST_PAGE cases: its list continues on pages 2, 3 …, each page
    links to the others, and together they list every case of the theme exactly once."""
    _, large = sites
    themes = large / "themes"
    split = sorted(p.parent.parent for p in themes.glob("*/2/index.html"))
    assert themes / "community-governance" in split and (themes / "community-governance" / "3" / "index.html").is_file()
    for term in split:
        pages = [term / "index.html", *sorted(term.glob("[0-9]*/index.html"), key=lambda p: int(p.parent.name))]
        listed: list[str] = []
        for number, page in enumerate(pages, 1):
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            cards = [a["href"] for a in soup.select("ul.cl-cards > li > a")]
            assert 0 < len(cards) <= LIST_PAGE
            listed += [(page.parent / href).resolve().name for href in cards]
            pager = soup.select_one("nav.cl-pager")
            assert pager is not None and pager.select_one("[aria-current=page]").get_text() == str(number)
            for link in pager.select("a[href]"):
                assert (page.parent / link["href"] / "index.html").resolve().is_file(), link["href"]
            finder = soup.select_one(".cl-finder-link a")
            assert finder is not None and finder["href"].endswith(f"?theme={term.name}")
        total = int(re.search(r"(\d+) 个案例", soup.select_one("h1 .cl-count").get_text()).group(1))
        assert len(listed) == len(set(listed)) == total
