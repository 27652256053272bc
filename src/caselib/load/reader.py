"""Stage 1 of the pipeline: load YAML files into plain values with positions.

Why not ``yaml.safe_load``: it forgets where each value came from, silently
keeps the last of two duplicate keys, and expands aliases (a "billion laughs"
file can eat all memory). Here libyaml's C parser turns the text into a
stream of events, and a small loop (no recursion: a file of 100,000 nested
brackets must not crash the interpreter) builds plain Python values while it

* records the position of every value and every mapping key,
* reports duplicate keys instead of dropping one,
* refuses aliases (``*name``) without expanding them, at the alias,
* refuses explicit tags (``!!python/object`` …): nothing in a record is ever
  constructed beyond text, numbers, true/false, null and dates,
* stops at ``MAX_DEPTH`` levels of nesting,
* turns YAML dates into ISO strings (contributors write ``updated: 2025-06-13``).

Before parsing, the bytes are checked for size, encoding (GBK, UTF-16, BOM)
and the characters YAML cannot read (tabs in indentation, control
characters), each reported at its line and column with how to fix it.
``fastpath.fast_load`` builds the same values for files with nothing to
report; a new check here that fires on a file libyaml reads without error
must make the fast path send such files here (see its docstring).

Run it on one file to see what it reads::

    python -m caselib.load.reader cases/yunnan/yiliang-county-shuanggong.yml
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from yaml import constructor, events, nodes, resolver

from caselib.problems import Problem

try:  # libyaml is in the PyYAML wheels; the pure-Python parser is the fallback
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover
    _CParser = None

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 50  # a record needs about 5 levels
PathKey = tuple[str | int, ...]

_RESOLVER = resolver.Resolver()
_CONSTRUCTOR = constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
# Characters YAML 1.1 does not allow anywhere in a file (tab, LF, CR and NEL are allowed).
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_YAML_MESSAGES = {  # libyaml's problem (or context) text -> what to do, in Chinese
    "mapping values are not allowed": (
        "这里不能出现“键: 值”。常见原因：文字里有半角冒号“: ”，或缩进不对。请给整段文字加引号，或改用全角冒号“：”"),
    "could not find expected ':'": "缺少冒号“:”。每个字段应写成“字段名: 值”；如果是多行文字，请用“|”并缩进",
    "found character that cannot start any token": "这里有一个 YAML 不允许的字符（例如 @、` 或制表符开头）。请给这段文字加引号",
    "did not find expected key": "缩进不对齐，或上一行的引号没有闭合。请检查这一行与上一行的缩进",
    "did not find expected '-' indicator": "列表缩进不对齐。列表的每一项都应以同样缩进的“- ”开头",
    "found undefined alias": "用了未定义的别名（*名称）。本项目不支持锚点和别名，请直接写出内容",
    "found invalid Unicode character escape code": "双引号里的 \\u 转义不是有效的字符。请直接写出这个字，或改用单引号",
    "found unknown escape character": "双引号里有无效的反斜杠转义。请改用单引号，或删掉反斜杠",
    "while scanning a quoted scalar": "引号没有闭合：从这里开始的引号到文件末尾都没有结束。请补上另一半引号",
    "found unexpected end of stream": "文件意外结束：可能有引号没有闭合",
    "expected <document start>, but found '<block mapping start>'": "文件里有多余的内容或缩进错误",
    "while parsing a block mapping": "缩进不对齐",
}
_AT_CONTEXT = ("while scanning a quoted scalar",)  # errors best shown where their context starts (the opening quote)


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
    # True when the file's text has no invisible character and no escape (\\): then no value can hold one,
    # and the per-value search for them (a tenth of validation at 10,000 records) is skipped.
    no_invisible: bool = False

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
    """Bytes to text, or a problem that says which encoding it looks like and how to re-save it."""
    save_as = "请用 VS Code 或记事本“另存为”，编码选择“UTF-8”后再提交"
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [
            Problem(display, 1, 1, "文件以 UTF-8 BOM（EF BB BF）开头。请在编辑器里另存为“UTF-8”（不带 BOM），"
                    "或运行 python scripts/build_index.py lint --fix 去掉它", code="bom")
        ]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(display, 1, 1, f"文件是 UTF-16 编码（记事本里叫“Unicode”），不是 UTF-8。{save_as}", code="encoding")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line, col = _line_of_offset(raw, exc.start)
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line_end = raw.find(b"\n", exc.start)
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            return None, [Problem(display, line, col, f"文件不是 UTF-8 编码，第一个无法按 UTF-8 读取的字节"
                                  f"（0x{raw[exc.start]:02X}）在这里。{save_as}", code="encoding")]
        shown = raw[line_start:line_end if line_end >= 0 else len(raw)].decode("gb18030").strip()
        col = len(raw[line_start:exc.start].decode("gb18030", errors="replace")) + 1
        return None, [
            Problem(display, line, col, f"文件看起来是 GBK/GB18030 编码（Windows 记事本或 Word 的默认设置），不是 UTF-8："
                    f"第 {line} 行按 GBK 读出来是「{_clip(shown, 40)}」。{save_as}", code="encoding")
        ]


def _clip(text: str, width: int = 30) -> str:
    """``text`` shortened for a message: a contributor's 100,000 characters must not fill the terminal."""
    return text if len(text) <= width else f"{text[:width]}…（共 {len(text)} 字）"


