"""Publishing beyond GitHub Pages (docs/publishing.md): the site served by a real nginx, with the server block
from that page, under ``/`` and under a sub-path, in Chromium; and a build with a public base URL
(CASELIB_SITE_URL) whose permalinks, citations, sitemap, feed and open data all name that address.

nginx is Debian's (``.ci/system-packages.txt``), run as an unprivileged process (user ``nobody`` when the tests
run as root) with its own prefix, config and logs in a temporary folder, on 127.0.0.1 and free ports.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from support import ENV, LIBRARY, ROOT, new_page

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DOC = ROOT / "docs" / "publishing.md"
CASE = "yiliang-wumeng-children-companionship"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_block() -> str:
    """The nginx server block exactly as docs/publishing.md gives it."""
    blocks = re.findall(r"```nginx\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert len(blocks) == 1
    return blocks[0]


def server(port: int, root: Path, prefix: str) -> str:
    """The documented block with the three things a reader changes: the address, the root, the 404 page."""
    block = server_block()
    for old, new in (("listen 80;", f"listen 127.0.0.1:{port};"), ("root /srv/www;", f"root {root};"),
                     ("error_page 404 /404.html;", f"error_page 404 {prefix}404.html;")):
        assert block.count(old) == 1, old
        block = block.replace(old, new)
    return block


@dataclass
class Served:
    root: str  # the neutral build (no base URL) at /
    sub: str  # the same files under /sub/
    based: str  # a build with CASELIB_SITE_URL = this address (…/sub/), under /sub/
    based_site: Path
    pid: int  # the nginx master (setpriv executes nginx in its own process)


def _get(url: str, gzip: bool = False) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


@pytest.fixture(scope="module")
def served(built_site: Path) -> Iterator[Served]:
    if not Path(NGINX).exists():
        pytest.fail("nginx not found: install Debian's nginx (bash .ci/run does: .ci/system-packages.txt)")
    run = Path(tempfile.mkdtemp(prefix="caselib-nginx-"))
    run.chmod(0o755)  # nginx runs as nobody: it must read its config and the site
    ports = [free_port() for _ in range(3)]
    based = f"http://127.0.0.1:{ports[2]}/sub/"
    shutil.copytree(built_site, run / "www-root")
    (run / "www-sub").mkdir()
    (run / "www-sub" / "sub").symlink_to(run / "www-root", target_is_directory=True)
    based_site = run / "www-based" / "sub"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(LIBRARY / "mkdocs.yml"),
                           "--site-dir", str(based_site)], capture_output=True, text=True,
                          env={**ENV, "CASELIB_SITE_URL": based.removesuffix("/")}, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    state = run / "state"
    state.mkdir()
    conf = run / "nginx.conf"
    temp_paths = "\n".join(f"  {kind}_temp_path {state}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf.write_text(f"""daemon off;
