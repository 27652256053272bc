"""Stage 1 of the pipeline: load YAML files into plain values with positions.

Why not ``yaml.safe_load``: it forgets where each value came from, silently
keeps the last of two duplicate keys, and expands aliases (a "billion laughs"
file can eat all memory). Here libyaml's C parser (``CSafeLoader``) composes
the node tree, which keeps a line and column for every node, and a small walk
turns nodes into plain Python values while it

* records the position of every value and every mapping key,
* reports duplicate keys instead of dropping one,
* refuses aliases (``*name``) without expanding them,
* turns YAML dates into ISO strings (contributors write ``updated: 2025-06-13``).

Run it on one file to see what it reads::

    python -m caselib.load cases/yunnan/yiliang-county-shuanggong.yml
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from caselib.problems import Problem

try:  # libyaml is in the PyYAML wheels; the pure-Python loader is the fallback
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 512 * 1024
PathKey = tuple[str | int, ...]

_YAML_MESSAGES = {  # libyaml's problem text -> what to do, in Chinese
    "mapping values are not allowed": (
        "这里不能出现“键: 值”。常见原因：文字里有半角冒号“: ”，或缩进不对。请给整段文字加引号，或改用全角冒号“：”"),
    "could not find expected ':'": "缺少冒号“:”。每个字段应写成“字段名: 值”；如果是多行文字，请用“|”并缩进",
    "found character that cannot start any token": "这里有一个 YAML 不允许的字符（例如 @、` 或制表符开头）。请给这段文字加引号",
    "did not find expected key": "缩进不对齐，或上一行的引号没有闭合。请检查这一行与上一行的缩进",
    "did not find expected '-' indicator": "列表缩进不对齐。列表的每一项都应以同样缩进的“- ”开头",
    "found undefined alias": "用了未定义的别名（*名称）。本项目不支持锚点和别名，请直接写出内容",
    "found unexpected end of stream": "文件意外结束：可能有引号没有闭合",
    "found unknown escape character": "双引号里有无效的反斜杠转义。请改用单引号，或删掉反斜杠",
    "expected <document start>, but found '<block mapping start>'": "文件里有多余的内容或缩进错误",
    "while scanning a quoted scalar": "引号没有闭合",
    "while parsing a block mapping": "缩进不对齐",
}


@dataclass
class Loaded:
    """A YAML file read into plain values, with the position of each value.

    ``positions[path]`` is the (line, column) of the value at ``path`` (a
    tuple of keys and list indexes; ``()`` is the document), ``key_positions``
    the same for the key that introduces it. Lines and columns start at 1.
    ``plain`` holds the paths of unquoted scalars with their source text, so a
    type error can say "YAML read your unquoted ``no`` as false".
    """

    path: str
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    plain: dict[PathKey, str] = field(default_factory=dict)

    def position(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        """Best position for ``path``: its key or value, else the nearest parent."""
        table = self.key_positions if key else self.positions
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))


def _line_of_offset(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


def decode(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text, or a problem that says which encoding it looks like."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [
            Problem(display, 1, 1, "文件以 UTF-8 BOM（EF BB BF）开头。请在编辑器里另存为“UTF-8”（不带 BOM），"
                    "或运行 python scripts/build_index.py lint --fix 去掉它", code="bom")
        ]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line, col = _line_of_offset(raw, exc.start)
        hint = "文件不是 UTF-8 编码"
        try:
            raw.decode("gb18030")
            hint = "文件看起来是 GBK/GB18030 编码（Windows 记事本或 Word 的默认设置）"
        except UnicodeDecodeError:
            pass
        return None, [
            Problem(display, line, col, f"{hint}，第一个无法按 UTF-8 读取的字节在这里。"
                    "请用 VS Code 或记事本“另存为”，编码选择“UTF-8”后再提交", code="encoding")
        ]


def _scan_text(text: str, display: str) -> list[Problem]:
    """Problems libyaml reports badly: tabs used for indentation."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        indent = re.match(r"[ \t]*", line).group(0)  # type: ignore[union-attr]
        if "\t" in indent and line.strip():
            problems.append(Problem(display, number, indent.index("\t") + 1,
                                    "缩进里有制表符（Tab）。YAML 只能用空格缩进，请把 Tab 换成两个空格",
                                    code="tab-indent"))
    return problems