clip = _clip


def _scan_text(text: str, display: str) -> list[Problem]:
    """Problems libyaml reports badly: tabs used for indentation, characters YAML refuses."""
    problems = []
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        char = bad.group(0)
        name = unicodedata.name(char, "") or _CONTROL_NAMES.get(ord(char), "控制字符")
        problems.append(Problem(display, line, col, f"这里有一个 YAML 不允许的控制字符 U+{ord(char):04X}（{name}），"
                                "常见于从 PDF 或 Word 粘贴的文字。请删除它（python scripts/build_index.py lint --fix 可自动删除）",
                                code="control-char"))
    for number, line_text in enumerate(text.split("\n"), start=1):
        indent = re.match(r"[ \t]*", line_text).group(0)  # type: ignore[union-attr]
        if "\t" in indent and line_text.strip():
            problems.append(Problem(display, number, indent.index("\t") + 1,
                                    "缩进里有制表符（Tab）。YAML 只能用空格缩进，请把 Tab 换成两个空格",
                                    code="tab-indent"))
    return problems


_OPEN_QUOTE = re.compile(r"""^\s*(?:-\s+)*(?:[^\s:#'"][^:#]*:\s+)?(["'])""")


def _unclosed_quote(text: str, error_line: int) -> tuple[int, int] | None:
    """(line, column) of a value whose opening quote is not closed on its line, before ``error_line``."""
    for number, line in enumerate(text.split("\n")[:error_line - 1], start=1):
        found = _OPEN_QUOTE.match(line)
        if not found:
            continue
        rest = line[found.end():]
        closed = re.search(r'(?<!\\)(?:\\\\)*"', rest) if found.group(1) == '"' else "'" in rest.replace("''", "")
        if not closed:
            return number, found.start(1) + 1
    return None


_CONTROL_NAMES = {0: "NULL", 7: "BEL", 8: "BACKSPACE", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED", 0x1B: "ESCAPE",
                  0x7F: "DELETE", 0xFFFE: "非字符", 0xFFFF: "非字符"}


def _yaml_error(exc: yaml.YAMLError, display: str, text: str = "") -> Problem:
    problem = (getattr(exc, "problem", None) or str(exc)).strip()
    context = (getattr(exc, "context", None) or "").strip()
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if context.startswith(_AT_CONTEXT) and getattr(exc, "context_mark", None) is not None:
        mark = exc.context_mark  # type: ignore[attr-defined]
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    quote = _unclosed_quote(text, line)
    if quote is not None:  # a quote left open reads on into later lines, and YAML only notices there
        return Problem(display, *quote, f"引号没有闭合：这里开始的引号在本行没有结束，YAML 一直读到第 {line} 行才出错。"
                       f"请补上另一半引号。（YAML: {problem}）", code="yaml-syntax")
    chinese = next((zh for en, zh in _YAML_MESSAGES.items() if problem.startswith(en) or context.startswith(en)),
                   "YAML 格式错误")
    return Problem(display, line, col, f"{chinese}。（YAML: {problem}）", code="yaml-syntax")


