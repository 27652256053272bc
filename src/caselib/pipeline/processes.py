"""How the pipeline uses the machine: switches, forked workers, forked renderers, the garbage collector.

Everything here is about speed (issue 6); none of it changes a result (``tests/build/test_determinism.py``
builds a site both ways; ``tests/unit/test_fastpath.py`` checks ``check`` both ways).

* ``switches()`` reads the environment, here and nowhere else in the pipeline: ``CASELIB_FAST_PATH=0``
  (every record takes the full path), ``CASELIB_FAST_PAGES=0`` (MkDocs converts every page itself instead of
  taking ``render.html``'s parts), ``CASELIB_JOBS`` (worker processes), ``CASELIB_CACHE`` and ``CI``
  (the validation cache, ``load.cache``), ``CASELIB_WATCH=poll`` (``mkdocs serve`` polls the files as MkDocs
  does, instead of being told of changes by the system: ``adapters.mkdocs_serve``).
* ``map_forked(function, count, jobs)`` runs ``function(i)`` for every job index in forked worker
  processes, which inherit the jobs instead of receiving them (pickling 10,000 paths each way cost
  ~0.5 s of CPU); ``workers(count)`` says how many processes it pays to use.
* ``Forked(produce, what)`` runs a producer in a forked process that sends its results through a pipe
  while the caller goes on (``pipeline.site`` renders the pages and builds the data files that way
  while MkDocs works).
* The garbage collector: ``collector_paused()`` while the pipeline makes tens of thousands of objects
  without cycles (its passes cost ~20 % at 10,000 records), ``freeze_heap()`` / ``thaw_heap()`` for a
  library that lives to the end of a build (the collector need not scan it again and again).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

PARALLEL_MIN_FILES = 200  # fewer files are checked (and pages rendered) in one process


# -- switches ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Switches:
    fast_path: bool  # valid records take the reader's fast view (load.files.fast_values)
    fast_pages: bool  # generated pages reach MkDocs converted (render.html), not as Markdown alone
    jobs: int | None  # worker processes asked for (CASELIB_JOBS), else None: the usable cores, up to 4
    cache: bool  # the validation cache may be used (off by CASELIB_CACHE=0, and in CI unless CASELIB_CACHE=1)
    native_watch: bool  # mkdocs serve is told of changes by the system (inotify), unless CASELIB_WATCH=poll


def switches() -> Switches:
    """The environment's switches, read when asked (not at import: a test or the plugin may set them first)."""
    jobs = os.environ.get("CASELIB_JOBS", "")
    cache = os.environ.get("CASELIB_CACHE", "")
    return Switches(fast_path=os.environ.get("CASELIB_FAST_PATH", "1") != "0",
                    fast_pages=os.environ.get("CASELIB_FAST_PAGES", "1") != "0",
                    jobs=int(jobs) if jobs.isdigit() else None,
                    cache=cache == "1" or (cache != "0" and not os.environ.get("CI")),
                    native_watch=os.environ.get("CASELIB_WATCH", "") != "poll")


# -- the garbage collector -----------------------------------------------------------------------------------

@contextmanager
def collector_paused() -> Iterator[None]:
    """No collection while the block makes many objects without cycles (restored after, if it was on)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def freeze_heap() -> None:
    """Move every object alive now out of the collector's sight (a library that lives to the end of a build)."""
    gc.freeze()


def thaw_heap() -> None:
    gc.unfreeze()


# -- forked workers -----------------------------------------------------------------------------------------

def workers(count: int) -> int:
    """How many processes handle ``count`` files: ``CASELIB_JOBS``, else the usable cores when it pays off.

    Workers are forked, so only from a process with a single thread (``mkdocs serve``
    runs a server thread: there everything runs in one process).
    """
    asked = switches().jobs
    jobs = asked if asked is not None else min(len(os.sched_getaffinity(0)), 4)
    if (count < PARALLEL_MIN_FILES or jobs < 2 or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods() or multiprocessing.current_process().daemon):
        return 1
    return jobs


_TASK: Callable[[int], Any] | None = None  # what forked workers inherit: the function, with its jobs in its closure


def _run_task(index: int) -> Any:
    assert _TASK is not None
    return _TASK(index)


def map_forked(task: Callable[[int], Any], count: int, processes: int) -> list[Any]:
    """``[task(i) for i in range(count)]``, computed by ``processes`` forked workers that inherit ``task``
    (nothing but the index and the result is pickled)."""
    global _TASK
    _TASK = task
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            return pool.map(_run_task, range(count), chunksize=max(1, count // (processes * 8)))
    finally:
        _TASK = None


# -- forked producers over pipes ----------------------------------------------------------------------------

class RenderError(Exception):
    """Producing the site's files failed in a forked process; the message is for the person running the build."""


class Forked:
    """A forked process that sends, through a pipe, everything ``produce()`` yields, then ``None``.

    The child inherits the parent's memory (the library: nothing is pickled but what it sends); an
    exception in it is sent as a message, and a child that dies reads as end of file. Both become a
    ``RenderError`` in the parent, named by ``what`` (页面, 数据文件).
    """

    def __init__(self, produce: Callable[[], Iterable[Any]], what: str) -> None:
        context = multiprocessing.get_context("fork")
        self.what = what
        self.conn, child_end = context.Pipe(duplex=False)
        self.process = context.Process(target=_send_all, args=(produce, child_end), daemon=True)
        self.process.start()
        child_end.close()

    def receive(self) -> Any:
        """The next message (``None`` after the last one)."""
        try:
            message = self.conn.recv()
        except (EOFError, OSError) as exc:  # killed, out of memory
            raise RenderError(f"内部错误：生成{self.what}的子进程意外退出（{type(exc).__name__}），站点没有生成。"
                              "请重试；一再出现请报告问题（可设 CASELIB_JOBS=1 在单进程中构建）") from exc
        if isinstance(message, Exception):
            raise RenderError(f"内部错误：生成{self.what}时出错（{message}），站点没有生成。请报告问题") from message
        return message

    def close(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.conn.close()


def _send_all(produce: Callable[[], Iterable[Any]], conn: Any) -> None:
    """In the child: send each item ``produce()`` yields, then ``None``; an error is sent as it happens. Ctrl+C
    (SIGINT, sent to the whole process group) is the parent's to handle: it ends this daemon process as it exits
    or closes it, rather than the child reporting the interruption as an internal error."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for item in produce():
            conn.send(item)
        conn.send(None)
    except BaseException as exc:
        conn.send(RuntimeError(f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()
