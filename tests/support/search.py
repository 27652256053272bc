"""Full-text search checked against a plain text scan of the records (tests/unit and tests/browser test_search.py).

Nothing here uses the search index's own text extraction: ``plain_text`` and ``scan`` are the independent reference.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from caselib.contrib import synthetic
from caselib.model.library import Library
from caselib.outputs.finder import ordered
from caselib.outputs.search import query as search_query
from caselib.pipeline.run import run
from support import LIBRARY, ROOT

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


def with_synthetic(repo: Path) -> Path:
    """``repo`` plus SYNTHETIC generated records (regions all over the country), always the same ones."""
    synthetic.write(synthetic.generate(SYNTHETIC, seed=3, root=LIBRARY), repo / "cases")
    return repo
