"""“你是不是想写……”: close matches for a misspelt value, in the order a contributor most likely meant them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from caselib.reference.vocab import Vocabulary


def did_you_mean(value: str, choices: Iterable[str]) -> list[str]:
    """Close matches for ``value``: containment first, then difflib similarity."""
    choices = list(choices)
    contained = [c for c in choices if value and (value in c or c in value)]
    close = difflib.get_close_matches(value, choices, n=3, cutoff=0.5)
    return list(dict.fromkeys(contained + close))[:3]


def suggest(value: str, choices: Iterable[str]) -> str:
    return ask(did_you_mean(value, choices))


def ask(near: list[str]) -> str:
    return f"你是不是想写「{'」或「'.join(near)}」？" if near else ""


def vocab_suggestions(value: str, vocab: Vocabulary) -> list[str]:
    """Terms a contributor may have meant, by their names and their aliases (街道 → 党政机关 via 街道办事处).

    Stricter than ``did_you_mean``: a two-character overlap is not enough (志愿服务 is not 法律服务), and a
    short word only suggests a term when one of the term's written forms contains it.
    """
    scored: dict[str, float] = {}
    for term in vocab.terms:
        for form, is_alias in [(term.name, False), *((a, True) for a in term.aliases)]:
            shorter = min(len(value), len(form))
            contains = value in form or form in value
            score = difflib.SequenceMatcher(None, value, form).ratio()
            if (contains and (shorter >= 3 or is_alias) and shorter >= 2) or score >= 0.6:
                scored[term.name] = max(scored.get(term.name, 0.0), score + (0.5 if contains else 0.0))
    return sorted(scored, key=lambda name: -scored[name])[:3]
