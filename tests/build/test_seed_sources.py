"""Every fact in the shipped records that cite the seed article is traceable to it.

A record cites the seed when one of its sources names a seed file in ``via``
(``种子文件 000_c545d47c30c214d5``). For those sources, every quote must be
found in the article (after the article's mis-decoded punctuation is repaired
and white space removed), and every figure in the record's ``metrics`` must
appear in one of its quotes. Records from other sources are not read here.
The article is ``../shared/seeds/`` beside the repository (CI lays it there);
without it these tests are skipped, and the summary says so once.

This file holds the tests on real MkDocs builds and CLI runs; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_seed_sources.py.
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


def seed_sources(record: dict) -> list[dict]:
    return [s for s in record.get("sources") or [] if SEED_FILE.search(str(s.get("via", "")))]


def records() -> list[tuple[str, dict]]:
    """The shipped records that cite the seed article."""
    out = [(p.name, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in record_files(SHIPPED)]
    return [(name, record) for name, record in out if seed_sources(record)]


def test_the_archive_is_the_article_s_quoted_sentences() -> None:
    """data/sources/<seed>.txt is what scripts/archive_sources.py makes from the article and the shipped quotes."""
    import subprocess
    import sys

    from support import ENV, ROOT

    for text in sorted(SEEDS.glob("*.txt")):
        if not any(s.get("archive") == text.stem for _, r in records() for s in r["sources"]):
            continue
        done = subprocess.run([sys.executable, str(ROOT / "scripts" / "archive_sources.py"), "--text", str(text),
                               "--root", str(SHIPPED), "--check"], capture_output=True, text=True, env=ENV, check=False)
        assert done.returncode == 0, done.stderr
