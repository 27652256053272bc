"""The one YAML reader: libyaml's events turned into plain values, with positions and spans when asked for.

Why not ``yaml.safe_load``: it forgets where each value came from, silently keeps the last of two
duplicate keys, and expands aliases (a "billion laughs" file can eat all memory). Here libyaml's C
parser turns the text into a stream of events and ``_Reader`` builds plain Python values from them.
It never builds a node tree (``yaml.compose`` is recursive C code that crashes the interpreter on a
few hundred thousand nested brackets); its own recursion stops at ``MAX_DEPTH`` levels. While it reads
it

* refuses aliases (``*name``) without expanding them, at the alias,
* reports duplicate keys instead of dropping one, and keys that are not plain text (merge keys ``<<``,
  lists as keys),
* refuses explicit tags (``!!python/object`` …): nothing in a record is ever constructed beyond text,
  numbers, true/false, null and dates,
* stops at ``MAX_DEPTH`` levels of nesting,
* turns YAML dates into ISO strings (contributors write ``updated: 2025-06-13``).

One walk over the events, three views of it (what each keeps is the only difference):

``read(text, display)``
    values, the (line, column) of every value and key, the source text of unquoted non-text scalars
    (so that a type error can say "YAML read your unquoted ``no`` as false"), and every problem, each
    in Chinese at its position. The full path: ``load.files.load_file`` uses it.
``values(text)``
    the values alone, for a file with nothing to report: it raises ``Unusual`` at the first thing
    ``read`` would report, and at what validation needs the positions for (an explicit tag, a whole
    number not written in decimal, an impossible date, an empty document). Valid records are nearly
    all of them, so this is the fast path of ``check`` at 10,000 records (issue 6); its values equal
    ``read``'s (``tests/unit/test_fastpath.py``, ``tests/unit/test_properties.py``).
``spans(text)``
    where each scalar value (not a key) is in the text, with its field path, or ``None`` when the text
    is not one readable document: what ``validate.lint`` looks at.

A new check belongs in ``_Reader``; if it reports something, ``values`` refuses that file through
``_Reader.report`` without further work.

See what it reads of one file::

    python scripts/explore.py load cases/yunnan/yiliang-county-shuanggong.yml
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import yaml
from yaml import constructor, events, nodes, resolver

from caselib.problems import PathKey, Problem, clip, dotted

try:  # libyaml is in the PyYAML wheels; the pure-Python parser is the fallback
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover
    _CParser = None

MAX_DEPTH = 50  # a record needs about 5 levels
STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}"
                       for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq"))
KEY_TAGS = (None, "!", STR)  # a mapping key must be text
DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9_]*)")  # how a person writes a whole number; YAML also reads 010, 0x1F, 1:20

_CONSTRUCTOR = constructor.SafeConstructor()
_RESOLVER = resolver.Resolver()
assert not _RESOLVER.yaml_path_resolvers
# SafeLoader's implicit types by the first character of a plain scalar (``Resolver.resolve``, without its call)
_WILDCARD = list(_RESOLVER.yaml_implicit_resolvers.get(None, []))
_IMPLICIT = {first: list(found) + _WILDCARD for first, found in _RESOLVER.yaml_implicit_resolvers.items()
             if first is not None}

_SCALAR, _ALIAS = events.ScalarEvent, events.AliasEvent
_MAPPING_START, _MAPPING_END = events.MappingStartEvent, events.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = events.SequenceStartEvent, events.SequenceEndEvent

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
_OPEN_QUOTE = re.compile(r"""^\s*(?:-\s+)*(?:[^\s:#'"][^:#]*:\s+)?(["'])""")


@dataclass
class Loaded:
    """A YAML file read into plain values, with the position of each value.

    ``positions[path]`` is the (line, column) of the value at ``path`` (a tuple of keys and list
    indexes; ``()`` is the document), ``key_positions`` the same for the key that introduces it.
    Lines and columns start at 1. ``plain`` holds the paths of unquoted non-text scalars with their
    source text.
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


@dataclass(frozen=True)
class Span:
    """Where one scalar value is in the text (``text[start:end]``, the quotes included), and its field path."""

    start: int
    end: int
    path: PathKey


class Unusual(Exception):
    """``values``: the file has something to report, or needs positions (it may be fine: ``read`` decides)."""


class _Stop(Exception):
    """Stop reading: a problem after which nothing more is useful (nesting too deep)."""


class _Unreadable(Exception):
    """``spans``: not one document that ``yaml.compose`` would build (second document, undefined alias …)."""


_EMPTY = object()  # the stream has no document at all


class _Reader:
    """One walk over the events of one text. Which of positions, spans and problems it keeps is set here.

    ``track``: positions, key positions and plain scalars (``read``); ``fast``: every problem raises
    ``Unusual`` at once (``values``); ``spans``: the span of every scalar value (``spans``). The value
    of a duplicate key, and a key that is not text with its value, are skipped (``skip``) unless spans
    are kept: the lint looks at them too.
    """

    def __init__(self, text: str, display: str = "", *, track: bool = False, fast: bool = False,
                 spans: bool = False) -> None:
        self.next_event = _parser(text)
        self.display = display
        self.fast = fast
        self.result = Loaded(display, None)
        self.positions = self.result.positions if track else None
        self.key_positions = self.result.key_positions
        self.plain = self.result.plain if track else None
        self.spans: list[Span] | None = [] if spans else None
        self.anchors: set[str] | None = set() if spans else None  # compose refuses a repeated or unknown anchor
        self.marking = track or spans  # a path and a mark are kept for each value
        self.problems: list[Problem] = []
        self.aliases: list[tuple[Any, PathKey]] = []
        self.fatal = False  # a problem after which the values are not worth checking

    # -- problems -------------------------------------------------------------------------------------

    def report(self, event: Any, message: str, code: str, path: PathKey = (), *, fatal: bool = False) -> None:
        if self.fast:
            raise Unusual(code)
        line, col = _at(event)
        self.problems.append(Problem(self.display, line, col, message, field=dotted(path), code=code))
        self.fatal = self.fatal or fatal

    def too_deep(self, event: Any, path: PathKey) -> None:
        self.report(event, f"嵌套太深（超过 {MAX_DEPTH} 层）。案例记录最多只需要几层缩进，请检查是否多了括号 [ {{",
                    "too-deep", path[:1])
        raise _Stop

    def bad_tag(self, event: Any, path: PathKey) -> bool:
        """Report an explicit tag other than the plain types (``!!python/…``, ``!foo``); True if there was one."""
        tag = event.tag
        if tag is None or tag == "!" or (tag in PLAIN_TAGS and not self.fast):
            return False
        if self.fast:
            raise Unusual("tag")
        shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
        self.report(event, f"不支持 YAML 标签「{clip(shown, 60)}」。请删掉它，直接写内容", "yaml-tag", path, fatal=True)
        return True

    # -- the walk ---------------------------------------------------------------------------------------

    def document(self) -> Any:
        """The one document's root value (``_EMPTY`` for a stream without any); a second document is a problem."""
        next_event = self.next_event
        next_event()  # StreamStart
        if type(next_event()) is events.StreamEndEvent:
            return _EMPTY
        root = self.node(next_event(), 0, ())  # after DocumentStart
        next_event()  # DocumentEnd
        after = next_event()
        if type(after) is events.DocumentStartEvent:
            if self.spans is not None:
                raise _Unreadable("a second document")
            self.report(after, "一个文件只能写一条记录，这里出现了第二个文档（---）。请把另一条记录放到单独的文件里。"
                               "（YAML: but found another document）", "yaml-syntax", fatal=True)
        return root

    def node(self, event: Any, depth: int, path: PathKey | None) -> Any:
        """The value that starts with ``event``; a mapping or sequence reads its events up to its end."""
        kind = type(event)
        if kind is _SCALAR:
            return self.scalar(event, path)
        if kind is _MAPPING_START:
            return self.mapping(event, depth, path)
        if kind is _SEQUENCE_START:
            return self.sequence(event, depth, path)
        if kind is _ALIAS:
            self.alias(event, path)
            return None
        raise AssertionError(event)  # pragma: no cover - libyaml sends nothing else inside a document

    def open(self, event: Any, depth: int, path: PathKey | None) -> None:
        """A mapping or sequence starts: its depth, tag, anchor and position."""
        if depth >= MAX_DEPTH:
            self.too_deep(event, path or ())
        self.bad_tag(event, path or ())
        if self.marking:
            self.mark(event, path)

    def mark(self, event: Any, path: PathKey | None) -> None:
        """Keep what the view needs of the value that ``event`` starts (``marking`` is on)."""
        if self.positions is not None:
            self.positions[path] = (event.start_mark.line + 1, event.start_mark.column + 1)  # type: ignore[index]
        if self.anchors is not None and event.anchor is not None:
            if event.anchor in self.anchors:
                raise _Unreadable("a repeated anchor")
            self.anchors.add(event.anchor)

    def mapping(self, event: Any, depth: int, path: PathKey | None) -> dict[str, Any]:
        self.open(event, depth, path)
        mapping: dict[str, Any] = {}
        next_event, marking, positions = self.next_event, self.marking, self.positions
        while (kind := type(event := next_event())) is not _MAPPING_END:
            if kind is not _SCALAR or event.tag not in KEY_TAGS or (event.value == "<<" and not event.style
                                                                     and event.tag is None):
                self.bad_key(event, depth, path or ())
                continue
            key = event.value
            if key in mapping:
                self.duplicate(event, depth, path or (), key)
                continue
            child = None
            if marking:
                child = (*path, key)  # type: ignore[misc]
                if positions is not None:
                    self.key_positions[child] = (event.start_mark.line + 1, event.start_mark.column + 1)
                else:
                    self.mark(event, None)  # spans: an anchor on a key counts too
            value = next_event()
            if type(value) is _SCALAR:
                if marking:
                    self.mark_scalar(value, child)
                text = value.value
                mapping[key] = text if value.tag is None and (value.style or text[:1] not in _IMPLICIT) else \
                    self.typed(value, child)
            else:
                mapping[key] = self.node(value, depth + 1, child)
        return mapping

    def sequence(self, event: Any, depth: int, path: PathKey | None) -> list[Any]:
        self.open(event, depth, path)
        sequence: list[Any] = []
        next_event, marking = self.next_event, self.marking
        while (kind := type(event := next_event())) is not _SEQUENCE_END:
            child = (*path, len(sequence)) if marking else None  # type: ignore[misc]
            if kind is _SCALAR:
                if marking:
                    self.mark_scalar(event, child)
                text = event.value
                sequence.append(text if event.tag is None and (event.style or text[:1] not in _IMPLICIT) else
                                self.typed(event, child))
            else:
                sequence.append(self.node(event, depth + 1, child))
        return sequence

    def scalar(self, event: Any, path: PathKey | None) -> Any:
        if self.marking:
            self.mark_scalar(event, path)
        return self.typed(event, path)

    def mark_scalar(self, event: Any, path: PathKey | None) -> None:
        self.mark(event, path)
        if self.spans is not None:
            self.spans.append(Span(event.start_mark.index, event.end_mark.index, path))  # type: ignore[arg-type]

    def typed(self, event: Any, path: PathKey | None) -> Any:
        """A scalar's value by its tag, or the one YAML resolves for unquoted text (numbers, true, null, dates)."""
        if self.bad_tag(event, path or ()):
            return None
        tag, text = event.tag, event.value
        if tag is None or tag == "!":
            if event.style or not event.implicit[0]:  # quoted and block scalars are text
                return text
            tag = _resolve(text)
        if tag == STR:
            return text
        if self.plain is not None and not event.style:
            self.plain[path] = text  # type: ignore[index]
        try:
            if tag == INT and DECIMAL.fullmatch(text):  # SafeConstructor's reading of a decimal, without a node
                return int(text.replace("_", ""))
            if self.fast and tag == INT:
                raise Unusual("not decimal")  # 010, 0x1F, 1:20: validation says how YAML read them
            construct = _CONSTRUCTOR.yaml_constructors.get(tag)
            if construct is None:  # YAML 1.1's "value" type (a lone =): PyYAML has no constructor for it
                raise ValueError(f"YAML reads {text!r} as {tag}")
            value = construct(_CONSTRUCTOR, nodes.ScalarNode(tag, text, event.start_mark, event.end_mark, ""))
        except (ValueError, OverflowError, yaml.YAMLError) as exc:
            if tag == TIMESTAMP and not self.fast:  # 2025-02-30: kept as written; validation says it is no date
                return text
            self.report(event, _unreadable(tag, text, exc), "yaml-value", path or (), fatal=True)
            return None
        if isinstance(value, datetime | date):
            return value.isoformat()
        return value

    def alias(self, event: Any, path: PathKey | None) -> None:
        if self.fast:
            raise Unusual("alias")
        if self.anchors is not None and event.anchor not in self.anchors:
            raise _Unreadable("an undefined alias")
        self.aliases.append((event, path or ()))

    def bad_key(self, event: Any, depth: int, path: PathKey) -> None:
        """A key that is not plain text (merge key ``<<``, a list or mapping as key): reported; it and its value
        are skipped (the lint still looks at the value)."""
        self.report(event, "字段名必须是普通文字（不支持合并键 << 或复杂键）", "bad-key", path)
        self.skip(event, depth + 1)
        value = self.next_event()
        if self.spans is not None:
            self.node(value, depth + 1, (*path, event.value if type(event) is _SCALAR else ""))
        else:
            self.skip(value, depth + 1)

    def duplicate(self, event: Any, depth: int, path: PathKey, key: str) -> None:
        """A key written twice in one mapping: reported at the second; its value is skipped."""
        first = self.key_positions.get((*path, key), (0, 0))[0]
        self.report(event, f"字段「{clip(key)}」重复出现（第 {first} 行已经有一个）。YAML 只会保留后一个，请删除或合并其中一个",
                    "duplicate-key", (*path, key))
        value = self.next_event()
        if self.spans is not None:
            self.node(value, depth + 1, (*path, key))
        else:
            self.skip(value, depth + 1)

    def skip(self, event: Any, depth: int) -> None:
        """Read past one value (``event`` is its first event) without building it; aliases in it still count."""
        level = 0
        while True:
            kind = type(event)
            if kind is _MAPPING_START or kind is _SEQUENCE_START:
                level += 1
                if level + depth > MAX_DEPTH:
                    self.too_deep(event, ())
            elif kind is _MAPPING_END or kind is _SEQUENCE_END:
                level -= 1
            elif kind is _ALIAS:
                self.alias(event, ())
            if level == 0:
                return
            event = self.next_event()


def _resolve(value: str) -> str:
    """``Resolver.resolve`` for a plain scalar (SafeLoader's implicit types; it has no path resolvers)."""
    for tag, regexp in _IMPLICIT.get(value[:1], _WILDCARD):
        if regexp.match(value):
            return tag
    return STR


def _unreadable(tag: str, text: str, exc: Exception) -> str:
    kind = {"int": "整数", "float": "小数", "bool": "true/false 值", "null": "空值"}.get(tag.rsplit(":", 1)[-1], "值")
    digits = sum(c.isdigit() for c in text)
    why = f"数字太长：{digits} 位" if digits > 100 else clip(str(exc), 60)
    if kind in ("整数", "小数"):
        return f"无法把这个值读成{kind}（{why}）。请只写合理的数字"
    return f"无法把这个值读成{kind}（{why}）。请给它加引号"


def _at(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _parser(text: str) -> Callable[[], Any]:
    """A function returning the next parse event of ``text`` (libyaml when available)."""
    if _CParser is not None:
        return _CParser(text).get_event
    return yaml.SafeLoader(text).get_event  # pragma: no cover - PyYAML without libyaml


# -- the three views --------------------------------------------------------------------------------------

def read(text: str, display: str) -> tuple[Loaded | None, list[Problem]]:
    """Values, positions and problems of one YAML text; ``None`` when it cannot be read as a record.

    The text has passed ``load.text.scan_text`` (no tabs in indentation, no characters YAML refuses).
    """
    reader = _Reader(text, display, track=True)
    try:
        data = reader.document()
    except _Stop:
        return None, reader.problems
    except yaml.YAMLError as exc:
        return None, [yaml_problem(exc, display, text)]
    if data is _EMPTY or (data is None and not reader.problems and not reader.aliases):
        return None, [Problem(display, 1, 1, "文件是空的。请从 cases/_template.yml 复制模板开始填写", code="empty-file")]
    if reader.aliases:
        event, path = reader.aliases[0]
        count = len(reader.aliases)
        more = f"这个文件共有 {count} 处别名，这是第一处。" if count > 1 else ""
        reader.report(event, f"不支持 YAML 的锚点和别名（&名称 / *名称）。{more}请把内容直接写出来", "alias", path, fatal=True)
    if reader.fatal:
        return None, sorted(reader.problems)
    reader.result.data = data
    return reader.result, reader.problems


def values(text: str) -> Any:
    """The values of a one-document YAML text, as ``read`` gives them; ``Unusual`` when ``read`` would report
    anything, or validation would need positions to explain it."""
    if _CParser is None:  # pragma: no cover - PyYAML without libyaml: every file takes the full path
        raise Unusual("no libyaml")
    try:
        data = _Reader(text, fast=True).document()
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        raise Unusual(type(exc).__name__) from exc
    if data is None or data is _EMPTY:
        raise Unusual("empty")
    return data


def spans(text: str) -> list[Span] | None:
    """The spans of the scalar values, in text order; ``None`` when the text is not one readable document."""
    reader = _Reader(text, spans=True)
    try:
        root = reader.document()
    except (yaml.YAMLError, _Stop, _Unreadable, ValueError, OverflowError):
        return None
    return [] if root is _EMPTY else reader.spans


# -- YAML's syntax errors, in Chinese ---------------------------------------------------------------------

def yaml_problem(exc: yaml.YAMLError, display: str, text: str = "") -> Problem:
    """A syntax error from libyaml as a problem: where, what is wrong in Chinese, and libyaml's own words."""
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
