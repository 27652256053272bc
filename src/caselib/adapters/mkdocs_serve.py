"""``mkdocs serve``: after a save of record files only, rebuild only the pages that changed (issue 14).

MkDocs' own server rebuilds the whole site after every change it sees (65 s at 1,000 cases, minutes at
10,000). ``IncrementalServe`` takes the server's builder over (``on_serve``; MkDocs 1.6.1 keeps it as
``LiveReloadServer.builder``) and, on each change:

1. compares the watched files with the ones the site was last built from (size and modification time);
2. if only record files under ``cases/`` changed (none added, removed or renamed, nothing else touched)
   and the last full build is still what is served: validates the records again (the pipeline, with
   its cache: about a second at 10,000 records). An invalid record is reported as in a full build, but
   the pages stay as they were and are still served (a failed full build leaves the server waiting).
   Otherwise it builds the new library (the cases of unchanged files copied from the last one), renders
   the pages the edit can reach (``pipeline.incremental``: the edited cases' pages, those that link to
   them, the lists and summaries that hold them), and puts only the pages whose Markdown changed
   through MkDocs' page pipeline (``_populate_page`` and ``_build_page`` of ``mkdocs.commands.build``,
   with the navigation, files and theme environment the full build kept) into the served folder. It
   logs ``已更新 N 个页面（x s：校验 …，找页面 …，Markdown …，HTML …）：…`` and the server reloads. The pages
   that sum up the whole library (home, statistics, the overviews: about a second at 10,000 cases) follow
   in a thread (``汇总页已更新 N 个页面``); the next save or full build waits for it;
3. the data files (finder index, open data, per-case JSON, feed) follow: at once for a small library,
   else in a forked process while the updated pages are already served (seconds at 1,000 cases, tens
   of seconds at 10,000; logged ``数据文件已更新`` when done); only files whose bytes changed are
   rewritten, each replaced whole;
4. anything else (templates, vocabularies, schema, docs/, mkdocs.yml, a record added, removed or
   renamed, a change to the set of pages or to a navigation title) is MkDocs' normal full build.

MkDocs' server polls every watched file twice a second (``PollingObserver``: at 10,000 records each pass
stats every file, an idle server takes a fifth of a core, and a save is seen up to half a second late).
``install`` gives it the system's observer instead (``watchdog.observers.Observer``: inotify on Linux), told
only of writes, creations, deletions and moves (not of files opened or read: the build reads them), and keeps
MkDocs' polling when that observer cannot watch (no inotify, too many watches) or ``CASELIB_WATCH=poll``
(folders on a network or a virtual machine's shared drive, where the system sees no changes).

The plugin (``mkdocs_plugin``) persists across builds (it defines ``on_startup``) and tells this
object what each full build made (``kept``); after each, a background thread computes what the first
save would otherwise wait for (``warm_up``). Nothing here changes ``mkdocs build``.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from watchdog import events
from watchdog.observers import Observer

from caselib.model.library import Library
from caselib.outputs import build_data_files
from caselib.pipeline.incremental import SUMMARY_PATHS, Edition, affected_pages, changed_ids
from caselib.pipeline.processes import PARALLEL_MIN_FILES, Forked, RenderError, collector_paused, switches
from caselib.pipeline.run import Result, run
from caselib.problems import errors_only
from caselib.reference.layout import CASES_DIR

log = logging.getLogger("mkdocs.plugins.caselib")

Snapshot = dict[str, tuple[int, int]]  # path relative to the repository (or absolute outside it) -> (mtime ns, size)
SHOWN_PAGES = 8  # pages named in the log line
CHANGES: list[type[events.FileSystemEvent]] = [  # what a native observer reports (not files opened or read)
    events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent, events.FileMovedEvent,
    events.FileClosedEvent, events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent]


class ChangesObserver(Observer):  # type: ignore[misc,valid-type]  # the platform's observer class
    """The system's observer, told only of ``CHANGES`` (MkDocs' ``watch`` schedules with no filter)."""

    def schedule(self, event_handler: Any, path: Any, *, recursive: bool = False,
                 event_filter: Any = None, follow_symlink: bool = False) -> Any:
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or CHANGES,
                                follow_symlink=follow_symlink)

    def start(self) -> None:
        """Started once (``observe_natively``); MkDocs' own start when it begins serving is then nothing."""
        if not self.is_alive():
            super().start()


