"""Load and validate the record files: each one through the fast path when it can, the full path when it must.

Almost every record is simply valid, and validation must stay quick at 10,000 records (issue 6). So
``check_file`` first tries the fast path: the YAML reader's values-only view (``load.files.fast_values``)
and the yes/no schema check (``validate.context.quick_validator``, inside ``check_record``). A file that
gives anything to report there takes the full path: the reader with positions (``load.files.load_file``)
and every check with its messages. Same problems either way; the fast path only skips the work that
explains them.

``check_files`` does that for every file: unchanged valid files come from the cache (``load.cache``),
the others are checked, in forked workers when there are many (``processes.map_forked``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from caselib.load.cache import RecordCache
from caselib.load.files import LazyLoaded, fast_values, load_file, read_bytes
from caselib.load.reader import Loaded
from caselib.pipeline.processes import map_forked, switches, workers
from caselib.problems import Problem
from caselib.validate.context import Context
from caselib.validate.lint import lint_bytes
from caselib.validate.record import check_record

LIBRARY_KEYS = ("id", "part_of")  # all that validate.library reads of a valid record
Checked = tuple[Loaded | None, list[Problem]]


def check_file(file: str, display: str, ctx: Context, lint: bool, *, fast: bool = True) -> Checked:
    """Load and check one record file: the record (if it could be read) and its problems."""
    if display.endswith(".yaml"):
        return None, [Problem(display, 1, 1, "案例文件请用 .yml 扩展名（不是 .yaml），请改名", code="extension")]
    raw = read_bytes(file)  # once, for the fast path and the lint
    loaded = check_fast(file, display, ctx, raw) if fast and raw is not None else None
    problems: list[Problem] = []
    if loaded is None:  # not simply valid: the full loader and checks, with positions and messages
        loaded, problems = load_file(Path(file), display)
        if loaded is None:
            return None, problems
        problems += check_record(loaded, ctx)
    if lint and raw is not None:
        problems += lint_bytes(raw, display, cleanup=False, info=False)
    return loaded, problems


def check_fast(file: str, display: str, ctx: Context, raw: bytes) -> LazyLoaded | None:
    """The record in ``file`` (whose bytes are ``raw``) if it is valid and has nothing to report; ``None``
    sends it to the full path."""
    found = fast_values(raw)
    if found is None:
        return None
    data, text = found
    loaded = LazyLoaded(display, data, file)
    if check_record(loaded, ctx, text):
        return None
    return loaded


def check_files(jobs: list[tuple[str, str]], ctx: Context, lint: bool, cache: RecordCache | None = None,
                *, slim: bool = False) -> list[Checked]:
    """``check_file`` for every (path, display name), in order; spread over forked processes when many.

    With a ``cache``, a file whose bytes were simply valid last time (same checks) is not read again,
    and every file found simply valid now is remembered. ``slim``: the caller needs of a valid record
    only what the cross-record checks read (``LIBRARY_KEYS``; workers send no more).
    """
    results: list[Checked | None] = [None] * len(jobs)
    misses: list[int] = list(range(len(jobs)))
    raws: dict[int, bytes] = {}  # the bytes of each file the cache was asked about and did not have
    if cache is not None:
        misses = []
        for i, (file, display) in enumerate(jobs):
            raw = read_bytes(file)
            if raw is None:  # the checks report it
                misses.append(i)
                continue
            entry = cache.get(display, raw)
            if entry is not None and (entry.lint is not None or not lint):
                results[i] = (LazyLoaded(display, entry.data, file), list(entry.lint or []) if lint else [])
            else:
                misses.append(i)
                raws[i] = raw
    slim = slim and cache is None  # the cache stores whole records
    for i, checked in zip(misses, _check_all([jobs[i] for i in misses], ctx, lint, slim), strict=True):
        results[i] = checked
        loaded, problems = checked
        if cache is not None and isinstance(loaded, LazyLoaded) and i in raws:  # fast path: valid, only lint
            cache.put(jobs[i][1], raws[i], loaded.data, problems if lint else None)
    if cache is not None:
        cache.save()
    return [checked for checked in results if checked is not None]


def _check_all(jobs: list[tuple[str, str]], ctx: Context, lint: bool, slim: bool) -> list[Checked]:
    fast = switches().fast_path
    count = workers(len(jobs))
    if count == 1:
        return [check_file(file, display, ctx, lint, fast=fast) for file, display in jobs]

    def task(index: int) -> tuple[Any, list[Problem], bool]:
        """In a worker: ``check_file`` for job ``index``. A record the fast path found valid comes back as its
        values alone (``True``): a ``LazyLoaded`` is made again here from the path."""
        loaded, problems = check_file(*jobs[index], ctx, lint, fast=fast)
        if not isinstance(loaded, LazyLoaded):
            return loaded, problems, False
        data = loaded.data
        if slim and isinstance(data, dict):
            # nothing but the cross-record checks will read it: send back only what they need (sending whole
            # records from the workers was a fifth of `check --no-cache` at 10,000 records)
            data = {key: data[key] for key in LIBRARY_KEYS if key in data}
        return data, problems, True

    checked = map_forked(task, len(jobs), count)
    return [(LazyLoaded(display, value, file) if fast_valid else value, problems)
            for (file, display), (value, problems, fast_valid) in zip(jobs, checked, strict=True)]
