# Two commands do everything on a fresh machine with Python 3.11:
#   make serve   build the site from cases/ and serve it on http://127.0.0.1:8000
#   make test    run the whole test suite (installs the Debian packages of .ci/system-packages.txt first when it can)
# Both create .venv from the pinned requirements first (once; again when they change); make test also installs the
# test tools pinned in package-lock.json (axe-core, the Nu Html Checker) into node_modules/ with npm ci.
# While you work, make test-unit runs only tests/unit (pure Python: no MkDocs build, no Chromium, no npm) in seconds.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve test test-unit check build lint bench clean venv system node

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11（找不到 $(PYTHON)）。可用 make PYTHON=python3 …"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

venv: $(STAMP)

# Test tools from npm, exactly as locked (--ignore-scripts: vnu-jar's install script would fetch a Java of its own;
# the tests use Debian's). The site itself needs no Node.js.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "测试需要 Node.js 和 npm（Debian 软件包 npm，列在 .ci/system-packages.txt）。The tests need npm."; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $(NODE_STAMP)

node: $(NODE_STAMP)

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

test: system $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check src scripts tests
	$(BIN)/python -m pytest

# The fast layer alone (pytest -m unit; tests/conftest.py fails the run if it imported MkDocs or Playwright).
test-unit: $(STAMP)
	$(BIN)/python -m pytest -m unit

bench: $(STAMP)
	$(BIN)/python scripts/bench.py --cases 1000

clean:
	rm -rf site build .pytest_cache
