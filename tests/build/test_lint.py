"""The PDF-paste lint: warnings at the right line with the suggested text, and --fix that restores the clean
record byte for byte (run through the real CLI on real record files).

This file holds the tests on real MkDocs builds and CLI runs; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_lint.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from support import cli

RECORD = "cases/yunnan/yiliang-wumeng-children-companionship.yml"
# Damage exactly as it comes out of the source article's newspaper PDF (../shared/seeds/000_c545d47c30c214d5.txt):
# “…” → 野…冶, ： → 院, （…） → 渊…冤, line breaks at the column width, half-width commas.
DAMAGE = [
    ("云南彝良：创新构建党建引领“专业社工+志愿服务”基层治理新模式",
     "云南彝良院创新构建党建引领野专业社工+志愿服务冶基层治理新模式"),
    ("依托禾心社工“乌蒙困境儿童陪伴项目”，累计招募", "依托禾心社工野乌蒙困境儿童陪伴项目冶,累计招募\n  "),
    ("  note: 来源未逐项区分社工与志愿者", "  note: 来源未逐项区分社工（禾心）与志愿者"),
]


def _damaged(repo: Path) -> tuple[Path, bytes]:
    path = repo / RECORD
    clean = path.read_bytes()
    text = clean.decode("utf-8")
    for good, bad in DAMAGE[:2]:
        assert good in text
        text = text.replace(good, bad, 1)
    path.write_bytes(text.encode("utf-8"))
    return path, clean


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_lint_warns_at_the_line_with_the_suggested_text(repo: Path) -> None:
    path, _ = _damaged(repo)
    result = cli("lint", str(path), root=repo)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    title_line = _line_of(path, "云南彝良院创新")
    assert f"{RECORD}:{title_line}:" in out
    assert "建议改为「“专业社工+志愿服务”」" in out
    assert "「院」像是从报纸 PDF 复制时乱码的冒号，建议改为「云南彝良：创新构建党" in out
    assert "sources[0].title" in out
    assert "建议改为「“乌蒙困境儿童陪伴项目”」" in out
    assert "中文之间用了半角标点「,」" in out
    assert "中文句子中间有换行" in out and "[lint-line-break]" in out
    assert all(line.startswith(f"{RECORD}:") and "警告: " in line for line in out.strip().split("\n"))


def test_lint_fix_restores_the_clean_file_byte_for_byte(repo: Path) -> None:
    path, clean = _damaged(repo)
    result = cli("lint", "--fix", str(path), root=repo)
    assert result.returncode == 0, result.stderr
    assert path.read_bytes() == clean
    assert "已修改 1 个文件" in result.stderr
    assert cli("lint", str(path), root=repo).stdout == ""


def test_check_reports_lint_warnings_without_failing(repo: Path) -> None:
    path, _ = _damaged(repo)
    text = cli("check", root=repo)
    assert text.returncode == 0, text.stdout + text.stderr
    assert "[lint-misdecoded]" in text.stdout and "个警告" in text.stderr
    github = cli("check", "--format", "github", root=repo)
    line = _line_of(path, "云南彝良院创新")
    assert re.search(rf"^::warning file={re.escape(RECORD)},line={line},col=\d+,title=lint-misdecoded::", github.stdout,
                     re.MULTILINE), github.stdout


def test_parentheses_and_leaves_real_words_comments_and_headings_alone(repo: Path) -> None:
    path = repo / RECORD
    text = path.read_text(encoding="utf-8")
    text = text.replace(DAMAGE[2][0], "  note: 来源未逐项区分社工(禾心)与志愿者", 1)
    text = text.replace("practices: |\n", "# 注释里的野引号冶不改\npractices: |\n  ### 彝良县人民医院和职业院校\n", 1)
    path.write_text(text, encoding="utf-8")
    result = cli("lint", str(path), root=repo)
    assert "建议改为全角「（禾心）」" in result.stdout
    assert result.stdout.count("[lint-") == 1, result.stdout
    cli("lint", "--fix", str(path), root=repo)
    fixed = path.read_text(encoding="utf-8")
    assert "社工（禾心）与志愿者" in fixed and "# 注释里的野引号冶不改" in fixed and "人民医院和职业院校\n" in fixed


def test_bom_and_invisible_characters_are_errors_that_lint_fix_removes(repo: Path) -> None:
    path = repo / RECORD
    clean = path.read_bytes()
    path.write_bytes(b"\xef\xbb\xbf" + clean.replace("乌蒙困境".encode(), "乌蒙\u200b困境".encode(), 1))
    check = cli("check", root=repo)
    assert check.returncode == 1 and "[bom]" in check.stdout and "lint --fix" in check.stdout
    lint = cli("lint", str(path), root=repo)
    assert "[lint-bom]" in lint.stdout and "U+200B" in lint.stdout
    assert cli("lint", "--fix", str(path), root=repo).returncode == 0
    assert path.read_bytes() == clean
    assert cli("check", root=repo).returncode == 0


def test_half_width_colon_that_breaks_yaml_is_found_and_fixed(repo: Path) -> None:
    """“云南彝良: 创新…” (a half-width colon and space) is not even valid YAML; lint still finds it."""
    path = repo / RECORD
    clean = path.read_bytes()
    path.write_bytes(clean.replace("  - title: 云南彝良：创新".encode(), "  - title: 云南彝良: 创新".encode(), 1))
    check = cli("check", root=repo)
    assert check.returncode == 1 and "[yaml-syntax]" in check.stdout and "全角冒号" in check.stdout
    assert "中文之间用了半角标点「:」" in cli("lint", str(path), root=repo).stdout
    cli("lint", "--fix", str(path), root=repo)
    assert path.read_bytes() == clean


def test_fixture_records_have_no_lint_warnings() -> None:
    result = cli("lint")
    assert result.returncode == 0 and result.stdout == "", result.stdout
