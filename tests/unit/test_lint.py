"""The PDF-paste lint: warnings at the right line with the suggested text, and --fix that restores the clean
record byte for byte (run through the real CLI on real record files).

This file holds the pure-Python tests (no MkDocs build, no Chromium); the tests on real MkDocs builds and CLI runs are in tests/build/test_lint.py.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from caselib.validate.lint import _Text, _value_fixes, suspect

_PIECES = ["summary: ", "\n", "\r\n", "\n  - ", "  ", " ", "院", "医院", "院长", "学院", "野", "冶", "渊", "冤", "叶", "曳",
           ",", ";", ":", "?", "!", "(", ")", "社工", "志愿", "。", "，", "、", "“", "（", "—", "2", "a", "# x", "|\n  "]


@given(st.lists(st.sampled_from(_PIECES), max_size=24))
@settings(derandomize=True, max_examples=400, deadline=None)
def test_prefilter_never_hides_a_finding(pieces: list[str]) -> None:
    """Files the one-pattern prefilter passes over would have had no finding from the value checks."""
    text = "".join(pieces)
    if not suspect(text):
        assert _value_fixes(_Text(text, "x.yml")) == []


def test_prefilter_skips_real_words() -> None:
    assert not suspect("lead_unit:\n  name: 彝良县人民医院\n  type: 学校与职业院校\n")
    assert suspect("title: 云南彝良院创新构建\n")
