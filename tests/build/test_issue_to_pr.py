"""The "议题转为案例 PR" workflow (.github/workflows/issue-to-pr.yml).

GitHub cannot run here, so the workflow is checked three ways: its structure (trigger, who may start it, the
permissions of each job, no ``${{ }}`` in any shell script) read from the YAML; actionlint with shellcheck on every
workflow (tests/*/test_workflows.py); and its own shell steps, taken out of the YAML and run with bash as the runner
would (``bash -e``), on filled forms including hostile ones, in a git copy of the repository. The pull-request
step pushes to a local bare repository standing in for GitHub; only the ``gh`` command is a stand-in (a script
that records its arguments), since the GitHub API cannot be reached.

This file holds the tests on real MkDocs builds and CLI runs; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_issue_to_pr.py.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support import ENV, ROOT, cli, copy_repo
from support.workflow import load, step

from caselib.contrib.issue_form import import_issue

FILLED = (ROOT / "tests" / "fixtures" / "issue_form" / "filled.md").read_text(encoding="utf-8")
FILLED_ID = "yiliang-yinling-huzhu-example"
BIN = Path(sys.executable).parent




def with_field(body: str, label: str, value: str) -> str:
    """The filled form with one answer replaced."""
    return re.sub(rf"(### {re.escape(label)}\n\n)(.*?)(\n\n###|\Z)", lambda m: m.group(1) + value + m.group(3), body,
                  count=1, flags=re.DOTALL)


def test_each_job_has_only_the_permissions_it_needs() -> None:
    wf = load()
    assert wf["permissions"] == {}
    assert {name: job["permissions"] for name, job in wf["jobs"].items()} == {
        "authorize": {},
        "convert": {"contents": "read"},
        "pull-request": {"contents": "write", "pull-requests": "write"},
        "report-problems": {"issues": "write"},
    }
    # The job that reads the body keeps no credentials in its checkout.
    checkout = next(s for s in wf["jobs"]["convert"]["steps"] if "checkout" in s.get("uses", ""))
    assert checkout["with"]["persist-credentials"] is False


# ---------- the steps, run ----------

@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A git clone of the repository as actions/checkout leaves it (with the fixture library)."""
    work = copy_repo(tmp_path / "work")
    shutil.copytree(ROOT / "scripts", work / "scripts")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"],
                 ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "start"]):
        subprocess.run(["git", *args], cwd=work, check=True)
    return work


def run_steps(work: Path, tmp: Path, scripts: list[str], env: dict[str, str]) -> tuple[dict[str, str], str]:
    """Run step scripts as the runner does (``bash -e``, in the workspace); return $GITHUB_OUTPUT and the log."""
    temp = tmp / "runner-temp"
    temp.mkdir(exist_ok=True)
    output = tmp / "github-output"
    output.write_text("", encoding="utf-8")
    full = {**ENV, "PATH": f"{BIN}{os.pathsep}{ENV['PATH']}", "RUNNER_TEMP": str(temp), "GITHUB_OUTPUT": str(output),
            "GITHUB_WORKSPACE": str(work), "CI": "true", **env}
    log = ""
    for script in scripts:
        done = subprocess.run(["bash", "-e", "-c", script], cwd=work, env=full, capture_output=True, text=True, check=False)
        log += done.stdout + done.stderr
        assert done.returncode == 0, log
    values = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if "=" in line)
    return values, log


def convert(work: Path, tmp: Path, body: str) -> dict[str, str]:
    scripts = [step("convert", "把议题正文写进文件（只经环境变量）")["run"], step("convert", "转换为案例记录并校验")["run"]]
    values, _log = run_steps(work, tmp, scripts, {"ISSUE_BODY": body, "ISSUE_NUMBER": "7"})
    return values


def decode(value: str) -> str:
    return base64.b64decode(value).decode("utf-8")


