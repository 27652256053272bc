"""The whole pipeline in one place: load > validate > model (> render).

``run(root)`` reads the vocabularies, the region list, the schema and every
record under ``cases/``, validates all of them, and returns either a
``Library`` (no errors) or the list of problems. The CLI and the MkDocs
plugin both call this; neither does any checking of its own.

    from caselib.pipeline.run import run
    result = run(Path("."))
    print(len(result.library.cases) if result.library else result.problems)
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from caselib.load.cache import RecordCache, fingerprint
from caselib.load.cache import enabled as cache_enabled
from caselib.load.fastpath import LazyLoaded, check_fast
from caselib.load.reader import Loaded, load_file
from caselib.model.case import Library, build_case, link_parts
from caselib.problems import Problem, errors_only
from caselib.reference.regions import Regions
from caselib.reference.schema import dump_json, read_json, with_vocabularies
from caselib.reference.vocab import VOCABULARIES, Vocabulary
from caselib.validate.lint import lint_bytes
from caselib.validate.record import Context, check_library, check_record, check_vocabulary, squeeze

CASES_DIR = "cases"
SCHEMA_FILE = "schema/case.schema.json"
VOCAB_SCHEMA_FILE = "schema/vocabulary.schema.json"
REGIONS_FILE = "data/regions/divisions.csv"
ARCHIVE_DIR = "data/sources"  # the sentences of sources that quotes come from (data/sources/README.md)
# Speed (issue 6): valid records take caselib.load.fastpath; many files are checked in parallel.
FAST_PATH = os.environ.get("CASELIB_FAST_PATH", "1") != "0"
PARALLEL_MIN_FILES = 200


@dataclass
class Result:
    """What a run produced: a library when there are no errors, and every problem found."""

    library: Library | None
    problems: list[Problem] = field(default_factory=list)
    valid: int = 0  # records that passed (all of them when there is no error)

    @property
    def ok(self) -> bool:
        return self.library is not None and not errors_only(self.problems)


def record_files(root: Path) -> list[Path]:
    """Every record file under ``cases/`` (files starting with ``_`` are templates, not records)."""
    return [Path(file) for file, _display in record_jobs(root)]


def record_jobs(root: Path) -> list[tuple[str, str]]:
    """``record_files`` as (file, display name) strings, in the same order: what ``check_files`` takes.

    Plain strings: making and relativising 10,000 ``Path`` objects cost ~0.15 s before any check could start.
    """
    return scan_cases(root)[0]


def scan_cases(root: Path) -> tuple[list[tuple[str, str]], list[Problem]]:
    """The record files under ``cases/`` as (file, display name), and a problem for each symbolic link.

    A record must be a regular file inside the repository: a link (to a file or a folder, anywhere) is
    reported at its path and nothing behind it is read, so a pull request cannot publish a file from
    elsewhere on the build machine. ``os.scandir`` says what is a link without another system call.
    """
    base = os.path.join(root, CASES_DIR)
    found: list[tuple[str, str]] = []
    links: list[Problem] = []

    def link(display: str, folder: bool) -> None:
        what = "文件夹" if folder else "文件"
        links.append(Problem(display, 1, 1, f"这个{what}是符号链接（symlink），不能作为案例记录：案例必须是仓库里的普通文件，"
                             "链接指向的内容不会被读取或发布。请删除链接，把记录文件本身放在 cases/ 下", code="symlink"))

    def walk(folder: str, below: list[str]) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                display = "/".join([CASES_DIR, *below, entry.name])
                if entry.is_symlink():
                    if entry.name.endswith((".yml", ".yaml")) or entry.is_dir():
                        link(display + ("/" if entry.is_dir() else ""), entry.is_dir())
                elif entry.is_dir():
                    walk(entry.path, [*below, entry.name])
                elif entry.name.endswith((".yml", ".yaml")) and not entry.name.startswith("_") and entry.is_file():
                    found.append((entry.path, display))

    if os.path.islink(base):
        link(CASES_DIR + "/", True)
    elif os.path.isdir(base):
        walk(base, [])
    found.sort(key=lambda job: job[1].split("/"))
    links.sort()
    return found, links


def relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def load_vocabularies(root: Path) -> tuple[dict[str, Vocabulary], list[Problem]]:
    problems: list[Problem] = []
    vocabularies: dict[str, Vocabulary] = {}
    vocab_schema = read_json(root / VOCAB_SCHEMA_FILE)
    for key, (stem, _folder) in VOCABULARIES.items():
        path = root / "data" / "vocab" / f"{stem}.yml"
        loaded, found = load_file(path, relative(root, path))
        problems += found
        if loaded is None or found:
            continue
        vocab, found = check_vocabulary(loaded, key, vocab_schema)
        problems += found
        if vocab is not None:
            vocabularies[key] = vocab
    return vocabularies, problems


def load_archives(root: Path) -> dict[str, list[str]]:
    """``data/sources/<key>.txt``: the archived passages of a source, one a line (``#`` lines are comments),
    with white space removed as quotes are compared."""
    out: dict[str, list[str]] = {}
    for path in sorted((root / ARCHIVE_DIR).glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        out[path.stem] = [squeeze(line) for line in lines if line.strip() and not line.startswith("#")]
    return out


def schema_problems(root: Path, schema: dict, vocabularies: dict[str, Vocabulary]) -> list[Problem]:
    """The committed schema must list the current vocabulary terms."""
    if dump_json(with_vocabularies(schema, vocabularies)) == dump_json(schema):
        return []
    return [Problem(SCHEMA_FILE, 1, 1, "JSON Schema 中的词表与 data/vocab/*.yml 不一致。"
                    "请运行 python scripts/build_index.py schema 重新生成，并提交结果", code="schema-stale")]


def check_file(file: str, display: str, ctx: Context, lint: bool) -> tuple[Loaded | None, list[Problem]]:
    """Load and check one record file: the record (if it could be read) and its problems."""
    if display.endswith(".yaml"):
        return None, [Problem(display, 1, 1, "案例文件请用 .yml 扩展名（不是 .yaml），请改名", code="extension")]
    raw = _read(file)  # once, for the fast path and the lint
    loaded = check_fast(file, display, ctx, raw) if FAST_PATH and raw is not None else None
    problems: list[Problem] = []
    if loaded is None:  # not simply valid: the full loader and checks, with positions and messages
        loaded, problems = load_file(Path(file), display)
        if loaded is None:
            return None, problems
        problems += check_record(loaded, ctx)
    if lint and raw is not None:
        problems += lint_bytes(raw, display, cleanup=False, info=False)
    return loaded, problems


def _read(file: str) -> bytes | None:
    """The file's bytes; ``None`` when it cannot be read (``load_file`` says why)."""
    try:
        with open(file, "rb") as stream:
            return stream.read()
    except OSError:
        return None


_JOB: tuple[list[tuple[str, str]], Context, bool, bool] | None = None  # what forked workers inherit
LIBRARY_KEYS = ("id", "part_of")  # all that check_library reads of a valid record


def _check_in_worker(index: int) -> tuple[Any, list[Problem], bool]:
    """``check_file`` for job ``index`` (the jobs are inherited, not sent: pickling 10,000 paths each way
    cost ~0.5 s of CPU). A record the fast path found valid comes back as its values alone (``True``)."""
    assert _JOB is not None
    jobs, ctx, lint, slim = _JOB
    loaded, problems = check_file(*jobs[index], ctx, lint)
    if not isinstance(loaded, LazyLoaded):
        return loaded, problems, False
    data = loaded.data
    if slim and isinstance(data, dict):
        # nothing but the cross-record checks will read it: send back only what they need (sending whole
        # records from the workers was a fifth of `check --no-cache` at 10,000 records)
        data = {key: data[key] for key in LIBRARY_KEYS if key in data}
    return data, problems, True


def workers(count: int) -> int:
    """How many processes check ``count`` files: ``CASELIB_JOBS``, else the usable cores when it pays off.

    Workers are forked, so only from a process with a single thread (``mkdocs serve``
    runs a server thread: there the files are checked in one process).
    """
    wanted = os.environ.get("CASELIB_JOBS", "")
    jobs = int(wanted) if wanted.isdigit() else min(len(os.sched_getaffinity(0)), 4)
    if (count < PARALLEL_MIN_FILES or jobs < 2 or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods() or multiprocessing.current_process().daemon):
        return 1
    return jobs


def check_files(jobs: list[tuple[str, str]], ctx: Context, lint: bool, cache: RecordCache | None = None,
                *, slim: bool = False) -> list[tuple[Loaded | None, list[Problem]]]:
    """``check_file`` for every (path, display name), in order; spread over forked processes when many.

    With a ``cache``, a file whose bytes were simply valid last time (same checks) is not read again
    (caselib.load.cache), and every file found simply valid now is remembered. ``slim``: the caller needs of
    a valid record only what the cross-record checks read (``LIBRARY_KEYS``; workers send no more).
    """
    results: list[tuple[Loaded | None, list[Problem]] | None] = [None] * len(jobs)
    misses: list[int] = list(range(len(jobs)))
    raws: dict[int, bytes] = {}  # the bytes of each file the cache was asked about and did not have
    if cache is not None:
        misses = []
        for i, (file, display) in enumerate(jobs):
            raw = _read(file)
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


def _check_all(jobs: list[tuple[str, str]], ctx: Context, lint: bool,
               slim: bool) -> list[tuple[Loaded | None, list[Problem]]]:
    count = workers(len(jobs))
    if count == 1:
        return [check_file(file, display, ctx, lint) for file, display in jobs]
    global _JOB
    _JOB = (jobs, ctx, lint, slim)
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            checked = pool.map(_check_in_worker, range(len(jobs)), chunksize=max(1, len(jobs) // (count * 8)))
    finally:
        _JOB = None
    return [(LazyLoaded(display, value, file) if fast else value, problems)
            for (file, display), (value, problems, fast) in zip(jobs, checked, strict=True)]


PAGE_BATCH = 100  # pages per message from the page process


def _send_assets(library: Library, conn: Any) -> None:
    """In the forked data-file process: every data file, in one message; an error is sent too."""
    from caselib.outputs import render_assets

    try:
        conn.send(render_assets(library))
    except BaseException as exc:
        conn.send(RuntimeError(f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _send_pages(library: Library, conn: Any) -> None:
    """In the forked page process: render every page in plan order, sent in batches; an error is sent too."""
    from caselib.render.pages import page_plan

    try:
        batch: list[tuple[str, str]] = []
        for path, render in page_plan(library):
            batch.append((path, render()))
            if len(batch) == PAGE_BATCH:
                conn.send(batch)
                batch = []
        conn.send(batch)
        conn.send(None)  # done
    except BaseException as exc:
        conn.send(RuntimeError(f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


class RenderError(Exception):
    """Rendering failed in a forked process; the message is for the person running the build."""


class _Child:
    """A forked process that sends its results through a pipe (a dead child reads as end of file)."""

    def __init__(self, target: Any, library: Library) -> None:
        context = multiprocessing.get_context("fork")  # the child inherits the library: nothing is pickled
        self.conn, child_end = context.Pipe(duplex=False)
        self.process = context.Process(target=target, args=(library, child_end), daemon=True)
        self.process.start()
        child_end.close()

    def receive(self, what: str) -> Any:
        try:
            message = self.conn.recv()
        except (EOFError, OSError) as exc:  # killed, out of memory
            raise RenderError(f"内部错误：生成{what}的子进程意外退出（{type(exc).__name__}），站点没有生成。"
                              "请重试；一再出现请报告问题（可设 CASELIB_JOBS=1 在单进程中构建）") from exc
        if isinstance(message, Exception):
            raise RenderError(f"内部错误：生成{what}时出错（{message}），站点没有生成。请报告问题") from message
        return message

    def close(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.conn.close()


class Rendering:
    """The site's files for one library: the Markdown pages and the data files, each when asked for.

    With many cases (and a process that may fork) two forked processes do the work while the caller
    goes on: one builds the data files (``render_assets``: finder index, open data, feed), the other
    renders the pages in ``page_plan`` order and sends them as they are done, so MkDocs can convert
    the first pages while the later ones are rendered. Otherwise everything is rendered here at once.
    Same output either way (tests/test_determinism.py). A failure in a child is a ``RenderError``.
    """

    def __init__(self, library: Library) -> None:
        from caselib.outputs import render_assets
        from caselib.render.pages import page_plan

        self._assets: dict[str, bytes] | None = None
        self._received: dict[str, str] = {}
        self._asset_child: _Child | None = None
        self._page_child: _Child | None = None
        plan = page_plan(library)  # cheap: what the pages share is computed by the first page that needs it
        self.page_paths = [path for path, _render in plan]
        gc.freeze()  # the library lives on: the collector need not scan it again and again (-20 % at 3,000 cases)
        try:
            if workers(len(library.cases)) < 2:
                self._assets = render_assets(library)
                self._received = {path: render() for path, render in plan}
                return
            self._asset_child = _Child(_send_assets, library)
            self._page_child = _Child(_send_pages, library)
        except BaseException:
            self.close()
            raise
        finally:
            gc.unfreeze()

    def page(self, path: str) -> str:
        """The Markdown of one generated page (each is handed out once); waits for it if need be."""
        while path not in self._received:
            if self._page_child is None:
                raise KeyError(path)
            try:
                message = self._page_child.receive("页面")
            except RenderError:
                self.close()
                raise
            if message is None:  # all sent
                self._page_child.close()
                self._page_child = None
            else:
                self._received.update(message)
        return self._received.pop(path)

    @property
    def pages(self) -> dict[str, str]:
        """Every page (waits for all of them)."""
        return {path: self.page(path) for path in self.page_paths}

    def assets(self) -> dict[str, bytes]:
        """The data files; waits for the forked process if it is still at work."""
        if self._assets is None:
            assert self._asset_child is not None
            try:
                self._assets = self._asset_child.receive("数据文件")
            except RenderError:
                self.close()
                raise
            self._asset_child.close()
            self._asset_child = None
        assert self._assets is not None
        return self._assets

    def close(self) -> None:
        """Stop the forked processes, if any (after a failed build: their work is no longer wanted)."""
        for child in (self._asset_child, self._page_child):
            if child is not None:
                child.close()
        self._asset_child = self._page_child = None


def render_site(library: Library) -> tuple[dict[str, str], dict[str, bytes]]:
    """The Markdown pages (``render_pages``) and the static data files (``render_assets``)."""
    rendering = Rendering(library)
    try:
        return rendering.pages, rendering.assets()
    finally:
        rendering.close()


def run(root: Path, *, only: list[Path] | None = None, lint: bool = False, model: bool = True,
        cache: bool = True) -> Result:
    """Load and validate everything under ``root``; build the library if it is all valid.

    ``lint=True`` adds the lint warnings (caselib.validate.lint) of every record; off for the MkDocs build,
    where a warning would fail ``mkdocs build --strict``. ``model=False`` stops after validation
    (``check`` needs no library: a third of its time at 10,000 records when the cache is warm).
    ``cache=False`` checks every file afresh (caselib.load.cache; also off by ``CASELIB_CACHE=0`` and in CI).
    """
    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of new objects and no cycles: the collector's passes cost ~20 % at 10,000
    try:
        return _run(root, only, lint, model, cache)
    finally:
        if collecting:
            gc.enable()


def _run(root: Path, only: list[Path] | None, lint: bool, model: bool, use_cache: bool) -> Result:
    vocabularies, problems = load_vocabularies(root)
    if len(vocabularies) < len(VOCABULARIES):
        return Result(None, problems)
    schema = read_json(root / SCHEMA_FILE)
    problems += schema_problems(root, schema, vocabularies)
    ctx = Context(with_vocabularies(schema, vocabularies), vocabularies, Regions.from_csv(root / REGIONS_FILE),
                  load_archives(root), advice=lint)  # warnings for check (community, quotes), not for the build (--strict)
    jobs, links = scan_cases(root)
    problems += links
    loaded_records: list[Loaded] = []
    cache = RecordCache.open(root, fingerprint(root)) if use_cache and FAST_PATH and cache_enabled() else None
    for loaded, found in check_files(jobs, ctx, lint, cache, slim=not model):
        problems += found
        if loaded is not None:
            loaded_records.append(loaded)
    problems += check_library(loaded_records)
    invalid = bool(errors_only(problems))  # before narrowing to ``only``: an invalid record elsewhere still stops the build
    if only is not None:
        wanted = {relative(root, p.resolve()) for p in only}
        problems = [p for p in problems if p.path in wanted or not p.path.startswith(CASES_DIR + "/")]
    problems.sort()
    if invalid or not model:
        return Result(None, problems, 0 if invalid else len(loaded_records))
    metric_fields = ctx.schema["properties"]["metrics"]["properties"]
    labels = {k: v["title"] for k, v in metric_fields.items()}
    units = {k: v.get("x-unit", "") for k, v in metric_fields.items()}
    cases = [build_case(r.path, r.data, vocabularies, ctx.regions, labels, units) for r in loaded_records]
    library = Library(cases, vocabularies, ctx.regions, labels, schema=ctx.schema, metric_units=units)
    link_parts(library)
    return Result(library, problems, len(cases))
