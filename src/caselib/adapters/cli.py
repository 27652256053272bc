"""Command line: a thin adapter over the pipeline.

    python scripts/build_index.py check            # validate everything; exit 1 on any error
    python scripts/build_index.py check --format github   # as GitHub annotations (CI)
    python scripts/build_index.py pages --out build/pages # write the generated Markdown for inspection
    python scripts/build_index.py site             # validate, then build site/ atomically (temp folder + swap)
    python scripts/build_index.py schema           # regenerate the vocabulary enums in the JSON Schema
    python scripts/build_index.py new              # start a new record (asks for id, title, region)
    python scripts/build_index.py lint [--fix] [FILE…]    # PDF paste damage: warnings, or fix in place
    python scripts/build_index.py import-issue ISSUE.md   # a filled "提交新案例" issue form → record file
    python scripts/build_index.py changed --base origin/main  # Markdown table of changed cases (PR summary)
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from caselib.load.files import load_file, record_files
from caselib.pipeline.run import Result, load_vocabularies, relative, run
from caselib.problems import Problem, errors_only
from caselib.reference.layout import SCHEMA_FILE
from caselib.reference.schema import dump_json, read_json, with_vocabularies
from caselib.validate.lint import fix_text, lint_file

ROOT = Path(__file__).resolve().parents[3]
# The commands import what only they need (page rendering, the issue form, scaffolding, git): `check`,
# which every contributor and CI runs, starts in half the time.


def _github(problem: Problem) -> str:
    kind = {"error": "error", "warning": "warning", "info": "notice"}[problem.severity]
    text = problem.format().split(": ", 1)[1].replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{kind} file={problem.path},line={problem.line},col={problem.col},title={problem.code}::{text}"


def report(result: Result, fmt: str, out: object = None) -> int:
    """Print every problem and a summary line; return the exit code."""
    out = out or sys.stdout  # looked up at call time, so that callers (and tests) can redirect it
    for problem in result.problems:
        print(_github(problem) if fmt == "github" else problem.format(), file=out)  # type: ignore[call-overload]
    errors = errors_only(result.problems)
    warnings = len(result.problems) - len(errors)
    if errors:
        print(f"\n发现 {len(errors)} 个错误、{warnings} 个警告。请按上面每行开头的“文件:行:列”逐一修改。"
              f"（{len(errors)} error(s))", file=sys.stderr)
        return 1
    count = result.valid
    print(f"通过：{count} 个案例记录全部有效{f'，{warnings} 个警告' if warnings else ''}。({count} records OK)",
          file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    only = [Path(p).resolve() for p in args.files] if args.files else None
    outside = [str(p) for p in only or [] if not p.is_relative_to(args.root)]
    if outside:
        print(f"错误：{'、'.join(outside)} 不在仓库 {args.root} 里。请在仓库根目录运行，或写出文件的完整路径", file=sys.stderr)
        return 2
    return report(run(args.root, only=only, lint=True, model=False, cache=not args.no_cache), args.format)


def cmd_pages(args: argparse.Namespace) -> int:
    from caselib.pipeline.site import site_files
    from caselib.render.pages import write_pages

    result = run(args.root)
    if not result.ok or result.library is None:
        return report(result, "text")
    out: Path = args.out
    if out.exists():
        shutil.rmtree(out)
    pages, assets = site_files(result.library)
    write_pages({**pages, **assets}, out)
    print(f"已生成 {len(pages)} 个页面到 {out}", file=sys.stderr)
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    """Build the site into a temporary folder and swap it in only when the whole build succeeded."""
    result = run(args.root)
    if not result.ok:
        return report(result, "text")
    target: Path = (args.root / args.out) if not args.out.is_absolute() else args.out
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=target.parent))  # same file system: the swap is a rename
    # No --quiet: it hides warnings from MkDocs's counter, and --strict then passes a site with broken links.
    command = [sys.executable, "-m", "mkdocs", "build", "--strict",
               "--config-file", str(args.root / "mkdocs.yml"), "--site-dir", str(staging)]
    built: subprocess.CompletedProcess[bytes] | None = None
    try:
        built = subprocess.run(command, check=False, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    finally:
        if built is None or built.returncode != 0:
            shutil.rmtree(staging, ignore_errors=True)  # failed or interrupted: nothing half-built stays behind
    if built.returncode != 0:
        print(f"站点构建失败（mkdocs 退出码 {built.returncode}），{target} 保持不变。", file=sys.stderr)
        return 1
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    print(f"站点已生成：{target}", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    vocabularies, problems = load_vocabularies(args.root)
    if problems:
        return report(Result(None, problems), "text")
    path = args.root / SCHEMA_FILE
    path.write_text(dump_json(with_vocabularies(read_json(path), vocabularies)), encoding="utf-8")
    print(f"已更新 {SCHEMA_FILE}", file=sys.stderr)
    return 0


def _ask(label: str, check: Callable[[str], object]) -> str:
    """Ask in the terminal until ``check`` accepts the answer."""
    from caselib.contrib.scaffold import ScaffoldError

    while True:
        answer = input(f"{label}：").strip()
        try:
            check(answer)
            return answer
        except ScaffoldError as exc:
            print(f"  {exc}", file=sys.stderr)


def cmd_new(args: argparse.Namespace) -> int:
    from caselib.contrib.scaffold import ScaffoldError, check_id, check_title, create, resolve_region, write_template
    from caselib.load.data import read_regions

    if args.template:
        print(f"已更新 {write_template(args.root).relative_to(args.root)}", file=sys.stderr)
        return 0
    missing = [name for name in ("id", "title", "region") if not getattr(args, name)]
    if missing and not sys.stdin.isatty():
        print(f"缺少 {'、'.join('--' + m for m in missing)}。在终端里直接运行 new 会逐项提问；"
              "非交互运行请写全，例如：new --id yiliang-xx --title 某某项目 --region 云南省/昭通市/彝良县", file=sys.stderr)
        return 2
    regions = read_regions(args.root)
    record_id = args.id or _ask("编号（小写英文、数字和连字符，例如 yiliang-wumeng-children）", check_id)
    title = args.title or _ask("项目名称", check_title)
    region = args.region or _ask("地区（省/市/区县，可再加乡镇街道，例如 云南省/昭通市/彝良县）", lambda t: resolve_region(regions, t))
    try:
        path = create(args.root, record_id, title, region)
    except ScaffoldError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    print(f"已创建 {path.relative_to(args.root)}。请按文件里的说明填写空着的字段，然后运行 "
          f"python scripts/build_index.py check {path.relative_to(args.root)}", file=sys.stderr)
    return 0


def cmd_lint(args: argparse.Namespace) -> int:
    files = [Path(p).resolve() for p in args.files] or record_files(args.root)
    problems: list[Problem] = []
    fixed = 0
    for path in files:
        display = relative(args.root, path) if path.is_relative_to(args.root) else str(path)
        if not path.is_file():
            problems.append(Problem(display, 1, 1, "文件不存在", code="io"))
            continue
        if args.fix:
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                problems += load_file(path, display)[1]
                continue
            new, applied = fix_text(text, display)
            if new != text:
                path.write_bytes(new.encode("utf-8"))
                fixed += 1
                for fix in applied:
                    print(f"已修改 {fix.problem.format()}", file=sys.stderr)
        problems += lint_file(path, display)
    for problem in sorted(problems):
        print(_github(problem) if args.format == "github" else problem.format())
    errors = errors_only(problems)
    warnings = sum(p.severity == "warning" for p in problems)
    notes = sum(p.severity == "info" for p in problems)
    done = f"已修改 {fixed} 个文件；" if args.fix else ""
    print(f"{done}{warnings} 个警告" + (f"、{notes} 个提示（原文摘录不自动修改）" if notes else "") + "。"
          + ("" if args.fix or not warnings else "运行 python scripts/build_index.py lint --fix 可自动修改。"), file=sys.stderr)
    return 1 if errors else 0


def cmd_import_issue(args: argparse.Namespace) -> int:
    from caselib.contrib.issue_form import IssueFormError, import_issue

    body = sys.stdin.read() if args.issue == "-" else Path(args.issue).read_text(encoding="utf-8")
    try:
        path = import_issue(args.root, body, record_id=args.id, issue=args.ref or "")
    except (IssueFormError, OSError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    print(f"已写入 {path.relative_to(args.root)}", file=sys.stderr)
    return report(run(args.root, only=[path], lint=True), "text")


def cmd_write_form(args: argparse.Namespace) -> int:
    from caselib.contrib.issue_form import FORM_FILE, render_form

    path = args.root / FORM_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_form(args.root), encoding="utf-8", newline="\n")
    print(f"已更新 {FORM_FILE}", file=sys.stderr)
    return 0


def cmd_changed(args: argparse.Namespace) -> int:
    from caselib.contrib.changes import ChangesError, changed_cases, render_summary

    try:
        print(render_summary(changed_cases(args.root, args.base)), end="")
    except ChangesError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="build_index.py", description="双工案例库：校验记录、生成页面。")
    top.add_argument("--root", type=Path, default=ROOT, help="仓库根目录（默认：本仓库）")
    sub = top.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="校验全部记录和词表，有错误时退出码为 1")
    check.add_argument("files", nargs="*", help="只报告这些文件的问题（仍会读取全部记录以检查编号重复）")
    check.add_argument("--format", choices=["text", "github"], default="text",
                       help="github：输出 GitHub Actions 注解（::error file=…,line=…::）")
    check.add_argument("--no-cache", action="store_true",
                       help="不使用 .cache/caselib/ 中记住的结果，每个文件都重新检查（结果相同，只是更慢）")
    check.set_defaults(func=cmd_check)
    pages = sub.add_parser("pages", help="把生成的 Markdown 页面写到一个文件夹，便于查看")
    pages.add_argument("--out", type=Path, default=Path("build/pages"))
    pages.set_defaults(func=cmd_pages)
    site = sub.add_parser("site", help="校验后构建整个站点；构建失败时原有的 site/ 保持不变")
    site.add_argument("--out", type=Path, default=Path("site"))
    site.set_defaults(func=cmd_site)
    schema = sub.add_parser("schema", help="根据 data/vocab/*.yml 重新生成 JSON Schema 中的词表")
    schema.set_defaults(func=cmd_schema)
    new = sub.add_parser("new", help="新建一个案例记录（在终端里会逐项提问）")
    new.add_argument("--id", help="编号：小写英文字母、数字和连字符，也是文件名")
    new.add_argument("--title", help="项目名称")
    new.add_argument("--region", help="地区：省/市/区县，可再加 /乡镇街道（例如 云南省/昭通市/彝良县、"
                     "四川省/成都市/龙泉驿区/大面街道），或区划代码")
    new.add_argument("--template", action="store_true", help="（维护者）根据模板重新生成 cases/_template.yml")
    new.set_defaults(func=cmd_new)
    lint = sub.add_parser("lint", help="检查从 PDF/网页粘贴造成的乱码标点、断行等；--fix 直接改正")
    lint.add_argument("files", nargs="*", help="要检查的文件（默认：全部记录）")
    lint.add_argument("--fix", action="store_true", help="直接改正文件（只改有问题的字，其余内容原样保留）")
    lint.add_argument("--format", choices=["text", "github"], default="text")
    lint.set_defaults(func=cmd_lint)
    issue = sub.add_parser("import-issue", help="把“提交新案例”议题表单的正文转成案例记录文件")
    issue.add_argument("issue", nargs="?", help="议题正文所在的文件（- 表示从标准输入读）")
    issue.add_argument("--id", help="编号（表单里没填时必需）")
    issue.add_argument("--ref", help="议题编号或网址，写进记录开头的注释")
    issue.add_argument("--write-form", action="store_true", help="（维护者）根据词表重新生成议题表单 .github/ISSUE_TEMPLATE/new-case.yml")
    issue.set_defaults(func=lambda a: cmd_write_form(a) if a.write_form else (
        cmd_import_issue(a) if a.issue else _usage_error("import-issue 需要议题正文文件（或 - 表示标准输入）")))
    changed = sub.add_parser("changed", help="列出与 --base 相比新增、修改、删除的案例（Markdown 表格）")
    changed.add_argument("--base", required=True, help="比较的基准，例如 origin/main")
    changed.set_defaults(func=cmd_changed)
    return top


def _usage_error(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.root = args.root.resolve()
    try:
        return int(args.func(args))
    except Exception as exc:  # a bug, not bad input: every bad input has its own message (tests/build/test_bad_inputs.py)
        if os.environ.get("CASELIB_DEBUG"):
            raise
        print(f"内部错误，请报告给维护者（附上这一行和出问题的文件）：{type(exc).__name__}: {exc}\n"
              "设置环境变量 CASELIB_DEBUG=1 再运行可以看到完整的出错位置。(internal error)", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
