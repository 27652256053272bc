"""Remember which record files were valid, so an unchanged record is not parsed again.

Validation at 10,000 records is bounded by libyaml (reading every file's
events costs about 4 s on one core), yet between two runs almost every file
is unchanged: a pull request adds or edits a few records, ``mkdocs serve``
rebuilds after one edit. So ``pipeline.run`` keeps, for each record file
that was simply valid, its values and its lint warnings, keyed by the file's
path and the SHA-256 of its bytes, in ``.cache/caselib/records.json`` under
the repository (ignored by git):

* an entry is used only when the file's bytes are the same and the cache was
  written by the same validation setup (the ``fingerprint``: the caselib
  source, the schema, the vocabularies, the region list and the versions of
  the YAML and JSON Schema libraries). Anything else and the file is
  checked from scratch;
* only files with no problem at all are kept: a file with an error or a
  warning other than lint is always checked again, so every message comes
  from the real checks;
* cross-record checks (duplicate ids, ``part_of``) always run;
* the cache is written atomically, entries for files that no longer exist
  are dropped, and an unreadable or damaged cache is ignored (and rewritten).

``CASELIB_CACHE=0`` (or ``check --no-cache``) turns it off. It is also off when ``CI`` is set (GitHub
Actions sets it) unless ``CASELIB_CACHE=1``: a pull request could add a forged cache file that
claims its records are valid, so CI always checks every file.

    cache = RecordCache.open(root, fingerprint(root))
    hit = cache.get("cases/x.yml", raw_bytes)   # None, or Entry(data, lint)
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from caselib.problems import Problem

CACHE_DIR = ".cache/caselib"
CACHE_FILE = "records.json"
FORMAT = 1
LIBRARIES = ("PyYAML", "jsonschema", "jsonschema-rs", "referencing")
INPUTS = ("schema", "data/vocab", "data/regions")  # everything validation reads besides the records


def enabled() -> bool:
    wanted = os.environ.get("CASELIB_CACHE", "")
    return wanted == "1" or (wanted != "0" and not os.environ.get("CI"))


def fingerprint(root: Path) -> str:
    """A digest of everything besides a record's own bytes that decides whether it is valid."""
    digest = hashlib.sha256(f"format {FORMAT}\n".encode())
    package = Path(__file__).parent
    sources = sorted(package.glob("*.py"))
    inputs = sorted(p for folder in INPUTS for p in (root / folder).rglob("*") if p.is_file())
    for path in sources + inputs:
        digest.update(f"{path.relative_to(package if path.is_relative_to(package) else root)}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in LIBRARIES:
        try:
            digest.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} -\n".encode())
    return digest.hexdigest()


@dataclass
class Entry:
    """What a valid record file gave last time: its values, and its lint warnings once they were asked for."""

    data: Any
    lint: list[Problem] | None


def _key(display: str, raw: bytes) -> str:
    return f"{display}\0{hashlib.sha256(raw).hexdigest()}"


class RecordCache:
    """The entries of one repository's cache: read once per run, written once at the end if anything changed."""

    def __init__(self, file: Path | None, fingerprint: str, entries: dict[str, Any]) -> None:
        self.file = file
        self.fingerprint = fingerprint
        self.entries = entries
        self.used: dict[str, Any] = {}  # what this run looked up or added: the next file's content
        self.changed = False

    @classmethod
    def open(cls, root: Path, fingerprint: str) -> RecordCache:
        file = root / CACHE_DIR / CACHE_FILE
        entries: dict[str, Any] = {}
        try:
            stored = json.loads(file.read_bytes())
            if isinstance(stored, dict) and stored.get("fingerprint") == fingerprint:
                entries = stored.get("records") or {}
        except (OSError, ValueError):
            pass  # no cache yet, or a damaged one: start afresh
        return cls(file, fingerprint, entries if isinstance(entries, dict) else {})

    @classmethod
    def disabled(cls) -> RecordCache:
        return cls(None, "", {})

    def get(self, display: str, raw: bytes) -> Entry | None:
        key = _key(display, raw)
        stored = self.entries.get(key)
        if not isinstance(stored, dict) or "data" not in stored:
            return None
        self.used[key] = stored
        lint = stored.get("lint")
        return Entry(stored["data"], None if lint is None else [Problem(*fields) for fields in lint])

    def put(self, display: str, raw: bytes, data: Any, lint: list[Problem] | None) -> None:
        if self.file is None:
            return
        key = _key(display, raw)
        self.used[key] = {"data": data, "lint": None if lint is None else [dataclasses.astuple(p) for p in lint]}
        self.changed = True

    def save(self) -> None:
        """Write what this run used (and nothing else) if it differs from what was read; never fails the run."""
        if self.file is None or (not self.changed and self.used.keys() == self.entries.keys()):
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps({"fingerprint": self.fingerprint, "records": self.used}, ensure_ascii=False,
                              separators=(",", ":"))
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.file.parent, delete=False,
                                             prefix=".records-", suffix=".tmp") as out:
                out.write(text)
            os.replace(out.name, self.file)
        except (OSError, ValueError):
            pass  # a read-only checkout: the run is still right, only slower next time