class _Builder:
    """Turns libyaml's event stream into values, positions and problems, without recursion.

    Events rather than ``yaml.compose``: the composer is recursive C code that
    crashes the interpreter on a few hundred thousand nested brackets, and a
    node tree forgets where an alias was written. A stack holds the open
    mappings and sequences as ``[value, path, pending key]`` (``None``: a key
    comes next; ``_SKIP``: the next value is dropped).
    """

    def __init__(self, display: str, next_event: Callable[[], Any]) -> None:
        self.display = display
        self.next_event = next_event
        self.result = Loaded(display, None)
        self.problems: list[Problem] = []
        self.aliases: list[tuple[Any, PathKey]] = []
        self.first_lines: dict[int, dict[str, int]] = {}
        self.fatal = False  # a problem after which the values are not worth checking

    def add(self, event: Any, message: str, code: str, path: PathKey = ()) -> None:
        line, col = _at(event)
        self.problems.append(Problem(self.display, line, col, message, field=_dotted(path), code=code))

    def build(self) -> Any:
        self.next_event()  # StreamStart
        if isinstance(self.next_event(), events.StreamEndEvent):
            return _EMPTY
        stack: list[list[Any]] = []
        while True:
            event = self.next_event()
            kind = type(event)
            top = stack[-1] if stack else None
            if top is not None and top[2] is None and type(top[0]) is dict:  # a key, or the mapping's end
                if kind is events.MappingEndEvent:
                    value = stack.pop()[0]
                    if not stack:
                        return self.finish(value)
                    self.place(stack[-1], value)
                else:
                    self.key(event, top, len(stack))
                continue
            if top is not None and top[2] is _SKIP:  # the value of a duplicate or refused key
                self.skip(event, len(stack))
                top[2] = None
                continue
            if kind is events.SequenceEndEvent:
                value = stack.pop()[0]
                if not stack:
                    return self.finish(value)
                self.place(stack[-1], value)
                continue
            path = self.child_path(top)
            if kind is events.ScalarEvent:
                value = self.scalar(event, path)
            elif kind is events.AliasEvent:
                self.aliases.append((event, path))
                value = None
            elif kind is events.MappingStartEvent or kind is events.SequenceStartEvent:
                if len(stack) >= MAX_DEPTH:
                    self.too_deep(event, path)
                self.tag(event, path)
                self.result.positions[path] = _at(event)
                stack.append([{} if kind is events.MappingStartEvent else [], path, None])
                continue
            else:  # pragma: no cover - libyaml sends nothing else inside a document
                raise AssertionError(event)
            if not stack:
                return self.finish(value)
            self.place(stack[-1], value)

    def finish(self, root: Any) -> Any:
        """After the document's root: a second document is a problem."""
        self.next_event()  # DocumentEnd
        after = self.next_event()
        if isinstance(after, events.DocumentStartEvent):
            self.add(after, "一个文件只能写一条记录，这里出现了第二个文档（---）。请把另一条记录放到单独的文件里。"
                            "（YAML: but found another document）", "yaml-syntax")
            self.fatal = True
        return root

    @staticmethod
    def child_path(top: list[Any] | None) -> PathKey:
        if top is None:
            return ()
        return (*top[1], len(top[0])) if type(top[0]) is list else (*top[1], top[2])

    @staticmethod
    def place(top: list[Any], value: Any) -> None:
        if type(top[0]) is list:
            top[0].append(value)
        else:
            top[0][top[2]] = value
            top[2] = None

    def key(self, event: Any, top: list[Any], depth: int) -> None:
        mapping, path = top[0], top[1]
        if (type(event) is not events.ScalarEvent or event.tag not in (None, "!", _STR)
                or (event.value == "<<" and not event.style and event.tag is None)):
            self.add(event, "字段名必须是普通文字（不支持合并键 << 或复杂键）", "bad-key", path)
            self.skip(event, depth)
            top[2] = _SKIP
            return
        key = str(event.value)
        first = self.first_lines.setdefault(id(mapping), {})
        if key in first:
            self.add(event, f"字段「{_clip(key)}」重复出现（第 {first[key]} 行已经有一个）。YAML 只会保留后一个，请删除或合并其中一个",
                     "duplicate-key", (*path, key))
            top[2] = _SKIP
            return
        first[key] = event.start_mark.line + 1
        self.result.key_positions[(*path, key)] = _at(event)
        top[2] = key

    def skip(self, event: Any, depth: int) -> None:
        """Read past one value (``event`` is its first event) without building it; aliases in it still count."""
        level = 0
        while True:
            kind = type(event)
            if kind is events.MappingStartEvent or kind is events.SequenceStartEvent:
                level += 1
                if level + depth > MAX_DEPTH:
                    self.too_deep(event, ())
            elif kind is events.MappingEndEvent or kind is events.SequenceEndEvent:
                level -= 1
            elif kind is events.AliasEvent:
                self.aliases.append((event, ()))
            if level == 0:
                return
            event = self.next_event()

    def too_deep(self, event: Any, path: PathKey) -> None:
        self.add(event, f"嵌套太深（超过 {MAX_DEPTH} 层）。案例记录最多只需要几层缩进，请检查是否多了括号 [ {{", "too-deep", path[:1])
        raise _Stop

    def tag(self, event: Any, path: PathKey) -> bool:
        """Report an explicit tag other than the plain types (``!!python/…``, ``!foo``); True if there was one."""
        tag = event.tag
        if tag in (None, "!") or tag in _PLAIN_TAGS:
            return False
        shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
        self.add(event, f"不支持 YAML 标签「{_clip(shown, 60)}」。请删掉它，直接写内容", "yaml-tag", path)
        self.fatal = True
        return True

    def scalar(self, event: Any, path: PathKey) -> Any:
        self.result.positions[path] = _at(event)
        if self.tag(event, path):
            return None
        tag = event.tag
        if tag in (None, "!"):
            if event.style or not event.implicit[0]:  # quoted and block scalars are text
                return event.value
            tag = _RESOLVER.resolve(nodes.ScalarNode, event.value, (True, False))
        if tag == _STR:
            return event.value
        if not event.style:
            self.result.plain[path] = event.value
        node = nodes.ScalarNode(tag, event.value, event.start_mark, event.end_mark, "")
        try:
            value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
        except (ValueError, OverflowError, yaml.YAMLError) as exc:
            if tag == _TIMESTAMP:  # 2025-02-30: kept as written; validate.py says it is not a real date
                return event.value
            self.add(event, _unreadable(tag, event.value, exc), "yaml-value", path)
            self.fatal = True
            return None
        if isinstance(value, datetime | date):
            return value.isoformat()
        return value


