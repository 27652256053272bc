"""``mkdocs serve``'s file watcher (adapters/mkdocs_serve.observe_natively): MkDocs' own server, its watches moved
to the system's observer, sees a saved, created, renamed or deleted file and not a file that is only read; with
``CASELIB_WATCH=poll``, or when the system cannot watch a path, MkDocs' polling observer stays. The real server object and the real observers; nothing is
served."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer
from support import free_port, wait_for
from watchdog.observers.polling import PollingObserver

from caselib.adapters.mkdocs_serve import ChangesObserver, observe_natively


def server_watching(tmp_path: Path, *folders: Path) -> LiveReloadServer:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(tmp_path / "site"))
    for folder in folders:
        server.watch(str(folder))
    server.watch(str(folders[0]))  # asked for twice (MkDocs counts the watches of a path)
    return server


def wants_rebuild(server: LiveReloadServer, seconds: float) -> bool:
    return wait_for(lambda: server._want_rebuild, seconds)


def test_the_system_observer_sees_changes_and_not_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CASELIB_WATCH", raising=False)
    cases, docs = tmp_path / "cases", tmp_path / "docs"
    (cases / "beijing").mkdir(parents=True)
    docs.mkdir()
    record = cases / "beijing" / "a.yml"
    record.write_text("id: a\n", encoding="utf-8")
    server = server_watching(tmp_path, cases, docs)
    observe_natively(server)
    assert isinstance(server.observer, ChangesObserver)
    assert server._watched_paths == {str(cases): 2, str(docs): 1}
    assert server.observer.is_alive(), "started at once, so that a watch the system refuses shows then"
    server.observer.start()  # as MkDocs does when it begins serving: nothing more
    try:
        for change in (lambda: record.read_text(encoding="utf-8"), lambda: record.stat()):
            change()
            assert not wants_rebuild(server, 1.0), "reading a file is not a change"
        for change in (lambda: record.write_text("id: b\n", encoding="utf-8"),
                       lambda: (docs / "new.md").write_text("# 新\n", encoding="utf-8"),
                       lambda: record.rename(cases / "beijing" / "b.yml"),
                       lambda: (cases / "beijing" / "b.yml").unlink()):
            server._want_rebuild = False
            change()
            assert wants_rebuild(server, 5.0), "a change was not seen"
        server.unwatch(str(cases))
        server.unwatch(str(cases))
        assert str(cases) not in server._watched_paths
    finally:
        server.observer.stop()
        if server.observer.is_alive():
            server.observer.join()
        server.server_close()


def test_polling_stays_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASELIB_WATCH", "poll")
    (tmp_path / "cases").mkdir()
    server = server_watching(tmp_path, tmp_path / "cases")
    observe_natively(server)
    try:
        assert type(server.observer) is PollingObserver
        assert server._watched_paths == {str(tmp_path / "cases"): 2}
    finally:
        server.server_close()


def test_polling_stays_when_the_system_cannot_watch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A path inotify cannot watch (here: one that does not exist yet) leaves MkDocs' polling observer with every
    watch as it was, and it still sees a change."""
    monkeypatch.delenv("CASELIB_WATCH", raising=False)
    cases = tmp_path / "cases"
    cases.mkdir()
    server = server_watching(tmp_path, cases, tmp_path / "missing")
    polling = server.observer
    observe_natively(server)
    try:
        assert server.observer is polling
        assert server._watched_paths == {str(cases): 2, str(tmp_path / "missing"): 1}
        (tmp_path / "missing").mkdir()  # the polling observer cannot start on a missing path either
        server.observer.start()
        (cases / "a.yml").write_text("id: a\n", encoding="utf-8")
        assert wants_rebuild(server, 5.0), "the polling observer no longer sees changes"
    finally:
        server.observer.stop()
        if server.observer.is_alive():
            server.observer.join()
        server.server_close()
