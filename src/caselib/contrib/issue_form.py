"""The "提交新案例" issue form, and turning a filled one into a record file.

GitHub renders a submitted issue form as Markdown: one ``### 标签`` heading
per field, then the answer (``_No response_`` when left empty; a multiple
dropdown as ``a, b``; checkboxes as ``- [X] …``). ``parse_body`` reads that
back by label, ``record_from_form`` maps the answers to record fields, and
``render_record`` writes the record through ``templates/issue_record.yml.j2``.
The form itself (.github/ISSUE_TEMPLATE/new-case.yml) is generated from
``FIELDS`` and the schema's vocabularies so that its options never drift.

    python scripts/build_index.py import-issue issue.md            # writes cases/<省>/<id>.yml
    gh issue view 12 --json body -q .body | python scripts/build_index.py import-issue -
    python scripts/build_index.py import-issue --write-form        # regenerate the form
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from caselib.contrib.scaffold import Region, ScaffoldError, check_id, check_title, resolve_region, target_path
from caselib.load.data import read_regions
from caselib.load.write import record_text
from caselib.reference.layout import SCHEMA_FILE
from caselib.reference.regions import Regions
from caselib.reference.schema import field_labels, read_json
from caselib.validate.lint import fix_text

FORM_FILE = ".github/ISSUE_TEMPLATE/new-case.yml"
NO_RESPONSE = "_No response_"


@dataclass(frozen=True)
class FormField:
    """One element of the issue form. ``path`` is the record field it fills (dotted, as in the schema): its
    heading is that field's schema ``title``, placed in ``ask`` where the form needs more words than the
    record does (a flattened ``lead_unit.name`` asks for 牵头单位名称). ``options`` names a vocabulary in the
    schema (or is a literal list). ``label`` is filled in from the schema by ``form_fields``."""

    id: str
    path: str
    type: str = "input"
    required: bool = False
    description: str = ""
    placeholder: str = ""
    options: str | tuple[str, ...] = ""
    multiple: bool = False
    resolved: list[str] = field(default_factory=list)
    ask: str = "{}"
    label: str = ""


FIELDS = [
    FormField("title", "title", required=True, placeholder="例如：乌蒙困境儿童陪伴项目"),
    FormField("id", "id", ask="英文{}",
              description="小写英文字母、数字和连字符，例如 yiliang-wumeng-children。不会写可以留空，维护者会补上。"),
    FormField("kind", "kind", "dropdown", True, options="kind"),
    FormField("part_of", "part_of", description="如果这个项目属于库里已有的某个试点工作，填那条记录的编号；没有就留空。", ask="{}的编号"),
    FormField("summary", "summary", "textarea", True, "一两句话，10～200 字。"),
    FormField("region", "region", required=True, description="省/市/区县，用正式全称，直辖市写 北京市/朝阳区。",
              placeholder="云南省/昭通市/彝良县"),
    FormField("scope", "region.scope", description="例如：全县、全市 37 个试点社区。没有就留空。"),
    FormField("themes", "themes", "dropdown", True, "一般选 1～3 项；试点工作等综合性记录最多 8 项。", options="theme", multiple=True),
    FormField("target_groups", "target_groups", "dropdown", True, "“一老一小”请选 老年人 和 儿童。", options="target_group",
              multiple=True),
    FormField("methods", "methods", "dropdown", True, options="method", multiple=True),
    FormField("lead_name", "lead_unit.name", required=True, ask="牵头单位{}"),
    FormField("lead_type", "lead_unit.type", "dropdown", True, options="partner_type", ask="牵头{}"),
    FormField("partners", "partners", "textarea", description="每行一个：名称｜单位类型｜作用。例如：某某大学社会工作系｜高校｜提供督导"),
    FormField("social_workers", "division_of_labour.social_workers", "textarea", True, "每行一项。这是“双工”案例的核心。"),
    FormField("volunteers", "division_of_labour.volunteers", "textarea", True, "每行一项。"),
    FormField("start", "period.start", placeholder="2024、2024-03 或 2024-03-31", ask="{}时间"),
    FormField("end", "period.end", placeholder="2025、2025-06 或 2025-06-30；仍在进行就留空", ask="{}时间"),
    FormField("status", "status", "dropdown", True, options="status"),
    FormField("status_as_of", "status_as_of", description="状态依据的是哪天的来源，例如 2017-08。不填就用来源日期。",
              placeholder="2017-08"),
    FormField("practices", "practices", "textarea", True, "至少 20 字，可以分段。"),
    FormField("outcomes", "outcomes", "textarea", True, "只写来源里有的数字和事实。"),
    FormField("evidence", "outcomes.evidence", "dropdown", True, options="evidence", ask="成效的{}"),
    FormField("mechanisms", "replication.mechanisms", "textarea", True, "别人照着做时最关键的机制，每行一项。"),
    FormField("conditions", "replication.conditions", "textarea", True, "需要具备什么条件，每行一项。"),
    FormField("lessons", "replication.lessons", "textarea", description="每行一项。"),
    FormField("keywords", "keywords", description="正文里没有、但读者可能搜索的说法，用顿号隔开，例如：时间银行、社工站。"),
    FormField("source_title", "sources.title", required=True, ask="来源{}"),
    FormField("source_publisher", "sources.publisher", required=True, placeholder="例如：彝良县委社会工作部", ask="来源{}"),
    FormField("source_date", "sources.date", placeholder="2025-06-13", ask="来源{}"),
    FormField("source_url", "sources.url", placeholder="https://", ask="来源{}"),
    FormField("source_quotes", "sources.quotes", "textarea",
              description="从来源原文逐字复制支持上面每个事实的句子，每行一句；不要改字，也不要删掉“要”“将”这样的字。"),
    FormField("confirm", "", "checkboxes", True,
              options=("以上内容都来自公开来源，没有编造", "没有填写服务对象的姓名、电话、住址、照片等个人信息"), ask="确认"),
]


class IssueFormError(Exception):
    """The issue text cannot be turned into a record: the message says what to do, in Chinese."""


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("caselib.contrib", "templates"), autoescape=False, undefined=StrictUndefined,
                      comment_start_string="{##", comment_end_string="##}",
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["q"] = lambda value: json.dumps(value, ensure_ascii=False)
    return env


def _options(schema: dict[str, Any], name: str | tuple[str, ...]) -> list[str]:
    if isinstance(name, tuple):
        return list(name)
    if not name:
        return []
    props = schema["properties"]
    enums = {"kind": props["kind"]["enum"], "status": props["status"]["enum"],
             "evidence": props["outcomes"]["properties"]["evidence"]["enum"]}
    return list(enums.get(name) or schema["$defs"][name]["enum"])


def form_fields(root: Path) -> list[FormField]:
    """``FIELDS`` with their headings from the schema's titles and their options from its vocabularies.

    The headings are also what ``parse_body`` looks for in a submitted issue: a changed title changes
    the form (regenerate it with ``import-issue --write-form``; ``test_contrib_issue`` fails on a stale one).
    """
    schema = read_json(root / SCHEMA_FILE)
    titles = field_labels(schema)
    return [replace(f, options=tuple(_options(schema, f.options)), label=f.ask.format(titles[f.path]) if f.path else f.ask)
            for f in FIELDS]


def render_form(root: Path) -> str:
    return _environment().get_template("issue_form.yml.j2").render(fields=form_fields(root))


def parse_body(body: str, fields: list[FormField]) -> dict[str, str]:
    """``### label`` sections of an issue body → {field id: answer text} (empty for _No response_)."""
    by_label = {f.label: f.id for f in fields}
    answers: dict[str, str] = {}
    sections = re.split(r"^###[ \t]+(.+?)[ \t]*$", body.replace("\r\n", "\n"), flags=re.MULTILINE)
    for label, text in zip(sections[1::2], sections[2::2], strict=True):
        key = by_label.get(label.strip().rstrip(" *"))
        if key is None:
            continue
        text = text.strip()
        answers[key] = "" if text == NO_RESPONSE else text
    return answers


