"""Archived source texts (``data/sources/<key>.txt``): the passages that a record's quotes must come from.

Each file holds one source's text, one passage a line (``#`` lines are comments); ``scripts/archive_sources.py``
writes them. Quotes are compared with white space removed (``squeeze``): a PDF breaks lines anywhere.
"""

from __future__ import annotations

import re
from pathlib import Path


def squeeze(text: str) -> str:
    """Text with its white space removed, as quotes are compared with the archive (PDF lines break anywhere)."""
    return re.sub(r"[ \t\r\n\u3000]+", "", text)


def read_archives(folder: Path) -> dict[str, list[str]]:
    """``<key>.txt`` in ``folder``: the archived passages of each source, squeezed."""
    out: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        out[path.stem] = [squeeze(line) for line in lines if line.strip() and not line.startswith("#")]
    return out