worker_processes 1;
pid {state}/nginx.pid;
error_log {state}/error.log warn;
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
{temp_paths}
{server(ports[0], run / "www-root", "/")}
{server(ports[1], run / "www-sub", "/sub/")}
{server(ports[2], run / "www-based", "/sub/")}
}}
""", encoding="utf-8")
    command = [NGINX, "-p", str(state), "-e", str(state / "error.log"), "-c", str(conf)]
    if os.geteuid() == 0:
        shutil.chown(state, "nobody", "nogroup")
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    urls = [f"http://127.0.0.1:{ports[0]}/", f"http://127.0.0.1:{ports[1]}/sub/", based]
    deadline = time.monotonic() + 20
    while any(_status(u) != 200 for u in urls):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log = (state / "error.log").read_text(errors="replace") if (state / "error.log").exists() else ""
            pytest.fail("nginx did not start: " + (process.stdout.read() or b"").decode() + log)  # type: ignore[union-attr]
        time.sleep(0.1)
    yield Served(urls[0], urls[1], based, based_site, process.pid)
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(run, ignore_errors=True)


def _status(url: str) -> int:
    try:
        return _get(url)[0]
    except OSError:
        return 0


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
        "data/cases.csv": ("text/csv; charset=utf-8", "no-cache", True),
        "feed.xml": ("text/xml", "no-cache", True),
        f"assets/stylesheets/{css}": ("text/css", "public, max-age=31536000, immutable", True),
        "assets/stylesheets/caselib.css": ("text/css", "no-cache", True),
    }
    for path, (kind, cache, gzip) in expected.items():
        status, headers, _body = _get(base + path, gzip=True)
        assert status == 200, path
        assert headers["content-type"].startswith(kind), (path, headers["content-type"])
        assert headers["cache-control"] == cache, (path, headers.get("cache-control"))
        assert (headers.get("content-encoding") == "gzip") is gzip, (path, headers)
        assert "etag" in headers and "last-modified" in headers, path  # so that no-cache costs a 304, not a download
    status, headers, _ = _get(base + "finder/facets.json")
    assert status == 200 and "content-encoding" not in headers  # plain for clients that do not ask for gzip


@pytest.mark.parametrize("where", ["root", "sub"])
def test_finder_and_case_page_work_through_nginx(browser: object, served: Served, where: str) -> None:
    base = getattr(served, where)
    rec = new_page(browser)
    page = rec.page
    failed: list[str] = []
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))  # type: ignore[attr-defined]
    page.goto(base + "cases/")  # type: ignore[attr-defined]
    page.wait_for_selector("#cl-finder[data-ready]")  # type: ignore[attr-defined]
    total = int(page.get_attribute("#cl-finder", "data-count"))  # type: ignore[attr-defined]
    seq = page.get_attribute("#cl-finder", "data-seq")  # type: ignore[attr-defined]
    page.fill("#cl-q", "彝良")  # type: ignore[attr-defined]
    page.wait_for_function(f"document.getElementById('cl-finder').getAttribute('data-seq') !== '{seq}' && "  # type: ignore[attr-defined]
                           "document.getElementById('cl-finder').hasAttribute('data-filled')")
    found = int(page.get_attribute("#cl-finder", "data-count"))  # type: ignore[attr-defined]
    assert 0 < found < total
    assert page.url.startswith(base + "cases/?q=")  # type: ignore[attr-defined]
    page.locator(f"#cl-results a[href$='{CASE}/']").click()  # type: ignore[attr-defined]
    page.wait_for_url(base + f"cases/{CASE}/")  # type: ignore[attr-defined]
    # Material's stylesheet arrived (the header is coloured) and extras.js ran (the permalink is this address).
    header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")  # type: ignore[attr-defined]
    assert header not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator(".cl-cite__url").text_content() == base + f"cases/{CASE}/"  # type: ignore[attr-defined]
    assert page.locator("#cite-gbt").text_content().endswith(f"{base}cases/{CASE}/.")  # type: ignore[attr-defined]
    assert failed == [] and rec.errors == [] and rec.external(base) == []
    page.context.close()  # type: ignore[attr-defined]


def test_a_base_url_reaches_permalinks_citations_sitemap_feed_and_open_data(browser: object, served: Served) -> None:
    base = served.based
    html = _get(base + f"cases/{CASE}/")[2].decode("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one(".cl-cite__url")["href"] == base + f"cases/{CASE}/"
    assert soup.select_one("#cite-gbt").get_text().endswith(f"{base}cases/{CASE}/.")
    assert soup.select_one('link[rel="canonical"]')["href"] == base + f"cases/{CASE}/"
    # Sitemap: absolute URLs under the base, and each answers.
    status, _, body = _get(base + "sitemap.xml")
    assert status == 200
    locs = [e.text or "" for e in ET.fromstring(body).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(u.startswith(base) for u in locs)
    assert base + f"cases/{CASE}/" in locs
    assert all(_status(u) == 200 for u in locs[:: max(1, len(locs) // 15)])
    # Feed and open data.
    feed = ET.fromstring(_get(base + "feed.xml")[2])
    links = [e.get("href", "") for e in feed.iter("{http://www.w3.org/2005/Atom}link")]
    assert links and all(u.startswith(base) for u in links) and _status(links[-1]) == 200
    data = json.loads(_get(base + "data/cases.json")[2])
    assert data["site"] == base and all(c["url"] == f"{base}cases/{c['id']}/" for c in data["cases"])
    assert json.loads(_get(base + "data/case.schema.json")[2])["$id"] == base + "data/case.schema.json"
    assert _get(base + "data/cases.csv")[2].decode("utf-8-sig").splitlines()[1].endswith("/")
    # The 404 page keeps its styles under the sub-path.
    status, _, body = _get(base + "no-such-page/")
    assert status == 404
    sheets = [link["href"] for link in BeautifulSoup(body, "html.parser").select('link[rel="stylesheet"]')]
    assert sheets and all(h.startswith("/sub/") for h in sheets) and all(_status(base.split("/sub/")[0] + h) == 200
                                                                       for h in sheets)
    # In Chromium, the permalink stays the configured one (the script fills only an unknown address).
    rec = new_page(browser)
    rec.page.goto(base + f"cases/{CASE}/")  # type: ignore[attr-defined]
    assert rec.page.locator(".cl-cite__url").text_content() == base + f"cases/{CASE}/"  # type: ignore[attr-defined]
    assert rec.errors == []
    rec.page.context.close()  # type: ignore[attr-defined]


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
