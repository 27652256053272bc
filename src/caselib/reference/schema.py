"""The JSON Schema of a record, and the schema of a vocabulary file.

``schema/case.schema.json`` is the one description of a record's shape: the
validator uses it, editors use it for completion (see ``.vscode/``), and the
published site offers it for download. Its four vocabulary enums
(``$defs/theme`` …) are generated from ``data/vocab/*.yml`` by
``python scripts/build_index.py schema``; ``check`` fails when they are stale.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from caselib.reference.vocab import UNSTATED, Vocabulary

VOCAB_DEFS = {"themes": "theme", "target_groups": "target_group", "methods": "method", "partner_types": "partner_type"}


def read_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def dump_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def with_vocabularies(schema: dict[str, Any], vocabularies: dict[str, Vocabulary]) -> dict[str, Any]:
    """A copy of ``schema`` whose vocabulary enums list the current terms, then 不详 (the source does not say)."""
    out = copy.deepcopy(schema)
    unstated = "来源没有说明（不能和其他值同时写）"
    for key, def_name in VOCAB_DEFS.items():
        vocab = vocabularies[key]
        out["$defs"][def_name] = {
            "title": vocab.title,
            "enum": [*vocab.names(), UNSTATED],
            "enumDescriptions": [*(t.definition for t in vocab.terms), unstated],
            "markdownEnumDescriptions": [*(f"**{t.name}**（{t.slug}）：{t.definition}" for t in vocab.terms),
                                         f"**{UNSTATED}**：{unstated}"],
        }
    return out


def fields(schema: dict[str, Any], node: Any = None,
           path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    """Every field of the schema as (path, its schema with ``$ref`` followed), ``*`` standing for any item of a
    list; the branches of ``allOf``/``oneOf``/``anyOf`` come before the node they belong to."""
    node = resolved(schema, schema if node is None else node)
    for sub in [*node.get("allOf", []), *node.get("oneOf", []), *node.get("anyOf", [])]:
        yield from fields(schema, sub, path)
    yield path, node
    for name, sub in node.get("properties", {}).items():
        yield from fields(schema, sub, (*path, name))
    if isinstance(node.get("items"), dict):
        yield from fields(schema, node["items"], (*path, "*"))


def labels(schema: dict[str, Any]) -> dict[tuple[str, ...], str]:
    """Chinese titles of every named field, by path without list indexes."""
    out: dict[tuple[str, ...], str] = {}
    for path, node in fields(schema):
        named = tuple(part for part in path if part != "*")
        if "title" in node and named:
            out.setdefault(named, node["title"])
    return out


def paths_where(schema: dict[str, Any], key: str) -> tuple[tuple[str, ...], ...]:
    """The paths of the fields whose schema (``$ref`` followed) carries ``key`` (e.g. ``x-date``); ``*`` stands
    for any item of a list. A check that applies to every such field then needs no list of its own."""
    return tuple(dict.fromkeys(path for path, node in fields(schema) if node.get(key)))


def values_at(data: Any, path: tuple[str, ...], at: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], Any]]:
    """Every (concrete path, value) of ``data`` that ``path`` (from ``paths_where``) names."""
    if not path:
        return [(at, data)]
    head, rest = path[0], path[1:]
    if head == "*":
        items = enumerate(data) if isinstance(data, list) else ()
        return [found for i, item in items for found in values_at(item, rest, (*at, i))]
    if isinstance(data, dict) and head in data:
        return values_at(data[head], rest, (*at, head))
    return []


def field_labels(schema: dict[str, Any]) -> dict[str, str]:
    """The Chinese title of every named field, by dotted path (``region.province``, ``sources.title``).

    The one source of a field's label: pages (through ``render.pages``), the compare page (as data), the
    spreadsheet's headers (``outputs.open_data``) and the issue form (``contrib.issue_form``) read it here.
    """
    return {".".join(path): title for path, title in labels(schema).items()}


def resolve(schema: dict[str, Any], ref: str) -> dict[str, Any]:
    node: Any = schema
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def resolved(schema: dict[str, Any], node: Any) -> dict[str, Any]:
    """A schema node with its ``$ref`` followed (one level, as the record schema needs)."""
    if isinstance(node, dict) and "$ref" in node:
        return {**resolve(schema, node["$ref"]), **{k: v for k, v in node.items() if k != "$ref"}}
    return node if isinstance(node, dict) else {}


def metric_fields(schema: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """The kinds of figure (``metrics.<key>``): their Chinese titles and the unit written after the number."""
    fields = schema["properties"]["metrics"]["properties"]
    return {k: v["title"] for k, v in fields.items()}, {k: v.get("x-unit", "") for k, v in fields.items()}
