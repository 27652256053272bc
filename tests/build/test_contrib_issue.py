"""The "提交新案例" issue form: generated from the vocabularies, and a filled form (as GitHub renders it)
turned into a valid record by `build_index.py import-issue`."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from support import ROOT, cli

FILLED = ROOT / "tests" / "fixtures" / "issue_form" / "filled.md"
FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "new-case.yml"


def test_filled_form_becomes_a_valid_record(repo: Path) -> None:
    result = cli("import-issue", str(FILLED), "--ref", "#12", root=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    path = repo / "cases" / "yunnan" / "yiliang-yinling-huzhu-example.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/case.schema.json\n# 由“提交新案例”表单导入（#12）")
    record = yaml.safe_load(text)
    assert record["region"] == {"province": "云南省", "city": "昭通市", "county": "彝良县", "code": "530628"}
    assert record["themes"] == ["为老服务", "邻里守望"] and record["methods"] == ["社工带志愿者", "定期走访"]
    assert record["partners"][1] == {"name": "某某大学社会工作系", "type": "高校", "role": "提供督导"}
    assert record["period"] == {"start": 2024}
    assert record["division_of_labour"]["social_workers"] == ["摸排独居高龄老人的需求，建立服务清单", "招募、培训低龄老年志愿者"]
    # The PDF damage in the form (野…冶 and a hard line break) was repaired on the way in.
    assert record["practices"].startswith("社工机构以“银龄互助”为主题，先摸清需求")
    assert "lessons" not in record["replication"] and "url" not in record["sources"][0]
    assert cli("check", root=repo).returncode == 0


def test_incomplete_form_is_refused_in_chinese(repo: Path, tmp_path: Path) -> None:
    body = FILLED.read_text(encoding="utf-8").replace("### 简介\n\n彝良县某社区", "### 简介\n\n_No response_\n\n彝良县某社区", 1)
    body = body.split("### 简介")[0] + "### 简介\n\n_No response_\n\n### 地区" + body.split("### 地区", 1)[1]
    body = body.replace("yiliang-yinling-huzhu-example", "_No response_")
    issue = tmp_path / "issue.md"
    issue.write_text(body, encoding="utf-8")
    result = cli("import-issue", str(issue), root=repo)
    assert result.returncode == 1 and "必填项是空的：简介" in result.stderr and "Traceback" not in result.stderr
    body = body.replace("### 简介\n\n_No response_", "### 简介\n\n一句足够长的简介文字，说明这个项目。")
    issue.write_text(body, encoding="utf-8")
    no_id = cli("import-issue", str(issue), root=repo)
    assert no_id.returncode == 1 and "--id" in no_id.stderr
    assert cli("import-issue", str(issue), "--id", "yiliang-from-issue", root=repo).returncode == 0
    again = cli("import-issue", str(issue), "--id", "yiliang-from-issue", root=repo)
    assert again.returncode == 1 and "不会覆盖" in again.stderr


def test_committed_form_is_generated_from_the_vocabularies(repo: Path) -> None:
    assert cli("import-issue", "--write-form", root=repo).returncode == 0
    assert (repo / ".github" / "ISSUE_TEMPLATE" / "new-case.yml").read_bytes() == FORM.read_bytes()
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    themes = next(e for e in form["body"] if e.get("id") == "themes")
    vocab = yaml.safe_load((ROOT / "data" / "vocab" / "themes.yml").read_text(encoding="utf-8"))
    assert themes["attributes"]["options"] == [*(t["name"] for t in vocab["terms"]), "不详"]
    labels = [e["attributes"]["label"] for e in form["body"] if e["type"] != "markdown"]
    assert all(f"### {label}" in FILLED.read_text(encoding="utf-8") for label in labels)


def test_form_tracks_a_vocabulary_change(repo: Path) -> None:
    vocab = repo / "data" / "vocab" / "themes.yml"
    vocab.write_text(vocab.read_text(encoding="utf-8").replace("name: 为老服务", "name: 敬老助老服务", 1), encoding="utf-8")
    assert cli("schema", root=repo).returncode == 0
    shutil.copytree(ROOT / ".github", repo / ".github")
    assert cli("import-issue", "--write-form", root=repo).returncode == 0
    assert "敬老助老服务" in (repo / ".github" / "ISSUE_TEMPLATE" / "new-case.yml").read_text(encoding="utf-8")


def test_the_form_s_headings_are_the_schema_s_titles(tmp_path: Path) -> None:
    """A field's label has one source, the schema: a changed title changes the form's question (and the heading
    the import looks for), with the form's own words around it (period.start 开始 → 开始时间)."""
    import json

    from caselib.contrib.issue_form import render_form

    schema = json.loads((ROOT / "schema" / "case.schema.json").read_text(encoding="utf-8"))
    schema["properties"]["practices"]["title"] = "具体做法"
    schema["properties"]["period"]["properties"]["start"]["title"] = "起始"
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "case.schema.json").write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    form = yaml.safe_load(render_form(tmp_path))
    labels = [e["attributes"]["label"] for e in form["body"] if e["type"] != "markdown"]
    assert "具体做法" in labels and "主要做法" not in labels
    assert "起始时间" in labels and "开始时间" not in labels
