"""A case page must not grow with the library (issue 2's requirement, checked at two sizes by issue 6);
a term's page lists its first TERM_LIST cases and links to the finder for all of them, while the region
pages list every case.

The same synthetic record (``synthetic-00001``: the generator is deterministic,
so it is byte-identical in both sets) is built with the real ``mkdocs build``
in a library of 10 cases and in one of 300; its HTML may differ by less than
2 % (the navigation, home and index pages may grow; a case page may not).
No timing is asserted here: speed is measured by ``scripts/bench.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support import LIBRARY, copy_repo, mkdocs_build

from caselib.contrib import synthetic
from caselib.render.pages import TERM_LIST

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


def test_a_long_term_list_shows_its_first_cases_and_links_to_the_finder(sites: tuple[Path, Path]) -> None:
    """At 300 cases 社区治理 holds every case: its page lists the TERM_LIST most recently updated (newest first, id
    order within a day), then links to the finder filtered by the term; there are no pages 2, 3 …; the region
    pages still list every case."""
    small, large = sites
    term = large / "themes" / "community-governance"
    assert not list((large / "themes").glob("*/[0-9]*/index.html"))
    soup = BeautifulSoup((term / "index.html").read_text(encoding="utf-8"), "html.parser")
    cards = [(term / a["href"]).resolve().name for a in soup.select("ul.cl-cards > li > a")]
    everything = sorted(p.parent.name for p in (large / "cases").glob("*/index.html"))
    updated = {case_id: json.loads((large / "data" / "cases" / f"{case_id}.json").read_text(encoding="utf-8"))["updated"]
               for case_id in everything}
    newest = sorted(everything, key=lambda case_id: updated[case_id], reverse=True)[:TERM_LIST]
    assert len(everything) == 300 and len(set(updated.values())) > 10 and cards == newest
    assert "下面列出最近更新的 100 个" in soup.get_text()
    assert soup.select_one("h1 .cl-count").get_text() == "300 个案例"
    more = soup.select_one("p.cl-more a")
    assert more.get_text() == "查看全部 300 个案例（在查找页按此词条筛选）"
    assert more["href"] == "../../cases/?theme=community-governance"
    assert (term / "../../cases/index.html").resolve().is_file()
    assert more.find_parent("p").find_previous_sibling("ul") is soup.select_one("ul.cl-cards")  # below the list
    # a short list has no such link
    small_term = BeautifulSoup((small / "themes" / "community-governance" / "index.html").read_text(encoding="utf-8"),
                               "html.parser")
    assert len(small_term.select("ul.cl-cards > li")) == 10 and not small_term.select(".cl-more")
    # every case is on a region page
    listed = set()
    for page in (large / "regions").glob("*/index.html"):
        region = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        listed |= {(page.parent / a["href"]).resolve().name for a in region.select("ul.cl-cards > li > a")}
    assert sorted(listed) == everything
