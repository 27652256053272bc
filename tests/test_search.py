"""Full-text search: the n-gram index against a plain text scan of the records.

Recall must be 100 % for every vocabulary term and every region name of the official list, on the
shipped cases and on synthetic ones; precision is measured and printed (run with ``-s``). The browser's
implementation (finder.js) is checked against the Python reference on a built site.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import LIBRARY, ROOT, copy_repo, mkdocs_build, new_page, serve

from caselib import search_index, synthetic
from caselib.finder import build_finder, ordered
from caselib.model import Library
from caselib.pipeline import run

SYNTHETIC = 400


def vocabulary_terms() -> list[str]:
    names: list[str] = []
    for path in sorted((ROOT / "data" / "vocab").glob("*.yml")):
        names += [t["name"] for t in yaml.safe_load(path.read_text(encoding="utf-8"))["terms"]]
    return names


def region_names() -> list[str]:
    with (ROOT / "data" / "regions" / "divisions.csv").open(encoding="utf-8") as handle:
        return sorted({row["name"] for row in csv.DictReader(handle)})


WORDS = ["彝良", "困境儿童", "积分制", "快递员", "社工带志愿者", "社区（村）组织", "党建引领 积分制", "社", "志愿者 彝良 医院"]


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


class Index:
    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        meta = json.loads(files["finder/facets.json"])
        self.shards, self.total = meta["shards"], meta["n"]

    def query(self, word: str) -> set[int]:
        return search_index.query(word, lambda n: self.files.get(f"{search_index.PREFIX}{n}.bin", b""),
                                  self.shards, self.total)


def check_recall(texts: list[str], index: Index, words: list[str]) -> tuple[float, int, int]:
    """Assert 100 % recall for every word; return (precision, false positives, hits)."""
    misses: dict[str, set[int]] = {}
    false = found = 0
    for word in words:
        truth = scan(texts, word)
        got = index.query(word)
        if truth - got:
            misses[word] = truth - got
        false += len(got - truth)
        found += len(got)
    assert not misses, f"search missed cases that contain the word: {dict(list(misses.items())[:10])}"
    return (1 - false / found if found else 1.0), false, found


@pytest.fixture(scope="module")
def synthetic_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture library plus SYNTHETIC generated ones (regions all over the country)."""
    repo = copy_repo(tmp_path_factory.mktemp("search") / "repo")
    synthetic.write(synthetic.generate(SYNTHETIC, seed=3, root=LIBRARY), repo / "cases")
    return repo


def test_normalize_and_runs() -> None:
    assert search_index.normalize("ＡＢＣ１２３　社工") == "abc123 社工"
    assert search_index.runs("彝良 困境儿童\n积分制") == ["彝良", "困境儿童", "积分制"]
    # punctuation stays inside a run, so a phrase with punctuation is matched as written
    assert search_index.runs(search_index.normalize("社区（村）组织")) == ["社区(村)组织"]
    assert search_index.query_keys("社 困境儿童") == ["社", "困境儿", "境儿童"]


def test_index_is_deterministic_and_encodes_dense_keys_as_bitsets() -> None:
    texts = ["志愿服务" + str(i % 7) for i in range(300)] + ["彝良县医院"]
    first = search_index.build(texts)
    assert first == search_index.build(texts)
    shards, files = first
    index = Index({**files, "finder/facets.json": json.dumps({"shards": shards, "n": len(texts)}).encode()})
    assert index.query("志愿服务") == set(range(300))
    assert index.query("彝良县医院") == {300}
    assert index.query("志愿 彝良") == set()
    assert index.query("6") == {i for i in range(300) if i % 7 == 6}
    assert index.query("医院志愿") == set()


def test_recall_on_the_fixture_library() -> None:
    raws, library = records_of(LIBRARY)
    texts = [plain_text(r) for r in raws]
    assert texts == [search_index.case_text(r) for r in raws]
    index = Index(build_finder(library))
    words = vocabulary_terms() + region_names() + WORDS
    precision, false, found = check_recall(texts, index, words)
    print(f"\nfixture library: {len(words)} words, {found} hits, {false} false positives, precision {precision:.2%}")
    for word, expected in [("彝良", 4), ("快递员", 1)]:
        assert len(scan(texts, word)) >= expected
    assert precision > 0.95


def test_recall_at_scale(synthetic_repo: Path) -> None:
    raws, library = records_of(synthetic_repo)
    texts = [plain_text(r) for r in raws]
    index = Index(build_finder(library))
    words = vocabulary_terms() + region_names() + WORDS
    precision, false, found = check_recall(texts, index, words)
    print(f"\n{len(texts)} cases: {len(words)} words, {found} hits, {false} false positives, precision {precision:.2%}")
    assert precision > 0.95


def test_browser_search_matches_the_python_reference(synthetic_repo: Path, browser: object,
                                                     tmp_path_factory: pytest.TempPathFactory) -> None:
    """finder.js reads the same shards and must return exactly what search_index.query returns."""
    site = tmp_path_factory.mktemp("search-site") / "site"
    result = mkdocs_build(synthetic_repo, site)
    assert result.returncode == 0, result.stdout + result.stderr
    raws, _library = records_of(synthetic_repo)
    texts = [plain_text(r) for r in raws]
    index = Index({p: (site / p).read_bytes() for p in ["finder/facets.json"]} |
                  {f"{search_index.PREFIX}{f.stem}.bin": f.read_bytes() for f in (site / "finder" / "idx").glob("*.bin")})
    present = [w for w in vocabulary_terms() + region_names() if scan(texts, w)]
    words = present + WORDS + ["不存在的词语甲乙", "运动员"]
    url, server = serve(site)
    try:
        page = new_page(browser).page
        page.goto(url + "cases/")
        page.wait_for_selector("#cl-finder[data-ready]")
        got = page.evaluate("async (words) => { const out = {}; for (const w of words) out[w] = await window.caselibFinder.match(w);"
                            " return out; }", words)
        page.context.close()
    finally:
        server.shutdown()
    wrong = {w: (sorted(got[w])[:5], sorted(index.query(w))[:5]) for w in words if set(got[w]) != index.query(w)}
    assert not wrong, f"browser and Python disagree: {dict(list(wrong.items())[:5])}"
    missed = [w for w in words if scan(texts, w) - set(got[w])]
    assert not missed, f"the browser missed cases for {missed[:10]}"
    assert len(present) > 50
