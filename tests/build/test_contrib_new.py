"""`build_index.py new`: a skeleton at the right path whose empty fields fail `check` on their own lines,
and that passes `check` once they are filled; regions by name; no overwriting; interactive in a terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from support import ENV, ROOT, cli

FILLED = {  # the minimum a contributor types into the skeleton (field line → filled line)
    "kind:": "kind: 服务项目",
    "summary:": "summary: 社工机构带领低龄老年志愿者，为独居高龄老人提供定期探访。",
    "themes: []": "themes: [为老服务]",
    "target_groups: []": "target_groups: [老年人]",
    "methods: []": "methods: [社工带志愿者, 定期走访]",
    "  name:": "  name: 某某社会工作服务中心",
    "  type:": "  type: 社工机构",
    "status:": "status: 进行中",
    "practices:": "practices: |\n  社工先摸清独居老人的需求，再按楼栋把志愿者和老人结对，每周上门探访一次。",
    "  text:": "  text: 已结对三十余户。",
    "  evidence:": "  evidence: 媒体报道",
    "  - title:": "  - title: 某某报道",
    "    publisher:": "    publisher: 某某日报",
}


def _fill(text: str) -> str:
    lines = text.split("\n")
    out = []
    bullets = iter(["社工摸排需求", "志愿者每周探访", "按楼栋结对", "有一批低龄老年志愿者"])
    for line in lines:
        if line.rstrip() in FILLED:
            line = FILLED[line.rstrip()]
        elif line.rstrip() == "    -":
            line = f"    - {next(bullets)}"
        out.append(line)
    return "\n".join(out)


def test_new_then_fill_then_check_passes(repo: Path) -> None:
    made = cli("new", "--id", "yiliang-yinling-test", "--title", "银龄互助: 测试", "--region", "云南/昭通/彝良", root=repo)
    assert made.returncode == 0, made.stderr
    path = repo / "cases" / "yunnan" / "yiliang-yinling-test.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/case.schema.json\n")
    assert 'title: "银龄互助: 测试"' in text
    assert "  province: 云南省\n  city: 昭通市\n  county: 彝良县\n  code: \"530628\"\n" in text
    # Unfilled: every empty field is an error on its own line, in Chinese.
    check = cli("check", str(path), root=repo)
    assert check.returncode == 1
    lines = text.split("\n")
    for field in ("kind:", "summary:", "themes: []", "status:", "practices:"):
        number = lines.index(field) + 1
        assert f"cases/yunnan/yiliang-yinling-test.yml:{number}:" in check.stdout, (field, check.stdout)
    # Filled with the minimum: valid.
    path.write_text(_fill(text), encoding="utf-8")
    check = cli("check", str(path), root=repo)
    assert check.returncode == 0, check.stdout + check.stderr


def test_new_refuses_to_overwrite_or_reuse_an_id(repo: Path) -> None:
    existing = repo / "cases" / "yunnan" / "yiliang-county-shuanggong.yml"
    before = existing.read_bytes()
    again = cli("new", "--id", "yiliang-county-shuanggong", "--title", "重复", "--region", "530628", root=repo)
    assert again.returncode == 1 and "不会覆盖" in again.stderr and "Traceback" not in again.stderr
    assert existing.read_bytes() == before
    elsewhere = cli("new", "--id", "yiliang-county-shuanggong", "--title", "重复", "--region", "北京市/朝阳区", root=repo)
    assert elsewhere.returncode == 1 and "已被 cases/yunnan/yiliang-county-shuanggong.yml 使用" in elsewhere.stderr


def test_new_region_errors_and_municipalities(repo: Path) -> None:
    ambiguous = cli("new", "--id", "a-b-c", "--title", "测试项目", "--region", "朝阳区", root=repo)
    assert ambiguous.returncode == 1
    assert "北京市/朝阳区（110105）" in ambiguous.stderr and "吉林省/长春市/朝阳区（220104）" in ambiguous.stderr
    unknown = cli("new", "--id", "a-b-c", "--title", "测试项目", "--region", "云南省/昭通市/彝梁县", root=repo)
    assert unknown.returncode == 1 and "找不到地区" in unknown.stderr and "彝良县" in unknown.stderr
    bad_id = cli("new", "--id", "Yiliang_项目", "--title", "测试项目", "--region", "彝良县", root=repo)
    assert bad_id.returncode == 1 and "只能用小写英文字母" in bad_id.stderr
    made = cli("new", "--id", "chaoyang-test", "--title", "测试项目", "--region", "北京/朝阳", root=repo)
    assert made.returncode == 0, made.stderr
    text = (repo / "cases" / "beijing" / "chaoyang-test.yml").read_text(encoding="utf-8")
    assert "  province: 北京市\n  county: 朝阳区\n  code: \"110105\"\n" in text


def test_new_without_terminal_and_missing_options_says_what_to_pass(repo: Path) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_index.py"), "--root", str(repo), "new", "--title",
                             "测试项目"], stdin=subprocess.DEVNULL, capture_output=True, text=True, env=ENV, check=False)
    assert result.returncode == 2 and "缺少 --id、--region" in result.stderr and "Traceback" not in result.stderr
    assert not list((repo / "cases").rglob("*test*"))


def test_new_asks_in_a_terminal(repo: Path) -> None:
    leader, follower = os.openpty()
    answers = "Bad ID\nyiliang-tty-test\n测试项目\n彝梁\n彝良\n"
    os.write(leader, answers.encode())
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_index.py"), "--root", str(repo), "new"],
                          stdin=follower, capture_output=True, text=True, env=ENV, timeout=60, check=False)
    os.close(follower)
    os.close(leader)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "编号（小写英文" in done.stdout and "只能用小写英文字母" in done.stderr and "找不到地区" in done.stderr
    assert (repo / "cases" / "yunnan" / "yiliang-tty-test.yml").exists()


def test_template_matches_the_record_template(repo: Path) -> None:
    (repo / "cases" / "_template.yml").unlink()
    assert cli("new", "--template", root=repo).returncode == 0
    assert (repo / "cases" / "_template.yml").read_bytes() == (ROOT / "cases" / "_template.yml").read_bytes()
