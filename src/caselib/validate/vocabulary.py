"""A vocabulary file (``data/vocab/<field>.yml``) checked and built into a ``Vocabulary``."""

from __future__ import annotations

from typing import Any

from caselib.load.reader import Loaded
from caselib.problems import PathKey, Problem, dotted
from caselib.reference.vocab import Term, Vocabulary
from caselib.urls import TERM_FOLDERS
from caselib.validate.context import quick_validator
from caselib.validate.suggest import suggest


def check_vocabulary(loaded: Loaded, key: str, vocab_schema: dict[str, Any]) -> tuple[Vocabulary | None, list[Problem]]:
    """Validate one vocabulary file and build it; problems point into the file."""
    problems: list[Problem] = []

    def add(path: PathKey, message: str, code: str) -> None:
        line, col = loaded.position(path)
        problems.append(Problem(loaded.path, line, col, message, field=dotted(path), code=code))

    if not quick_validator(vocab_schema)(loaded.data):
        import jsonschema

        for error in jsonschema.Draft202012Validator(vocab_schema).iter_errors(loaded.data):
            add(tuple(error.absolute_path), f"词表格式不对：{error.message}", "vocab-file")
    if problems:
        return None, problems
    data = loaded.data
    if data["field"] != key:
        add(("field",), f"field 应为「{key}」（与文件名一致）", "vocab-file")
    seen: dict[str, PathKey] = {}
    slugs = {t["slug"] for t in data["terms"]}
    for i, term in enumerate(data["terms"]):
        for word, where in [(term["slug"], "slug"), (term["name"], "name"),
                            *((a, f"aliases[{j}]") for j, a in enumerate(term.get("aliases", [])))]:
            if word in seen:
                add(("terms", i), f"「{word}」与 {dotted(seen[word])} 重复。同一词表里的编号、名称和别称不能重复", "vocab-duplicate")
            seen[word] = ("terms", i, where)
        for j, slug in enumerate(term.get("related", [])):
            if slug not in slugs:
                add(("terms", i, "related", j), f"related 引用了不存在的术语「{slug}」。{suggest(slug, slugs)}",
                    "vocab-reference")
    combinations: dict[str, tuple[str, ...]] = {}
    for i, combo in enumerate(data.get("combinations", [])):
        for j, slug in enumerate(combo["terms"]):
            if slug not in slugs:
                add(("combinations", i, "terms", j), f"组合引用了不存在的术语「{slug}」。{suggest(slug, slugs)}",
                    "vocab-reference")
        combinations[combo["name"]] = tuple(combo["terms"])
    if problems:
        return None, problems
    terms = [Term(t["slug"], t["name"], t["definition"], tuple(t.get("aliases", [])), tuple(t.get("maps_to", [])),
                  tuple(t.get("related", [])), t.get("source")) for t in data["terms"]]
    return Vocabulary(key, data["title"], TERM_FOLDERS[key], terms, combinations), problems
