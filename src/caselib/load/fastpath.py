"""A fast path for the common case: a record file that is simply valid.

Validation must stay quick at 10,000 records (issue 6), and almost every
record is valid. For those, ``load.py``'s position tracking and jsonschema's
error collection are wasted work: both exist to explain problems. So:

* ``fast_load`` builds the values straight from libyaml's events, without a
  node tree or positions. It raises ``Unusual`` on anything that ``load.py``
  might treat differently or report (anchors, aliases, tags, duplicate or
  non-text keys, merge keys, several documents, syntax errors, values other
  than text, numbers, booleans, null and dates) and the file then takes the
  full path. Its values equal ``load.py``'s (``tests/test_fastpath.py``).
* ``quick_validator`` compiles the JSON Schema with jsonschema-rs, a yes/no
  check about 35 times faster than jsonschema; jsonschema's ``iter_errors``
  still writes every message, for the records it rejects.
* ``check_fast`` puts them together for one file: the record as a
  ``LazyLoaded`` when it has no problem at all, else ``None`` (full path).

A ``LazyLoaded`` finds positions by re-reading its file with ``load.py`` the
first time one is asked for (e.g. for a duplicate id found across records).

When ``load.py`` learns a new check that can fire on a file libyaml reads
without error, ``fast_load`` (or ``check_fast``) must send such files to the
full path too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml import constructor, events, nodes, resolver

from caselib.load.reader import MAX_FILE_BYTES, Loaded, PathKey, load_file

if TYPE_CHECKING:
    from caselib.validate.record import Context

try:
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - PyYAML without libyaml: every file takes the full path
    CParser = None

_RESOLVER = resolver.Resolver()
_CONSTRUCTOR = constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_SCALARS = {f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null")}
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_INT = "tag:yaml.org,2002:int"
_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9_]*)")
MAX_DEPTH = 50  # load.py reports deeper nesting; such files take the full path
_WILDCARD = list(_RESOLVER.yaml_implicit_resolvers.get(None, []))
_IMPLICIT = {first: list(found) + _WILDCARD for first, found in _RESOLVER.yaml_implicit_resolvers.items()
             if first is not None}
assert not _RESOLVER.yaml_path_resolvers


class Unusual(Exception):
    """The file needs the full loader (it may be fine, but the fast path does not decide)."""


def _resolve(value: str) -> str:
    """``Resolver.resolve`` for a plain scalar (SafeLoader's implicit types; it has no path resolvers)."""
    for tag, regexp in _IMPLICIT.get(value[:1], _WILDCARD):
        if regexp.match(value):
            return tag
    return _STR


def _scalar(event: events.ScalarEvent) -> Any:
    if event.anchor is not None or event.tag is not None:
        raise Unusual
    if event.style or not event.implicit[0]:  # quoted or block scalars are text
        return event.value
    tag = _resolve(event.value)
    if tag == _STR:
        return event.value
    if tag == _INT:
        if not _DECIMAL.fullmatch(event.value):  # 010, 0x1F, 1:20: validate.py reports these
            raise Unusual
        return int(event.value.replace("_", ""))  # SafeConstructor's reading of a decimal, without a node
    node = nodes.ScalarNode(tag, event.value, event.start_mark, event.end_mark, "")
    if tag in _SCALARS:
        return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
    if tag == _TIMESTAMP:
        try:
            return _CONSTRUCTOR.construct_yaml_timestamp(node).isoformat()
        except (ValueError, OverflowError) as exc:
            raise Unusual from exc
    raise Unusual


def fast_load(text: str) -> Any:
    """The values of a one-document YAML text, as ``load.py`` would give them; ``Unusual`` otherwise."""
    if CParser is None:
        raise Unusual
    parser = CParser(text)
    try:
        return _build(parser.get_event)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:  # e.g. an integer of 5,000 digits
        raise Unusual from exc


def _build(next_event: Callable[[], Any]) -> Any:
    if type(next_event()) is not events.StreamStartEvent or type(next_event()) is not events.DocumentStartEvent:
        raise Unusual
    root = _node(next_event(), next_event, 0)
    # a second document; an empty one, or one that is only null
    if (type(next_event()) is not events.DocumentEndEvent or type(next_event()) is not events.StreamEndEvent
            or root is None):
        raise Unusual
    return root


_SCALAR_EVENT, _MAPPING_START, _MAPPING_END = events.ScalarEvent, events.MappingStartEvent, events.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = events.SequenceStartEvent, events.SequenceEndEvent


def _node(event: Any, next_event: Callable[[], Any], depth: int) -> Any:
    """The value that starts with ``event``; a mapping or sequence reads its events up to its end."""
    kind = type(event)
    if kind is _SCALAR_EVENT:
        return _scalar(event)
    if ((kind is not _MAPPING_START and kind is not _SEQUENCE_START)  # an alias
            or event.anchor is not None or event.tag is not None or depth >= MAX_DEPTH):
        raise Unusual
    if kind is _SEQUENCE_START:
        sequence = []
        while type(event := next_event()) is not _SEQUENCE_END:
            sequence.append(_plain_text(event) if type(event) is _SCALAR_EVENT else
                            _node(event, next_event, depth + 1))
        return sequence
    mapping: dict[str, Any] = {}
    while type(event := next_event()) is not _MAPPING_END:
        # load.py keeps a key's source text; refuses merge keys, tags, duplicates and keys that are not text
        if type(event) is not _SCALAR_EVENT or event.anchor is not None or event.tag is not None:
            raise Unusual
        key = event.value
        if key in mapping or (key == "<<" and not event.style):
            raise Unusual
        value = next_event()
        mapping[key] = _plain_text(value) if type(value) is _SCALAR_EVENT else _node(value, next_event, depth + 1)
    return mapping


def _plain_text(event: events.ScalarEvent) -> Any:
    """``_scalar``, sooner for the usual text: quoted, a block, or plain starting where no YAML type can."""
    value = event.value
    if event.anchor is None and event.tag is None and (event.style or value[:1] not in _IMPLICIT):
        return value
    return _scalar(event)


class LazyLoaded(Loaded):
    """A record read by the fast path: values now, positions from ``load.py`` when first asked for."""

    def __init__(self, path: str, data: Any, file: str | Path) -> None:
        super().__init__(path, data)
        self.file = file
        self.full: Loaded | None = None

    def position(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        if self.full is None:
            self.full = load_file(Path(self.file), self.path)[0] or Loaded(self.path, self.data)
        return self.full.position(path, key=key)


def quick_validator(schema: dict[str, Any]) -> Callable[[Any], bool]:
    """A yes/no JSON Schema check; ``False`` whenever it is unsure (then jsonschema decides)."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - optional speed-up
        return lambda data: False
    validator = jsonschema_rs.Draft202012Validator(schema)

    def is_valid(data: Any) -> bool:
        try:
            return bool(validator.is_valid(data))
        except Exception:  # e.g. an integer too large for it: let jsonschema judge
            return False

    return is_valid


def check_fast(file: str | Path, display: str, ctx: Context, raw: bytes) -> Loaded | None:
    """The record in ``file`` (whose bytes are ``raw``) if it is valid and has nothing to report; ``None``
    sends it to the full path."""
    from caselib.validate.record import INVISIBLE, check_record

    if len(raw) > MAX_FILE_BYTES or raw.startswith(b"\xef\xbb\xbf"):
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\t" in text:  # load.py reports tabs used for indentation
        return None
    try:
        data = fast_load(text)
    except Unusual:
        return None
    loaded = LazyLoaded(display, data, file)
    loaded.no_invisible = "\\" not in text and INVISIBLE.search(text) is None
    if check_record(loaded, ctx):
        return None
    return loaded
