"""nginx serving the built site with the server block of docs/publishing.md (tests of publishing, both layers).

nginx is Debian's (``.ci/system-packages.txt``), run as an unprivileged process (user ``nobody`` when the tests
run as root) with its own prefix, config and logs in a temporary folder, on 127.0.0.1 and free ports. The
``served`` fixture (tests/conftest.py) starts it once per session.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import ENV, LIBRARY, ROOT, free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DOC = ROOT / "docs" / "publishing.md"


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


def get(url: str, gzip: bool = False) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


@contextmanager
def nginx(built_site: Path) -> Iterator[Served]:
    """nginx serving ``built_site`` at / and under /sub/, and a build with a public base URL under /sub/."""
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
    while any(status_of(u) != 200 for u in urls):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log = (state / "error.log").read_text(errors="replace") if (state / "error.log").exists() else ""
            pytest.fail("nginx did not start: " + (process.stdout.read() or b"").decode() + log)  # type: ignore[union-attr]
        time.sleep(0.1)
    try:
        yield Served(urls[0], urls[1], based, based_site, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(run, ignore_errors=True)


def status_of(url: str) -> int:
    try:
        return get(url)[0]
    except OSError:
        return 0


