"""End to end: the real `mkdocs build --strict` of the fixture library, read as HTML and in Chromium.

This file holds the tests on real MkDocs builds and CLI runs; the tests in Chromium are in tests/browser/test_site.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse, urlsplit

import yaml
from bs4 import BeautifulSoup
from support import LIBRARY, mkdocs_build

WUMENG = "yiliang-wumeng-children-companionship"


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def library_ids() -> list[str]:
    return sorted(p.stem for p in (LIBRARY / "cases").rglob("*.yml") if not p.name.startswith("_"))


def test_every_fixture_case_has_a_page(built_site: Path) -> None:
    ids = library_ids()
    assert len(ids) == 15
    for case_id in ids:
        page = soup(built_site, f"cases/{case_id}/index.html")
        record = yaml.safe_load((next((LIBRARY / "cases").rglob(f"{case_id}.yml"))).read_text(encoding="utf-8"))
        assert page.find("h1").get_text(strip=True) == record["title"]
        assert page.find("title").get_text().startswith(record["title"])


def test_case_page_facts_sections_and_sources(built_site: Path) -> None:
    page = soup(built_site, f"cases/{WUMENG}/index.html")
    facts = {dt.get_text(strip=True): dt.find_next_sibling("dd") for dt in page.select("dl.cl-facts dt")}
    assert facts["地区"].get_text(" ", strip=True) == "云南省 · 昭通市 · 彝良县"
    assert [a["href"] for a in facts["地区"].find_all("a")] == [
        "../../regions/530000/", "../../regions/530000/#r530600", "../../regions/530000/#r530628"]
    assert [a.get_text() for a in facts["服务领域"].find_all("a")] == ["儿童关爱"]
    assert facts["服务领域"].find("a")["href"] == "../../themes/child-welfare/"
    assert "500余 志愿者" in facts["规模"].get_text(" ", strip=True)
    assert "5,000余 服务对象" in facts["规模"].get_text(" ", strip=True)
    headings = [h.get_text(strip=True).rstrip("¶") for h in page.select("article h2")]
    core = ["社工与志愿者分工", "主要做法", "成效", "可复制要点", "资料缺口", "来源"]
    assert [h for h in headings if h in core] == core
    sources = page.select("ol.cl-sources > li")
    assert len(sources) == 1 and "彝良县委社会工作部" in sources[0].get_text()
    assert page.select("details.cl-quotes li q")


def test_case_page_edit_link_opens_its_yaml(built_site: Path) -> None:
    page = soup(built_site, f"cases/{WUMENG}/index.html")
    edit = page.select_one("a.md-content__button[href*='/edit/']")
    assert edit is not None
    assert edit["href"] == f"https://github.com/shuanggong-cases/cases/edit/main/cases/yunnan/{WUMENG}.yml"


def test_region_index_and_province_page(built_site: Path) -> None:
    index = soup(built_site, "regions/index.html")
    tree = index.select_one("ul.cl-tree")
    provinces = {li.find("a").get_text(strip=True): li.find("span", class_="cl-count").get_text() for li in tree.find_all("li", recursive=False)}
    assert provinces == {"北京市": "9", "辽宁省": "1", "云南省": "5"}
    yunnan = soup(built_site, "regions/530000/index.html")
    assert yunnan.select_one("h2#r530600").get_text(" ", strip=True) == "昭通市 5"
    county = yunnan.select_one("h3#r530628")
    listed = [a.get_text(strip=True) for a in county.find_next("ul", class_="cl-cards").select(":scope > li > a")]
    assert "乌蒙困境儿童陪伴项目" in listed and len(listed) == 5
    beijing = soup(built_site, "regions/110000/index.html")
    assert beijing.select_one("h2#r110105").get_text(" ", strip=True) == "朝阳区 1"


def test_theme_method_and_target_pages(built_site: Path) -> None:
    theme = soup(built_site, "themes/child-welfare/index.html")
    titles = [a.get_text(strip=True) for a in theme.select("ul.cl-cards > li > a")]
    assert "乌蒙困境儿童陪伴项目" in titles
    assert theme.select_one("h1 .cl-count").get_text() == f"{len(titles)} 个案例"
    index = soup(built_site, "themes/index.html")
    counts = {dt.find("a").get_text(): int(dt.find("span").get_text()) for dt in index.select("dl.cl-terms dt")}
    assert counts["儿童关爱"] == len(titles)
    method = soup(built_site, "methods/points-system/index.html")
    assert "北京市党建引领“专业社工+志愿服务”融合试点" in method.get_text()
    target = soup(built_site, "target-groups/new-employment-workers/index.html")
    assert "“有劲小哥”快递员志愿服务队" in target.get_text()


def test_home_page_totals_and_ways_in(built_site: Path) -> None:
    home = soup(built_site, "index.html")
    totals = [t.get_text(" ", strip=True) for t in home.select(".cl-total")]
    assert totals[0] == "15 个案例"
    assert totals[1] == "3 个省级地区"
    hrefs = {a["href"] for a in home.select("a.cl-way")}
    assert {"regions/", "themes/", "methods/", "target-groups/"} <= hrefs


def test_case_pages_are_not_in_the_navigation(built_site: Path) -> None:
    page = soup(built_site, f"cases/{WUMENG}/index.html")
    nav_links = [a["href"] for a in page.select("nav.md-nav--primary a[href]")]
    assert not [h for h in nav_links if "yiliang" in h or "beijing-" in h]


def test_no_third_party_hosts_in_html(built_site: Path) -> None:
    offenders = []
    for html in built_site.rglob("*.html"):
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in page.find_all(["link", "script", "img", "iframe", "source", "object", "embed"]):
            if tag.name == "link" and set(tag.get("rel", [])) & {"canonical", "alternate"}:
                continue  # not fetched by the browser
            url = tag.get("href") or tag.get("src") or ""
            if urlparse(url).scheme in ("http", "https") or url.startswith("//"):
                offenders.append(f"{html.relative_to(built_site)}: <{tag.name}> {url}")
    assert offenders == []


def test_internal_links_resolve(built_site: Path) -> None:
    broken = []
    for html in built_site.rglob("*.html"):
        if html.name == "404.html":
            continue  # served at any path, so MkDocs writes it with site-absolute links
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for a in page.find_all("a", href=True):
            href = a["href"]
            if urlparse(href).scheme or href.startswith(("mailto:", "#", "//")):
                continue
            parts = urlsplit(href)  # the query (?ids=… on compare links) is for the page's script
            path, fragment = parts.path, parts.fragment
            target = (html.parent / unquote(path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{html.relative_to(built_site)} -> {href}")
            elif fragment and target.suffix == ".html":
                ids = set(re.findall(r'id="([^"]+)"', target.read_text(encoding="utf-8")))
                if fragment not in ids:
                    broken.append(f"{html.relative_to(built_site)} -> {href} (no #{fragment})")
    assert broken == []


def test_invalid_record_stops_mkdocs_build_with_chinese_message(repo: Path, tmp_path: Path) -> None:
    path = repo / "cases" / "yunnan" / f"{WUMENG}.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("themes: [儿童关爱]", "themes: [儿童关怀]"), encoding="utf-8")
    result = mkdocs_build(repo, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    line = next(i for i, x in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if x.startswith("themes:"))
    assert f"cases/yunnan/{WUMENG}.yml:{line}:10: themes[0]（服务领域）: 「儿童关怀」不在服务领域词表里。" in output
    assert "案例记录校验未通过（1 个错误），未生成站点。" in output
    assert not (tmp_path / "site").exists()
