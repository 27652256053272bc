"""Where things are in the repository: the one list of the paths that every stage and tool reads.

All paths are relative to the repository root (the folder holding ``mkdocs.yml``).
"""

from __future__ import annotations

CASES_DIR = "cases"  # one YAML record per case, in a folder per province; files starting with _ are templates
TEMPLATE_FILE = "cases/_template.yml"  # the commented record skeleton (``build_index.py new --template``)
SCHEMA_FILE = "schema/case.schema.json"
VOCAB_SCHEMA_FILE = "schema/vocabulary.schema.json"
VOCAB_DIR = "data/vocab"  # data/vocab/<field>.yml, one per vocabulary
REGIONS_DIR = "data/regions"
REGIONS_FILE = "data/regions/divisions.csv"
ARCHIVE_DIR = "data/sources"  # the sentences of sources that quotes come from (data/sources/README.md)
