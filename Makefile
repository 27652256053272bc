# Two commands do everything on a fresh machine with Python 3.11:
#   make serve   build the site from cases/ and serve it on http://127.0.0.1:8000
#   make test    run the whole test suite (installs Debian's chromium and fonts-noto-cjk first when it can)
# Both create .venv from the pinned requirements first (once; again when they change).

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve test check build lint bench clean venv system

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11（找不到 $(PYTHON)）。可用 make PYTHON=python3 …"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

venv: $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/python scripts/build_index.py site

check: $(STAMP)
	$(BIN)/python scripts/build_index.py check

# The Debian packages the browser tests need: .ci/system-packages.txt (installed when missing and allowed).
# Checked first, so that a machine without them stops in a second, before the virtual environment is made.
system:
	@bash .ci/system-deps

test: system $(STAMP)
	$(BIN)/ruff check src scripts tests
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python scripts/bench.py --cases 1000

clean:
	rm -rf site build .pytest_cache
