#!/usr/bin/env python3
"""Validate the case records and generate the site's Markdown pages.

    python scripts/build_index.py check      # validate every record (exit 1 on errors)
    python scripts/build_index.py --help     # every command

A thin wrapper around ``caselib.adapters.cli`` so that it also runs from a fresh
checkout without installing the package.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from caselib.adapters.cli import main

if __name__ == "__main__":
    sys.exit(main())
