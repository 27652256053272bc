"""Where a full ``mkdocs build`` spends its time: py-spy's raw stacks summed into named parts (issue 14).

    py-spy record --subprocesses --format raw --rate 50 -o prof.txt -- \\
        python -m mkdocs build --quiet --site-dir /tmp/site-prof          # in a bench repository
    python scripts/profile_summary.py prof.txt

Each sample is one stack of one thread of one process, at ``--rate`` a second. py-spy leaves out samples
it judges idle, but on a busy machine a thread waiting for a core is not idle: the sums are closer to
wall time than to CPU time, so read the shares. Only the main thread's stacks are split into parts
(``mkdocs serve`` adds a server thread and file-watcher threads, summed apart). A stack is counted in
the first part, in ``PARTS`` order, whose marker (a substring of a frame, e.g. a function name) it
contains; the parts nest the way MkDocs calls them, the most specific first. Forked processes (our
page renderer and data-file builder) are summed apart.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

# (part, marker): the first part whose marker occurs in a stack gets its sample.
PARTS: list[tuple[str, str]] = [
    ("MkDocs process: Markdown -> HTML: Python-Markdown's HTML block preprocessor (html.parser)",
     "HtmlBlockPreprocessor.run"),
    ("MkDocs process: Markdown -> HTML: MkDocs' anchor collector (_RawHTMLPreprocessor, html.parser)",
     "_RawHTMLPreprocessor"),
    ("MkDocs process: Markdown -> HTML: toc extension (headings, slugs, permalinks)", "TocTreeprocessor"),
    ("MkDocs process: Markdown -> HTML: MkDocs' link rewriting (_RelativePathTreeprocessor)",
     "_RelativePathTreeprocessor"),
    ("MkDocs process: Markdown -> HTML: serialising the tree (markdown.serializers)", "serializers.py"),
    ("MkDocs process: Markdown -> HTML: the rest of Python-Markdown", "Page.render"),
    ("MkDocs process: waiting for / receiving our rendered Markdown (on_page_read_source)", "on_page_read_source"),
    ("MkDocs process: reading pages, other (_populate_page)", "_populate_page"),
    ("MkDocs process: theme: Material's base.html and partials (Jinja render)", "material/templates/"),
    ("MkDocs process: theme: template context (get_context)", "get_context"),
    ("MkDocs process: writing pages (utils.write_file)", "write_file"),
    ("MkDocs process: building pages, other (_build_page)", "_build_page"),
    ("MkDocs process: anchor validation after the build (validate_anchor_links)", "validate_anchor_links"),
    ("MkDocs process: our plugin: on_config (load + validate records, fork the workers)", "on_config"),
    ("MkDocs process: our plugin: on_env (receiving the data files)", "on_env"),
    ("MkDocs process: our plugin: on_files (registering generated files)", "on_files"),
    ("MkDocs process: copying static files", "copy_static_files"),
    ("MkDocs process: navigation", "get_navigation"),
    ("MkDocs process: scanning docs/ (get_files)", "get_files"),
    ("MkDocs process: loading the configuration, imports", "load_config"),
]


def summarise(raw: Path) -> tuple[Counter[str], int]:
    parts: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        samples = int(count)
        total += samples
        frames = stack.split(";")
        if len(frames) > 1 and frames[1].startswith("process "):  # a forked child of the build
            name = ("forked: data files (outputs.build_data_files)" if "build_data_files" in stack
                    else "forked: page Markdown (render_pages)" if "render" in stack else "forked: other")
            parts[name] += samples
            continue
        if "_run_module_as_main" not in stack:  # serve: server and file-watcher threads; build: a Pool thread
            parts["other threads (serve: HTTP server, file watcher; build: validation pool; mostly waiting)"] += samples
            continue
        parts[next((part for part, marker in PARTS if marker in stack), "MkDocs process: other")] += samples
    return parts, total


def main() -> None:
    parser = argparse.ArgumentParser(description="Sum py-spy raw stacks of an mkdocs build into named parts.")
    parser.add_argument("raw", type=Path, help="py-spy record --format raw output")
    parser.add_argument("--rate", type=float, default=50.0, help="the sampling rate given to py-spy")
    args = parser.parse_args()
    parts, total = summarise(args.raw)
    main_total = sum(v for k, v in parts.items() if k.startswith("MkDocs process"))
    print("| part | sampled s | share of the MkDocs process's main thread |\n|---|---:|---:|")
    for part, samples in parts.most_common():
        share = f"{samples / main_total:.1%}" if part.startswith("MkDocs process") else ""
        print(f"| {part} | {samples / args.rate:,.1f} | {share} |")
    print(f"| **all samples** | {total / args.rate:,.1f} | main thread {main_total / args.rate:,.1f} s |")


if __name__ == "__main__":
    main()
