"""The site's files for one library: the Markdown pages (``render``) and the data files (``outputs``).

With many cases (and a process that may fork) forked processes do the work while the caller goes on: one
builds the data files (finder index, open data, feed), the others render the pages, each a share of the
``page_plan`` batches in order, and send them batch by batch as they are done, so MkDocs can convert the
first pages while the later ones are rendered. Otherwise everything is produced here at once. Same output
either way (``tests/build/test_determinism.py``). A failure in a child is a ``processes.RenderError``.

Given the Markdown configuration MkDocs resolved (``render.html.MarkdownSetup``, unless
``CASELIB_FAST_PAGES=0``), each page also comes with its converted parts (``render.html.Rendered``, or None
when MkDocs must convert it itself), computed beside the Markdown, in the page processes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from caselib.model.library import Library
from caselib.outputs import build_data_files
from caselib.pipeline.processes import Forked, RenderError, freeze_heap, switches, thaw_heap, workers
from caselib.render.html import MarkdownSetup, PageConverter, Rendered
from caselib.render.pages import page_plan

PAGE_BATCH = 100  # pages per message from a page process
PageOut = tuple[str, "Rendered | None"]  # a page's Markdown and, if asked for, its converted parts


class SiteFiles:
    """The pages and data files of one library, each when asked for (see the module docstring)."""

    def __init__(self, library: Library, markdown: MarkdownSetup | None = None) -> None:
        self._data_files: dict[str, bytes] | None = None
        self._received: dict[str, PageOut] = {}
        self._data_child: Forked | None = None
        self._page_children: list[Forked | None] = []
        plan = page_plan(library)  # cheap: what the pages share is computed by the first page that needs it
        self.page_paths = [path for path, _render in plan]
        self._child_of = {path: (index // PAGE_BATCH) for index, path in enumerate(self.page_paths)}
        converter = PageConverter(markdown) if markdown is not None and switches().fast_pages else None
        freeze_heap()  # the library lives on: the collector need not scan it again and again (-20 % at 3,000 cases)
        try:
            jobs = workers(len(library.cases))
            if jobs < 2:
                self._data_files = build_data_files(library)
                self._received = dict(_pages(plan, converter))
                return
            self._data_child = Forked(lambda: [build_data_files(library)], "数据文件")
            count = max(1, jobs - 1)  # MkDocs keeps a core busy; the data files take little of another
            self._child_of = {path: batch % count for path, batch in self._child_of.items()}
            self._page_children = [Forked(_batches(plan, converter, index, count), "页面") for index in range(count)]
        except BaseException:
            self.close()
            raise
        finally:
            thaw_heap()

    def page(self, path: str) -> str:
        """The Markdown of one generated page (each is handed out once); waits for it if need be."""
        return self.page_and_parts(path)[0]

    def page_and_parts(self, path: str) -> PageOut:
        """The Markdown of one generated page and its converted parts, if any (each is handed out once)."""
        while path not in self._received:
            index = self._child_of[path] if self._page_children else None
            child = self._page_children[index] if index is not None else None
            if index is None or child is None:
                raise KeyError(path)
            message = self._receive(child)
            if message is None:  # all sent
                child.close()
                self._page_children[index] = None
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
        for child in (self._data_child, *self._page_children):
            if child is not None:
                child.close()
        self._data_child = None
        self._page_children = []


def _pages(plan: list[tuple[str, Callable[[], str]]], converter: PageConverter | None) -> Iterator[tuple[str, PageOut]]:
    for path, render in plan:
        text = render()
        yield path, (text, converter.convert(text) if converter is not None else None)


def _batches(plan: list[tuple[str, Callable[[], str]]], converter: PageConverter | None, index: int,
             count: int) -> Callable[[], Iterator[list[tuple[str, PageOut]]]]:
    """What page process ``index`` of ``count`` sends: every ``count``-th batch of ``PAGE_BATCH`` pages of the
    plan, from its ``index``-th, each page rendered (and converted) in plan order."""
    def produce() -> Iterator[list[tuple[str, PageOut]]]:
        for start in range(index * PAGE_BATCH, len(plan), count * PAGE_BATCH):
            yield list(_pages(plan[start:start + PAGE_BATCH], converter))
    return produce


def site_files(library: Library) -> tuple[dict[str, str], dict[str, bytes]]:
    """The Markdown pages and the static data files."""
    files = SiteFiles(library)
    try:
        return files.pages, files.data_files()
    finally:
        files.close()
