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

import pytest
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


def test_as_root_or_with_sudo_the_missing_packages_are_installed(tmp_path: Path) -> None:
    """A machine that may install (root, or sudo without a password) gets apt-get run for what is missing: a stand-in
    apt-get on PATH records its calls (it once told root to run sudo instead, and installed nothing)."""
    can_sudo = subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False).returncode == 0 \
        if shutil.which("sudo") else False
    if os.getuid() != 0 and not can_sudo:
        pytest.skip("needs root or sudo without a password, as CI has")
    clone = fresh_clone(tmp_path)
    (clone / ".ci" / "system-packages.txt").write_text("caselib-missing-package  false\n", encoding="utf-8")
    stubs = tmp_path / "bin"
    stubs.mkdir()
    calls = tmp_path / "apt-calls.txt"
    apt = stubs / "apt-get"
    apt.write_text(f'#!/bin/sh\necho "$@" >> {calls}\n', encoding="utf-8")
    apt.chmod(0o755)
    env = {**os.environ, "PATH": f"{stubs}:{os.environ['PATH']}"}
    env.pop("CASELIB_NO_INSTALL", None)
    done = subprocess.run(["bash", ".ci/system-deps"], cwd=clone, env=env, capture_output=True, text=True, timeout=60,
                          check=False)
    assert "installing Debian packages: caselib-missing-package" in done.stdout
    assert "install -y -qq --no-install-recommends caselib-missing-package" in calls.read_text(encoding="utf-8")
    assert done.returncode != 0 and "still missing after apt-get" in done.stderr  # the stand-in installs nothing
