"""Writing YAML, for the contributor tools: the one place besides the reader that knows YAML's rules.

Records are written, never re-dumped over a contributor's file (``lint --fix`` edits text in place).
Three writers: ``scalar`` (one value after ``key:`` in a commented template, quoted only when YAML
would read it as something else), ``record_text`` (a record from the issue form: long text as ``|``
blocks) and ``synthetic_text`` (benchmark records, as fast as libyaml writes).
"""

from __future__ import annotations

import json
from typing import Any

import yaml

try:  # libyaml's emitter writes the same text as the pure-Python one, four times faster
    from yaml import CSafeDumper as _FastDumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _FastDumper  # type: ignore[assignment]


def scalar(value: Any, quote: bool = False) -> str:
    """`` value`` as a YAML scalar after ``key:`` (quoted when YAML would misread it); empty for no value."""
    if value in (None, ""):
        return ""
    text = str(value)
    if not quote:
        try:
            if yaml.safe_load(f"k: {text}") == {"k": text} and "#" not in text:
                return f" {text}"
        except yaml.YAMLError:
            pass
    return " " + json.dumps(text, ensure_ascii=False)


class _BlockDumper(yaml.SafeDumper):
    """Multi-line text as ``|`` blocks, everything else as PyYAML would write it, Chinese kept readable."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _str)


def record_text(record: dict[str, Any]) -> str:
    """A record (plain values, in field order) as YAML a person can edit: long text in ``|`` blocks."""
    return yaml.dump(record, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, width=10_000,
                     default_flow_style=False)


def synthetic_text(record: dict[str, Any]) -> str:
    """A generated record as YAML, fast (libyaml's emitter)."""
    return yaml.dump(record, Dumper=_FastDumper, allow_unicode=True, sort_keys=False, width=1000)
