#!/usr/bin/env python3
"""Benchmark the case finder and its search on N synthetic cases, in headless Chromium.

    python scripts/bench_search.py --cases 10000            # generate, build, serve, measure, print a table
    python scripts/bench_search.py --cases 10000 --work /tmp/bench10k --reuse   # keep and reuse the build
    python scripts/bench_search.py --cases 10000 --work /tmp/bench10k --reuse --pagefind   # also Pagefind

Steps: synthetic records (``caselib.contrib.synthetic``) into a temporary copy of the repository, the real
``mkdocs build``, a static server on 127.0.0.1, then Debian's Chromium through Playwright:

* load: navigation to the finder until it is ready to filter (``#cl-finder[data-ready]``), and every
  byte fetched until then (bodies + headers; the server does not compress, so this is uncompressed);
* filter: click one filter value and wait until the list is redrawn (``data-seq`` changes);
* query: type a word into the keyword box of a freshly loaded finder and wait for the first results
  with their text; bytes fetched for that query. The cases found (``caselibFinder.match``) are compared
  with a plain text scan of the records: recall and precision. Relevance: for each query but 运动员 (a
  word no record has), the oldest record gets a title with the query's words in it (its other text is
  unchanged); the table gives how many titles have the words, the ranks at which those cases are shown
  (with relevance, 1 to that number) and the rank of the planted record. A finder without
  ``caselibFinder.current`` (before issue 18) is read from the 20 cards it shows.

``--pagefind`` also indexes the case pages with Pagefind (``pip install pagefind-bin-extended``) and
runs the same queries through its JavaScript API, for the comparison in docs/search.md.
Targets (issues 3 and 18): ready <= 1.5 s and <= 1 MB; filter <= 100 ms; query <= 1 s and <= 300 KB;
recall and precision 100 %; the title matches first.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from caselib.contrib import synthetic  # noqa: E402
from caselib.outputs.search import format as search_format  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
QUERIES = ["彝良", "困境儿童", "积分制", "快递员", "社会工作者", "志愿服务", "云南省", "朝阳区", "运动员", "党建引领 积分制", "社"]
ABSENT = "运动员"  # no record has it, and none is given it
FILTERS = ["theme", "method", "region", "year", "status", "target"]
REPO_PARTS = ["data", "schema", "docs", "overrides", "mkdocs.yml"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(folder: Path) -> tuple[str, socketserver.TCPServer]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def plant(records: list[dict[str, Any]]) -> dict[str, str]:
    """Give the oldest records titles that contain a query's words: query -> id of its planted record."""
    oldest = sorted(records, key=lambda r: (r["updated"], r["id"]))
    planted = {}
    for query, record in zip([q for q in QUERIES if q != ABSENT], oldest, strict=False):
        record["title"] = "".join(query.split()) + "示范点"
        planted[query] = record["id"]
    return planted


def prepare(work: Path, count: int, seed: int) -> tuple[list[dict[str, Any]], dict[str, str], bool]:
    """A copy of the repository with ``count`` synthetic cases (and no shipped ones), some titles planted;
    whether the records were (re)written (then a site built before does not show them)."""
    records = synthetic.generate(count, seed, ROOT)
    planted = plant(records)
    for part in REPO_PARTS:
        target = work / part
        if target.exists():
            shutil.rmtree(target) if target.is_dir() else target.unlink()
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy2)(ROOT / part, target)
    stamp = work / "cases" / ".planted"
    if stamp.exists() and stamp.read_text() == json.dumps([count, seed, planted]):
        return records, planted, False
    if (work / "cases").exists():
        shutil.rmtree(work / "cases")
    synthetic.write(records, work / "cases")
    stamp.write_text(json.dumps([count, seed, planted]))
    return records, planted, True


def refresh_assets(site: Path) -> None:
    """--reuse: the finder's scripts (finder.js and its finder-*.js parts) and styles are copied verbatim by MkDocs,
    so copy the current ones."""
    assets = ROOT / "overrides" / "assets"
    for path in [*sorted((assets / "javascripts").glob("finder*.js")), assets / "stylesheets" / "finder.css"]:
        shutil.copy2(path, site / path.relative_to(ROOT / "overrides"))


def build(work: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "src")}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(work / "mkdocs.yml"),
                    "--site-dir", str(work / "site")], check=True, env=env)
    return time.perf_counter() - start


def numbers(site: Path) -> dict[str, int]:
    """Case id -> the finder's case number, read from the card files."""
    chunk = json.loads((site / "finder" / "facets.json").read_text(encoding="utf-8"))["chunk"]
    out: dict[str, int] = {}
    for path in (site / "finder" / "cards").glob("*.json"):
        rows = json.loads(path.read_text(encoding="utf-8"))
        out.update({row[0]: int(path.stem) * chunk + i for i, row in enumerate(rows)})
    return out


