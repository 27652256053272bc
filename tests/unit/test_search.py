"""Full-text search: the index against a plain text scan of the records.

Recall and precision must both be 100 % for every vocabulary term and every region name of the
official list, on the fixture library and on synthetic cases: a result contains each word as written.
The browser's implementation (finder.js) is checked against the Python reference on a built site, for
the matches and for the relevance order.
"""

from __future__ import annotations

import base64
import csv
import json
import unicodedata
from array import array
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import LIBRARY, ROOT, copy_repo, mkdocs_build, new_page, serve

from caselib.contrib import synthetic
from caselib.model.library import Library
from caselib.outputs.finder import build_finder, ordered
from caselib.outputs.search import build as search_build
from caselib.outputs.search import format as search_format
from caselib.outputs.search import query as search_query
from caselib.pipeline.run import run

SYNTHETIC = 400


def vocabulary_terms() -> list[str]:
    names: list[str] = []
    for path in sorted((ROOT / "data" / "vocab").glob("*.yml")):
        names += [t["name"] for t in yaml.safe_load(path.read_text(encoding="utf-8"))["terms"]]
    return names


def region_names() -> list[str]:
    with (ROOT / "data" / "regions" / "divisions.csv").open(encoding="utf-8") as handle:
        return sorted({row["name"] for row in csv.DictReader(handle)})


WORDS = ["彝良", "困境儿童", "积分制", "快递员", "社工带志愿者", "社区（村）组织", "党建引领 积分制", "社", "志愿者 彝良 医院",
         "社会工作者", "专业社工+志愿服务", "爱心妈妈", "志愿服务", "彝良县委社会工作部"]


def plain_text(record: Any) -> str:
    """Independent of search_index: every string value of a record, normalized, joined by newlines."""
    out: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(record)
    return unicodedata.normalize("NFKC", "\n".join(out)).lower()


def scan(texts: list[str], word: str) -> set[int]:
    parts = unicodedata.normalize("NFKC", word).lower().split()
    return {i for i, text in enumerate(texts) if all(p in text for p in parts)}


def records_of(root: Path) -> tuple[list[dict[str, Any]], Library]:
    """The records under root/cases, in the finder's numbering, and the library."""
    result = run(root)
    assert result.library is not None, result.problems
    return [c.raw for c in ordered(result.library)], result.library


def index_of(files: dict[str, bytes]) -> search_query.Index:
    meta = json.loads(files["finder/facets.json"])
    return search_query.Index(search_query.reader(files), meta["search"], meta["n"])


def check_exact(texts: list[str], index: search_query.Index, words: list[str]) -> int:
    """Assert that every word finds exactly the cases that contain it; return the number of hits."""
    wrong: dict[str, tuple[list[int], list[int]]] = {}
    found = 0
    for word in words:
        truth = scan(texts, word)
        got = index.query(word)
        if got != truth:
            wrong[word] = (sorted(truth - got)[:5], sorted(got - truth)[:5])
        found += len(got)
    assert not wrong, f"(missed, wrongly found) for: {dict(list(wrong.items())[:10])}"
    return found


