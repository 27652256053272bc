"""Every fact in the shipped cases is traceable to the source article.

Each record's ``sources[].quotes`` must be found in the article (after the
article's mis-decoded punctuation is repaired and white space removed), and
every figure in ``metrics`` must appear in one of that record's quotes.
The article is ``../shared/seeds/`` beside the repository (CI lays it there).
"""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
REPAIRS = str.maketrans({"野": "“", "冶": "”", "渊": "（", "冤": "）"})


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(REPAIRS))


def records() -> list[tuple[str, dict]]:
    return [(p.name, yaml.safe_load(p.read_text(encoding="utf-8")))
            for p in sorted((ROOT / "cases").rglob("*.yml")) if not p.name.startswith("_")]


@pytest.fixture(scope="module")
def article() -> str:
    files = sorted(SEEDS.glob("*.txt"))
    if not files:
        pytest.skip(f"source article not found in {SEEDS}")
    return normalise("".join(f.read_text(encoding="utf-8") for f in files))


@pytest.mark.parametrize(("name", "record"), records(), ids=[n for n, _ in records()])
def test_quotes_are_in_the_article_and_support_the_figures(article: str, name: str, record: dict) -> None:
    quotes = [q for source in record["sources"] for q in source.get("quotes", [])]
    assert quotes, f"{name} has no quotes from its source"
    missing = [q for q in quotes if normalise(q) not in article]
    assert missing == []
    joined = "".join(normalise(q) for q in quotes)
    for key, metric in (record.get("metrics") or {}).items():
        assert str(metric["value"]) in joined, f"{name}: metrics.{key} = {metric['value']} is not in its quotes"


def test_no_record_invents_a_year(article: str) -> None:
    assert not re.search(r"20[0-9]{2}年", article), "the article gives no year: if it does now, revisit this test"
    for name, record in records():
        assert "period" not in record or not record["period"], f"{name} gives a period the article does not state"
