"""The shipped library (``cases/``): every record passes ``check``, the site builds, and each record has a page.

These are the only tests that read the shipped records (with ``test_seed_sources.py`` for the records that cite
the seed article). Nothing here knows how many records there are or which: the library grows by pull request,
and a valid new record must never turn the suite red. ``test_growth`` proves it by running this file on a copy
of the repository with twenty more valid records of varied shape.

``CASELIB_SHIPPED_ROOT`` points these tests at another repository (``test_growth`` uses it).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from support import ENV, LIBRARY, REPO_PARTS, ROOT, SHIPPED, cli, mkdocs_build

from caselib.contrib.synthetic import generate, write
from caselib.load.files import record_files

TRIAL = ROOT / "tests" / "fixtures" / "trial"
# The tests that read the shipped records (test_growth runs them on a grown copy).
SHIPPED_TESTS = ["build/test_shipped.py", "unit/test_seed_sources.py", "build/test_seed_sources.py"]


def shipped_records() -> list[tuple[str, dict]]:
    return [(path.relative_to(SHIPPED).as_posix(), yaml.safe_load(path.read_text(encoding="utf-8")))
            for path in record_files(SHIPPED)]


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("shipped") / "site"
    result = mkdocs_build(SHIPPED, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_every_shipped_record_passes_check() -> None:
    result = cli("check", root=SHIPPED)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"通过：{len(shipped_records())} 个案例记录全部有效" in result.stderr


@pytest.mark.parametrize(("path", "record"), shipped_records(), ids=[p for p, _ in shipped_records()])
def test_every_shipped_record_has_a_page(shipped_site: Path, path: str, record: dict) -> None:
    page = shipped_site / "cases" / record["id"] / "index.html"
    assert page.is_file(), f"{path}: no page at cases/{record['id']}/"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.find("h1").get_text(strip=True) == record["title"]


def test_every_shipped_record_is_in_the_open_data(shipped_site: Path) -> None:
    import json

    from support.spreadsheet import zipped

    data = json.loads(zipped(shipped_site, "cases.json"))
    assert sorted(c["id"] for c in data["cases"]) == sorted(r["id"] for _, r in shipped_records())


# -- the proof that growth never turns the suite red ------------------------------------------------------------

def varied_records(count: int) -> list[dict]:
    """``count`` valid records that differ in shape: optional fields left out, others filled in."""
    records = generate(count, seed=97, root=LIBRARY)
    for i, record in enumerate(records):
        record["id"] = f"growth-{i:02d}"
        if i % 2:
            del record["period"]
        if i % 3 == 0:
            record.pop("partners", None)
            record.pop("metrics", None)
        if i % 4 == 1:
            record["gaps"] = ["来源未说明经费来源。"]
            record["keywords"] = ["时间银行", f"关键词{i}"]
        if i % 5 == 2:
            record["part_of"] = "growth-00"
    return records


def test_growth(tmp_path: Path) -> None:
    """A copy of the repository with 20 more valid records (17 generated, 3 from real write-ups) passes the
    shipped-record tests (and ``check``)."""
    copy = tmp_path / "grown"
    copy.mkdir()
    for part in REPO_PARTS:
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, copy / part)
    write(varied_records(17), copy / "cases" / "growth")
    # Three records entered from real write-ups (tests/fixtures/trial), under ids of their own: the same write-ups
    # may well be contributed to cases/ one day, and a second record with the same id would be an error.
    for n, trial in enumerate(sorted(TRIAL.glob("*.yml")), 1):
        text = trial.read_text(encoding="utf-8")
        assert f"\nid: {trial.stem}\n" in text
        (copy / "cases" / "growth" / f"growth-trial-{n}.yml").write_text(
            text.replace(f"\nid: {trial.stem}\n", f"\nid: growth-trial-{n}\n"), encoding="utf-8")
    assert len(record_files(copy)) == len(record_files(ROOT)) + 20
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-k", "not test_growth",
                           *(str(ROOT / "tests" / f) for f in SHIPPED_TESTS)],
                          capture_output=True, text=True, env={**ENV, "CASELIB_SHIPPED_ROOT": str(copy)}, cwd=ROOT,
                          check=False)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "failed" not in done.stdout