def truth(records: list[dict[str, Any]], words: list[str], number: dict[str, int]) -> dict[str, dict[str, set[int]]]:
    """Per query, the case numbers that contain it (every whitespace-separated part) by a plain text scan,
    and those whose title contains it."""
    texts = [(number[r["id"]], search_format.case_text(r), search_format.normalize(r["title"])) for r in records]
    out = {}
    for word in words:
        parts = search_format.normalize(word).split()
        out[word] = {"all": {n for n, t, _ in texts if all(p in t for p in parts)},
                     "title": {n for n, _, title in texts if all(p in title for p in parts)}}
    return out


class Meter:
    """Bytes (body + headers) of every finished request of a page."""

    def __init__(self, page: Any) -> None:
        self.total = 0
        self.count = 0
        self.sitemap = 0
        page.on("requestfinished", self._done)

    def _done(self, request: Any) -> None:
        sizes = request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        self.total += size
        self.count += 1
        if request.url.endswith("/sitemap.xml"):
            self.sitemap += size

    def reset(self) -> tuple[int, int]:
        before = (self.total, self.count)
        self.total = self.count = 0
        return before


# Runs inside the page: start the action, then resolve with the milliseconds until the list is redrawn.
ACT_AND_WAIT = """([action, arg, timeout]) => new Promise((resolve) => {
  const root = document.getElementById('cl-finder');
  const before = root.getAttribute('data-seq');
  let listed = -1;
  const check = () => {
    const seq = root.getAttribute('data-seq');
    if (seq === before) return;
    if (listed < 0) listed = performance.now() - start;
    if (root.getAttribute('data-filled') === seq) { obs.disconnect(); resolve([listed, performance.now() - start]); }
  };
  const obs = new MutationObserver(check);
  obs.observe(root, { attributes: true });
  setTimeout(() => { obs.disconnect(); resolve([listed, -1]); }, timeout);
  const start = performance.now();
  if (action === 'click') {
    document.querySelector(arg).click();
  } else {
    const q = document.getElementById('cl-q');
    q.value = arg;
    q.dispatchEvent(new Event('input', { bubbles: true }));
  }
})"""


def fresh(browser: Any, url: str) -> tuple[Any, Any, Meter, float]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    meter = Meter(page)
    page.goto(url)
    page.wait_for_selector("#cl-finder[data-ready]", timeout=60_000)
    ready = float(page.get_attribute("#cl-finder", "data-ready-ms") or -1)  # in-page ms since navigation start
    page.wait_for_selector("#cl-finder[data-loaded-ms]", timeout=60_000)
    page.wait_for_timeout(300)  # let finished-request events arrive
    return context, page, meter, ready


def measure_load(browser: Any, base: str, runs: int) -> dict[str, Any]:
    times, loaded, sizes, counts, sitemap = [], [], [], [], []
    for _ in range(runs):
        context, page, meter, ready = fresh(browser, base + "cases/")
        loaded.append(float(page.get_attribute("#cl-finder", "data-loaded-ms") or -1))
        sitemap.append(meter.sitemap)
        total, count = meter.reset()
        times.append(ready)
        sizes.append(total)
        counts.append(count)
        context.close()
    return {"ready_ms": statistics.median(times), "ready_ms_max": max(times), "bytes": statistics.median(sizes),
            "requests": statistics.median(counts), "loaded_ms": statistics.median(loaded),
            "sitemap_bytes": statistics.median(sitemap)}


def measure_filters(browser: Any, base: str) -> list[dict[str, Any]]:
    context, page, meter, _ = fresh(browser, base + "cases/")
    out = []
    page.evaluate("document.querySelectorAll('#cl-filters details').forEach(d => d.open = true)")
    for key in FILTERS:
        box = page.locator(f"#cl-filters .cl-facet__row:not([hidden]) input[name={key}]").first
        meter.reset()
        value = box.get_attribute("value")
        listed, filled = page.evaluate(ACT_AND_WAIT, ["click", f"#cl-f-{key}-{value}", 10_000])
        page.wait_for_timeout(100)
        out.append({"filter": key, "value": value, "ms": round(listed, 1), "filled_ms": round(filled, 1),
                    "count": int(page.get_attribute("#cl-finder", "data-count") or 0), "bytes": meter.reset()[0]})
    context.close()
    return out


