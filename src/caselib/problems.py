"""Problems: what the pipeline reports about bad input.

Every stage (load, validate) returns problems instead of raising, so that
``check`` can print all of them at once. A problem knows where it is (file,
line, column, field path) and says in Chinese what is wrong and how to fix it.

``dotted`` and ``clip`` are how every stage writes a field path and quotes a value in a message.

Printed form, one line per problem::

    cases/yunnan/x.yml:12:5: region.county（区县）: 「彝良」不在昭通市的下辖区县中。你是不是想写「彝良县」？ [region-name]
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]  # info: reported by ``lint`` only, never fixed
PathKey = tuple[str | int, ...]  # where a value is in a record: keys and list indexes, ``()`` is the document


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input file, at one position."""

    path: str
    line: int
    col: int
    message: str
    field: str = ""
    label: str = ""
    code: str = "invalid"
    severity: Severity = dataclasses.field(default="error", compare=False)

    def format(self) -> str:
        """The one-line form: ``PATH:LINE:COL: field（标签）: message [code]``."""
        where = f"{self.path}:{self.line}:{self.col}: "
        what = ""
        if self.field:
            what = f"{self.field}（{self.label}）: " if self.label else f"{self.field}: "
        prefix = {"warning": "警告: ", "info": "提示: "}.get(self.severity, "")
        return f"{where}{prefix}{what}{self.message} [{self.code}]"


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def dotted(path: PathKey) -> str:
    """A field path as messages write it: ``sources[0].quotes[2]``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def clip(text: str, width: int = 30) -> str:
    """``text`` shortened for a message: a contributor's 100,000 characters must not fill the terminal."""
    return text if len(text) <= width else f"{text[:width]}…（共 {len(text)} 字）"
