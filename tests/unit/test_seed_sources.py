"""Every fact in the shipped records that cite the seed article is traceable to it.

A record cites the seed when one of its sources names a seed file in ``via``
(``种子文件 000_c545d47c30c214d5``). For those sources, every quote must be
found in the article (after the article's mis-decoded punctuation is repaired
and white space removed), and every figure in the record's ``metrics`` must
appear in one of its quotes. Records from other sources are not read here.
The article is ``../shared/seeds/`` beside the repository (CI lays it there);
without it these tests are skipped, and the summary says so once.

This file holds the pure-Python tests (no MkDocs build, no Chromium); the tests on real MkDocs builds and CLI runs are in tests/build/test_seed_sources.py.
"""

from __future__ import annotations

import re

import pytest
import yaml
from support import SEEDS, SHIPPED

from caselib.load.files import record_files

if not sorted(SEEDS.glob("*.txt")):  # the whole module is one skip, which the summary reports once
    pytest.skip(f"需要来源原文 {SEEDS}（种子文章不随仓库发布，见 README“两条命令”一节）", allow_module_level=True)

SEED_FILE = re.compile(r"种子文件\s*([0-9a-f_]+)")
REPAIRS = str.maketrans({"野": "“", "冶": "”", "渊": "（", "冤": "）"})


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(REPAIRS))


def seed_sources(record: dict) -> list[dict]:
    return [s for s in record.get("sources") or [] if SEED_FILE.search(str(s.get("via", "")))]


def records() -> list[tuple[str, dict]]:
    """The shipped records that cite the seed article."""
    out = [(p.name, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in record_files(SHIPPED)]
    return [(name, record) for name, record in out if seed_sources(record)]


@pytest.fixture(scope="module")
def article() -> str:
    return normalise("".join(f.read_text(encoding="utf-8") for f in sorted(SEEDS.glob("*.txt"))))


@pytest.mark.parametrize(("name", "record"), records(), ids=[n for n, _ in records()])
def test_quotes_are_in_the_article_and_support_the_figures(article: str, name: str, record: dict) -> None:
    quotes = [q for source in seed_sources(record) for q in source.get("quotes", [])]
    assert quotes, f"{name} has no quotes from its source"
    missing = [q for q in quotes if normalise(q) not in article]
    assert missing == []
    joined = "".join(normalise(q) for q in quotes)
    if len(seed_sources(record)) < len(record["sources"]):
        return  # figures may come from the other sources
    for key, metric in (record.get("metrics") or {}).items():
        assert str(metric["value"]) in joined, f"{name}: metrics.{key} = {metric['value']} is not in its quotes"


def test_no_record_invents_a_year(article: str) -> None:
    assert not re.search(r"20[0-9]{2}年", article), "the article gives no year: if it does now, revisit this test"
    for name, record in records():
        if len(seed_sources(record)) < len(record["sources"]):
            continue  # a period may come from the other sources
        assert "period" not in record or not record["period"], f"{name} gives a period the article does not state"
