"""Benchmark: the whole pipeline on N synthetic cases, stage by stage, against bare MkDocs.

    python scripts/bench.py --cases 1000            # one size (what `make bench` runs)
    python scripts/bench.py --cases 1000 10000      # both sizes, side by side, with the ratios
    python scripts/bench.py --cases 1000 --phases   # also split the full build into its phases

For each size it writes N synthetic records (``caselib.contrib.synthetic``: deterministic,
real regions and vocabularies, Chinese text of realistic length) into a
buildable copy of the repository under ``--work`` (default ``bench-out/``),
then runs every stage in its own process and records the wall time and that
process's peak resident memory (``os.wait4``: the largest of the process and
any child it waited for):

* YAML floor: libyaml's C loader composing every record file and nothing else;
* validation: ``build_index.py check``, the command contributors and CI run;
* page generation: ``render_pages`` (Jinja templates -> Markdown);
* search & finder indexing: ``build_data_files`` (every registered ``outputs.BUILDERS``);
* full build: ``mkdocs build`` with our plugin, exactly as ``mkdocs.yml`` says;
* floor: ``mkdocs build`` of the same generated Markdown with Material and no
  plugins or hooks (same theme settings, Markdown extensions, nav shape and
  validation settings; generated pages ``not_in_nav``): the cost of MkDocs itself.

The full build and the floor run in alternation, ``--pairs`` times (default 3: build, floor,
build, floor, …): on a shared machine either can be 30 % slower from one minute to the next,
so the ratio reported is the median of the pairs' ratios, with their range. The table's CPU
and memory columns are those of the first pair.

After the builds it measures, with ``scripts/bench_site.py`` (issue 14): the built site's
bytes by kind of file (case pages, index pages, finder data, open data, per-case JSON,
assets, …) and, from two sizes, the case count at which it passes 1 GiB; and the
latency of the real ``mkdocs serve``: one record's title edited, its case page and
its province page polled until the new title is served (``--serve-rounds``, 0 to skip).

It prints one table per size, with the ratio of the full build to the floor against
issue 14's target, then (with two sizes) the comparison against the targets of
issue 6 and issue 14. Results are also written as JSON next to the repos.
No timing is asserted anywhere: this script measures and reports.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import bench_site

ROOT = Path(__file__).resolve().parents[1]
REPO_PARTS = ["data", "schema", "docs", "overrides", "mkdocs.yml"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "src"), "PYTHONDONTWRITEBYTECODE": "1",
       "CASELIB_CACHE": "1"}  # the validation cache as on a contributor's machine (CI=true would turn it off)

# Targets at 10,000 cases on the reference machine (2 cores, 24 GiB), from issue 6.
TARGET_VALIDATION_S = 3.0
TARGET_BUILD_RATIO = 1.5
TARGET_LINEARITY = 1.15
TARGET_PEAK_MB = 2048
TARGET_PAGE_GROWTH = 0.05
# Issue 14, at 10,000 cases
TARGET_FLOOR_RATIO = 0.6
TARGET_SERVE_S = 3.0
TARGET_CASES_IN_GIB = 40_000


# -- running one stage in its own process ----------------------------------------------------------

def measure(command: list[str], log: Path, cwd: Path | None = None,
            env: dict[str, str] | None = None) -> dict[str, float]:
    """Run ``command``: wall seconds, CPU seconds (its own and its children's), peak RSS in MB of the
    largest single process, and the peak of the whole process tree's PSS (sampled; see ``tree_pss_mb``).

    Output goes to ``log``; a failure stops the bench.
    """
    with log.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env or ENV, cwd=cwd)
        peak_tree = [0.0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.25):
                peak_tree[0] = max(peak_tree[0], tree_pss_mb(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed (exit {process.returncode}); see {log}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
            "peak_tree_mb": peak_tree[0]}


VALIDATION_RUNS = 5


def median_run(command: list[str], log: Path, runs: int) -> dict[str, Any]:
    """``measure`` ``runs`` times: the run with the median wall time, and every run's wall time."""
    results = sorted((measure(command, log) for _ in range(runs)), key=lambda r: r["wall"])
    return {**results[len(results) // 2], "walls": [r["wall"] for r in results]}


def tree_pss_mb(root_pid: int) -> float:
    """The proportional set size (PSS) of a process and all its descendants, in MB (Linux ``/proc``).

    PSS divides each shared page among the processes sharing it, so forked workers that share the
    case library with their parent are not counted twice: the sum is the memory the build really holds.
    """
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        tree.update(children)
        frontier += children
    total_kb = 0
    for pid in tree:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total_kb += next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)
    return total_kb / 1024


def stage_command(stage: str, root: Path, result: Path) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--stage", stage, "--root", str(root),
            "--result", str(result)]


def run_stage(stage: str, root: Path) -> dict[str, Any]:
    """Run this script's ``--stage`` mode in a child; merge the child's own timings into the measurement."""
    result = root.parent / f"stage-{stage}.json"
    measured = measure(stage_command(stage, root, result), root.parent / f"stage-{stage}.log")
    inner = json.loads(result.read_text(encoding="utf-8"))
    return {**measured, **inner}


# -- the stages, run inside the child process ---------------------------------------------------------

def stage_main(stage: str, root: Path, result: Path) -> None:
    out: dict[str, Any] = {}
    if stage == "yaml-floor":
        import yaml

        from caselib.load.files import record_files

        files = record_files(root)
        start, cpu = time.perf_counter(), time.process_time()
        for path in files:
            yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        out["seconds"] = time.perf_counter() - start
        out["cpu_seconds"] = time.process_time() - cpu
        start = time.perf_counter()
        for path in files:  # libyaml's events alone: what any loader built on libyaml pays at least
            for _event in yaml.parse(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader):
                pass
        out["events_seconds"] = time.perf_counter() - start
    elif stage in ("pages", "assets"):
        from caselib.outputs import BUILDERS, build_data_files
        from caselib.pipeline.run import run
        from caselib.render.pages import render_pages

        start = time.perf_counter()
        library = run(root).library
        assert library is not None
        out["pipeline_seconds"] = time.perf_counter() - start
        start, cpu = time.perf_counter(), time.process_time()
        if stage == "pages":
            produced = render_pages(library)
            out["bytes"] = sum(len(text.encode("utf-8")) for text in produced.values())
        else:
            assets = build_data_files(library)
            out["bytes"] = sum(len(data) for data in assets.values())
            out["builders"] = [f"{b.__module__}.{b.__name__}" for b in BUILDERS]
        out["seconds"] = time.perf_counter() - start
        out["cpu_seconds"] = time.process_time() - cpu  # this process only (build_data_files forks nothing here)
        out["count"] = len(produced) if stage == "pages" else len(assets)
    elif stage == "phases":
        out = phases(root)
    else:
        raise SystemExit(f"unknown stage {stage}")
    out["cpu_seconds_total"] = time.process_time()  # this process's CPU time, imports and loading included
    result.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")


def phases(root: Path) -> dict[str, Any]:
    """``mkdocs build`` in this process with timers around its phases (for the breakdown only)."""
    from mkdocs.commands import build as build_module
    from mkdocs.config import load_config
    from mkdocs.plugins import PluginCollection

    timers: dict[str, float] = {}

    def timed(name: str, function: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                timers[name] = timers.get(name, 0.0) + time.perf_counter() - start
        return wrapper

    original_run_event = PluginCollection.run_event

    def run_event(self: Any, name: str, item: Any = None, **kwargs: Any) -> Any:
        return timed(f"event {name}", original_run_event)(self, name, item, **kwargs)

    PluginCollection.run_event = run_event  # type: ignore[method-assign]
    build_module._populate_page = timed("Markdown -> HTML (_populate_page)", build_module._populate_page)
    build_module._build_page = timed("theme templates + write (_build_page)", build_module._build_page)
    build_module.get_files = timed("scan docs (get_files)", build_module.get_files)
    build_module.get_navigation = timed("navigation", build_module.get_navigation)
    start = time.perf_counter()
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root.parent / "site-phases"))
    build_module.build(config)
    timers["total"] = time.perf_counter() - start
    return {"phases": timers}


