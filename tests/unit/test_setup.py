"""`make test` on a fresh machine: the system packages are installed first, or it stops at once and says how.

The list of Debian packages lives in one place, ``.ci/system-packages.txt``, read by ``.ci/system-deps``, which
the Makefile's ``test`` target runs before anything else (``.ci/run`` is ``make test``).

This file holds the pure-Python tests (no MkDocs build, no Chromium); the tests on real MkDocs builds and CLI runs are in tests/build/test_setup.py.
"""

from __future__ import annotations

from support import ROOT


def test_ci_runs_the_readme_command_and_the_list_is_in_one_place() -> None:
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "exec make test" in run and "apt-get" not in run
    assert "make test" in (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "test: system $(STAMP)" in makefile and "apt-get" not in makefile
    listed = [line.split()[0] for line in (ROOT / ".ci" / "system-packages.txt").read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#")]
    assert {"chromium", "fonts-noto-cjk"} <= set(listed)