def observe_natively(server: Any) -> None:
    """Move the server's watches from MkDocs' polling observer to a started ``ChangesObserver`` (MkDocs starts its
    observer when it begins serving); keep polling when the system cannot watch them all."""
    if not switches().native_watch:
        return
    watched, refs, polling = server._watched_paths, server._watch_refs, server.observer  # MkDocs 1.6.1
    native: ChangesObserver | None = None
    try:
        native = ChangesObserver()  # an inotify instance (fs.inotify.max_user_instances)
        server._watched_paths, server._watch_refs, server.observer = {}, {}, native
        for path, count in watched.items():  # path -> how many asked for it
            for _ in range(count):
                server.watch(path)
        native.start()  # the system's watches are added now (fs.inotify.max_user_watches): a failure shows here
    except OSError as exc:
        log.warning(f"无法使用系统的文件监视（{exc}），改为定时检查文件（每秒两次）")
        if native is not None:
            native.stop()
        server._watched_paths, server._watch_refs, server.observer = watched, refs, polling  # its watches as they were
        return
    log.info("文件监视：由系统通知变化（不再每秒两次检查全部文件；设 CASELIB_WATCH=poll 可改回）")


def check_result(result: Result) -> Library:
    """The library of a pipeline run, or ``Abort`` with the validator's messages logged (a full build)."""
    errors = report(result)
    if errors or result.library is None:
        raise Abort(f"案例记录校验未通过（{errors} 个错误），未生成站点。请运行 python scripts/build_index.py check 查看详情。")
    return result.library


def report(result: Result) -> int:
    """Log the validator's messages; the number of errors."""
    for problem in result.problems:
        (log.error if problem.severity == "error" else log.warning)(problem.format())
    return len(errors_only(result.problems))


class Invalid(Exception):
    """An edited record does not pass validation (its problems are logged)."""


@dataclass
class Kept:
    """What the last full build made, for the pages rebuilt after it."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: Any  # the theme's Jinja environment, after on_env
    edition: Edition


def ignored(relative: str) -> bool:
    """Files a change of which does not matter: editors' hidden and backup files; in cases/, anything not a record."""
    name = relative.rsplit("/", 1)[-1]
    if name.startswith(".") or name.endswith("~"):
        return True
    return relative.startswith(CASES_DIR + "/") and (name.startswith("_") or not name.endswith((".yml", ".yaml")))


def snapshot(root: Path, paths: Iterable[Path]) -> Snapshot:
    """Size and modification time of every file under ``paths`` (files or folders), by path."""
    out: Snapshot = {}
    prefix = str(root) + os.sep

    def add(path: str) -> None:
        name = path[len(prefix):].replace(os.sep, "/") if path.startswith(prefix) else path
        if ignored(name):
            return
        try:
            stat = os.stat(path)
        except OSError:
            return
        out[name] = (stat.st_mtime_ns, stat.st_size)

    for path in paths:
        if path.is_file():
            add(str(path))
        for folder, dirs, names in os.walk(path):
            dirs[:] = [d for d in dirs if not d.startswith(".")]  # .git, editors' and tools' folders
            for name in names:
                add(os.path.join(folder, name))
    return out


