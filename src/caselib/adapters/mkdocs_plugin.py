"""MkDocs adapter: `mkdocs build` / `mkdocs serve` run the pipeline and add its pages.

A thin layer: it calls ``caselib.pipeline.run.run`` once per build, stops the
build with the validator's messages if any record is invalid (before MkDocs
touches ``site/``), adds the rendered pages as generated files (case pages
kept out of the navigation, so their HTML does not grow with the library),
points each case page's "edit" link at its YAML record, and asks
``mkdocs serve`` to watch the records and data; under ``mkdocs serve`` an edit of records rebuilds only
the pages it changed (``adapters.mkdocs_serve``).

With many cases the work runs beside MkDocs (``pipeline.site.SiteFiles``): the
generated pages are registered by path in ``on_files`` and their Markdown,
rendered in order by a forked process, is handed to MkDocs as it reads each
page (``on_page_read_source``); the data files (``outputs.build_data_files``)
are built by another forked process and written in ``on_post_build``, after
MkDocs has written the pages (MkDocs renders its templates meanwhile instead of
waiting for them: 10–15 s at 10,000 cases on 2 cores). The few data files that
hand-written pages link to (``outputs.LINKED``) are registered empty in
``on_files`` so that MkDocs can check those links, and filled in then.

The page processes also convert each generated page the way MkDocs would (``render.html``, with the
Markdown settings MkDocs resolved); in ``on_pre_page`` such a page takes those parts instead of running
Python-Markdown (``adapters.mkdocs_pages``), and a page outside that converter's grammar is converted by
MkDocs as before. ``CASELIB_FAST_PAGES=0`` turns this off.

The public base URL (permalinks, citations, feed, sitemap, open data) is the environment variable
``CASELIB_SITE_URL``, else ``site_url`` in mkdocs.yml, else none: see ``urls.public_base_url`` and
docs/publishing.md.

Enabled in ``mkdocs.yml``::

    plugins:
      - caselib
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from caselib.adapters.mkdocs_pages import adopt, same_setup, setup
from caselib.adapters.mkdocs_serve import IncrementalServe, check_result
from caselib.outputs import LINKED
from caselib.pipeline.processes import RenderError, freeze_heap, thaw_heap
from caselib.pipeline.run import run
from caselib.pipeline.site import SiteFiles
from caselib.render.html import MarkdownSetup, Rendered
from caselib.urls import SITE_URL_ENV, SiteURLError, public_base_url

log = logging.getLogger("mkdocs.plugins.caselib")


class CaseLibraryConfig(Config):
    root = config_options.Type(str, default=".")
    watch = config_options.Type(list, default=["cases", "data", "schema", "src/caselib/render/templates", "src/caselib/outputs/templates"])


class CaseLibraryPlugin(BasePlugin[CaseLibraryConfig]):
    """Adds the case library's generated pages to an MkDocs build."""

    def __init__(self) -> None:
        self.rendering: SiteFiles | None = None
        self.placeholders: dict[str, File] = {}  # data files registered in on_files, filled in on_post_build
        self.files: Files | None = None  # this build's files (on_env), which the data files join at the end
        self.generated: dict[str, File] = {}  # generated pages, filled in on_page_read_source
        self.handed_out: set[str] = set()
        self.parts: dict[str, Rendered] = {}  # generated pages' converted parts (render.html), taken in on_pre_page
        self.markdown_setup: MarkdownSetup | None = None  # the Markdown configuration the parts are made for
        self.fast_pages = False  # whether MkDocs still converts with it (checked in on_files)
        self.adopted = 0  # generated pages that took their parts in this build (logged at the end, for tests)
        self.edit_paths: dict[str, str] = {}
        self.root = Path(".")
        self.pinned_epoch = ""  # SOURCE_DATE_EPOCH as this plugin set it (not the caller)
        self.serving: IncrementalServe | None = None  # under mkdocs serve: rebuilds only what an edit changed
        self.command = ""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps this plugin across the rebuilds of ``mkdocs serve`` (adapters.mkdocs_serve)."""
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = (Path(config.config_file_path).parent / self.config.root).resolve()
        if self.command == "serve":
            self.serving = self.serving or IncrementalServe(self.root, self.config.watch)
            self.serving.build_starting(config)
        result = run(self.root)
        check_result(result)
        assert result.library is not None
        try:  # the public base URL: CASELIB_SITE_URL, else site_url in mkdocs.yml, else none (neutral)
            base = public_base_url(os.environ.get(SITE_URL_ENV) or config.site_url)
        except SiteURLError as exc:
            raise Abort(str(exc)) from exc
        config.site_url = base or None  # canonical links, and the 404 page's asset paths
        if not base:  # a sitemap needs absolute URLs: none rather than one that names the wrong host
            config.theme.static_templates.discard("sitemap.xml")  # (its template file is dropped in on_files)
        result.library.site_url = base
        self.pin_build_date(result.library)
        self.markdown_setup = setup(config)
        # pages (with their converted parts) and data files: in forked processes when it pays off
        self.rendering = SiteFiles(result.library, self.markdown_setup)
        self.edit_paths = {case.url.rstrip("/") + ".md": case.path for case in result.library.cases}
        freeze_heap()  # library and pages live to the end of the build: keep the cycle collector off them
        if self.serving is not None:
            self.serving.library = result.library
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.serving is not None:
            self.serving.site_cleared()

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.serving is not None:
            self.serving.nav = nav
        return nav

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        log.debug(f"pre-rendered pages: {self.adopted} of {len(self.generated)}")
        if self.rendering is not None:
            self.write_data_files(config)
            self.rendering.close()
        thaw_heap()
        if self.serving is not None:
            self.serving.build_done(config)

    def on_build_error(self, *, error: Exception) -> None:
        if self.rendering is not None:
            self.rendering.close()
        thaw_heap()

    def pin_build_date(self, library: Any) -> None:
        """Make the build reproducible: MkDocs stamps the build day into sitemap.xml (lastmod) and the mtime
        inside sitemap.xml.gz unless SOURCE_DATE_EPOCH is set; we set it to the latest ``updated`` of the records,
        so two builds of the same records give the same bytes on any day. An epoch set by the caller wins."""
        if "SOURCE_DATE_EPOCH" in os.environ and not self.pinned_epoch:
            return
        latest = max((case.updated for case in library.cases), default="")
        if not latest:
            return
        epoch = str(int(datetime.fromisoformat(latest).replace(tzinfo=UTC).timestamp()))
        os.environ["SOURCE_DATE_EPOCH"] = self.pinned_epoch = epoch

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for file in files:  # hand-written pages: their edit link points into docs/
            if file.is_documentation_page():
                file.edit_uri = f"{Path(config.docs_dir).name}/{file.src_uri}"
        assert self.rendering is not None
        template = files.get_file_from_path("sitemap.xml")
        if template is not None and "sitemap.xml" not in config.theme.static_templates:
            files.remove(template)  # not rendered without a base URL: not copied as a raw template either
        self.generated, self.handed_out, self.parts = {}, set(), {}  # this build's pages (a plugin may serve several builds)
        self.fast_pages = self.markdown_setup is not None and same_setup(config, self.markdown_setup)
        self.adopted = 0
        for path in self.rendering.page_paths:  # their Markdown arrives in on_page_read_source
            generated = _replace(files, File.generated(config, path, content=""))
            if not (path == "index.md" or path.endswith("/index.md")):
                generated.inclusion = InclusionLevel.NOT_IN_NAV
            generated.edit_uri = self.edit_paths.get(path)
            self.generated[path] = generated
        self.placeholders = {path: _replace(files, File.generated(config, path, content=b"")) for path in LINKED}
        return files

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """A generated page converted beside MkDocs takes its parts (``adapters.mkdocs_pages``)."""
        if self._hand_out(page) and self.fast_pages and (parts := self.parts.pop(page.file.src_uri, None)):
            self.adopted += adopt(page, page.file.content_string, parts)
        return page

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """A generated page's Markdown, from the renderer (a forked process renders them meanwhile)."""
        return page.file.content_string if self._hand_out(page) else None

    def _hand_out(self, page: Page) -> bool:
        """Whether ``page`` is a generated page; its Markdown (and parts) taken from the renderer if need be."""
        path = page.file.src_uri
        file = self.generated.get(path)
        if file is not page.file or self.rendering is None:
            return False
        if path not in self.handed_out:  # the renderer hands each page out once; the file keeps it
            try:
                file.content_string, parts = self.rendering.page_and_parts(path)
            except RenderError as exc:
                raise Abort(str(exc)) from exc
            if parts is not None and self.fast_pages:
                self.parts[path] = parts
            self.handed_out.add(path)
        return True

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.files = files  # the data files join them after the pages are written (write_data_files)
        if self.serving is not None:
            self.serving.env, self.serving.files = env, files
        return env

    def write_data_files(self, config: MkDocsConfig) -> None:
        """The data files (finder index, open data, per-case JSON, feed) into the site, after MkDocs wrote the pages:
        a forked process builds them meanwhile (tens of seconds at 10,000 cases), so MkDocs need not wait for them
        before its templates. The ``LINKED`` ones had placeholders since ``on_files`` (links to them are checked)."""
        assert self.rendering is not None and self.files is not None
        try:
            assets = self.rendering.data_files()
        except RenderError as exc:
            raise Abort(str(exc)) from exc
        missing = [path for path in LINKED if path not in assets]
        if missing:
            raise Abort(f"内部错误：没有生成 {'、'.join(missing)}（outputs.LINKED 与构建器不一致）")
        for path, content in assets.items():
            if path in self.placeholders:
                file = self.placeholders[path]
                file.content_bytes = content
            else:
                file = _replace(self.files, File.generated(config, path, content=content, inclusion=InclusionLevel.INCLUDED))
            file.copy_file()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        for folder in self.config.watch:
            path = self.root / folder
            if path.exists():
                server.watch(str(path))
        if self.serving is not None:
            self.serving.install(server, builder)
        return server


def _replace(files: Files, generated: File) -> File:
    """Add a generated file, in place of a file of the same path from docs/ (ours win)."""
    existing = files.get_file_from_path(generated.src_uri)
    if existing is not None:
        files.remove(existing)
    files.append(generated)
    return generated
