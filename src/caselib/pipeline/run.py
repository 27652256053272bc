"""The whole pipeline in one place: load > validate > model (> render and outputs).

``run(root)`` reads the reference data (vocabularies, schema, regions, archived sources), loads and
validates every record under ``cases/``, checks the records against each other, and returns either
a ``Library`` (no errors) or the list of problems. The CLI and the MkDocs plugin both call this;
neither does any checking of its own. ``pipeline.site`` then gives the site's pages and data files.

    from caselib.pipeline.run import run
    result = run(Path("."))
    print(len(result.library.cases) if result.library else result.problems)

How the work is spread over processes, and the switches that change that, are ``pipeline.processes``;
one record file through the fast and the full path is ``pipeline.records``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from caselib.load.cache import RecordCache, fingerprint
from caselib.load.data import read_regions
from caselib.load.files import LazyLoaded, load_file, scan_cases
from caselib.load.reader import Loaded
from caselib.model.build import build_case, link_parts, programme_closure
from caselib.model.case import Case
from caselib.model.library import Library
from caselib.pipeline.processes import collector_paused, switches
from caselib.pipeline.records import check_files
from caselib.problems import Problem, errors_only
from caselib.reference.layout import ARCHIVE_DIR, CASES_DIR, SCHEMA_FILE, VOCAB_DIR, VOCAB_SCHEMA_FILE
from caselib.reference.schema import dump_json, metric_fields, read_json, with_vocabularies
from caselib.reference.sources import read_archives
from caselib.reference.vocab import VOCABULARIES, Vocabulary
from caselib.validate.context import Context
from caselib.validate.library import check_library
from caselib.validate.vocabulary import check_vocabulary


@dataclass
class Result:
    """What a run produced: a library when there are no errors, and every problem found."""

    library: Library | None
    problems: list[Problem] = field(default_factory=list)
    valid: int = 0  # records that passed (all of them when there is no error)

    @property
    def ok(self) -> bool:
        return self.library is not None and not errors_only(self.problems)


def run(root: Path, *, only: list[Path] | None = None, lint: bool = False, model: bool = True,
        cache: bool = True, previous: tuple[Library, set[str]] | None = None) -> Result:
    """Load and validate everything under ``root``; build the library if it is all valid.

    ``lint=True`` adds the lint warnings (validate.lint) of every record and the warnings only ``check``
    reports (a community not in the official list, a quote cut mid-sentence); off for the MkDocs build,
    where a warning would fail ``mkdocs build --strict``. ``model=False`` stops after validation (``check``
    needs no library: a third of its time at 10,000 records when the cache is warm). ``cache=False`` checks
    every file afresh (load.cache; also off by ``CASELIB_CACHE=0`` and in CI). ``only``: report the problems
    of these files (every record is still read: a duplicate id elsewhere still counts). ``previous``: a library
    built from the same reference data and the record files (repository-relative paths) changed since; the cases
    of the other files are taken from it rather than built again (``mkdocs serve`` after an edit: building the
    model is most of a run at 10,000 records; ``build_library``), and those files are not read again: a record file's own checks depend
    on nothing but the file and the reference data (the checks across records run on every record).
    """
    with collector_paused():  # tens of thousands of new objects and no cycles
        ctx, problems = load_reference(root, advice=lint)
        if ctx is None:
            return Result(None, problems)
        unchanged = {} if previous is None else {case.path: case.raw for case in previous[0].cases
                                                  if case.path not in previous[1]}
        records, found = load_records(root, ctx, lint=lint, cache=cache, slim=not model, unchanged=unchanged)
        problems += found + check_library(records)
        invalid = bool(errors_only(problems))  # before narrowing to ``only``: an invalid record elsewhere stops the build
        problems = sorted(narrowed(root, problems, only))
        if invalid or not model:
            return Result(None, problems, 0 if invalid else len(records))
        library = build_library(records, ctx, previous)
        return Result(library, problems, len(library.cases))


def load_reference(root: Path, *, advice: bool) -> tuple[Context | None, list[Problem]]:
    """What validation checks records against: vocabularies, the schema (with their terms), regions, archived
    sources; ``None`` when a vocabulary cannot be read. ``advice``: also the warnings only ``check`` reports."""
    vocabularies, problems = load_vocabularies(root)
    if len(vocabularies) < len(VOCABULARIES):
        return None, problems
    schema = read_json(root / SCHEMA_FILE)
    problems += schema_problems(schema, vocabularies)
    ctx = Context(with_vocabularies(schema, vocabularies), vocabularies, read_regions(root),
                  read_archives(root / ARCHIVE_DIR), advice=advice)
    return ctx, problems


def load_records(root: Path, ctx: Context, *, lint: bool, cache: bool, slim: bool,
                 unchanged: dict[str, Any] | None = None) -> tuple[list[Loaded], list[Problem]]:
    """Every record file loaded and checked on its own (``pipeline.records``): the records read, and the problems.
    ``unchanged``: the values of record files (by repository-relative path) known to be valid and unchanged since
    they were checked (``run``'s ``previous``): taken as they are, not read again."""
    jobs, problems = scan_cases(root)  # the problems: symbolic links
    unchanged = unchanged or {}
    read: dict[str, Loaded | None] = {display: LazyLoaded(display, unchanged[display], file)
                                      for file, display in jobs if display in unchanged}
    todo = [job for job in jobs if job[1] not in read]
    settings = switches()
    store = RecordCache.open(root, fingerprint(root)) if cache and settings.fast_path and settings.cache and todo else None
    for (_file, display), (loaded, found) in zip(todo, check_files(todo, ctx, lint, store, slim=slim), strict=True):
        problems += found
        read[display] = loaded
    records = [loaded for _file, display in jobs if (loaded := read[display]) is not None]  # in the files' order
    return records, problems


def build_library(records: list[Loaded], ctx: Context, previous: tuple[Library, set[str]] | None = None) -> Library:
    """The model of valid records (``model.build``), with ``part_of`` linked. ``previous`` (see ``run``): the cases
    of unchanged files are the previous library's own objects, except those whose programme or parts change
    (``programme_closure``: copied, so that the previous library stays as it was)."""
    labels, units = metric_fields(ctx.schema)
    before, changed = previous if previous is not None else (None, set())
    old = {case.path: case for case in before.cases} if before is not None else {}
    fresh = {r.path: build_case(r.path, r.data, ctx.vocabularies, ctx.regions, labels, units)
             for r in records if r.path not in old or r.path in changed}
    relink = programme_closure(before, fresh.values()) if before is not None else None
    cases = [fresh.get(r.path) or (unlinked(old[r.path]) if relink is not None and old[r.path].id in relink
                                   else old[r.path]) for r in records]
    library = Library(cases, ctx.vocabularies, ctx.regions, labels, schema=ctx.schema, metric_units=units)
    link_parts(library, relink)
    return library


def unlinked(case: Case) -> Case:
    """A copy of a case for another library: the same values, not yet linked to its programme or parts."""
    twin = copy.copy(case)
    twin.part_of, twin.parts = None, []
    return twin


def load_vocabularies(root: Path) -> tuple[dict[str, Vocabulary], list[Problem]]:
    """``data/vocab/<field>.yml`` read and checked, by field; the problems of those that could not be."""
    problems: list[Problem] = []
    vocabularies: dict[str, Vocabulary] = {}
    vocab_schema = read_json(root / VOCAB_SCHEMA_FILE)
    for key in VOCABULARIES:
        path = root / VOCAB_DIR / f"{key}.yml"
        loaded, found = load_file(path, relative(root, path))
        problems += found
        if loaded is None or found:
            continue
        vocab, found = check_vocabulary(loaded, key, vocab_schema)
        problems += found
        if vocab is not None:
            vocabularies[key] = vocab
    return vocabularies, problems


def schema_problems(schema: dict, vocabularies: dict[str, Vocabulary]) -> list[Problem]:
    """The committed schema must list the current vocabulary terms."""
    if dump_json(with_vocabularies(schema, vocabularies)) == dump_json(schema):
        return []
    return [Problem(SCHEMA_FILE, 1, 1, "JSON Schema 中的词表与 data/vocab/*.yml 不一致。"
                    "请运行 python scripts/build_index.py schema 重新生成，并提交结果", code="schema-stale")]


def narrowed(root: Path, problems: list[Problem], only: list[Path] | None) -> list[Problem]:
    """The problems of the files in ``only`` and of everything that is not a record; all of them without ``only``."""
    if only is None:
        return problems
    wanted = {relative(root, p.resolve()) for p in only}
    return [p for p in problems if p.path in wanted or not p.path.startswith(CASES_DIR + "/")]


def relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()
