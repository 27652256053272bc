"""What validating a record needs besides the record (``Context``), and how a check reports (``Checker``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from caselib.load.reader import Loaded
from caselib.problems import PathKey, Problem, Severity, dotted
from caselib.reference.regions import Regions
from caselib.reference.schema import labels, paths_where
from caselib.reference.vocab import Vocabulary

if TYPE_CHECKING:
    import jsonschema


@dataclass
class Context:
    """What validation needs besides the record: schema, vocabularies, regions, archived source texts."""

    schema: dict[str, Any]
    vocabularies: dict[str, Vocabulary]
    regions: Regions
    archives: dict[str, list[str]] = field(default_factory=dict)  # data/sources/<key>.txt: its passages
    # Warnings that only ``check`` reports (a community not in the official list, a quote cut mid-sentence):
    # off for the site build, where MkDocs's --strict would fail on them.
    advice: bool = True

    def __post_init__(self) -> None:
        self.labels = labels(self.schema)
        self.date_paths = paths_where(self.schema, "x-date")  # every calendar date: checked to be a real day
        # A fast yes/no check (jsonschema-rs); jsonschema's iter_errors runs only on records it rejects.
        self.is_valid = quick_validator(self.schema)

    @cached_property
    def validator(self) -> jsonschema.Draft202012Validator:
        """jsonschema, which writes the messages: imported only when a record has an error (~0.1 s)."""
        import jsonschema

        return jsonschema.Draft202012Validator(self.schema)


def quick_validator(schema: dict[str, Any]) -> Callable[[Any], bool]:
    """A yes/no JSON Schema check (jsonschema-rs, about 35 times faster than jsonschema); ``False`` whenever it
    is unsure (then jsonschema decides and writes the messages)."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - optional speed-up
        return lambda data: False
    validator = jsonschema_rs.Draft202012Validator(schema)

    def is_valid(data: Any) -> bool:
        try:
            return bool(validator.is_valid(data))
        except Exception:  # e.g. an integer too large for it: let jsonschema judge
            return False

    return is_valid


class Checker:
    """Collects the problems of one loaded record, each at the position of the value it is about."""

    def __init__(self, loaded: Loaded, ctx: Context) -> None:
        self.loaded = loaded
        self.ctx = ctx
        self.problems: list[Problem] = []

    def add(self, path: PathKey, message: str, code: str, *, key: bool = False,
            severity: Severity = "error") -> None:
        line, col = self.loaded.position(path, key=key)
        label_path = tuple(p for p in path if isinstance(p, str))
        problem = Problem(self.loaded.path, line, col, message, field=dotted(path),
                          label=self.ctx.labels.get(label_path, ""), code=code, severity=severity)
        if problem not in self.problems:  # jsonschema reports "required" once per missing field, each listing all
            self.problems.append(problem)

    def warn(self, path: PathKey, message: str, code: str) -> None:
        self.add(path, message, code, severity="warning")