class DataFiles:
    """The data files of a new library written into the served folder, only those whose bytes changed;
    in a forked process and a thread when the library is large (the updated pages are served meanwhile)."""

    def __init__(self, library: Library, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.stopped = False
        self.started = time.monotonic()
        self.child: Forked | None = None
        self.thread: threading.Thread | None = None
        if len(library.cases) < PARALLEL_MIN_FILES:
            self.write(build_data_files(library))
            return
        self.child = Forked(lambda: [build_data_files(library)], "数据文件")
        self.thread = threading.Thread(target=self.receive, name="caselib-data-files", daemon=True)
        self.thread.start()
        log.info("数据文件（查找页数据、开放数据、每个案例的 JSON、订阅）正在后台重新生成，完成前沿用旧文件")

    def receive(self) -> None:
        assert self.child is not None
        try:
            files = self.child.receive()
        except RenderError as exc:
            if not self.stopped:
                log.error(str(exc))
            return
        self.write(files)

    def write(self, files: dict[str, bytes]) -> None:
        written = 0
        for path, content in files.items():
            if self.stopped:
                return
            target = self.site_dir / path
            try:
                if target.read_bytes() == content:
                    continue
            except OSError:
                pass
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".caselib-", delete=False) as temporary:
                temporary.write(content)
            os.replace(temporary.name, target)  # a reader gets the old file or the new one, never half of one
            written += 1
        log.info(f"数据文件已更新：{written} 个文件有变化（{time.monotonic() - self.started:.1f} s）")

    def stop(self) -> None:
        """Give up (a newer build is starting): the child ends, nothing more is written."""
        self.stopped = True
        if self.child is not None:
            if self.child.process.is_alive():
                self.child.process.terminate()
            if self.thread is not None:
                self.thread.join()
            self.child.close()
            self.child = None


def shown(pages: list[tuple[File, str]]) -> str:
    """The pages named in a log line (the first ``SHOWN_PAGES``)."""
    names = "、".join(file.url or "/" for file, _ in pages[:SHOWN_PAGES]) + ("、…" if len(pages) > SHOWN_PAGES else "")
    return f"：{names}" if pages else ""


def warm_up(edition: Edition) -> None:
    """While the first preview is read: what the first save would otherwise wait for, the related cases of the
    library just built (seconds at 10,000 cases) and the page templates compiled in this process (the full build
    renders in a forked one). Nothing is written."""
    try:
        edition.related  # noqa: B018 - computed once, kept by the edition
        paths = [p for p in edition.page_paths if p not in SUMMARY_PATHS]
        edition.render([*SUMMARY_PATHS, *(next(p for p in paths if p.startswith(top)) for top in ("cases/", "regions/", "themes/"))])
    except Exception:  # the update computes the same again, and reports what fails there
        log.debug("caselib: warming up failed", exc_info=True)


def build_page(file: File, kept: Kept, doc_files: Sequence[File]) -> None:
    """MkDocs' ``_build_page`` for a page of the served site, written beside its file and then moved over it: a
    request meanwhile gets the old page or the new one, never half of one (MkDocs writes in place). MkDocs 1.6.1
    writes to ``File.abs_dest_path``, a cached property that this sets for the call."""
    assert file.page is not None
    target = file.abs_dest_path
    folder, name = os.path.split(target)
    temporary = os.path.join(folder, f".caselib-{name}")
    file.__dict__["abs_dest_path"] = temporary
    try:
        _build_page(file.page, kept.config, doc_files, kept.nav, kept.env, excluded=file.inclusion.is_excluded())
    finally:
        file.__dict__["abs_dest_path"] = target
    if os.path.exists(temporary):  # MkDocs writes nothing for an empty page
        os.replace(temporary, target)


