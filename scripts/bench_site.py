"""The built site's size by kind of file, and the latency of ``mkdocs serve`` after an edit (issue 14).

Used by ``scripts/bench.py``; measures and reports, asserts nothing.

* ``site_kinds``: bytes and file count of a built site by kind of file (case pages, index pages, the
  finder's data, open data, per-case JSON, theme assets, …);
* ``extrapolate``: from two library sizes, each kind's fixed part and per-case part (a straight line
  through the two points), and the case count at which the site passes 1 GiB (2**30 bytes: GitHub
  Pages' limit is "1 GB"; we read it as the stricter binary gigabyte);
* ``serve_latency``: start the real ``mkdocs serve`` (our plugin) on a free port, edit one record's title,
  poll the case's page and its province page until the new title is served; seconds from the save.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

GIB = 2**30

# Kinds of file in the built site, in report order, with what each one holds.
KINDS: dict[str, str] = {  # labels are Markdown (bench prints Markdown tables)
    "case_pages": "case pages (`cases/<id>/index.html`)",
    "index_pages": "index pages (home, finder page, regions, vocabularies and terms, stats, compare)",
    "finder": "finder data and search index (`finder/`)",
    "open_data": "open data (`data/cases.zip` with cases.json and .csv, `.xlsx`, schemas)",
    "per_case_json": "per-case JSON (`data/cases/<id>.json`)",
    "assets": "assets: theme and ours (`assets/`)",
    "other_pages": "hand-written pages and `404.html`",
    "other": "other (`feed.xml`, sitemap, …)",
}
# URL folders of generated index pages (urls.py: section roots other than cases/)
INDEX_FOLDERS = {"regions", "themes", "methods", "target-groups", "partner-types", "stats", "compare"}


def kind_of(relative: str) -> str:
    """The kind of a site file, by its site-relative POSIX path."""
    parts = relative.split("/")
    top = parts[0]
    if relative.endswith(".html"):
        if top == "cases" and len(parts) == 3:
            return "case_pages"
        if relative in ("index.html", "cases/index.html") or top in INDEX_FOLDERS:
            return "index_pages"
        return "other_pages"
    if top == "finder":
        return "finder"
    if top == "data":
        return "per_case_json" if len(parts) == 3 and parts[1] == "cases" else "open_data"
    if top == "assets":
        return "assets"
    return "other"


def site_kinds(site: Path) -> dict[str, dict[str, int]]:
    """``{kind: {"bytes": …, "files": …}}`` for every kind of ``KINDS`` (zeros included)."""
    out = {kind: {"bytes": 0, "files": 0} for kind in KINDS}
    for path in site.rglob("*"):
        if path.is_file():
            entry = out[kind_of(path.relative_to(site).as_posix())]
            entry["bytes"] += path.stat().st_size
            entry["files"] += 1
    return out


def extrapolate(small: tuple[int, dict[str, dict[str, int]]],
                large: tuple[int, dict[str, dict[str, int]]]) -> dict[str, Any]:
    """Each kind's fixed bytes and bytes per case from two sizes (a line through two points), the
    total's, and the case count at which the total passes 1 GiB."""
    (n1, k1), (n2, k2) = small, large
    kinds: dict[str, dict[str, float]] = {}
    for kind in KINDS:
        per_case = (k2[kind]["bytes"] - k1[kind]["bytes"]) / (n2 - n1)
        kinds[kind] = {"per_case": per_case, "fixed": k1[kind]["bytes"] - per_case * n1}
    per_case = sum(v["per_case"] for v in kinds.values())
    fixed = sum(v["fixed"] for v in kinds.values())
    return {"kinds": kinds, "per_case": per_case, "fixed": fixed,
            "cases_at_1_gib": int((GIB - fixed) / per_case) if per_case > 0 else None}


def kinds_table(count: int, kinds: dict[str, dict[str, int]]) -> str:
    total = sum(v["bytes"] for v in kinds.values())
    files = sum(v["files"] for v in kinds.values())
    rows = [f"| kind of file ({count:,} cases) | files | MB | bytes per case | share |", "|---|---:|---:|---:|---:|"]
    for kind, label in KINDS.items():
        v = kinds[kind]
        rows.append(f"| {label} | {v['files']:,} | {v['bytes'] / 1e6:,.1f} | {v['bytes'] / count:,.0f} | "
                    f"{v['bytes'] / total:.1%} |")
    rows.append(f"| **total** | {files:,} | {total / 1e6:,.1f} | {total / count:,.0f} | 100% |")
    return "\n".join(rows)


def extrapolation_table(n1: int, n2: int, fit: dict[str, Any]) -> str:
    rows = [f"| kind of file (line through {n1:,} and {n2:,}) | fixed MB | bytes per case |", "|---|---:|---:|"]
    for kind, label in KINDS.items():
        v = fit["kinds"][kind]
        rows.append(f"| {label} | {v['fixed'] / 1e6:,.1f} | {v['per_case']:,.0f} |")
    rows.append(f"| **total** | {fit['fixed'] / 1e6:,.1f} | {fit['per_case']:,.0f} |")
    at = fit["cases_at_1_gib"]
    rows += ["", f"the site passes 1 GiB (2^30 bytes, GitHub Pages' limit read as binary) at about "
             f"**{at:,} cases**" if at else "the site does not grow with the cases"]
    return "\n".join(rows)


