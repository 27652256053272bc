#!/usr/bin/env python3
"""Maintainer tools for looking inside the pipeline of a repository (the fixture library, a benchmark copy …).

    python scripts/explore.py search --root . --query 社会工作者     # the search index, queried in Python
    python scripts/explore.py related --root /tmp/bench                # time the related-cases computation
    python scripts/explore.py load cases/yunnan/yiliang-county-shuanggong.yml   # what the YAML reader reads

These lived as ``__main__`` blocks of low-level modules, which then imported the pipeline: a cycle.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from caselib.load.files import load_file
from caselib.model.related import related_cases
from caselib.outputs.finder import build_finder, ordered
from caselib.outputs.search.query import Index, reader
from caselib.pipeline.run import run


def search(args: argparse.Namespace) -> None:
    library = run(args.root).library
    assert library is not None, "the records are not valid: run build_index.py check"
    files = build_finder(library)
    meta = json.loads(files["finder/facets.json"])
    index = Index(reader(files), meta["search"], meta["n"])
    cases = ordered(library)
    updated = sorted(range(len(cases)), key=lambda n: (cases[n].updated, cases[n].id))[::-1]
    ranked = index.rank(args.query, updated)
    print(f"{len(ranked)} cases, best first:", " ".join(cases[n].id for n in ranked))


def related(args: argparse.Namespace) -> None:
    library = run(args.root).library
    assert library is not None, "the records are not valid: run build_index.py check"
    started = time.perf_counter()
    found = related_cases(library)
    print(f"{len(found)} cases, related computed in {time.perf_counter() - started:.2f} s")


def load(args: argparse.Namespace) -> None:
    loaded, problems = load_file(Path(args.file), args.file)
    for problem in problems:
        print(problem.format())
    if loaded:
        print(loaded.data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, function in (("search", search), ("related", related)):
        command = sub.add_parser(name)
        command.add_argument("--root", type=Path, default=Path("."))
        command.set_defaults(func=function)
    sub.choices["search"].add_argument("--query", required=True)
    command = sub.add_parser("load")
    command.add_argument("file")
    command.set_defaults(func=load)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
