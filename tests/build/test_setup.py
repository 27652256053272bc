"""`make test` on a fresh machine: the system packages are installed first, or it stops at once and says how.

The list of Debian packages lives in one place, ``.ci/system-packages.txt``, read by ``.ci/system-deps``, which
the Makefile's ``test`` target runs before anything else (``.ci/run`` is ``make test``).

This file holds the tests on real MkDocs builds and CLI runs; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_setup.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from support import ROOT


def fresh_clone(tmp_path: Path) -> Path:
    """What a fresh clone has that matters here: the Makefile, .ci/ and the requirements, but no .venv."""
    clone = tmp_path / "clone"
    clone.mkdir()
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, clone / name)
    shutil.copytree(ROOT / ".ci", clone / ".ci")
    return clone


def test_without_chromium_make_test_stops_before_the_tests_with_the_command(tmp_path: Path) -> None:
    clone = fresh_clone(tmp_path)
    # A top-level make, as on a fresh machine: under `make test` the inherited MAKELEVEL makes the inner make print
    # "Entering directory '/tmp/pytest-of-…'".
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    env |= {"CHROMIUM": "/nonexistent/chromium", "CASELIB_NO_INSTALL": "1"}
    done = subprocess.run(["make", "test"], cwd=clone, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode != 0
    assert "测试需要系统软件包 chromium" in done.stderr
    assert "sudo apt-get install -y --no-install-recommends chromium" in done.stderr
    assert not (clone / ".venv").exists(), "it went on to make the virtual environment"
    assert "-m pytest" not in done.stdout + done.stderr


def test_with_everything_there_the_check_is_silent() -> None:
    done = subprocess.run(["bash", ".ci/system-deps"], cwd=ROOT, env={**os.environ, "CASELIB_NO_INSTALL": "1"},
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == done.stderr == ""