@pytest.fixture(scope="module")
def synthetic_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture library plus SYNTHETIC generated ones (regions all over the country)."""
    repo = copy_repo(tmp_path_factory.mktemp("search") / "repo")
    synthetic.write(synthetic.generate(SYNTHETIC, seed=3, root=LIBRARY), repo / "cases")
    return repo


def test_normalize_segments_and_terms() -> None:
    assert search_format.normalize("ＡＢＣ１２３　社工") == "abc123 社工"
    assert search_format.segments("彝良 困境儿童\n积分制") == ["彝良", "困境儿童", "积分制"]
    # punctuation stays inside a segment, so a phrase with punctuation is matched as written ...
    assert search_format.segments(search_format.normalize("社区（村）组织")) == ["社区(村)组织"]
    # ... except a sentence end, which closes its sentence (full-width ！？； are ASCII after NFKC)
    assert search_format.segments(search_format.normalize("成长。我们！好？是；")) == ["成长。", "我们!", "好?", "是;"]
    assert search_format.terms("社 困境儿童　社") == ["社", "困境儿童"]
    assert search_query.cover("社会工作者") == [0, 2] and search_query.cover("社区(村)组织") == [0, 3, 4]


def test_fields_are_grouped_for_ranking() -> None:
    record = {"title": "甲", "summary": "乙", "partners": [{"name": "丙", "role": "丁"}], "practices": "戊",
              "sources": [{"title": "己"}], "new_field": {"x": "庚"}}
    assert search_format.record_fields(record) == [
        (0, "title", "甲"), (1, "summary", "乙"), (1, "partners", "丙"), (2, "partners", "丁"), (2, "practices", "戊"),
        (3, "sources", "己"), (2, "new_field", "庚")]


def test_small_index_is_deterministic_and_exact() -> None:
    cases = [[(2, "志愿服务" + str(i % 7))] for i in range(300)] + [[(0, "彝良县医院"), (2, "社会工作服务中心 社区工作者")]]
    cases[5] = [(1, "社会工作者协会"), (3, "社会工作者")]
    first = search_build.build(cases, gram4_cases=100)
    assert first == search_build.build(cases, gram4_cases=100)
    index = search_query.Index(search_query.reader(first.files), first.meta, len(cases))
    assert index.query("志愿服务") == set(range(300)) - {5}
    assert index.query("彝良县医院") == {300}
    assert index.query("志愿 彝良") == set()
    assert index.query("6") == {i for i in range(300) if i % 7 == 6 and i != 5}
    assert index.query("医院志愿") == set()
    assert index.query("社会工作者") == {5}  # not 300: its parts are apart
    assert index.term("社会工作者").phrase == [set(), {5}, set(), {5}]
    assert index.term("志愿服务").phrase[2] == set(range(300)) - {5}  # a 4-gram key (in 100 cases or more)
    assert any(path.startswith(search_format.IDX) for path in index.fetched)


def test_exact_on_the_fixture_library() -> None:
    raws, library = records_of(LIBRARY)
    texts = [plain_text(r) for r in raws]
    assert texts == [search_format.case_text(r) for r in raws]
    index = index_of(build_finder(library))
    words = vocabulary_terms() + region_names() + WORDS
    found = check_exact(texts, index, words)
    print(f"\nfixture library: {len(words)} words, {found} hits, recall and precision 100 %")
    for word, expected in [("彝良", 4), ("快递员", 1), ("社会工作者", 1)]:
        assert len(scan(texts, word)) >= expected


def test_exact_at_scale(synthetic_repo: Path) -> None:
    raws, library = records_of(synthetic_repo)
    texts = [plain_text(r) for r in raws]
    index = index_of(build_finder(library))
    words = vocabulary_terms() + region_names() + WORDS
    found = check_exact(texts, index, words)
    print(f"\n{len(texts)} cases: {len(words)} words, {found} hits, recall and precision 100 %")
    # the long words take each path of Index.term: a 4-gram key, and positions in unique and shared segments
    paths = {p.split("/")[1] for p in index.fetched}
    assert paths == {"idx", "pos", "seg"}


def test_browser_search_matches_the_python_reference(synthetic_repo: Path, browser: object,
                                                     tmp_path_factory: pytest.TempPathFactory) -> None:
    """finder.js reads the same files and must return exactly what search_query.Index returns, in the same order."""
    site = tmp_path_factory.mktemp("search-site") / "site"
    result = mkdocs_build(synthetic_repo, site)
    assert result.returncode == 0, result.stdout + result.stderr
    raws, _library = records_of(synthetic_repo)
    texts = [plain_text(r) for r in raws]
    index = index_of({p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "finder").rglob("*.*")
                      if p.suffix == ".bin" or p.name == "facets.json"})
    present = [w for w in vocabulary_terms() + region_names() if scan(texts, w)]
    words = present + WORDS + ["不存在的词语甲乙", "运动员"]
    updated = json.loads((site / "finder" / "facets.json").read_bytes())["order"]["updated"]
    order = list(array("H" if updated["w"] == 2 else "I", base64.b64decode(updated["b"])))
    url, server = serve(site)
    try:
        page = new_page(browser).page
        page.goto(url + "cases/")
        page.wait_for_selector("#cl-finder[data-ready]")
        got = page.evaluate("async (words) => { const out = {}; for (const w of words) out[w] = await window.caselibFinder.match(w);"
                            " return out; }", words)
        ranked = page.evaluate("async (words) => { const out = {}; for (const w of words) out[w] = await window.caselibFinder.rank(w);"
                               " return out; }", WORDS)
        page.context.close()
    finally:
        server.shutdown()
    wrong = {w: (sorted(got[w])[:5], sorted(index.query(w))[:5]) for w in words if set(got[w]) != index.query(w)}
    assert not wrong, f"browser and Python disagree: {dict(list(wrong.items())[:5])}"
    wrong = [w for w in words if set(got[w]) != scan(texts, w)]
    assert not wrong, f"the browser's result is not the plain scan for {wrong[:10]}"
    disordered = [w for w in WORDS if ranked[w] != index.rank(w, order)]
    assert not disordered, f"browser and Python rank differently: {disordered}"
    assert len(present) > 50
