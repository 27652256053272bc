"""What the tests of the pre-rendered pages share (``render.html``, ``adapters.mkdocs_pages``; issue 14)."""

from __future__ import annotations

import re
from typing import Any

from support.xss import hostile_record

SYNTHETIC = 300  # generated records beside the fixture library and the hostile ones
FALLBACK_ID = "xss-outside-grammar"


def outside_grammar_record() -> dict[str, Any]:
    """The hostile record again, with text Python-Markdown rewrites or acts on inside raw HTML (a tab, a
    whitespace-only line, a fenced block): its case page is outside ``render.html``'s grammar, MkDocs converts it."""
    record = hostile_record()
    record["id"] = FALLBACK_ID
    record["division_of_labour"]["note"] = "说明\t制表符\n   \n```\n围栏\n```\n结束"  # shown on its case page only
    return record


def pre_rendered(log: str) -> tuple[int, int]:
    """(pages that took their parts, generated pages) from the plugin's debug line of a ``--verbose`` build."""
    match = re.search(r"pre-rendered pages: (\d+) of (\d+)", log)
    assert match is not None, "the plugin did not report its pre-rendered pages"
    return int(match.group(1)), int(match.group(2))
