"""Command line: a thin adapter over the pipeline.

    python scripts/build_index.py check            # validate everything; exit 1 on any error
    python scripts/build_index.py check --format github   # as GitHub annotations (CI)
    python scripts/build_index.py pages --out build/pages # write the generated Markdown for inspection
    python scripts/build_index.py site             # validate, then build site/ atomically (temp folder + swap)
    python scripts/build_index.py schema           # regenerate the vocabulary enums in the JSON Schema
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from caselib.outputs import render_assets
from caselib.pipeline import SCHEMA_FILE, Result, load_vocabularies, run
from caselib.problems import Problem, errors_only
from caselib.render import render_pages, write_pages
from caselib.schema import dump_json, read_json, with_vocabularies

ROOT = Path(__file__).resolve().parents[2]


def _github(problem: Problem) -> str:
    kind = "error" if problem.severity == "error" else "warning"
    text = problem.format().split(": ", 1)[1].replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{kind} file={problem.path},line={problem.line},col={problem.col},title={problem.code}::{text}"


def report(result: Result, fmt: str, out: object = sys.stdout) -> int:
    """Print every problem and a summary line; return the exit code."""
    for problem in result.problems:
        print(_github(problem) if fmt == "github" else problem.format(), file=out)  # type: ignore[call-overload]
    errors = errors_only(result.problems)
    warnings = len(result.problems) - len(errors)
    if errors:
        print(f"\n发现 {len(errors)} 个错误、{warnings} 个警告。请按上面每行开头的“文件:行:列”逐一修改。"
              f"（{len(errors)} error(s))", file=sys.stderr)
        return 1
    count = len(result.library.cases) if result.library else 0
    print(f"通过：{count} 个案例记录全部有效{f'，{warnings} 个警告' if warnings else ''}。({count} records OK)",
          file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    only = [Path(p) for p in args.files] if args.files else None
    return report(run(args.root, only=only), args.format)


def cmd_pages(args: argparse.Namespace) -> int:
    result = run(args.root)
    if not result.ok or result.library is None:
        return report(result, "text")
    out: Path = args.out
    if out.exists():
        shutil.rmtree(out)
    pages = render_pages(result.library)
    write_pages(pages, out)
    for rel, data in render_assets(result.library).items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    print(f"已生成 {len(pages)} 个页面到 {out}", file=sys.stderr)
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    """Build the site into a temporary folder and swap it in only when the whole build succeeded."""
    result = run(args.root)
    if not result.ok:
        return report(result, "text")
    target: Path = (args.root / args.out) if not args.out.is_absolute() else args.out
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=target.parent))
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
               "--config-file", str(args.root / "mkdocs.yml"), "--site-dir", str(staging)]
    built = subprocess.run(command, check=False, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if built.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
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


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="build_index.py", description="双工案例库：校验记录、生成页面。")
    top.add_argument("--root", type=Path, default=ROOT, help="仓库根目录（默认：本仓库）")
    sub = top.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="校验全部记录和词表，有错误时退出码为 1")
    check.add_argument("files", nargs="*", help="只报告这些文件的问题（仍会读取全部记录以检查编号重复）")
    check.add_argument("--format", choices=["text", "github"], default="text",
                       help="github：输出 GitHub Actions 注解（::error file=…,line=…::）")
    check.set_defaults(func=cmd_check)
    pages = sub.add_parser("pages", help="把生成的 Markdown 页面写到一个文件夹，便于查看")
    pages.add_argument("--out", type=Path, default=Path("build/pages"))
    pages.set_defaults(func=cmd_pages)
    site = sub.add_parser("site", help="校验后构建整个站点；构建失败时原有的 site/ 保持不变")
    site.add_argument("--out", type=Path, default=Path("site"))
    site.set_defaults(func=cmd_site)
    schema = sub.add_parser("schema", help="根据 data/vocab/*.yml 重新生成 JSON Schema 中的词表")
    schema.set_defaults(func=cmd_schema)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.root = args.root.resolve()
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