def _lines(text: str) -> list[str]:
    return [re.sub(r"^\s*(?:[-*•]|\d+[.、])\s*", "", line).strip() for line in text.splitlines() if line.strip()]


def _choices(text: str) -> list[str]:
    checked = re.findall(r"^\s*-\s*\[[xX]\]\s*(.+)$", text, flags=re.MULTILINE)
    if checked:
        return [c.strip() for c in checked]
    return [c.strip() for c in re.split(r"[,，、]\s*", text) if c.strip()]


def _year_month(text: str) -> int | str | None:
    text = text.strip()
    if not text:
        return None
    return int(text) if re.fullmatch(r"[0-9]{4}", text) else text


def record_from_form(answers: dict[str, str], regions: Regions, fields: list[FormField], *,
                     record_id: str | None = None, today: dt.date | None = None) -> tuple[dict[str, Any], Region]:
    """The record (as plain values, in the schema's field order) and its region; raises IssueFormError."""
    missing = [f.label for f in fields if f.required and f.type != "checkboxes" and not answers.get(f.id)]
    if missing:
        raise IssueFormError(f"表单里这些必填项是空的：{'、'.join(missing)}。请在议题里补上后再导入")
    try:
        title = check_title(answers["title"])
    except ScaffoldError as exc:
        raise IssueFormError(f"{exc}。请修改议题的“项目名称”一项") from exc
    try:
        record_id = check_id(record_id or answers.get("id") or "")
    except ScaffoldError as exc:
        raise IssueFormError(f"{exc}。请在议题的“英文编号”一项填写，或用 --id 指定编号") from exc
    try:
        region = resolve_region(regions, answers["region"])
    except ScaffoldError as exc:
        raise IssueFormError(str(exc)) from exc
    region_fields = {"province": region.province, "city": region.city or None, "county": region.county or None,
                     "code": region.code, "street": region.street or None,  # 省/市/区县/乡镇街道 keeps the township
                     "scope": answers.get("scope") or None}
    partners = []
    for line in _lines(answers.get("partners", "")):
        name, kind, role = ([*re.split(r"\s*[|｜]\s*", line), "", ""])[:3]
        partners.append({k: v for k, v in {"name": name, "type": kind, "role": role}.items() if v})
    period = {k: v for k in ("start", "end") if (v := _year_month(answers.get(k, ""))) is not None}
    source = {"title": answers["source_title"], "publisher": answers["source_publisher"],
              "date": answers.get("source_date") or None, "url": answers.get("source_url") or None,
              "quotes": _lines(answers.get("source_quotes", "")) or None}
    date = (today or dt.date.today()).isoformat()
    record: dict[str, Any] = {
        "id": record_id, "title": title, "kind": answers["kind"], "part_of": answers.get("part_of") or None,
        "summary": " ".join(_lines(answers["summary"])),
        "region": {k: v for k, v in region_fields.items() if v},
        "themes": _choices(answers["themes"]), "target_groups": _choices(answers["target_groups"]),
        "methods": _choices(answers["methods"]),
        "lead_unit": {"name": answers["lead_name"], "type": answers["lead_type"]},
        "partners": partners or None,
        "division_of_labour": {"social_workers": _lines(answers["social_workers"]),
                               "volunteers": _lines(answers["volunteers"])},
        "period": period or None, "status": answers["status"],
        "status_as_of": answers.get("status_as_of") or None,
        "practices": answers["practices"].strip() + "\n",
        "outcomes": {"text": answers["outcomes"].strip() + "\n", "evidence": answers["evidence"]},
        "replication": {"mechanisms": _lines(answers["mechanisms"]), "conditions": _lines(answers["conditions"]),
                        **({"lessons": lessons} if (lessons := _lines(answers.get("lessons", ""))) else {})},
        "keywords": _choices(answers.get("keywords", "")) or None,
        "sources": [{k: v for k, v in source.items() if v}],
        "added": date, "updated": date,
    }
    return {k: v for k, v in record.items() if v is not None}, region


