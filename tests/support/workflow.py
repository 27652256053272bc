"""The "收录" issue → pull request workflow as data (tests/unit and tests/build test_issue_to_pr.py)."""

from __future__ import annotations

from typing import Any

import yaml

from support import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "issue-to-pr.yml"


def load() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def step(job: str, name: str) -> dict[str, Any]:
    return next(s for s in load()["jobs"][job]["steps"] if s.get("name") == name)
