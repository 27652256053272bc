"""Which case records a branch adds, changes or removes, as a Markdown table for a pull request's job summary.

Git says which files under ``cases/`` differ between the merge base of
``--base`` and the working tree's HEAD; each record's id and title are read
from the file (for a removed one, from the base revision).

    python scripts/build_index.py changed --base origin/main >> "$GITHUB_STEP_SUMMARY"
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from jinja2 import Environment, PackageLoader, StrictUndefined

from caselib.load.reader import read

KINDS = {"A": "新增", "M": "修改", "D": "删除", "R": "修改"}


class ChangesError(Exception):
    """Git could not compare the revisions; the message is for the contributor, in Chinese."""


@dataclass(frozen=True)
class Change:
    kind: str  # 新增 / 修改 / 删除
    path: str
    id: str
    title: str
    old_path: str = ""


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ChangesError(f"git {' '.join(args)} 失败：{done.stderr.strip()}。"
                           "请确认 --base 指向存在的分支或提交（CI 里 checkout 需要 fetch-depth: 0）")
    return done.stdout


def _is_record(path: str) -> bool:
    pure = PurePosixPath(path)
    return pure.parts[:1] == ("cases",) and pure.suffix in (".yml", ".yaml") and not pure.name.startswith("_")


def _describe(text: str | None, path: str) -> tuple[str, str]:
    """(id, title) of a record's text; the file name and "（无法读取）" when it is not valid YAML."""
    stem = PurePosixPath(path).stem
    loaded, problems = read(text or "", path)
    if loaded is None and any(p.code != "empty-file" for p in problems):
        return stem, "（YAML 格式有误，无法读取标题）"
    data = loaded.data if loaded is not None else None
    if not isinstance(data, dict):
        return stem, "（无法读取标题）"
    return str(data.get("id") or stem), str(data.get("title") or "（没有标题）")


def changed_cases(root: Path, base: str) -> list[Change]:
    merge_base = _git(root, "merge-base", base, "HEAD").strip()
    listing = _git(root, "diff", "--name-status", "-M", "-z", merge_base, "HEAD", "--", "cases")
    fields = listing.split("\0")
    changes: list[Change] = []
    i = 0
    while i < len(fields) - 1:
        status = fields[i]
        if status.startswith("R"):
            old, new = fields[i + 1], fields[i + 2]
            i += 3
        else:
            old = new = fields[i + 1]
            i += 2
        if not (_is_record(new) or _is_record(old)):
            continue
        letter = status[:1]
        text = _git(root, "show", f"{merge_base}:{old}" if letter == "D" else f"HEAD:{new}")
        record_id, title = _describe(text, new)
        changes.append(Change(KINDS.get(letter, "修改"), new, record_id, title, old if old != new else ""))
    order = {"新增": 0, "修改": 1, "删除": 2}
    return sorted(changes, key=lambda c: (order[c.kind], c.path))


def _cell(value: str) -> str:
    """Text safe inside a Markdown table cell: no pipes, line breaks or HTML."""
    return (str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
            .replace("<", "&lt;").replace(">", "&gt;").replace("`", "'"))


def render_summary(changes: list[Change]) -> str:
    env = Environment(loader=PackageLoader("caselib.contrib", "templates"), autoescape=False, undefined=StrictUndefined,
                      comment_start_string="{##", comment_end_string="##}",
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["cell"] = _cell
    counts = {kind: sum(c.kind == kind for c in changes) for kind in ("新增", "修改", "删除")}
    return env.get_template("changes.md.j2").render(changes=changes, counts=counts)
