"""Problems: what the pipeline reports about bad input.

Every stage (load, validate) returns problems instead of raising, so that
``check`` can print all of them at once. A problem knows where it is (file,
line, column, field path) and says in Chinese what is wrong and how to fix it.

Printed form, one line per problem::

    cases/yunnan/x.yml:12:5: region.county（区县）: 「彝良」不在昭通市的下辖区县中。你是不是想写「彝良县」？ [region-name]
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]  # info: reported by ``lint`` only, never fixed


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
