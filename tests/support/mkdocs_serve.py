"""The real ``mkdocs serve`` in a subprocess, for the tests of previewing (tests/build/test_serve_incremental.py).

The server builds into a folder of its own under the temporary folder it is given (``TMPDIR``), so a test can read
what it wrote there, file by file; its log is kept in a file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from support import ENV, free_port, wait_for


class Serving:
    """``mkdocs serve`` of the repository at ``repo``; ``work`` holds its log and the folder it serves."""

    def __init__(self, repo: Path, work: Path, *extra: str) -> None:
        self.temporary = work / "tmp"
        self.temporary.mkdir(parents=True)
        self.log = work / "serve.log"
        port = free_port()
        self.url = f"http://127.0.0.1:{port}/"
        env = {**ENV, "TMPDIR": str(self.temporary)}
        with self.log.open("wb") as sink:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(repo / "mkdocs.yml"),
                 "--dev-addr", f"127.0.0.1:{port}", *extra], cwd=repo, env=env, stdout=sink, stderr=subprocess.STDOUT,
                start_new_session=True)
        if not wait_for(lambda: self.process.poll() is not None or self.get("") is not None, 180):
            self.stop()
            raise AssertionError("mkdocs serve did not start in 180 s:\n" + self.text())
        if self.process.poll() is not None:
            raise AssertionError("mkdocs serve stopped:\n" + self.text())

    @property
    def site(self) -> Path:
        """The folder MkDocs serves (``mkdocs serve`` makes it with ``tempfile.mkdtemp(prefix="mkdocs_")``)."""
        (folder,) = self.temporary.glob("mkdocs_*")
        return folder

    def get(self, path: str) -> str | None:
        """The body of a page (None while nothing answers, or on an error)."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return bytes(response.read()).decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """Ctrl-C, as a person would (the process group: the server and anything it started)."""
        for sig in (signal.SIGINT, signal.SIGKILL):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(30)
                return
            except subprocess.TimeoutExpired:
                continue


def files(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file under ``folder``: (modification time in ns, bytes), by relative path."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.rglob("*")
            if p.is_file()}
