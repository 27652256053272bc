"""The "议题转为案例 PR" workflow (.github/workflows/issue-to-pr.yml).

GitHub cannot run here, so the workflow is checked three ways: its structure (trigger, who may start it, the
permissions of each job, no ``${{ }}`` in any shell script) read from the YAML; actionlint with shellcheck on every
workflow (tests/*/test_workflows.py); and its own shell steps, taken out of the YAML and run with bash as the runner
would (``bash -e``), on filled forms including hostile ones, in a git copy of the repository. The pull-request
step pushes to a local bare repository standing in for GitHub; only the ``gh`` command is a stand-in (a script
that records its arguments), since the GitHub API cannot be reached.

This file holds the pure-Python tests (no MkDocs build, no Chromium); the tests on real MkDocs builds and CLI runs are in tests/build/test_issue_to_pr.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from support import ROOT, copy_repo
from support.workflow import WORKFLOW, load, step

from caselib.contrib.issue_form import IssueFormError, import_issue

FILLED = (ROOT / "tests" / "fixtures" / "issue_form" / "filled.md").read_text(encoding="utf-8")




# ---------- structure ----------

def test_trigger_and_who_may_start_it() -> None:
    wf = load()
    assert wf["on"] == {"issues": {"types": ["labeled"]}}
    authorize = wf["jobs"]["authorize"]
    assert "github.event.label.name == '收录'" in authorize["if"]
    script = authorize["steps"][0]["run"]
    # The sender's permission, asked of the API: a label alone proves only triage access.
    assert 'collaborators/${SENDER}/permission' in script and "admin|write)" in script
    assert authorize["steps"][0]["env"]["SENDER"] == "${{ github.event.sender.login }}"
    for name in ("convert", "pull-request", "report-problems"):
        assert "authorize" in str(wf["jobs"][name]["needs"]) or wf["jobs"][name]["needs"] == "convert"
    assert wf["jobs"]["convert"]["if"] == "needs.authorize.outputs.allowed == 'true'"
    assert wf["jobs"]["pull-request"]["if"] == "needs.convert.outputs.ok == 'true'"
    assert wf["jobs"]["report-problems"]["if"] == "needs.convert.outputs.ok == 'false'"
    assert wf["concurrency"]["group"] == "issue-to-pr-${{ github.event.issue.number }}"


def test_untrusted_text_reaches_shells_only_through_the_environment() -> None:
    for path in (ROOT / ".github" / "workflows").glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job in data["jobs"].values():
            for s in job["steps"]:
                assert "${{" not in s.get("run", ""), (path.name, s.get("name"))
    text = WORKFLOW.read_text(encoding="utf-8")
    uses = re.findall(r"\$\{\{\s*github\.event\.issue\.(body|title)\s*\}\}", text)
    assert uses == ["body"]  # once, as an environment variable; the issue title is never used
    assert step("convert", "把议题正文写进文件（只经环境变量）")["env"] == {"ISSUE_BODY": "${{ github.event.issue.body }}"}


# ---------- the converter's own guard ----------

def test_converter_never_writes_outside_cases(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(root / "cases" / "yunnan")
    (root / "cases" / "yunnan").symlink_to(outside, target_is_directory=True)
    with pytest.raises(IssueFormError, match="cases/ 以外"):
        import_issue(root, FILLED)
    assert list(outside.iterdir()) == []
    for bad in ("../x", "/abs/path", "a/b", "..", "x\ny"):
        with pytest.raises(IssueFormError, match="不能用"):
            import_issue(root, FILLED, record_id=bad)

