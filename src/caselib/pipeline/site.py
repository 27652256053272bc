"""The site's files for one library: the Markdown pages (``render``) and the data files (``outputs``).

With many cases (and a process that may fork) two forked processes do the work while the caller goes
on: one builds the data files (finder index, open data, feed), the other renders the pages in
``page_plan`` order and sends them in batches as they are done, so MkDocs can convert the first pages
while the later ones are rendered. Otherwise everything is produced here at once. Same output either
way (``tests/build/test_determinism.py``). A failure in a child is a ``processes.RenderError``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from caselib.model.library import Library
from caselib.outputs import build_data_files
from caselib.pipeline.processes import Forked, RenderError, freeze_heap, thaw_heap, workers
from caselib.render.pages import page_plan

PAGE_BATCH = 100  # pages per message from the page process


class SiteFiles:
    """The pages and data files of one library, each when asked for (see the module docstring)."""

    def __init__(self, library: Library) -> None:
        self._data_files: dict[str, bytes] | None = None
        self._received: dict[str, str] = {}
        self._data_child: Forked | None = None
        self._page_child: Forked | None = None
        plan = page_plan(library)  # cheap: what the pages share is computed by the first page that needs it
        self.page_paths = [path for path, _render in plan]
        freeze_heap()  # the library lives on: the collector need not scan it again and again (-20 % at 3,000 cases)
        try:
            if workers(len(library.cases)) < 2:
                self._data_files = build_data_files(library)
                self._received = {path: render() for path, render in plan}
                return
            self._data_child = Forked(lambda: [build_data_files(library)], "数据文件")
            self._page_child = Forked(lambda: _batches(plan), "页面")
        except BaseException:
            self.close()
            raise
        finally:
            thaw_heap()

    def page(self, path: str) -> str:
        """The Markdown of one generated page (each is handed out once); waits for it if need be."""
        while path not in self._received:
            if self._page_child is None:
                raise KeyError(path)
            message = self._receive(self._page_child)
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

    def data_files(self) -> dict[str, bytes]:
        """The data files; waits for the forked process if it is still at work."""
        if self._data_files is None:
            assert self._data_child is not None
            self._data_files = self._receive(self._data_child)
            self._data_child.close()
            self._data_child = None
        assert self._data_files is not None
        return self._data_files

    def _receive(self, child: Forked) -> object:
        try:
            return child.receive()
        except RenderError:
            self.close()
            raise

    def close(self) -> None:
        """Stop the forked processes, if any (after a failed build: their work is no longer wanted)."""
        for child in (self._data_child, self._page_child):
            if child is not None:
                child.close()
        self._data_child = self._page_child = None


def _batches(plan: list[tuple[str, Callable[[], str]]]) -> Iterator[list[tuple[str, str]]]:
    """In the page process: every page rendered in plan order, ``PAGE_BATCH`` to a message."""
    batch: list[tuple[str, str]] = []
    for path, render in plan:
        batch.append((path, render()))
        if len(batch) == PAGE_BATCH:
            yield batch
            batch = []
    yield batch


def site_files(library: Library) -> tuple[dict[str, str], dict[str, bytes]]:
    """The Markdown pages and the static data files."""
    files = SiteFiles(library)
    try:
        return files.pages, files.data_files()
    finally:
        files.close()