class IncrementalServe:
    """The server's builder while ``mkdocs serve`` runs (see the module docstring)."""

    def __init__(self, root: Path, watch: list[str]) -> None:
        self.root = root
        self.watch = watch  # the plugin's folders, relative to root
        self.kept: Kept | None = None  # the last full build, while what it wrote is what is served
        self.built: Snapshot | None = None  # the watched files the served site was built from
        self.pending: Snapshot | None = None  # the watched files as a full build in progress found them
        self.nav: Navigation | None = None  # what the full build in progress made: on_nav, on_env, on_config
        self.env: Any = None
        self.files: Files | None = None
        self.library: Library | None = None
        self.full_build: Callable[[], None] | None = None
        self.data: DataFiles | None = None
        self.warming: threading.Thread | None = None
        self.summaries: threading.Thread | None = None  # the summary pages of the last update (update_summaries)

    # -- what the plugin reports of each full build ------------------------------------------------------------

    def paths(self, config: MkDocsConfig) -> list[Path]:
        """What ``mkdocs serve`` watches: docs/, mkdocs.yml, the theme's folders in the repository (overrides/: the
        installed theme holds 14,000 icons and does not change while serving), ``watch`` and the plugin's."""
        themes = [Path(d) for d in config.theme.dirs if Path(d).resolve().is_relative_to(self.root)]
        out = [Path(config.docs_dir), *themes, *(Path(w) for w in config.watch)]
        if config.config_file_path:
            out.append(Path(config.config_file_path))
        out += [self.root / folder for folder in self.watch]
        return out

    def build_starting(self, config: MkDocsConfig) -> None:
        """A full build begins (``on_config``): note the files it is about to read."""
        self.finish_summaries()
        self.stop_data_files()
        self.pending = snapshot(self.root, self.paths(config))

    def site_cleared(self) -> None:
        """MkDocs empties the site folder after ``on_pre_build``: the kept pages are no longer what is served."""
        self.kept = None

    def build_done(self, config: MkDocsConfig) -> None:
        """The full build succeeded (``on_post_build``)."""
        if self.nav is None or self.files is None or self.library is None:
            return
        self.kept = Kept(config, self.files, self.nav, self.env, Edition(self.library))
        self.built = self.pending
        self.warming = threading.Thread(target=warm_up, args=(self.kept.edition,), name="caselib-warm-up", daemon=True)
        self.warming.start()

    # -- the builder -------------------------------------------------------------------------------------

    def install(self, server: Any, builder: Callable[[], None]) -> None:
        """Become the server's builder (``on_serve``); MkDocs' own builder does the full builds."""
        self.full_build = builder
        server.builder = self.rebuild
        observe_natively(server)

    def rebuild(self) -> None:
        assert self.full_build is not None
        self.finish_summaries()
        kept = self.kept
        if kept is None or self.built is None:
            self.full_build()
            return
        current = snapshot(self.root, self.paths(kept.config))
        records = self.edited_records(self.built, current, kept)
        if records is None:
            self.full_build()
            return
        if not records:
            log.info("被监视的文件没有实际变化，站点保持不变")
            return
        try:
            with collector_paused():  # no collection passes over the kept site (tens of thousands of objects) meanwhile
                done = self.update(kept, records)
        except Invalid as exc:  # reported; the pages stay as they were, and are still served
            log.error(f"案例记录校验未通过（{exc} 个错误），预览中仍是修改前的页面，改正后保存即可更新。"
                      "请运行 python scripts/build_index.py check 查看详情。")
            return
        except Exception:  # a bug here must not stop the preview: the full build is always right
            log.exception("增量更新出错，改为完整重建")
            done = False
        if done:
            self.built = current
        else:
            self.kept = None
            self.full_build()

    def edited_records(self, before: Snapshot, after: Snapshot, kept: Kept) -> list[str] | None:
        """The record files changed since ``before``, or None when anything else changed (a full build)."""
        if before.keys() != after.keys():
            return None
        changed = [path for path, stat in after.items() if before[path] != stat]
        records = {case.path for case in kept.edition.library.cases}
        return changed if all(path in records for path in changed) else None

    def update(self, kept: Kept, records: list[str]) -> bool:
        """Rebuild the pages these record edits change; False when only a full build will do."""
        start = time.monotonic()
        self.stop_data_files()
        if self.warming is not None:  # its work is this update's first step anyway; and no fork while it runs
            self.warming.join()
        result = run(self.root, previous=(kept.edition.library, set(records)))  # the other records' cases are reused
        errors = report(result)
        if errors or result.library is None:
            raise Invalid(errors)
        library = result.library
        marks = [time.monotonic()]  # the time each step ended: validation and model, pages found, Markdown, HTML
        old = kept.edition
        library.site_url = old.library.site_url
        ids = changed_ids(old.library, library, records)
        new = Edition(library, after=(old, ids))
        if new.page_paths != old.page_paths:
            log.info("页面集合有变化，完整重建")
            return False
        paths = affected_pages(old, new, ids)
        later = [path for path in paths if path in SUMMARY_PATHS]  # after the edited case's own pages are served
        marks.append(time.monotonic())
        pages = self.changed_pages(kept, new, [path for path in paths if path not in SUMMARY_PATHS])
        marks.append(time.monotonic())
        if pages is None or not self.write_pages(kept, pages):
            return False
        kept.edition = new
        marks.append(time.monotonic())
        steps = "，".join(f"{name} {end - begin:.1f}" for name, begin, end in
                         zip(("校验", "找页面", "Markdown", "HTML"), [start, *marks[:-1]], marks, strict=True))
        log.info(f"已更新 {len(pages)} 个页面（{marks[-1] - start:.1f} s：{steps}）{shown(pages)}；汇总页随后更新")
        self.data = DataFiles(library, Path(kept.config.site_dir))  # forked before the summaries' thread starts
        self.summaries = threading.Thread(target=self.update_summaries, args=(kept, new, later),
                                          name="caselib-summaries", daemon=True)
        self.summaries.start()
        return True

    def changed_pages(self, kept: Kept, edition: Edition, paths: list[str]) -> list[tuple[File, str]] | None:
        """The kept files of these pages whose Markdown differs in ``edition``, with the new Markdown; None when a
        page is not in the kept site (a full build will do)."""
        out = []
        for path, markdown in edition.render(paths).items():
            file = kept.files.get_file_from_path(path)
            if file is None or file.page is None:
                return None
            if file.content_string != markdown:
                out.append((file, markdown))
        return out

    def write_pages(self, kept: Kept, pages: list[tuple[File, str]]) -> bool:
        """These pages through MkDocs' page pipeline into the served folder, each replaced whole (``build_page``);
        False (nothing written) when one of them changes its title in the navigation (a full build will do)."""
        titles = {id(page): page.title for page in kept.nav.pages}
        for file, markdown in pages:
            file.content_string = markdown
            _populate_page(file.page, kept.config, kept.files)
            if id(file.page) in titles and titles[id(file.page)] != file.page.title:
                log.info("导航中的页面标题有变化，完整重建")
                return False
        doc_files = kept.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for file, _markdown in pages:
            build_page(file, kept, doc_files)
        return True

    def update_summaries(self, kept: Kept, edition: Edition, paths: list[str]) -> None:
        """In a thread, after the edited case's pages are served: the pages that sum up the whole library (home,
        statistics, the overviews: a second at 10,000 cases). A failure is logged, and the next save builds the
        whole site."""
        start = time.monotonic()
        try:
            with collector_paused():
                pages = self.changed_pages(kept, edition, paths)
                if pages is None or not self.write_pages(kept, pages):
                    raise RuntimeError("汇总页不在上次构建的站点里，或导航标题有变化")
        except Exception:
            log.exception("更新汇总页出错：下次保存时将完整重建")
            self.kept = None
            return
        log.info(f"汇总页已更新 {len(pages)} 个页面（{time.monotonic() - start:.1f} s）{shown(pages)}")

    def finish_summaries(self) -> None:
        """Wait for the summaries of the last update (before anything else reads or writes the kept site)."""
        if self.summaries is not None:
            self.summaries.join()
            self.summaries = None

    def stop_data_files(self) -> None:
        if self.data is not None:
            self.data.stop()
            self.data = None