# -- preparing the repositories ------------------------------------------------------------------------

def make_repo(work: Path, count: int, seed: int) -> Path:
    """A buildable copy of the repository whose cases/ holds ``count`` synthetic records."""
    from caselib.contrib import synthetic

    repo = work / f"n{count}" / "repo"
    if repo.parent.exists():
        shutil.rmtree(repo.parent)
    repo.mkdir(parents=True)
    for part in REPO_PARTS:
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, repo / part)
    synthetic.write(synthetic.generate(count, seed), repo / "cases")
    return repo


FLOOR_CONFIG = """\
# The floor: our mkdocs.yml (theme settings, Markdown extensions, nav, validation) without
# our plugin, hooks, theme overrides or extra CSS/JS, on the Markdown our pipeline generated.
INHERIT: ../repo/mkdocs.yml
docs_dir: docs
theme:
  custom_dir: empty-overrides
plugins: []       # an empty list: without it MkDocs would add its default search plugin
hooks: []
extra_css: []
extra_javascript: []
# What our plugin marks NOT_IN_NAV: every generated page that is not a section index.
not_in_nav: |
  /*/*.md
  !/*/index.md
"""


# Our page templates that generated pages name in their front matter (overrides/lean.html: the lean shell of
# case, region and term pages). In the floor each is Material's own main.html, so the floor costs what
# Material costs for every page; the lean shell's savings count as ours.
FLOOR_TEMPLATES = ("lean.html",)


