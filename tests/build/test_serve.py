"""`mkdocs serve` watches cases/: editing a record rebuilds its page."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from support import ENV, free_port, wait_for

CASE = "cases/yunnan/yiliang-wumeng-children-companionship.yml"


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def test_editing_a_record_reloads_its_page(repo: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/cases/yiliang-wumeng-children-companionship/"  # no site_url: served at /
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--config-file", str(repo / "mkdocs.yml"),
                               "--dev-addr", f"127.0.0.1:{port}"], env=ENV, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: "乌蒙困境儿童陪伴项目" in (fetch(url) or ""), 90), "mkdocs serve did not start"
        record = repo / CASE
        record.write_text(record.read_text(encoding="utf-8").replace("title: 乌蒙困境儿童陪伴项目", "title: 乌蒙困境儿童陪伴计划"),
                          encoding="utf-8")
        assert wait_for(lambda: "乌蒙困境儿童陪伴计划" in (fetch(url) or ""), 60), "the edited record was not rebuilt"
    finally:
        server.terminate()
        server.wait(timeout=20)