def measure_queries(browser: Any, base: str, words: list[str], expected: dict[str, dict[str, set[int]]],
                    number: dict[str, int], planted: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for word in words:
        context, page, meter, _ = fresh(browser, base + "cases/")
        meter.reset()
        # typed as one 'input' event; the finder waits 120 ms for more typing (counted here), then searches
        _listed, ms = page.evaluate(ACT_AND_WAIT, ["type", word, 20_000])
        page.wait_for_timeout(300)
        transferred = meter.reset()[0]
        count = int(page.get_attribute("#cl-finder", "data-count") or 0)
        found = set(page.evaluate("(w) => window.caselibFinder.match(w)", word))  # cached: fetches nothing more
        order = page.evaluate("window.caselibFinder.current ? window.caselibFinder.current() : null")
        shown = order is None
        if shown:  # an older finder: the cards it shows
            ids = page.eval_on_selector_all("#cl-results li[data-id]", "els => els.map(e => e.dataset.id)")
            order = [number[i] for i in ids]
        rank = {n: i + 1 for i, n in enumerate(order)}
        truth_all, titles = expected[word]["all"], expected[word]["title"]
        out.append({"query": word, "ms": round(ms, 1), "bytes": transferred, "found": len(found), "count": count,
                    "truth": len(truth_all), "hits": len(found & truth_all), "titles": len(titles),
                    "title_ranks": sorted(rank.get(n, 0) for n in titles), "ranked": len(order), "shown_only": shown,
                    "planted_rank": rank.get(number[planted[word]], 0) if word in planted else None})
        context.close()
    return out


def measure_pagefind(browser: Any, base: str, site: Path, words: list[str], expected: dict[str, int]) -> dict[str, Any]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--glob", "cases/*/index.html",
                             "--force-language", "zh"], capture_output=True, text=True, check=False)
    index_s = time.perf_counter() - start
    if result.returncode != 0:
        return {"error": (result.stdout + result.stderr)[-2000:]}
    rows = []
    for word in words:
        context = browser.new_context()
        page = context.new_page()
        meter = Meter(page)
        page.goto(base + "cases/")
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        meter.reset()
        found = page.evaluate("""async (word) => {
          const t0 = performance.now();
          const pf = await import('/pagefind/pagefind.js');
          await pf.init();
          const r = await pf.search(word);
          await Promise.all(r.results.slice(0, 20).map(x => x.data()));
          return [r.results.length, performance.now() - t0];
        }""", word)
        page.wait_for_timeout(300)
        rows.append({"query": word, "ms": round(found[1], 1), "bytes": meter.reset()[0], "found": found[0],
                     "truth": expected[word]})
        context.close()
    size = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    return {"index_s": round(index_s, 1), "index_bytes": size, "queries": rows}


def index_stats(site: Path) -> dict[str, Any]:
    finder = site / "finder"
    out: dict[str, Any] = {"facets_bytes": (finder / "facets.json").stat().st_size,
                           "table_bytes": (finder / "table.json").stat().st_size}
    for folder in ("cards", "idx", "pos", "seg", "text"):  # pos/, seg/, text/ since issue 18
        sizes = [p.stat().st_size for p in (finder / folder).glob("*.*")]
        out[folder] = {"files": len(sizes), "bytes": sum(sizes), "largest": max(sizes, default=0)}
    return out


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def report(r: dict[str, Any]) -> str:
    lines = [f"# bench_search: {r['cases']:,} synthetic cases, {r['date']}",
             f"build (mkdocs build, whole site): {r['build_s']:.1f} s" if r.get("build_s") else "build: reused",
             f"machine: {r['cpus']} cores; load (1-minute average) {r['loadavg'][0]:.1f} before the measurements, "
             f"{r['loadavg'][-1]:.1f} after",
             "",
             "| measure | value | target |", "|---|---|---|"]
    load = r["load"]
    lines += [f"| finder ready after navigation (median of {r['runs']}) | {load['ready_ms']:.0f} ms "
              f"(max {load['ready_ms_max']:.0f}) | ≤ 1500 ms |",
              f"| first page of cards shown with their text | {load['loaded_ms']:.0f} ms | |",
              f"| transferred on load, all requests | {kb(load['bytes'])} in {load['requests']:.0f} requests | ≤ 1024 KB |",
              f"| of which sitemap.xml (fetched by Material's bundle for any <link rel=alternate>) "
              f"| {kb(load['sitemap_bytes'])} | |",
              f"| transferred on load without sitemap.xml | {kb(load['bytes'] - load['sitemap_bytes'])} | ≤ 1024 KB |"]
    filters = r["filters"]
    lines.append(f"| filter: list and counts updated (max of {len(filters)}) | {max(f['ms'] for f in filters):.0f} ms | ≤ 100 ms |")
    lines.append(f"| filter: visible cards' text loaded too (max) | {max(f['filled_ms'] for f in filters):.0f} ms | |")
    queries = r["queries"]
    lines.append(f"| query to first results with their text (max of {len(queries)}) | {max(q['ms'] for q in queries):.0f} ms "
                 "| ≤ 1000 ms |")
    lines.append(f"| transferred per query (max) | {kb(max(q['bytes'] for q in queries))} | ≤ 300 KB |")
    ok = all(q["hits"] == q["found"] == q["truth"] for q in queries)
    lines.append(f"| recall and precision, every query | {'100 %' if ok else 'NOT 100 % (see below)'} | 100 % |")
    first = all(q["title_ranks"] == list(range(1, q["titles"] + 1)) for q in queries)
    lines.append(f"| the cases whose title has the words come first, every query | {'yes' if first else 'no'} | yes |")
    s = r["index"]
    files = "; ".join(f"{name}/ {s[name]['files']:,} files {kb(s[name]['bytes'])} (largest {kb(s[name]['largest'])})"
                      for name in ("cards", "idx", "pos", "seg", "text") if s[name]["files"])
    lines += ["", f"facets.json {kb(s['facets_bytes'])}; {files}; table.json {kb(s['table_bytes'])}", "",
              "| filter | value | list ms | cards ms | cases | bytes |", "|---|---|---|---|---|---|"]
    lines += [f"| {f['filter']} | {f['value']} | {f['ms']:.0f} | {f['filled_ms']:.0f} | {f['count']:,} | {kb(f['bytes'])} |"
              for f in filters]
    lines += ["", "| query | ms | bytes | found | plain scan | recall | precision | titles with the words | "
              "their ranks | planted title's rank |", "|---|---|---|---|---|---|---|---|---|---|"]
    for q in queries:
        lines.append(_query_row(q) + _relevance(q))
    pf = r.get("pagefind")
    if pf:
        lines += [""]
        if "error" in pf:
            lines.append(f"Pagefind failed: {pf['error']}")
        else:
            lines += [f"Pagefind (extended) on the case pages: index {pf['index_s']} s, {kb(pf['index_bytes'])}", "",
                      "| query | ms | bytes | found | plain scan | recall | precision |", "|---|---|---|---|---|---|---|"]
            lines += [_query_row(q) for q in pf["queries"]]
    return "\n".join(lines)


def _query_row(q: dict[str, Any]) -> str:
    # The finder's cases are compared as sets (hits = found and in the scan); Pagefind gives counts only.
    found, expected = q["found"], q["truth"]
    hits = q.get("hits", min(found, expected))
    recall = hits / expected if expected else 1.0
    precision = hits / found if found else 1.0
    return (f"| {q['query']} | {q['ms']:.0f} | {kb(q['bytes'])} | {found:,} | {expected:,} | "
            f"{recall:.1%}{'' if hits >= expected else ' (!)'} | {precision:.1%} |")


def _ranks(ranks: list[int], limit: int) -> str:
    known = [r for r in ranks if r]
    if not ranks:
        return "—"
    text = (f"{known[0]:,}" if len(known) == 1 else f"{known[0]:,}–{known[-1]:,}") if known else ""
    if len(known) < len(ranks):
        text += f"{', ' if known else ''}{len(ranks) - len(known):,} not among the {limit:,} shown"
    return text


def _relevance(q: dict[str, Any]) -> str:
    limit = q["ranked"]
    planted = "—" if q["planted_rank"] is None else (f"{q['planted_rank']:,}" if q["planted_rank"]
                                                       else f"not among the {limit:,} shown")
    return f" {q['titles']:,} | {_ranks(q['title_ranks'], limit)} | {planted} |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, help="folder for the generated repository and site (default: a temp folder)")
    parser.add_argument("--reuse", action="store_true", help="reuse --work/site if it exists (skip the build)")
    parser.add_argument("--runs", type=int, default=3, help="cold loads to take the median of")
    parser.add_argument("--pagefind", action="store_true", help="also measure Pagefind (pagefind-bin-extended)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="bench-search-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"work folder: {work}", file=sys.stderr)
    records, planted, written = prepare(work, args.cases, args.seed)
    result: dict[str, Any] = {"cases": args.cases, "date": time.strftime("%Y-%m-%d %H:%M"), "runs": args.runs,
                              "cpus": os.cpu_count(), "loadavg": [os.getloadavg()[0]]}
    if written or not (args.reuse and (work / "site" / "finder" / "facets.json").exists()):
        print("building the site …", file=sys.stderr)
        result["build_s"] = build(work)
    else:
        refresh_assets(work / "site")
    site = work / "site"
    result["index"] = index_stats(site)
    number = numbers(site)
    expected = truth(records, QUERIES, number)
    base, server = serve(site)
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            result["load"] = measure_load(browser, base, args.runs)
            result["filters"] = measure_filters(browser, base)
            result["queries"] = measure_queries(browser, base, QUERIES, expected, number, planted)
            if args.pagefind:
                counts = {word: len(found["all"]) for word, found in expected.items()}
                result["pagefind"] = measure_pagefind(browser, base, site, QUERIES, counts)
            browser.close()
    finally:
        server.shutdown()
    result["loadavg"].append(os.getloadavg()[0])
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