def make_floor(repo: Path) -> tuple[Path, dict[str, float]]:
    """The same generated Markdown with Material and no plugins, hooks, overrides or extra CSS."""
    floor = repo.parent / "floor"
    pages = floor / "docs"
    if floor.exists():
        shutil.rmtree(floor)
    shutil.copytree(repo / "docs", pages)
    (floor / "empty-overrides").mkdir()
    for name in FLOOR_TEMPLATES:  # pages that ask for our own shell (``template:`` in their front matter) get Material's
        (floor / "empty-overrides" / name).write_text('{% extends "main.html" %}\n', encoding="utf-8")
    written = measure([sys.executable, str(ROOT / "scripts" / "build_index.py"), "--root", str(repo), "pages",
                       "--out", str(floor / "generated")], floor.parent / "write-pages.log")
    shutil.copytree(floor / "generated", pages, dirs_exist_ok=True)
    shutil.rmtree(floor / "generated")
    (floor / "mkdocs.yml").write_text(FLOOR_CONFIG, encoding="utf-8")
    return floor, written


def mkdocs_build(config: Path, site: Path, log: Path, *, cold: bool = False) -> dict[str, float]:
    """``mkdocs build``; ``cold``: without the validation cache (every record parsed, as on a fresh clone)."""
    if site.exists():
        shutil.rmtree(site)
    return measure([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config),
                    "--site-dir", str(site)], log, env={**ENV, "CASELIB_CACHE": "0"} if cold else ENV)


def site_sizes(site: Path, count: int) -> dict[str, float]:
    files = [p for p in site.rglob("*") if p.is_file()]
    case_pages = [p.stat().st_size for p in (site / "cases").glob("*/index.html")]
    total = sum(p.stat().st_size for p in files)
    return {"site_bytes": total, "files": len(files), "case_pages": len(case_pages),
            "largest_case_html": max(case_pages), "median_case_html": statistics.median(case_pages),
            "bytes_per_case": total / count,
            "probe_case_html": (site / "cases" / "synthetic-00001" / "index.html").stat().st_size}