def _unreadable(tag: str, text: str, exc: Exception) -> str:
    kind = {"int": "整数", "float": "小数", "bool": "true/false 值", "null": "空值"}.get(tag.rsplit(":", 1)[-1], "值")
    digits = sum(c.isdigit() for c in text)
    why = f"数字太长：{digits} 位" if digits > 100 else _clip(str(exc), 60)
    if kind in ("整数", "小数"):
        return f"无法把这个值读成{kind}（{why}）。请只写合理的数字"
    return f"无法把这个值读成{kind}（{why}）。请给它加引号"


_EMPTY = object()
_SKIP = object()


class _Stop(Exception):
    """Stop reading a file: a problem after which nothing more is useful (e.g. nesting too deep)."""


def _at(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


dotted = _dotted


def load_text(text: str, display: str) -> tuple[Loaded | None, list[Problem]]:
    """Values, positions and problems of one YAML text; ``None`` when it cannot be read as a record."""
    problems = _scan_text(text, display)
    if problems:
        return None, problems
    builder = _Builder(display, _parser(text))
    try:
        data = builder.build()
    except _Stop:
        return None, builder.problems
    except yaml.YAMLError as exc:
        return None, [_yaml_error(exc, display, text)]
    if data is _EMPTY or (data is None and not builder.problems and not builder.aliases):
        return None, [Problem(display, 1, 1, "文件是空的。请从 cases/_template.yml 复制模板开始填写", code="empty-file")]
    if builder.aliases:
        event, path = builder.aliases[0]
        count = len(builder.aliases)
        more = f"这个文件共有 {count} 处别名，这是第一处。" if count > 1 else ""
        builder.add(event, f"不支持 YAML 的锚点和别名（&名称 / *名称）。{more}请把内容直接写出来", "alias", path)
        builder.fatal = True
    if builder.fatal:
        return None, sorted(builder.problems)
    builder.result.data = data
    return builder.result, builder.problems


def _parser(text: str) -> Callable[[], Any]:
    """A function returning the next parse event of ``text`` (libyaml when available)."""
    if _CParser is not None:
        return _CParser(text).get_event
    return yaml.SafeLoader(text).get_event  # pragma: no cover - PyYAML without libyaml


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
