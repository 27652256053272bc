"""Checks between records: ids are unique, ``part_of`` names a record of the library."""

from __future__ import annotations

from caselib.load.reader import Loaded
from caselib.problems import Problem
from caselib.validate.record import ID_PATTERN
from caselib.validate.suggest import suggest


def check_library(records: list[Loaded]) -> list[Problem]:
    """Problems between records: duplicate ids, ``part_of`` to nowhere."""
    problems: list[Problem] = []
    by_id: dict[str, list[Loaded]] = {}
    for record in records:
        if isinstance(record.data, dict) and isinstance(record.data.get("id"), str):
            by_id.setdefault(record.data["id"], []).append(record)
    for record_id, group in by_id.items():
        if len(group) > 1:
            for record in group:
                others = "、".join(r.path for r in group if r is not record)
                line, col = record.position(("id",))
                problems.append(Problem(record.path, line, col, f"编号「{record_id}」与 {others} 重复。"
                                        "编号在整个案例库里必须唯一，请换一个", field="id", label="编号", code="duplicate-id"))
    for record in records:
        data = record.data if isinstance(record.data, dict) else {}
        parent = data.get("part_of")
        if isinstance(parent, str) and ID_PATTERN.match(parent):
            if parent == data.get("id"):
                message = "part_of 不能指向自己"
            elif parent not in by_id:
                message = f"找不到编号为「{parent}」的案例。{suggest(parent, by_id) }请填写已有试点记录的 id"
            else:
                continue
            line, col = record.position(("part_of",))
            problems.append(Problem(record.path, line, col, message, field="part_of", label="所属试点",
                                    code="part-of"))
    return problems
