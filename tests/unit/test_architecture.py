"""The shape of the code, read from the source: imports run one way, nothing heavy leaks, scripts stay small.

Every import statement in ``src/caselib`` is read with ``ast`` (at module level, inside functions, under
``if TYPE_CHECKING:`` and in ``try:`` blocks; relative imports resolved), so an import hidden inside a function
counts like any other. From them:

- no import cycle between modules;
- packages import only downwards, along the pipeline (``LAYERS``: a package may import a package of a lower row,
  never one of its own row or above);
- only the load stage imports ``yaml``; only the MkDocs adapter (``adapters/mkdocs_*.py``) imports ``mkdocs``;
- no script of ours under ``overrides/assets/javascripts`` (``vendor/`` excluded) is longer than 400 lines.

When a change breaks one of these, the message names the file, the line and the import. If the new import is
right, change ``LAYERS`` here and the table in docs/architecture.md together.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import ROOT

SRC = ROOT / "src"
PACKAGE = SRC / "caselib"
SCRIPTS = ROOT / "overrides" / "assets" / "javascripts"
MAX_SCRIPT_LINES = 400

# The pipeline from the top: a package may import the packages of any row below its own, nothing else.
# contrib (the contributor tools: scaffold, issue form, changes, synthetic records) runs the pipeline and is run by
# the adapters; render and outputs both turn the model into files and do not use each other; the bottom row is
# the reference data, the shared Problem type and the URL scheme, which import nothing of caselib.
LAYERS: list[set[str]] = [
    {"adapters"},
    {"contrib"},
    {"pipeline"},
    {"outputs", "render"},
    {"model"},
    {"validate"},
    {"load"},
    {"reference", "problems", "urls", "caselib"},
]
RANK = {package: row for row, packages in enumerate(LAYERS) for package in packages}


@dataclass(frozen=True)
class Import:
    """One imported name as Python would resolve it: ``source`` (a module of ours) imports ``target``."""

    source: str
    path: Path
    line: int
    target: str
    in_function: bool

    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(module: str, path: Path, text: str | None = None) -> Iterator[Import]:
    """Every import in the file (or in ``text`` as if it were the file), wherever it stands; ``from package import
    name`` targets the submodule when ``name`` is one (``from caselib.outputs.search import format``), else the package."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8") if text is None else text, filename=str(path))
    functions = [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    inside = {id(inner) for f in functions for inner in ast.walk(f) if inner is not f}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, path, node.lineno, alias.name, id(node) in inside)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, node.module] if node.module else parts)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                yield Import(module, path, node.lineno, full if full in MODULES else base, id(node) in inside)


IMPORTS = [found for module, path in MODULES.items() for found in imports_of(module, path)]
OURS = [i for i in IMPORTS if i.target in MODULES and i.target != i.source]


