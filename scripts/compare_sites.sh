#!/bin/bash
# Build the same records with two checkouts of this repository and compare the sites byte for byte.
#
#   bash scripts/compare_sites.sh BEFORE_TREE AFTER_TREE OUT [N]
#
# Each tree builds with its own .venv (make venv), mkdocs.yml, docs/ and overrides/; the records are the same for
# both: BEFORE_TREE's shipped cases/, and N synthetic records (default 1000) written once by BEFORE_TREE's generator.
# Prints, per library, the file counts and every file that differs (diff -rq); the sites stay in OUT for a closer
# look. Used for issue 13 ("output unchanged"): a restructuring must leave every page and data file as it was.
set -euo pipefail
before=$(cd "$1" && pwd); after=$(cd "$2" && pwd); out=$3; n=${4:-1000}
rm -rf "$out"; mkdir -p "$out"; out=$(cd "$out" && pwd)
export NO_MKDOCS_2_WARNING=1 PYTHONDONTWRITEBYTECODE=1 CASELIB_CACHE=0
unset CASELIB_SITE_URL
generator=caselib.contrib.synthetic
[ -e "$before/src/caselib/contrib/synthetic.py" ] || generator=caselib.synthetic
(cd "$before" && PYTHONPATH=src .venv/bin/python -c "
import sys
from pathlib import Path
from importlib import import_module
synthetic = import_module('$generator')
synthetic.write(synthetic.generate($n, root=Path('.')), Path(sys.argv[1]))" "$out/synthetic-cases")
for which in before after; do
  tree=${!which}
  for lib in shipped synthetic; do
    repo=$out/$which-$lib
    mkdir -p "$repo"
    for part in data schema docs overrides mkdocs.yml CONTRIBUTING.md; do cp -a "$tree/$part" "$repo/"; done
    if [ $lib = shipped ]; then cp -a "$before/cases" "$repo/cases"
    else mkdir -p "$repo/cases"; cp -a "$out/synthetic-cases/." "$repo/cases/"; cp "$before/cases/_template.yml" "$repo/cases/"; fi
    (cd "$repo" && "$tree/.venv/bin/python" -m mkdocs build --strict -q --site-dir "$out/site-$which-$lib") \
      > "$out/log-$which-$lib" 2>&1 || { echo "构建失败 build failed: $which $lib (see $out/log-$which-$lib)"; exit 1; }
  done
done
for lib in shipped synthetic; do
  echo "== $lib: $(find "$out/site-before-$lib" -type f | wc -l) files before, $(find "$out/site-after-$lib" -type f | wc -l) after"
  if diff -rq "$out/site-before-$lib" "$out/site-after-$lib" > "$out/diff-$lib.txt"; then echo "   byte-identical"
  else echo "   $(wc -l < "$out/diff-$lib.txt") differences (all in $out/diff-$lib.txt):"; head -40 "$out/diff-$lib.txt"; fi
done
