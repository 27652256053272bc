"""The validation fast path (caselib.load.reader) must never change an answer, only its speed.

* ``fast_load`` gives the same values as ``load.py`` for every file it accepts,
  and refuses (``Unusual``) what ``load.py`` would report or read differently;
* the jsonschema-rs yes/no check never accepts a record that jsonschema rejects;
* ``check`` prints byte-identical output with the fast path and parallel
  workers on, and with both off, on a repository with good and bad records.

This file holds the pure-Python tests (no MkDocs build, no Chromium); the tests on real MkDocs builds and CLI runs are in tests/build/test_fastpath.py.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import LIBRARY, ROOT

from caselib.contrib import synthetic
from caselib.load.files import load_text, record_files
from caselib.load.reader import Unusual
from caselib.load.reader import values as fast_load
from caselib.pipeline.run import load_vocabularies
from caselib.problems import errors_only
from caselib.reference.layout import SCHEMA_FILE
from caselib.reference.schema import read_json, with_vocabularies
from caselib.validate.context import quick_validator

SAME = [
    "a: 1\nb: -2\nc: +3\nd: 1_000\ne: 1.5\nf: .inf\ng: -.Inf\nh: 1e3\n",
    "a: true\nb: no\nc: Yes\nd: off\ne: null\nf: ~\ng:\nh: Null\n",
    "a: 2025-06-13\nb: 2025-06-13 10:00:00\nc: 2025-06-13T10:00:00Z\nd: '2025-06-13'\ne: \"2024\"\n",
    "a: |\n  line one\n  line two\n\nb: >-\n  folded\n  text\nc: |+\n  kept\n\n",
    "a: [1, 'two', \"three\", {x: y}]\nb: {p: q, r: [s]}\nc: []\nd: {}\n",
    "a: 中文 文本：全角冒号\nb: \"转义 \\u00e9 \\t 和 \\\\ \"\nc: 'it''s'\n",
    "a: plain text\n  continued on\n  three lines\nb: -1-2\nc: '- quoted'\n",
    "---\na: 1\n...\n",
    "# comment\na: 1 # trailing\n? b\n: 2\n",
    "yes: 1\n1: 2\nnull: 3\n'<<': 4\n\"\": 5\n",
    "- 1\n- two\n",
    "just text\n",
    "a: 0\nb: -0\nc: 12345678901234567890\n",
]

UNUSUAL = [
    "a: &x 1\nb: *x\n",          # anchors and aliases
    "a: !!str 1\n",               # tags
    "a: !custom x\n",
    "a: 1\na: 2\n",               # duplicate key
    "<<: {a: 1}\n",               # merge key
    "? [a, b]\n: 1\n",            # a key that is a list
    "a: 1\n---\nb: 2\n",          # two documents
    "a: [1, 2\n",                 # syntax error
    "",                           # empty
    "---\n",
    "# only a comment\n",
    "a: 2025-02-30\n",            # impossible date
    "a: " + "9" * 5000 + "\n",    # an integer Python will not convert
    "a: 010\n",                   # octal, hexadecimal, sexagesimal: validate.py explains these
    "a: 0x1F\n",
    "a: 1:20\n",
    "a: =\n",                     # the YAML 'value' type
    "a: " + "[" * 60 + "]" * 60 + "\n",  # nesting deeper than load.py accepts
]


@pytest.mark.parametrize("text", SAME)
def test_fast_load_reads_what_load_reads(text: str) -> None:
    loaded, problems = load_text(text, "x.yml")
    assert loaded is not None and not problems
    assert fast_load(text) == loaded.data
    assert repr(fast_load(text)) == repr(loaded.data)  # same types too: 1 is not 1.0 is not True


@pytest.mark.parametrize("text", UNUSUAL)
def test_fast_load_refuses_what_it_does_not_decide(text: str) -> None:
    with pytest.raises(Unusual):
        fast_load(text)


def test_fast_load_equals_load_on_every_seed_and_synthetic_record(tmp_path: Path) -> None:
    synthetic.write(synthetic.generate(200, seed=7, root=LIBRARY), tmp_path / "cases")
    files = record_files(LIBRARY) + sorted((tmp_path / "cases").rglob("*.yml"))
    assert len(files) > 200
    for path in files:
        text = path.read_text(encoding="utf-8")
        loaded, _ = load_text(text, path.name)
        assert loaded is not None
        assert repr(fast_load(text)) == repr(loaded.data), path


PLAIN = st.one_of(
    st.from_regex(r"[-+]?(0|[1-9][0-9_]{0,6}|0[0-7_]{1,4}|0x[0-9a-fA-F_]{1,4}|0b[01_]{1,4}|[1-9][0-9]?(:[0-5]?[0-9]){1,2})",
                  fullmatch=True),
    st.from_regex(r"[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)", fullmatch=True),
    st.from_regex(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?( ?(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?)?",
                  fullmatch=True),
    st.sampled_from(["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on",
                     "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N", "null", "Null", "NULL", "~", "<<", "="]),
    st.text(alphabet="0123456789_-+.:eExXoObB~nNuUlLtTrRfFaAsSyY =", min_size=1, max_size=8),
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(value=PLAIN, style=st.sampled_from(["a: {}\n", "a: [{}, x]\n", "- {}\n", "a:\n  b: {}\n"]))
def test_fast_load_reads_plain_scalars_as_load_does(value: str, style: str) -> None:
    """Numbers, booleans, null and dates written without quotes: ``fast_load`` reads them as load.py does."""
    text = style.format(value)
    try:
        fast = fast_load(text)
    except Unusual:
        return
    loaded, problems = load_text(text, "x.yml")
    assert loaded is not None and not problems, text
    assert repr(fast) == repr(loaded.data), text


DAMAGE = ["\n", " ", "  ", ":", ": ", "- ", "#", "'", '"', "[", "]", "{", "}", ",", "|", ">-", "&a ", "*a", "!!str ",
          "? ", "---\n", "\t", "no", "~", "010", "2025-06-13", "-", "<<", "\n  ", "\n- x", "\u2028", "\ufeff", "：", "*"]
SEED_TEXTS = [path.read_text(encoding="utf-8") for path in record_files(LIBRARY)]


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fast_load_never_accepts_a_damaged_record_load_rejects(data: st.DataObject) -> None:
    """A record with characters inserted, deleted or re-indented: ``fast_load`` refuses it, or reads it as load.py."""
    text = data.draw(st.sampled_from(SEED_TEXTS))
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        how = data.draw(st.sampled_from(["insert", "delete", "copy line"]))
        if how == "insert":
            text = text[:at] + data.draw(st.sampled_from(DAMAGE)) + text[at:]
        elif how == "delete":
            text = text[:at] + text[at + data.draw(st.integers(1, 3)):]
        else:  # a line written twice, e.g. a key
            lines = text.split("\n")
            line = data.draw(st.integers(0, len(lines) - 1))
            lines.insert(data.draw(st.integers(0, len(lines))), lines[line])
            text = "\n".join(lines)
    try:
        fast = fast_load(text)
    except Unusual:
        return
    loaded, problems = load_text(text, "x.yml")
    assert loaded is not None and not errors_only(problems), text
    assert repr(fast) == repr(loaded.data), text


# -- the yes/no schema check --------------------------------------------------------------------------

def _schema() -> dict[str, Any]:
    vocabularies, problems = load_vocabularies(ROOT)
    assert not problems
    return with_vocabularies(read_json(ROOT / SCHEMA_FILE), vocabularies)


SCHEMA = _schema()
QUICK = quick_validator(SCHEMA)
RECORD = synthetic.generate(1, seed=3, root=LIBRARY)[0]
VALUES = st.one_of(st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70), st.floats(allow_nan=False),
                   st.text(max_size=5), st.just("x" * 3000), st.just("abc\n"), st.just("530628"), st.just("老年人"),
                   st.just("2024-13"), st.just("https://a b"), st.lists(st.text(max_size=3), max_size=3),
                   st.just({}), st.just({"value": 5}), st.just([RECORD["themes"][0]] * 2))


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _paths(item, (*prefix, i))
    return out


PATHS = _paths(RECORD)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.lists(st.tuples(st.sampled_from(PATHS), VALUES, st.sampled_from(["set", "delete", "add"])),
                        min_size=1, max_size=3))
def test_quick_check_never_accepts_what_jsonschema_rejects(changes: list[tuple[tuple[Any, ...], Any, str]]) -> None:
    import jsonschema

    record = copy.deepcopy(RECORD)
    for path, value, action in changes:
        parent: Any = record
        try:
            for part in path[:-1]:
                parent = parent[part]
            last = path[-1]
            if action == "delete" and isinstance(parent, dict):
                parent.pop(last, None)
            elif action == "add" and isinstance(parent, dict):
                parent[f"extra_{last}"] = value
            else:
                parent[last] = value
        except (KeyError, IndexError, TypeError):
            continue
    errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(record))
    if QUICK(record):
        assert not errors, [e.message for e in errors]


def test_quick_check_accepts_valid_records() -> None:
    assert all(QUICK(r) for r in synthetic.generate(50, seed=5, root=LIBRARY))
