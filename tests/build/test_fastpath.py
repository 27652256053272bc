"""The validation fast path (caselib.load.reader) must never change an answer, only its speed.

* ``fast_load`` gives the same values as ``load.py`` for every file it accepts,
  and refuses (``Unusual``) what ``load.py`` would report or read differently;
* the jsonschema-rs yes/no check never accepts a record that jsonschema rejects;
* ``check`` prints byte-identical output with the fast path and parallel
  workers on, and with both off, on a repository with good and bad records.

This file holds the tests on real MkDocs builds and CLI runs; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_fastpath.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from support import LIBRARY, ROOT, copy_repo

from caselib.contrib import synthetic

# -- the whole command: same output with and without the fast path and workers --------------------------

def test_check_output_is_identical_with_fast_path_and_workers(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo")
    synthetic.write(synthetic.generate(260, seed=11, root=LIBRARY), repo / "cases" / "synthetic")  # enough to use workers
    folder = repo / "cases" / "synthetic"
    first = sorted(folder.rglob("*.yml"))
    first[0].write_text(first[0].read_text(encoding="utf-8").replace("kind: ", "kind: 不存在的类型"), encoding="utf-8")
    first[1].write_text(first[1].read_text(encoding="utf-8") + "part_of: nowhere-at-all\n", encoding="utf-8")
    (folder / "copy.yml").write_text(first[2].read_text(encoding="utf-8"), encoding="utf-8")  # duplicate id
    first[3].write_text(first[3].read_text(encoding="utf-8").replace("'", "", 2), encoding="utf-8")
    outputs = []
    for fast, jobs in (("1", "2"), ("0", "1")):
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "src"),
               "CASELIB_FAST_PATH": fast, "CASELIB_JOBS": jobs, "CASELIB_CACHE": "0"}  # workers send slim records
        done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_index.py"), "--root", str(repo), "check"],
                              capture_output=True, text=True, env=env, check=False)
        outputs.append((done.returncode, done.stdout, done.stderr))
    assert outputs[0][0] == 1
    assert "duplicate-id" in outputs[0][1] and "part-of" in outputs[0][1] and "synthetic" in outputs[0][1]
    assert outputs[0] == outputs[1]
