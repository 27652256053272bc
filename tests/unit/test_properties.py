"""Property-based tests (Hypothesis): mutated records end in a valid record or clean problems, never a traceback.

Starting from the fixture records, Hypothesis deletes, retypes and
duplicates fields, puts random Unicode (and YAML's own punctuation) into
values and into the raw text, and flips bytes. Whatever comes out, the
loader and validator must return problems, each with a position inside the
file, or a record that the model and the page templates accept.

Settings: ``derandomize=True`` (the same examples on every run, so CI is
reproducible; set ``CASELIB_HYPOTHESIS_SEEDLESS=1`` to explore new ones),
``deadline=None`` (a slow first example is not a failure), ``max_examples``
per test below; the whole module runs in well under a minute.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from support import LIBRARY, ROOT

from caselib.load.data import read_regions
from caselib.load.files import decode, load_text, record_files
from caselib.model.build import build_case, link_parts
from caselib.model.library import Library
from caselib.pipeline.run import load_vocabularies
from caselib.problems import Problem, errors_only
from caselib.reference.layout import SCHEMA_FILE
from caselib.reference.schema import read_json, with_vocabularies
from caselib.render.pages import render_pages
from caselib.validate.context import Context
from caselib.validate.record import check_record

PROFILE = settings(max_examples=int(os.environ.get("CASELIB_HYPOTHESIS_EXAMPLES", "120")), deadline=None,
                   derandomize=not os.environ.get("CASELIB_HYPOTHESIS_SEEDLESS"),
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _context() -> Context:
    vocabularies, problems = load_vocabularies(ROOT)
    assert not problems
    return Context(with_vocabularies(read_json(ROOT / SCHEMA_FILE), vocabularies), vocabularies,
                   read_regions(ROOT))


CTX = _context()
RECORDS = {path.stem: path.read_text(encoding="utf-8") for path in record_files(LIBRARY)}
NAMES = sorted(RECORDS)
LABELS = {k: v["title"] for k, v in CTX.schema["properties"]["metrics"]["properties"].items()}

# Text that is hard for YAML and for pages: YAML punctuation, CJK (also outside the BMP), invisible characters.
YAML_CHARS = ":-[]{}&*!|>'\"#%@`,?\t\n\r \\<>/=;~^$()"
unicode_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
yamlish_text = st.text(st.sampled_from(list(YAML_CHARS) + list("社工志愿者𠀀𪚥é\u200b\u202e\x00\x07\ufeff0123456789")), max_size=40)
scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
                    st.floats(allow_nan=True, allow_infinity=True), unicode_text, yamlish_text)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.one_of(unicode_text, st.integers()), inner, max_size=4)),
                      max_leaves=12)


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value in ``data``."""
    out = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, item in data.items():
            out += paths(item, (*prefix, key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            out += paths(item, (*prefix, i))
    return out


def mutate(data: Any, path: tuple[Any, ...], action: str, new: Any) -> None:
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "retype":
        parent[last] = new
    elif action == "wrap":
        parent[last] = [parent[last]] if not isinstance(parent[last], list) else {"x": parent[last]}
    elif action == "unicode" and isinstance(parent[last], str):
        parent[last] = parent[last][: len(parent[last]) // 2] + str(new) + parent[last][len(parent[last]) // 2:]
    elif action == "add" and isinstance(parent, dict):
        parent[str(new)[:20] or "x"] = parent[last]


def assert_clean(text: str, name: str) -> None:
    """The property: problems with positions inside the text, or a record the model and templates accept."""
    display = f"cases/p/{name}.yml"
    loaded, problems = load_text(text, display)
    if loaded is not None:
        problems += check_record(loaded, CTX)
    lines = text.count("\n") + 2
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path == display and 1 <= problem.line <= lines and problem.col >= 1, problem
        assert problem.message and problem.code and "Traceback" not in problem.message
        problem.format()
    event("valid record" if loaded is not None and not errors_only(problems)
          else f"problem: {min(p.code for p in errors_only(problems))}")
    if loaded is not None and not errors_only(problems):
        case = build_case(display, loaded.data, CTX.vocabularies, CTX.regions, LABELS)
        library = Library([case], CTX.vocabularies, CTX.regions, LABELS, schema=CTX.schema)  # pages read its labels
        if case.raw.get("part_of"):
            return  # its parent is not in this one-record library (check_library reports that case)
        link_parts(library)
        pages = render_pages(library)
        assert f"cases/{case.id}.md" in pages


@PROFILE
@given(name=st.sampled_from(NAMES), data=st.data())
def test_mutated_records_give_problems_or_a_valid_record(name: str, data: st.DataObject) -> None:
    record = yaml.load(RECORDS[name], Loader=yaml.CSafeLoader)  # the fixture records use no aliases or tags
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        choices = paths(record)
        if not choices:
            break
        path = data.draw(st.sampled_from(choices), label="path")
        action = data.draw(st.sampled_from(["delete", "retype", "wrap", "unicode", "add"]), label="action")
        mutate(record, path, action, data.draw(values, label="new value"))
    text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=10**6)
    assert_clean(text, name)


@PROFILE
@given(name=st.sampled_from(NAMES), data=st.data())
def test_random_text_in_the_yaml_source(name: str, data: st.DataObject) -> None:
    """Raw text edits: insert YAML-ish or random Unicode text, duplicate or delete a line, anywhere."""
    lines = RECORDS[name].split("\n")
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        at = data.draw(st.integers(0, len(lines) - 1), label="line")
        action = data.draw(st.sampled_from(["insert", "duplicate", "delete", "splice"]), label="action")
        if action == "insert":
            lines.insert(at, data.draw(st.one_of(yamlish_text, unicode_text), label="inserted"))
        elif action == "duplicate":
            lines.insert(at, lines[at])
        elif action == "delete" and len(lines) > 1:
            del lines[at]
        else:
            col = data.draw(st.integers(0, len(lines[at])), label="col")
            lines[at] = lines[at][:col] + data.draw(yamlish_text, label="spliced") + lines[at][col:]
    assert_clean("\n".join(lines), name)


@PROFILE
@given(name=st.sampled_from(NAMES), flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=4))
def test_flipped_bytes_are_decoded_or_reported(name: str, flips: list[tuple[int, int]]) -> None:
    raw = bytearray(RECORDS[name].encode("utf-8"))
    for offset, byte in flips:
        raw[offset % len(raw)] = byte
    text, problems = decode(bytes(raw), "x.yml")
    if text is None:
        assert len(problems) == 1 and problems[0].code in ("encoding", "bom")
        problems[0].format()
    else:
        assert_clean(text, name)


@pytest.mark.parametrize("name", NAMES)
def test_fixture_records_pass_unchanged(name: str) -> None:
    """The starting points are valid (else the properties above would test nothing)."""
    loaded, problems = load_text(RECORDS[name], f"cases/p/{name}.yml")
    assert loaded is not None and not errors_only(problems + check_record(loaded, CTX))


NAME = st.text(alphabet="ab-_.中", min_size=1, max_size=4).filter(lambda name: name not in (".", ".."))


@PROFILE
@given(tree=st.lists(st.tuples(st.lists(NAME, max_size=2), NAME, st.sampled_from([".yml", ".yaml", ".txt"])),
                     max_size=6))
def test_record_jobs_are_record_files(tree: list[tuple[list[str], str, str]]) -> None:
    """``record_jobs`` (strings, for speed) lists what pathlib would: same files, order and display names."""
    import tempfile
    from pathlib import Path

    from caselib.load.files import record_jobs

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for folders, stem, suffix in tree:
            folder = root.joinpath("cases", *folders)
            if not any(p.is_file() for p in [folder, *folder.parents]):
                folder.mkdir(parents=True, exist_ok=True)
                if not (folder / (stem + suffix)).is_dir():
                    (folder / (stem + suffix)).write_text("x", encoding="utf-8")
        (root / "cases").mkdir(exist_ok=True)
        expected = sorted((p for p in (root / "cases").rglob("*") if p.is_file() and p.suffix in (".yml", ".yaml")
                           and not p.name.startswith("_")), key=lambda p: p.parts)
        assert record_jobs(root) == [(str(p), p.relative_to(root).as_posix()) for p in expected]