# -- mkdocs serve ---------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, timeout: float) -> str | None:
    """The body of ``url``, or None if nothing answers yet (the server binds after its first build)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return bytes(response.read()).decode("utf-8", "replace")
    except urllib.error.HTTPError as error:  # 404 while a page is missing: an answer, not the new page
        return str(error.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a running process (``/proc/<pid>/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop(process: subprocess.Popen[bytes]) -> str:
    """Stop the server and anything it started (its own process group): Ctrl-C first, as a person would."""
    for sig, grace in ((signal.SIGINT, 30), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(grace)
            return signal.Signals(sig).name
        except subprocess.TimeoutExpired:
            continue
    return "gone"


def wait_for(predicate: Callable[[], bool], timeout: float, interval: float = 0.05) -> float | None:
    """Seconds until ``predicate()`` holds, or None after ``timeout``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if predicate():
            return time.perf_counter() - start
        time.sleep(interval)
    return None


def poll(url: str, text: str, saved: float, timeout: float, seen: dict[str, float | None], name: str) -> None:
    """Fetch ``url`` until it contains ``text``: ``seen[name]`` = seconds since ``saved`` (None: timeout).

    While MkDocs rebuilds, its server holds requests until the build is done, so each fetch returns
    either the page as it was before the save or the rebuilt one."""
    found = wait_for(lambda: text in (fetch(url, timeout) or ""), timeout)
    seen[name] = None if found is None else time.perf_counter() - saved


SLOW_ROUND_S = 120.0  # after a round this slow, stop: rounds are for telling seconds apart, not minutes

TITLE_LINE = re.compile(r"^title: *(.+)$", re.MULTILINE)


def serve_latency(repo: Path, record: Path, case_url: str, index_url: str, log: Path, env: dict[str, str],
                  rounds: int = 3, timeout: float = 900.0) -> dict[str, Any]:
    """``mkdocs serve`` on ``repo``: seconds from saving a new title in ``record`` until it is served on
    ``case_url`` and on ``index_url`` (site-relative), ``rounds`` times (fewer when a round takes longer than
``SLOW_ROUND_S``: the bench would spend many minutes measuring the same full rebuild); the record is restored
afterwards.

    Also: seconds until the server first answers (its initial build), and the CPU the idle server uses
    while it watches the files (MkDocs' own observer polls every watched file every 0.5 s; the plugin's, the
    system's notifications, next to nothing; ``CASELIB_WATCH=poll`` in the environment polls again).
    """
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    original = record.read_text(encoding="utf-8")
    title = TITLE_LINE.search(original)
    if title is None:
        raise SystemExit(f"bench: no title line in {record}")
    out: dict[str, Any] = {"case_url": case_url, "index_url": index_url, "rounds": []}
    with log.open("wb") as sink:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--config-file", str(repo / "mkdocs.yml"),
                                    "--dev-addr", f"127.0.0.1:{port}"], cwd=repo, env=env, stdout=sink,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        try:
            ready = wait_for(lambda: process.poll() is not None or fetch(base, 5) is not None, timeout, 0.25)
            if ready is None or process.poll() is not None:
                raise SystemExit(f"bench: mkdocs serve did not come up (exit {process.poll()}); see {log}")
            out["startup_seconds"] = time.perf_counter() - start
            time.sleep(2)  # let the file watcher take its first snapshot
            cpu, wall = cpu_seconds(process.pid), time.perf_counter()
            time.sleep(10)
            out["idle_cpu_share"] = (cpu_seconds(process.pid) - cpu) / (time.perf_counter() - wall)
            for number in range(1, rounds + 1):
                new_title = f"{title.group(1)}（预览测试{number}）"
                seen: dict[str, float | None] = {}
                record.write_text(original[:title.start(1)] + new_title + original[title.end(1):], encoding="utf-8")
                saved = time.perf_counter()
                pollers = [threading.Thread(target=poll, args=(base + url, new_title, saved, timeout, seen, name))
                           for name, url in (("case_page", case_url), ("index_page", index_url))]
                for poller in pollers:
                    poller.start()
                for poller in pollers:
                    poller.join()
                out["rounds"].append(seen)
                if None in seen.values():
                    break  # not served within the timeout: the next round would measure the same rebuild
                if min(v for v in seen.values() if v is not None) > SLOW_ROUND_S:
                    break  # a whole rebuild per edit, minutes long: another round would only repeat it
                time.sleep(1)
        finally:
            out["stopped_with"] = stop(process)
            record.write_text(original, encoding="utf-8")
    for name in ("case_page", "index_page"):
        values = [r[name] for r in out["rounds"] if r.get(name) is not None]
        out[name] = {"min": min(values), "median": statistics.median(values)} if values else None
    out["log_rebuilds"] = log.read_text(encoding="utf-8", errors="replace").count("Detected file changes")
    return out


def serve_line(s: dict[str, Any], timeout: float | None = None) -> str:
    def fmt(v: dict[str, float] | None) -> str:
        return f"min {v['min']:.1f} s, median {v['median']:.1f} s" if v else "not served within the timeout"
    each = "; ".join(" / ".join("—" if r.get(k) is None else f"{r[k]:.1f}" for k in ("case_page", "index_page"))
                     for r in s["rounds"])
    return (f"`mkdocs serve`, one record's title edited, {len(s['rounds'])} times: case page {fmt(s['case_page'])}; "
            f"index page (`{s['index_url']}`) {fmt(s['index_page'])} (each round, case / index: {each} s; "
            f"issue-14 target ≤ 3 s) · first build before serving {s['startup_seconds']:.1f} s · idle server "
            f"{s['idle_cpu_share']:.0%} of a core (file watching)")