def test_a_filled_form_becomes_one_valid_record(checkout: Path, tmp_path: Path) -> None:
    out = convert(checkout, tmp_path, FILLED)
    assert out["ok"] == "true", decode(out["problems"])
    assert out["path"] == f"cases/yunnan/{FILLED_ID}.yml"
    record = decode(out["record"])
    assert record == (checkout / out["path"]).read_text(encoding="utf-8")
    assert "表单导入（#7）" in record.split("\n", 2)[1]
    assert decode(out["title"]).strip() == "银龄互助示例项目"


CANARY = "cl-canary"


@pytest.mark.parametrize("label, value, expected", [
    ("英文编号", "../x", "编号「../x」不能用"),
    ("英文编号", "/etc/cron.d/x", "编号「/etc/cron.d/x」不能用"),
    ("英文编号", "x/../../../../tmp/" + CANARY, "不能用"),
    ("地区", "云南省/../../etc", "找不到地区「云南省/../../etc」"),
    ("服务领域", "儿童关怀", "不在服务领域词表里"),
    ("项目名称", "互助${{ secrets.GITHUB_TOKEN }}", "不能含 < > { }"),
])
def test_refused_forms_write_nothing_and_explain_in_chinese(checkout: Path, tmp_path: Path, label: str, value: str,
                                                             expected: str) -> None:
    before = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=checkout, capture_output=True,
                            text=True, check=True).stdout
    out = convert(checkout, tmp_path, with_field(FILLED, label, value))
    problems = decode(out["problems"])
    assert out["ok"] == "false" and "path" not in out and "record" not in out
    assert expected in problems and "Traceback" not in problems, problems
    assert re.search(r"[\u4e00-\u9fff]", problems.splitlines()[0]), problems  # Chinese first
    if label != "服务领域":  # a vocabulary mistake is written, then caught by check; the others never get written
        after = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=checkout,
                               capture_output=True, text=True, check=True).stdout
        assert after == before
    assert not (Path("/tmp") / CANARY).exists()


def test_shell_and_expression_syntax_in_a_form_stays_text(checkout: Path, tmp_path: Path) -> None:
    hostile_title = f"银龄$(touch /tmp/{CANARY})`touch /tmp/{CANARY}`'\";"
    body = with_field(FILLED, "项目名称", hostile_title)
    body = with_field(body, "主要做法", "社工先摸清需求 ${{ github.token }} $(id) `id` $HOME \\$ '; rm -rf ~; echo '\n"
                      "EOF\nMESSAGE\n按楼栋结对，每周上门探访一次。")
    out = convert(checkout, tmp_path, body)
    assert out["ok"] == "true", decode(out["problems"])
    record = yaml.safe_load(decode(out["record"]))
    assert record["title"] == hostile_title
    assert "${{ github.token }} $(id) `id` $HOME \\$ '; rm -rf ~; echo '" in record["practices"]
    assert decode(out["title"]).strip() == hostile_title
    assert not (Path("/tmp") / CANARY).exists()
    # …and the pull-request step commits it as text too.
    origin, log = open_pull_request(checkout, tmp_path, out)
    message = git(origin, "log", "-1", "--format=%B", "case-from-issue-7")
    assert message.startswith(f"收录案例：{hostile_title}（来自议题 #7）")
    assert f"--title 收录案例：{hostile_title}" in log
    assert not (Path("/tmp") / CANARY).exists()


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


FAKE_GH = """#!/bin/sh
# Stands in for the GitHub CLI: records each call; `pr list` answers 42 once a pull request was created.
printf '%s\\n' "gh $*" >> "$GH_LOG"
case "$1 $2" in
  "pr list") [ -f "$GH_LOG.pr" ] && echo 42 ;;
  "pr create") touch "$GH_LOG.pr" ;;
  "issue comment") shift 2; while [ $# -gt 0 ]; do [ "$1" = "--body-file" ] && cp "$2" "$GH_LOG.comment"; shift; done ;;
esac
exit 0
"""


def fake_gh(tmp: Path) -> dict[str, str]:
    bin_dir = tmp / "fake-bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "gh").write_text(FAKE_GH, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    return {"PATH": f"{bin_dir}{os.pathsep}{BIN}{os.pathsep}{ENV['PATH']}", "GH_LOG": str(tmp / "gh.log")}


