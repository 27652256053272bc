"""A generated page's YAML front matter, read the way MkDocs 1.6 reads it (``mkdocs.utils.meta.get_data``).

The pages' Markdown is converted beside MkDocs (``render.html``), so their front matter is read there too, with
the same pattern and the same loader; anything MkDocs would read differently (no front matter, or one that is
not a mapping) is ``None``, and MkDocs reads that page itself.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader  # type: ignore[assignment]

YAML_RE = re.compile(r'^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n', re.UNICODE | re.DOTALL)  # MkDocs' own


def split_front_matter(source: str) -> tuple[str, dict[str, Any]] | None:
    """(the Markdown after the front matter, its values) as MkDocs has them, or None (MkDocs decides)."""
    match = YAML_RE.match(source)
    if not match:
        return None
    try:
        data = yaml.load(match.group(1), SafeLoader)  # a safe loader, as MkDocs'
    except Exception:  # MkDocs keeps the whole text then: let it
        return None
    if not isinstance(data, dict):
        return None
    return source[match.end():].lstrip("\n"), data
