"""Reference data files that are YAML, read through the load stage (no other package imports ``yaml``).

``read_regions`` gives the official division list with its hints (``data/regions/hints.yml``: national
new areas, renamed districts), read by the one YAML reader when a message first needs one.
Vocabulary files are records of a kind: ``pipeline.run.load_vocabularies`` reads them with
``load_file`` and checks them with ``validate.vocabulary``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from caselib.load.files import load_file
from caselib.reference.layout import REGIONS_FILE
from caselib.reference.regions import Regions


def read_values(path: Path) -> Any:
    """The values of a trusted YAML data file; a file with problems is an error of the repository, not of a record."""
    loaded, problems = load_file(path, path.name)
    if loaded is None or problems:
        raise ValueError("; ".join(p.format() for p in problems) or f"{path}: empty")
    return loaded.data


def read_regions(root: Path) -> Regions:
    """The division list of the repository at ``root`` (``data/regions/``), hints included."""
    return Regions.from_csv(root / REGIONS_FILE, read_values)
