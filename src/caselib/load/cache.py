"""Remember which record files were valid, so an unchanged record is not parsed again.

Validation at 10,000 records is bounded by libyaml (reading every file's
events costs about 4 s on one core), yet between two runs almost every file
is unchanged: a pull request adds or edits a few records, ``mkdocs serve``
rebuilds after one edit. So the pipeline (``pipeline.records``) keeps, for each record file
that was simply valid, its values and its lint warnings, keyed by the file's
path and the SHA-256 of its bytes, in ``.cache/caselib/records.sqlite``
under the repository (ignored by git):

* an entry is used only when the file's bytes are the same and the cache was
  written by the same validation setup (the ``fingerprint``: every file of
  the caselib package, the schema, the vocabularies, the region list and the versions of
  the YAML and JSON Schema libraries). Anything else and the file is
  checked from scratch;
* only files with no problem at all are kept: a file with an error or a
  warning other than lint is always checked again, so every message comes
  from the real checks;
* cross-record checks (duplicate ids, ``part_of``) always run;
* the cache is written in one transaction, entries for files that no longer
  exist are dropped, and an unreadable or damaged cache is ignored.

``CASELIB_CACHE=0`` (or ``check --no-cache``) turns it off. It is also off when ``CI`` is set (GitHub
Actions sets it) unless ``CASELIB_CACHE=1``: a pull request could add a forged cache file that
claims its records are valid, so CI always checks every file. (``pipeline.processes.switches`` reads
those variables; the pipeline decides whether to open the cache.)

    cache = RecordCache.open(root, fingerprint(root))
    hit = cache.get("cases/x.yml", raw_bytes)   # None, or Entry(data, lint)
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from caselib.problems import Problem

CACHE_DIR = ".cache/caselib"
CACHE_FILE = "records.sqlite"
FORMAT = 1
LIBRARIES = ("PyYAML", "jsonschema", "jsonschema-rs", "referencing")
INPUTS = ("schema", "data/vocab", "data/regions", "data/sources")  # everything validation reads besides the records


def fingerprint(root: Path) -> str:
    """A digest of everything besides a record's own bytes that decides whether it is valid."""
    digest = hashlib.sha256(f"format {FORMAT}\n".encode())
    package = Path(__file__).resolve().parents[1]
    sources = sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
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


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (fingerprint TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, data TEXT NOT NULL, lint TEXT) WITHOUT ROWID;
"""


class RecordCache:
    """One repository's cache, an SQLite file: read once per run; what changed is written at the end.

    SQLite (Python's standard library) makes the common run cheap: after one record was edited, one
    row is added and one deleted, where a single JSON file would be rewritten whole (0.7 s at 10,000).
    """

    def __init__(self, file: Path, fingerprint: str, entries: dict[str, tuple[str, str | None]]) -> None:
        self.file = file
        self.fingerprint = fingerprint
        self.entries = entries  # key -> (data JSON, lint JSON or None), as stored
        self.used: set[str] = set()  # keys this run looked up and found
        self.added: dict[str, tuple[str, str | None]] = {}  # new or changed rows

    @classmethod
    def open(cls, root: Path, fingerprint: str) -> RecordCache:
        file = root / CACHE_DIR / CACHE_FILE
        entries: dict[str, tuple[str, str | None]] = {}
        try:
            with closing(sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)) as db:
                stored = db.execute("SELECT fingerprint FROM meta").fetchone()
                if stored is not None and stored[0] == fingerprint:
                    entries = {key: (data, lint) for key, data, lint in db.execute("SELECT key, data, lint FROM records")}
        except sqlite3.Error:
            pass  # no cache yet, or a damaged one: start afresh
        return cls(file, fingerprint, entries)

    def get(self, display: str, raw: bytes) -> Entry | None:
        key = _key(display, raw)
        stored = self.entries.get(key)
        if stored is None:
            return None
        try:
            data = json.loads(stored[0])
            lint = None if stored[1] is None else [] if stored[1] == "[]" else json.loads(stored[1])
            problems = None if lint is None else [Problem(*fields) for fields in lint]
        except (ValueError, TypeError):  # a damaged row: check the file again
            return None
        self.used.add(key)
        return Entry(data, problems)

    def put(self, display: str, raw: bytes, data: Any, lint: list[Problem] | None) -> None:
        try:
            row = (json.dumps(data, ensure_ascii=False),
                   None if lint is None else json.dumps([dataclasses.astuple(p) for p in lint], ensure_ascii=False))
        except ValueError:  # e.g. text that JSON cannot hold: simply not remembered
            return
        self.added[_key(display, raw)] = row

    def save(self) -> None:
        """Keep what this run used or added, drop the rest; never fails the run (a read-only checkout)."""
        stale = self.entries.keys() - self.used - self.added.keys()
        if not stale and not self.added and self.entries:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._write(stale)
            except sqlite3.DatabaseError:  # not a database (damaged): start a new one
                self.file.unlink()
                self._write(stale)
        except (sqlite3.Error, OSError):
            pass

    def _write(self, stale: set[str]) -> None:
        with closing(sqlite3.connect(self.file, timeout=10)) as db, db:
            db.executescript(_SCHEMA)
            stored = db.execute("SELECT fingerprint FROM meta").fetchone()
            if stored is None or stored[0] != self.fingerprint:
                db.execute("DELETE FROM meta")
                db.execute("DELETE FROM records")
                db.execute("INSERT INTO meta VALUES (?)", (self.fingerprint,))
            db.executemany("DELETE FROM records WHERE key = ?", ((key,) for key in stale))
            db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?)",
                           ((key, data, lint) for key, (data, lint) in self.added.items()))