def open_pull_request(work: Path, tmp: Path, out: dict[str, str]) -> tuple[Path, str]:
    """Run the pull-request job's steps against a bare repository standing in for GitHub."""
    origin = tmp / "origin.git"
    if not origin.exists():
        subprocess.run(["git", "clone", "-q", "--bare", str(work), str(origin)], check=True)
    clone = tmp / "pr-checkout"
    shutil.rmtree(clone, ignore_errors=True)
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True)
    env = {"ISSUE_NUMBER": "7", "RECORD_PATH": out["path"], "RECORD_B64": out["record"], "TITLE_B64": out["title"],
           "AUTHOR_LOGIN": "li-shegong", "AUTHOR_ID": "12345", "BASE": "main", **fake_gh(tmp)}
    scripts = [step("pull-request", "把记录提交到分支 case-from-issue-<议题编号>")["run"],
               step("pull-request", "开或更新拉取请求")["run"]]
    run_steps(clone, tmp, scripts, env)
    return origin, (tmp / "gh.log").read_text(encoding="utf-8")


def test_pull_request_is_opened_once_then_updated(checkout: Path, tmp_path: Path) -> None:
    out = convert(checkout, tmp_path, FILLED)
    origin, log = open_pull_request(checkout, tmp_path, out)
    branch = "case-from-issue-7"
    assert git(origin, "show", f"{branch}:{out['path']}") == decode(out["record"])
    message = git(origin, "log", "-1", "--format=%B", branch)
    assert "Co-authored-by: li-shegong <12345+li-shegong@users.noreply.github.com>" in message
    assert "gh pr create --base main --head case-from-issue-7 --title 收录案例：银龄互助示例项目" in log
    body = (tmp_path / "runner-temp" / "body.md").read_text(encoding="utf-8")
    assert body.startswith("Closes #7\n") and "@li-shegong" in body
    # The maintainer edits the issue and labels it again: same branch, one commit on main, the PR is edited.
    edited = convert(checkout_again(checkout), tmp_path, with_field(FILLED, "成效", "来源称已结对 40 余户独居老人（测试用示例）。"))
    assert edited["ok"] == "true"
    _origin, log = open_pull_request(checkout, tmp_path, edited)
    assert log.count("gh pr create") == 1 and "gh pr edit 42 --title 收录案例：银龄互助示例项目" in log
    assert "40 余户" in git(origin, "show", f"{branch}:{out['path']}")
    assert git(origin, "rev-list", "--count", f"main..{branch}").strip() == "1"


def checkout_again(work: Path) -> Path:
    """The convert job's checkout is fresh each run: drop the previous run's record."""
    subprocess.run(["git", "clean", "-q", "-fd", "cases"], cwd=work, check=True)
    return work


def test_problems_are_commented_as_a_code_block(checkout: Path, tmp_path: Path) -> None:
    out = convert(checkout, tmp_path, with_field(FILLED, "服务领域", "儿童关怀\n\n@someone [链接](https://example.org) ```"))
    assert out["ok"] == "false"
    run_steps(checkout, tmp_path, [step("report-problems", "评论")["run"]],
              {"ISSUE_NUMBER": "7", "PROBLEMS_B64": out["problems"], **fake_gh(tmp_path)})
    comment = (tmp_path / "gh.log.comment").read_text(encoding="utf-8")
    lines = decode(out["problems"]).splitlines()
    assert any("不在服务领域词表里" in line for line in lines)
    for line in lines:  # the same lines as check printed, each indented into a code block
        assert ("    " + line).rstrip() in comment.splitlines() or not line
    assert "gh issue comment 7 --body-file" in (tmp_path / "gh.log").read_text(encoding="utf-8")


def test_reference_cannot_break_out_of_the_yaml_comment(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    path = import_issue(root, FILLED, issue="#7\nid: injected\n\x1b[31m")
    text = path.read_text(encoding="utf-8")
    assert "\nid: injected" not in text and "\x1b" not in text
    assert yaml.safe_load(text)["id"] == FILLED_ID
    assert cli("check", root=root).returncode == 0

