"""Render stage, second half: files served as they are (data, indexes), not Markdown pages.

Each builder takes the ``Library`` and returns ``{site-relative path: bytes}``.
The MkDocs plugin adds them to the build as static files; ``build_index.py
pages`` writes them beside the pages. Builders must be deterministic: the
same records give byte-identical files.
"""

from __future__ import annotations

from collections.abc import Callable

from caselib.model.case import Library
from caselib.outputs.feed import build_feed
from caselib.outputs.finder import build_finder
from caselib.outputs.open_data import build_open_data

Builder = Callable[[Library], dict[str, bytes]]

BUILDERS: list[Builder] = []
BUILDERS.append(build_finder)  # the case finder's data and search index (issue 3)
BUILDERS += [build_open_data, build_feed]  # issue 7: data/cases.json|csv, schema, per-case JSON; feed.xml; issue 17: xlsx


# Data files with fixed names that hand-written pages link to (docs/data.md). The MkDocs adapter
# registers these before the data files are built, so that MkDocs can check the links.
LINKED: tuple[str, ...] = ("data/cases.json", "data/cases.csv", "data/cases.xlsx", "data/case.schema.json",
                           "data/cases.schema.json", "feed.xml")


def render_assets(library: Library) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for builder in BUILDERS:
        out.update(builder(library))
    return out
