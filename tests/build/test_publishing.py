"""Publishing beyond GitHub Pages (docs/publishing.md): the site served by a real nginx, with the server block
from that page, under ``/`` and under a sub-path, in Chromium; and a build with a public base URL
(CASELIB_SITE_URL) whose permalinks, citations, sitemap, feed and open data all name that address.

nginx is Debian's (``.ci/system-packages.txt``), run as an unprivileged process (user ``nobody`` when the tests
run as root) with its own prefix, config and logs in a temporary folder, on 127.0.0.1 and free ports.

This file holds the tests on real MkDocs builds and CLI runs; the tests in Chromium are in tests/browser/test_publishing.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support import ENV, LIBRARY, ROOT
from support.nginx import Served, get

CASE = "yiliang-wumeng-children-companionship"


def test_nginx_really_runs_unprivileged(served: Served) -> None:
    # The worker that answers is not root (when the tests are root, nginx was started as nobody).
    pid = str(served.pid)
    out = subprocess.run(["ps", "-o", "user=,args=", "--pid", pid, "--ppid", pid], capture_output=True, text=True,
                         check=False).stdout
    lines = out.splitlines()
    assert any("nginx: master" in line for line in lines) and any("nginx: worker" in line for line in lines), out
    assert not any(line.split()[0] == "root" for line in lines), out


@pytest.mark.parametrize("where", ["root", "sub"])
def test_cache_headers_and_gzip_per_file_kind(served: Served, built_site: Path, where: str) -> None:
    base = getattr(served, where)
    css = next((built_site / "assets" / "stylesheets").glob("main.*.min.css")).name
    shard = sorted((built_site / "finder" / "idx").glob("*.bin"))[0].name
    expected = {  # path: (content type starts with, cache-control, gzip)
        "": ("text/html", "no-cache", True),
        f"cases/{CASE}/": ("text/html", "no-cache", True),
        "finder/facets.json": ("application/json; charset=utf-8", "no-cache", True),
        f"finder/idx/{shard}": ("application/octet-stream", "no-cache", True),
        "finder/cards/0.json": ("application/json", "no-cache", True),
        "data/cases.zip": ("application/zip", "no-cache", False),  # deflated already: nginx does not gzip it
        "feed.xml": ("text/xml", "no-cache", True),
        f"assets/stylesheets/{css}": ("text/css", "public, max-age=31536000, immutable", True),
        "assets/stylesheets/caselib.css": ("text/css", "no-cache", True),
    }
    for path, (kind, cache, gzip) in expected.items():
        status, headers, _body = get(base + path, gzip=True)
        assert status == 200, path
        assert headers["content-type"].startswith(kind), (path, headers["content-type"])
        assert headers["cache-control"] == cache, (path, headers.get("cache-control"))
        assert (headers.get("content-encoding") == "gzip") is gzip, (path, headers)
        assert "etag" in headers and "last-modified" in headers, path  # so that no-cache costs a 304, not a download
    status, headers, _ = get(base + "finder/facets.json")
    assert status == 200 and "content-encoding" not in headers  # plain for clients that do not ask for gzip


def test_neutral_build_has_no_sitemap_and_says_where_the_url_comes_from(built_site: Path) -> None:
    assert not (built_site / "sitemap.xml").exists() and not (built_site / "sitemap.xml.gz").exists()
    assert "sitemap.xml" not in (built_site / "index.html").read_text(encoding="utf-8")
    publish = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    assert "CASELIB_SITE_URL" in publish["jobs"]["build"]["env"]
    assert "site_url:" not in [line.split(" ")[0] for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()]


def test_a_wrong_base_url_stops_the_build_in_chinese(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(LIBRARY / "mkdocs.yml"),
                           "--site-dir", str(tmp_path / "site")], capture_output=True, text=True,
                          env={**ENV, "CASELIB_SITE_URL": "cases.example.org/x"}, check=False)
    assert done.returncode != 0
    said = done.stdout + done.stderr
    assert "公开网址「cases.example.org/x」不对" in said and "Traceback" not in said
    assert not (tmp_path / "site").exists()