def bench_size(count: int, work: Path, seed: int, with_phases: bool, serve_rounds: int,
               pairs: int = 1) -> dict[str, Any]:
    from caselib.load.files import record_files

    print(f"\n== {count} cases: generating records …", file=sys.stderr, flush=True)
    start = time.perf_counter()
    repo = make_repo(work, count, seed)
    generated = time.perf_counter() - start
    logs = repo.parent
    stages: dict[str, dict[str, Any]] = {}
    print("   YAML floor, validation, page generation, indexing …", file=sys.stderr, flush=True)
    stages["yaml_floor"] = run_stage("yaml-floor", repo)
    check = [sys.executable, str(ROOT / "scripts" / "build_index.py"), "--root", str(repo), "check"]
    shutil.rmtree(repo / ".cache", ignore_errors=True)
    # every file parsed and checked; short and noisy on a shared machine: the median of several runs
    stages["validation"] = median_run([*check, "--no-cache"], logs / "check.log", VALIDATION_RUNS)
    stages["validation_first"] = measure(check, logs / "check-first.log")  # the same, and the cache written
    stages["validation_warm"] = measure(check, logs / "check-warm.log")  # nothing changed since
    edited = record_files(repo)[count // 2]
    edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    stages["validation_edit"] = measure(check, logs / "check-edit.log")  # one record edited: a pull request
    shutil.rmtree(repo / ".cache", ignore_errors=True)  # every build below starts cold
    stages["pages"] = run_stage("pages", repo)
    stages["assets"] = run_stage("assets", repo)
    print("   writing Markdown for the floor …", file=sys.stderr, flush=True)
    floor, stages["write_pages"] = make_floor(repo)
    print("   mkdocs build (ours) …", file=sys.stderr, flush=True)
    stages["build"] = mkdocs_build(repo / "mkdocs.yml", repo / "site", logs / "build.log", cold=True)
    sizes = site_sizes(repo / "site", count)
    sizes["kinds"] = bench_site.site_kinds(repo / "site")
    print("   mkdocs build (floor: Material, no plugins) …", file=sys.stderr, flush=True)
    stages["floor"] = mkdocs_build(floor / "mkdocs.yml", floor / "site", logs / "floor.log")
    floor_sizes = site_sizes(floor / "site", count)
    stages["pairs"] = [{"build": stages["build"]["wall"], "floor": stages["floor"]["wall"]}]
    for number in range(2, pairs + 1):  # alternating with the floor: the machine's moods hit both alike
        print(f"   build and floor again ({number}/{pairs}) …", file=sys.stderr, flush=True)
        build = mkdocs_build(repo / "mkdocs.yml", repo / "site", logs / "build.log", cold=True)
        stages["pairs"].append({"build": build["wall"],
                                "floor": mkdocs_build(floor / "mkdocs.yml", floor / "site", logs / "floor.log")["wall"]})
    if with_phases:
        print("   mkdocs build with phase timers …", file=sys.stderr, flush=True)
        stages["phases"] = run_stage("phases", repo)
    serve = None
    if serve_rounds:
        print(f"   mkdocs serve: editing a title {serve_rounds} times …", file=sys.stderr, flush=True)
        serve = serve_latency(repo, edited, serve_rounds, timeout=max(300.0, 4 * stages["build"]["wall"]))
    return {"serve": serve, "cases": count, "seed": seed, "generate_seconds": generated, "stages": stages, "sizes": sizes,
            "floor_sizes": floor_sizes}


def serve_latency(repo: Path, record: Path, rounds: int, timeout: float) -> dict[str, Any]:
    """``mkdocs serve`` on the bench repository, with the validation cache as on a contributor's machine."""
    import yaml

    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    case_url = f"cases/{data['id']}/"
    index_url = f"regions/{data['region']['code'][:2]}0000/"  # the province page lists every case of it
    return bench_site.serve_latency(repo, record, case_url, index_url, repo.parent / "serve.log", ENV,
                                    rounds=rounds, timeout=timeout)


# -- reporting ------------------------------------------------------------------------------------------

def machine() -> dict[str, Any]:
    meminfo = Path("/proc/meminfo")
    lines = meminfo.read_text().splitlines() if meminfo.exists() else []
    kib = next((int(line.split()[1]) for line in lines if line.startswith("MemTotal")), 0)
    return {"cores": os.cpu_count(), "memory_gib": round(kib / 1024 / 1024, 1), "python": platform.python_version(),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def _row(name: str, wall: float, cpu: float, peak: float, note: str = "") -> str:
    return f"| {name} | {wall:,.2f} | {cpu:,.2f} | {peak:,.0f} | {note} |"


def table(r: dict[str, Any]) -> str:
    s, z = r["stages"], r["sizes"]
    n = r["cases"]
    rows = [f"**{n:,} cases**", "", "| stage | wall s | CPU s | peak MB | note |", "|---|---:|---:|---:|---|",
            _row("YAML floor (libyaml compose, 1 process)", s["yaml_floor"]["seconds"], s["yaml_floor"].get("cpu_seconds", 0.0),
                 s["yaml_floor"]["peak_mb"],
                 f"process {s['yaml_floor']['wall']:.2f} s"),
            _row("YAML events only (libyaml, 1 process)", s["yaml_floor"].get("events_seconds", 0.0),
                 s["yaml_floor"].get("events_seconds", 0.0), s["yaml_floor"]["peak_mb"], "parsing, nothing built"),
            _row("validation (`check --no-cache`)", s["validation"]["wall"], s["validation"]["cpu"],
                 s["validation"]["peak_mb"], "whole command, every file parsed and checked"
                 + (f"; median of {len(s['validation']['walls'])} runs, "
                    f"{min(s['validation']['walls']):.2f}–{max(s['validation']['walls']):.2f} s"
                    if "walls" in s["validation"] else "")),
            *([_row("validation, first run (`check`)", s["validation_first"]["wall"], s["validation_first"]["cpu"],
                    s["validation_first"]["peak_mb"], "the same, and the cache written"),
               _row("validation, nothing changed (`check`)", s["validation_warm"]["wall"], s["validation_warm"]["cpu"],
                    s["validation_warm"]["peak_mb"], "cache: no record parsed"),
               _row("validation, one record edited (`check`)", s["validation_edit"]["wall"],
                    s["validation_edit"]["cpu"], s["validation_edit"]["peak_mb"], "a pull request's case")]
              if "validation_warm" in s else []),
            _row("page generation (`render_pages`)", s["pages"]["seconds"], s["pages"].get("cpu_seconds", 0.0),
                 s["pages"]["peak_mb"],
                 f"{s['pages']['count']:,} pages, {s['pages']['bytes'] / 1e6:.1f} MB Markdown; "
                 f"load+validate before it {s['pages']['pipeline_seconds']:.2f} s"),
            _row("search & finder indexing (`build_data_files`)", s["assets"]["seconds"], s["assets"].get("cpu_seconds", 0.0),
                 s["assets"]["peak_mb"],
                 f"{s['assets']['count']} files, {s['assets']['bytes'] / 1e6:.1f} MB; "
                 f"builders: {', '.join(b.rsplit('.', 1)[-1] for b in s['assets']['builders']) or 'none'}"),
            _row("**full `mkdocs build` (ours)**", s["build"]["wall"], s["build"]["cpu"],
                 s["build"]["peak_mb"], "all of the above inside; no validation cache; "
                 f"all its processes together (PSS) {s['build'].get('peak_tree_mb', 0.0):,.0f} MB"),
            _row("floor: `mkdocs build`, Material, no plugins", s["floor"]["wall"], s["floor"]["cpu"],
                 s["floor"]["peak_mb"],
                 "same Markdown"),
            "",
            f"ratio ours / floor: **{floor_ratio(s)[0]:.2f}** wall, "
            f"{s['build']['cpu'] / s['floor']['cpu']:.2f} CPU · "
            f"site {z['site_bytes'] / 1e6:,.1f} MB in {z['files']:,} files "
            f"(floor {r['floor_sizes']['site_bytes'] / 1e6:,.1f} MB) · "
            f"{z['bytes_per_case'] / 1024:,.1f} KB per case · case page HTML largest {z['largest_case_html']:,} B, "
            f"median {z['median_case_html']:,.0f} B · synthetic-00001: {z['probe_case_html']:,} B · "
            f"build {s['build']['wall'] / n * 1000:.1f} ms per case",
            "",
            f"**full build / bare-MkDocs floor: {ratio_text(s)}** "
            f"(issue-14 target ≤ {TARGET_FLOOR_RATIO:g} ×)"]
    if r.get("serve"):
        rows += ["", bench_site.serve_line(r["serve"])]
    if "kinds" in z:
        rows += ["", bench_site.kinds_table(n, z["kinds"])]
    if "phases" in s:
        rows += ["", "| phase of the full build (in-process timers) | s |", "|---|---:|"]
        rows += [f"| {name} | {sec:,.2f} |" for name, sec in sorted(s["phases"]["phases"].items(), key=lambda x: -x[1])
                 if sec >= 0.01]
    return "\n".join(rows)


def floor_ratio(s: dict[str, Any]) -> tuple[float, float, float]:
    """Full build / floor (wall): the median of the alternating pairs' ratios, the lowest, the highest
    (results from before ``--pairs``: the one pair)."""
    ratios = [p["build"] / p["floor"] for p in s.get("pairs") or [{"build": s["build"]["wall"], "floor": s["floor"]["wall"]}]]
    return statistics.median(ratios), min(ratios), max(ratios)


def ratio_text(s: dict[str, Any]) -> str:
    """``0.52 ×`` for one pair, ``0.52 × (median of 3 pairs: 0.48–0.58 ×; 55.1 s / 104.3 s …)`` for several."""
    median, low, high = floor_ratio(s)
    pairs = s.get("pairs") or []
    if len(pairs) < 2:
        return f"{median:.2f} × ({s['build']['wall']:.1f} s / {s['floor']['wall']:.1f} s)"
    each = ", ".join(f"{p['build']:.1f} / {p['floor']:.1f}" for p in pairs)
    return f"{median:.2f} × (median of {len(pairs)} alternating pairs, {low:.2f}–{high:.2f} ×; build / floor s: {each})"


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def comparison(small: dict[str, Any], large: dict[str, Any]) -> str:
    s, b = small["stages"], large["stages"]
    n1, n2 = small["cases"], large["cases"]
    per1, per2 = s["build"]["wall"] / n1, b["build"]["wall"] / n2
    ratio = floor_ratio(b)[0]
    peak = max(max(v["peak_mb"], v.get("peak_tree_mb", 0.0)) for v in b.values() if isinstance(v, dict) and "peak_mb" in v)
    growth = large["sizes"]["largest_case_html"] / small["sizes"]["largest_case_html"] - 1
    lines = [f"| target (at {n2:,}) | measured | |", "|---|---:|---|",
             f"| validation ≤ {TARGET_VALIDATION_S:g} s, every file parsed | {b['validation']['wall']:.2f} s "
             f"(libyaml compose {b['yaml_floor']['seconds']:.2f} s, events only "
             f"{b['yaml_floor'].get('events_seconds', 0.0):.2f} s, 1 process) | "
             f"{verdict(b['validation']['wall'] <= TARGET_VALIDATION_S)} |",
             *([f"| validation ≤ {TARGET_VALIDATION_S:g} s, one record edited (cache) | "
                f"{b['validation_edit']['wall']:.2f} s (nothing changed: {b['validation_warm']['wall']:.2f} s) | "
                f"{verdict(b['validation_edit']['wall'] <= TARGET_VALIDATION_S)} |"] if "validation_edit" in b else []),
             f"| full build ≤ {TARGET_BUILD_RATIO:g} × floor | {ratio_text(b)} | {verdict(ratio <= TARGET_BUILD_RATIO)} |",
             f"| cost per case ≤ {TARGET_LINEARITY:g} × that at {n1:,} | {per2 / per1:.2f} × ({per2 * 1000:.1f} ms vs "
             f"{per1 * 1000:.1f} ms) | {verdict(per2 / per1 <= TARGET_LINEARITY)} |",
             f"| peak memory ≤ {TARGET_PEAK_MB:,} MB (largest process, or all processes of a stage together) | "
             f"{peak:,.0f} MB | {verdict(peak <= TARGET_PEAK_MB)} |",
             f"| largest case page within {TARGET_PAGE_GROWTH:.0%} of that at {n1:,} | {growth:+.1%} "
             f"({large['sizes']['largest_case_html']:,} B vs {small['sizes']['largest_case_html']:,} B) | "
             f"{verdict(abs(growth) <= TARGET_PAGE_GROWTH)} |"]
    return "\n".join(lines)


def issue14(small: dict[str, Any], large: dict[str, Any]) -> str:
    """The measuring half of issue 14: ratio to the floor, serve latency, the case count in 1 GiB."""
    b, n1, n2 = large["stages"], small["cases"], large["cases"]
    ratio = floor_ratio(b)[0]
    lines = [f"| issue-14 target (at {n2:,}) | measured | |", "|---|---:|---|",
             f"| full build ≤ {TARGET_FLOOR_RATIO:g} × floor | {ratio_text(b)} | {verdict(ratio <= TARGET_FLOOR_RATIO)} |"]
    serve = large.get("serve")
    if serve:
        worst = [serve[k]["median"] if serve[k] else float("inf") for k in ("case_page", "index_page")]
        lines.append(f"| `mkdocs serve`: an edited record served ≤ {TARGET_SERVE_S:g} s | case page "
                     f"{worst[0]:.1f} s, index page {worst[1]:.1f} s (medians) | "
                     f"{verdict(max(worst) <= TARGET_SERVE_S)} |")
    if "kinds" in small["sizes"] and "kinds" in large["sizes"]:
        fit = bench_site.extrapolate((n1, small["sizes"]["kinds"]), (n2, large["sizes"]["kinds"]))
        at = fit["cases_at_1_gib"] or 0
        lines.append(f"| ≥ {TARGET_CASES_IN_GIB:,} cases within 1 GiB | {at:,} ({fit['per_case']:,.0f} B per case "
                     f"+ {fit['fixed'] / 1e6:,.1f} MB fixed) | {verdict(at >= TARGET_CASES_IN_GIB)} |")
        lines += ["", bench_site.extrapolation_table(n1, n2, fit)]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description="Time every stage of the case library on synthetic records.")
    parser.add_argument("--cases", type=int, nargs="+", default=[1000], help="one or more library sizes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=ROOT / "bench-out", help="where the generated repos go")
    parser.add_argument("--phases", action="store_true", help="also time the phases of the full build")
    parser.add_argument("--serve-rounds", type=int, default=3,
                        help="edits timed under mkdocs serve at each size (0: skip)")
    parser.add_argument("--pairs", type=int, default=3, help="full build and floor, alternating, this many times each")
    parser.add_argument("--report", type=Path, help="print the tables of an earlier run's results.json, run nothing")
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        stage_main(args.stage, args.root, args.result)
        return 0
    if args.report:
        report = json.loads(args.report.read_text(encoding="utf-8"))
    else:
        sys.path.insert(0, str(ROOT / "src"))
        args.work.mkdir(parents=True, exist_ok=True)
        command = ("python scripts/bench.py --cases " + " ".join(map(str, args.cases)) + (" --phases" if args.phases else "")
                   + (f" --serve-rounds {args.serve_rounds}" if args.serve_rounds != 3 else "")
                   + (f" --pairs {args.pairs}" if args.pairs != 3 else ""))
        info = machine()
        results: list[dict[str, Any]] = []
        for n in args.cases:  # results.json rewritten after each size: a long run stopped halfway keeps its first sizes
            results.append(bench_size(n, args.work.resolve(), args.seed, args.phases, args.serve_rounds, args.pairs))
            report = {"date": time.strftime("%Y-%m-%d"), "machine": info, "command": command, "results": results}
            (args.work / "results.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    info, command, results = report["machine"], report["command"], report["results"]
    print(f"\n{report['date']} · {info['cores']} cores · {info['memory_gib']} GiB · Python {info['python']} · "
          f"load average at start {info['load_average']} · `{command}`\n")
    for r in results:
        print(table(r) + "\n")
    if len(results) >= 2:
        print(comparison(results[0], results[-1]))
        print("\n" + issue14(results[0], results[-1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