def package_of(module: str) -> str:
    """``caselib.validate.record`` → ``validate``; ``caselib.urls`` → ``urls``; ``caselib`` → ``caselib``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def top(name: str) -> str:
    return name.split(".")[0]


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each as a sorted list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_reader_sees_every_kind_of_import() -> None:
    """The walk finds imports inside functions and resolves relative ones (else the tests below prove little)."""
    assert len(MODULES) > 30 and len(OURS) > 100
    assert any(i.in_function for i in OURS), "no import inside a function found: the walk misses them"
    text = "from . import files\nfrom .reader import values\nfrom ..urls import case_url\n\ndef f():\n    import caselib.model.case\n"
    found = imports_of("caselib.load.example", PACKAGE / "load" / "example.py", text)
    assert [(i.target, i.in_function) for i in found] == [
        ("caselib.load.files", False), ("caselib.load.reader", False), ("caselib.urls", False), ("caselib.model.case", True)]


def test_no_import_cycle_between_modules() -> None:
    edges: dict[str, set[str]] = {}
    for i in OURS:
        edges.setdefault(i.source, set()).add(i.target)
    found = cycles(edges)
    lines = [f"{' ↔ '.join(c)}: " + "; ".join(dict.fromkeys(f"{i.where()} imports {i.target}" for i in OURS
                                                                if i.source in c and i.target in c)) for c in found]
    assert not found, "import cycles:\n" + "\n".join(lines)


def test_every_package_has_its_row() -> None:
    packages = {package_of(m) for m in MODULES}
    assert packages <= set(RANK), f"put {sorted(packages - set(RANK))} in LAYERS (and docs/architecture.md)"


def test_packages_import_only_downwards() -> None:
    wrong = [f"{i.where()} imports {i.target} ({package_of(i.source)} → {package_of(i.target)})"
             for i in OURS
             if package_of(i.source) != package_of(i.target)
             and not RANK[package_of(i.source)] < RANK[package_of(i.target)]]
    assert not wrong, "imports against the pipeline's direction:\n" + "\n".join(wrong)


def test_only_the_load_stage_imports_yaml() -> None:
    wrong = [f"{i.where()} imports {i.target}" for i in IMPORTS
             if top(i.target) in ("yaml", "_yaml") and package_of(i.source) != "load"]
    assert not wrong, "yaml outside caselib/load/:\n" + "\n".join(wrong)


def is_mkdocs_adapter(module: str) -> bool:
    """The MkDocs adapter: ``caselib/adapters/mkdocs_plugin.py`` and its companions ``adapters/mkdocs_*.py``."""
    return module.startswith("caselib.adapters.mkdocs_")


def test_only_the_mkdocs_adapter_imports_mkdocs() -> None:
    wrong = [f"{i.where()} imports {i.target}" for i in IMPORTS
             if top(i.target) in ("mkdocs", "material") and not is_mkdocs_adapter(i.source)]
    assert not wrong, "mkdocs outside caselib/adapters/mkdocs_*.py:\n" + "\n".join(wrong)
    assert any(top(i.target) == "mkdocs" for i in IMPORTS if i.source == "caselib.adapters.mkdocs_plugin")
    assert not is_mkdocs_adapter("caselib.adapters.cli") and not is_mkdocs_adapter("caselib.render.mkdocs_x")


OUR_SCRIPTS = sorted(p for p in SCRIPTS.rglob("*.js") if "vendor" not in p.relative_to(SCRIPTS).parts)


@pytest.mark.parametrize("script", OUR_SCRIPTS, ids=[p.relative_to(SCRIPTS).as_posix() for p in OUR_SCRIPTS])
def test_no_script_over_400_lines(script: Path) -> None:
    lines = len(script.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_SCRIPT_LINES, f"{script.relative_to(ROOT)}: {lines} lines; split it by concern (at most {MAX_SCRIPT_LINES})"


def top_level_names(path: Path) -> set[str]:
    """The names a module defines at its top level (also under a top-level ``if`` or ``try``)."""
    names: set[str] = set()
    body = list(ast.parse(path.read_text(encoding="utf-8")).body)
    while body:
        node = body.pop()
        if isinstance(node, (ast.If, ast.Try)):
            body += node.body + node.orelse + getattr(node, "finalbody", []) + [s for h in getattr(node, "handlers", []) for s in h.body]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return names


def test_scripts_and_tests_import_names_that_exist() -> None:
    """``from caselib.x import name`` in scripts/ and tests/ names a module of ours and something it defines
    (read from the source: a moved function breaks a script that no test runs, e.g. scripts/bench.py)."""
    wrong = []
    for path in sorted([*(ROOT / "scripts").glob("*.py"), *(ROOT / "tests").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] == "caselib"):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if node.module not in MODULES:
                wrong.append(f"{where}: no module {node.module}")
                continue
            defined = top_level_names(MODULES[node.module])
            wrong += [f"{where}: {node.module} has no {a.name}" for a in node.names
                      if a.name not in defined and f"{node.module}.{a.name}" not in MODULES]
    assert not wrong, "imports of names that are not there:\n" + "\n".join(wrong)


def test_no_support_module_is_named_like_a_support_helper() -> None:
    """Importing ``support.<name>`` sets the package's attribute ``<name>`` to that module: a module named like a
    helper of ``tests/support/__init__.py`` (a ``serve.py`` beside ``serve()``) replaces the helper for every test
    collected after it, and they fail only when the whole suite runs."""
    package = ROOT / "tests" / "support"
    tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
    names = {node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.ClassDef)}
    names |= {target.id for node in tree.body if isinstance(node, ast.Assign)
              for target in node.targets if isinstance(target, ast.Name)}
    clashes = sorted(path.stem for path in package.glob("*.py") if path.stem in names)
    assert not clashes, f"tests/support modules named like helpers of support/__init__.py: {clashes}"
