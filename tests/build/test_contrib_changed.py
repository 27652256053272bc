"""`build_index.py changed --base REF`: the Markdown table of added, changed and removed cases that the
pull-request workflow appends to the job summary, computed from a real git history."""

from __future__ import annotations

import subprocess
from pathlib import Path

from support import cli


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True)


def test_changed_lists_added_changed_and_removed_cases(repo: Path) -> None:
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    _git(repo, "switch", "-q", "-c", "contrib")
    yunnan = repo / "cases" / "yunnan"
    source = (yunnan / "yiliang-aixin-mama-2plus2.yml").read_text(encoding="utf-8")
    (yunnan / "yiliang-new-one.yml").write_text(
        source.replace("id: yiliang-aixin-mama-2plus2", "id: yiliang-new-one").replace("title: ", "title: 新|案例", 1),
        encoding="utf-8")
    changed = yunnan / "yiliang-hospital-medical-social-work.yml"
    changed.write_text(changed.read_text(encoding="utf-8") + "# 小改\n", encoding="utf-8")
    (repo / "cases" / "liaoning" / "dalian-pilot-promotion.yml").unlink()
    (repo / "docs" / "about.md").write_text("不是案例\n", encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "contrib")
    result = cli("changed", "--base", "main", root=repo)
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.split("\n") if line.startswith("| ") and "---" not in line][1:]
    assert [row.split(" | ")[0] for row in rows] == ["| 新增", "| 修改", "| 删除"]
    assert "`yiliang-new-one`" in rows[0] and "新\\|案例" in rows[0]
    assert "`yiliang-hospital-medical-social-work`" in rows[1]
    assert "`dalian-pilot-promotion`" in rows[2] and "大连" in rows[2]
    assert "新增 1 个，修改 1 个，删除 1 个" in result.stdout


def test_changed_with_no_case_changes_and_with_a_bad_base(repo: Path) -> None:
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    result = cli("changed", "--base", "main", root=repo)
    assert result.returncode == 0 and "没有增加、修改或删除任何案例记录" in result.stdout
    bad = cli("changed", "--base", "origin/nope", root=repo)
    assert bad.returncode == 1 and "fetch-depth: 0" in bad.stderr and "Traceback" not in bad.stderr
