"""Stage 4b, outputs: files served as they are (data, indexes, feed), not Markdown pages.

Each builder takes the ``Library`` and returns ``{site-relative path: bytes}``. The MkDocs plugin adds
them to the build as static files; ``build_index.py pages`` writes them beside the pages. Builders
must be deterministic: the same records give byte-identical files.

A new output: a module here with a ``build_…(library) -> dict[str, bytes]``, appended to ``BUILDERS``
(and to ``LINKED`` when a hand-written page links to it).
"""

from __future__ import annotations

from collections.abc import Callable

from caselib.model.library import Library
from caselib.outputs.feed import build_feed
from caselib.outputs.finder import build_finder
from caselib.outputs.open_data import build_open_data

Builder = Callable[[Library], dict[str, bytes]]

BUILDERS: list[Builder] = [
    build_finder,  # the case finder's data and search index (finder/…)
    build_open_data,  # data/cases.zip (cases.json, .csv), cases.xlsx, the schemas, one JSON file per case
    build_feed,  # feed.xml
]

# Data files with fixed names that hand-written pages link to (docs/data.md). The MkDocs adapter
# registers these before the data files are built, so that MkDocs can check the links.
LINKED: tuple[str, ...] = ("data/cases.zip", "data/cases.xlsx", "data/case.schema.json",
                           "data/cases.schema.json", "feed.xml")


def build_data_files(library: Library) -> dict[str, bytes]:
    """Every data file of the site, by site-relative path."""
    out: dict[str, bytes] = {}
    for builder in BUILDERS:
        out.update(builder(library))
    return out