def render_record(record: dict[str, Any], issue: str) -> str:
    body = record_text(record)
    # The reference goes into a YAML comment: one line of printable text, or it could end the comment.
    issue = " ".join("".join(ch if ch.isprintable() else " " for ch in issue).split())[:200]
    return _environment().get_template("issue_record.yml.j2").render(body=body, issue=issue)


def inside_cases(root: Path, path: Path) -> bool:
    """Whether ``path`` lies in ``root/cases`` once symbolic links and ``..`` are resolved."""
    return path.resolve().is_relative_to((root / "cases").resolve())


def import_issue(root: Path, body: str, *, record_id: str | None = None, issue: str = "",
                 today: dt.date | None = None) -> Path:
    """Write the record for one filled form; refuse to overwrite. Returns the path written."""
    fields = form_fields(root)
    answers = parse_body(body, fields)
    if not answers:
        raise IssueFormError("没有找到“### 标签”形式的表单内容。请粘贴用“提交新案例”表单创建的议题正文")
    record, region = record_from_form(answers, read_regions(root), fields, record_id=record_id, today=today)
    path = target_path(root, record["id"], region)
    if not inside_cases(root, path):  # the id and folder are checked above; this is the last line of defence
        raise IssueFormError(f"编号「{record['id']}」会把记录写到 cases/ 以外（{path}），已拒绝。请只用小写字母、数字和连字符")
    if path.exists() or list((root / "cases").rglob(f"{record['id']}.yml")):
        raise IssueFormError(f"编号「{record['id']}」的记录已经存在，不会覆盖。请在议题里换一个“英文编号”，或用 --id 换一个编号")
    path.parent.mkdir(parents=True, exist_ok=True)
    text, _fixes = fix_text(render_record(record, issue), path.name)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return path