def _yaml_error(exc: yaml.YAMLError, display: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = (getattr(exc, "problem", None) or str(exc)).strip()
    context = (getattr(exc, "context", None) or "").strip()
    chinese = next((zh for en, zh in _YAML_MESSAGES.items() if problem.startswith(en) or context.startswith(en)),
                   "YAML 格式错误")
    return Problem(display, line, col, f"{chinese}。（YAML: {problem}）", code="yaml-syntax")


class _Walker:
    """Turns a composed node tree into values, positions and problems."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.constructor = yaml.constructor.SafeConstructor()
        self.result = Loaded(display, None)
        self.problems: list[Problem] = []
        self.seen: set[int] = set()

    def at(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def walk(self, node: yaml.Node, path: PathKey) -> Any:
        if id(node) in self.seen:
            line, col = self.at(node)
            self.problems.append(Problem(self.display, line, col,
                                         "不支持 YAML 的锚点和别名（&名称 / *名称）。请把内容直接写出来",
                                         field=_dotted(path), code="alias"))
            return None
        self.seen.add(id(node))
        self.result.positions[path] = self.at(node)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(child, (*path, i)) for i, child in enumerate(node.value)]
        return self.scalar(node, path)

    def mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                line, col = self.at(key_node)
                self.problems.append(Problem(self.display, line, col,
                                             "字段名必须是普通文字（不支持合并键 << 或复杂键）",
                                             field=_dotted(path), code="bad-key"))
                continue
            key = str(key_node.value)
            if key in first_line:
                line, col = self.at(key_node)
                self.problems.append(Problem(
                    self.display, line, col,
                    f"字段「{key}」重复出现（第 {first_line[key]} 行已经有一个）。YAML 只会保留后一个，请删除或合并其中一个",
                    field=_dotted((*path, key)), code="duplicate-key"))
                continue
            first_line[key] = key_node.start_mark.line + 1
            self.result.key_positions[(*path, key)] = self.at(key_node)
            out[key] = self.walk(value_node, (*path, key))
        return out

    def scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        value = self.constructor.construct_object(node, deep=True)
        if not node.style and node.tag != "tag:yaml.org,2002:str":  # libyaml gives "" for plain scalars
            self.result.plain[path] = node.value
        if isinstance(value, datetime | date):
            return value.isoformat()
        if isinstance(value, bytes):  # !!binary
            return node.value
        return value


def _dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


dotted = _dotted


def load_text(text: str, display: str) -> tuple[Loaded | None, list[Problem]]:
    problems = _scan_text(text, display)
    if problems:
        return None, problems
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        return None, [_yaml_error(exc, display)]
    if node is None:
        return None, [Problem(display, 1, 1, "文件是空的。请从 cases/_template.yml 复制模板开始填写", code="empty-file")]
    walker = _Walker(display)
    try:
        data = walker.walk(node, ())
    except (yaml.YAMLError, ValueError, OverflowError) as exc:  # e.g. an impossible date 2025-02-30
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Problem(display, line, col, f"无法读取这个值：{exc}。请给它加引号", code="yaml-value")]
    walker.result.data = data
    return walker.result, walker.problems


def load_file(path: Path, display: str) -> tuple[Loaded | None, list[Problem]]:
    """Read one YAML file: encoding, size, syntax and structure problems come back as problems."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 1, 1, f"无法读取文件：{exc.strerror}", code="io")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(display, 1, 1, f"文件太大（{len(raw) // 1024} KB，上限 {MAX_FILE_BYTES // 1024} KB）。"
                              "一个案例记录通常只有几 KB，请检查是否误粘贴了整篇文档", code="file-too-large")]
    text, problems = decode(raw, display)
    if text is None:
        return None, problems
    return load_text(text, display)


if __name__ == "__main__":  # pragma: no cover - a debugging aid
    loaded, found = load_file(Path(sys.argv[1]), sys.argv[1])
    for problem in found:
        print(problem.format())
    if loaded:
        print(loaded.data)
