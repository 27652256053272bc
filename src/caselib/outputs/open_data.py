"""Open data: every case as JSON and CSV, the JSON Schema they follow, and one small JSON file per case.

Files (site-relative), rebuilt with every build and byte-identical for the same records:

* ``data/cases.zip`` — ``cases.json``, ``cases.csv`` and the two schemas below, in one zip (deflate): the site
  is published with its bytes counted on disk (GitHub Pages: 1 GB), and these two were ~6 KB of each case's
  ~61 while the same records are also each case's page and ``data/cases/<id>.json`` (issue 14). Zip opens
  without extra software on Windows, macOS and Linux desktops; members are dated by ``_stamp``. In it:
* ``cases.json`` — ``{"schema", "site", "count", "cases": [record, ...]}``; each record is the
  YAML record as validated (every field, same names) plus ``url``, its page. ``site`` is the public base URL
  (``CASELIB_SITE_URL``) and ``url`` absolute under it; without one, ``site`` is ``""`` and ``url`` is relative to
  the site root (the folder that holds ``data/``), e.g. ``cases/<id>/``.
* ``data/case.schema.json`` (also in the zip) — the record JSON Schema (vocabulary enums included), extended with ``url``.
* ``data/cases.schema.json`` (also in the zip) — the schema of the whole ``cases.json`` (``wrapper_schema``: the wrapper's shape is
  defined here, by ``build_open_data``); its ``cases`` items ``$ref`` the record schema ``case.schema.json``, by a
  relative reference, so a validator given the two files side by side needs no network.
* ``cases.csv`` (in the zip) — one row per case, UTF-8 with a byte-order mark so that Excel reads the Chinese;
  list values joined with ``、``; figures as two columns (value, qualifier). Columns: ``CSV_COLUMNS``.
* ``data/cases.xlsx`` — the same columns as a spreadsheet (XlsxWriter): Chinese headers (``COLUMN_LABELS``),
  figures as numbers, and a second sheet 字段说明 naming each column's field and meaning. The file's dates are
  the latest ``updated`` of the records, so the same records give the same bytes.
* ``data/cases/<id>.json`` — one record each, for the compare page (which must not download the
  whole library to show three cases).
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import xlsxwriter

from caselib.model.case import METRIC_ORDER, Case
from caselib.model.library import Library
from caselib.reference.vocab import UNSTATED
from caselib.urls import absolute_url

ZIP_PATH = "data/cases.zip"
JSON_NAME = "cases.json"  # members of the zip
CSV_NAME = "cases.csv"
XLSX_PATH = "data/cases.xlsx"
SCHEMA_PATH = "data/case.schema.json"
WRAPPER_SCHEMA_PATH = "data/cases.schema.json"
CASE_JSON_DIR = "data/cases"
JOIN = "、"


def case_url(library: Library, case: Case) -> str:
    """The case page's URL: absolute when the site URL is known, else relative to the site root."""
    return absolute_url(library.site_url, case.url)


def _plain(value: Any) -> Any:
    """YAML values as JSON values (dates become ISO strings)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def record(library: Library, case: Case) -> dict[str, Any]:
    """A case as open data: its record, every field, plus ``url``."""
    out = _plain(case.raw)
    out["url"] = case_url(library, case)
    return out


def _join(items: list[str]) -> str:
    return JOIN.join(items)


def _metric_columns() -> list[tuple[str, Callable[[Case], str]]]:
    columns: list[tuple[str, Callable[[Case], str]]] = []
    for key in METRIC_ORDER:
        def value(c: Case, key: str = key) -> str:
            m = c.metric(key)
            return str(m.value) if m else ""

        def qualifier(c: Case, key: str = key) -> str:
            m = c.metric(key)
            return (m.qualifier or "") if m else ""

        columns += [(key, value), (f"{key}_qualifier", qualifier)]
    return columns


CSV_COLUMNS: list[tuple[str, Callable[[Case], str]]] = [
    ("id", lambda c: c.id),
    ("title", lambda c: c.title),
    ("kind", lambda c: c.kind),
    ("part_of", lambda c: c.part_of.id if c.part_of else ""),
    ("summary", lambda c: c.summary),
    ("province", lambda c: c.region.province.name),
    ("city", lambda c: c.region.city.name if c.region.city else ""),
    ("county", lambda c: c.region.county.name if c.region.county else ""),
    ("region_code", lambda c: c.region.deepest.code),
    ("street", lambda c: c.region.street or ""),
    ("community", lambda c: c.region.community or ""),
    ("themes", lambda c: _join([t.name for t in c.themes])),
    ("target_groups", lambda c: _join([t.name for t in c.target_groups])),
    ("methods", lambda c: _join([t.name for t in c.methods])),
    ("themes_inferred", lambda c: _join([t.name for t in c.inferred.get("themes", [])])),
    ("target_groups_inferred", lambda c: _join([t.name for t in c.inferred.get("target_groups", [])])),
    ("methods_inferred", lambda c: _join([t.name for t in c.inferred.get("methods", [])])),
    ("lead_unit", lambda c: c.lead_unit.name),
    ("lead_unit_type", lambda c: c.lead_unit.type.name if c.lead_unit.type else UNSTATED),
    ("partners", lambda c: _join([p.name for p in c.partners])),
    ("partner_types", lambda c: _join([t.name for t in c.partner_types])),
    ("start", lambda c: c.start or ""),
    ("end", lambda c: c.end or ""),
    ("status", lambda c: c.status),
    ("status_as_of", lambda c: c.status_as_of or ""),
    *_metric_columns(),
    ("social_workers_did", lambda c: _join(c.social_workers_did)),
    ("volunteers_did", lambda c: _join(c.volunteers_did)),
    ("evidence", lambda c: c.evidence),
    ("mechanisms", lambda c: _join(c.mechanisms)),
    ("conditions", lambda c: _join(c.conditions)),
    ("source_titles", lambda c: _join([s.title for s in c.sources])),
    ("source_publishers", lambda c: _join([s.publisher for s in c.sources])),
    ("source_urls", lambda c: _join([s.url for s in c.sources if s.url])),
    ("added", lambda c: c.added),
    ("updated", lambda c: c.updated),
]


# The spreadsheet's Chinese header and the 字段说明 sheet: column -> (中文列名, 说明). The names are the schema's field
# titles (``Library.field_labels``): ``{path}`` is the title of the field at that dotted path. Figures are added
# from the library's metric labels (METRIC_ORDER): "规模：<label>" and "规模：<label>（限定词）".
COLUMN_LABELS: dict[str, tuple[str, str]] = {
    "id": ("{id}", "永久不变，也是网址 cases/<编号>/"),
    "title": ("{title}", ""),
    "kind": ("{kind}", "试点工作、服务项目、志愿服务队或服务模式"),
    "part_of": ("{part_of}", "所属试点工作的编号（项目或队伍属于某个试点时）"),
    "summary": ("{summary}", ""),
    "province": ("{region.province}", "官方名称（GB/T 2260）"),
    "city": ("{region.city}", "直辖市为空"),
    "county": ("{region.county}", "来源没说到区县时为空"),
    "region_code": ("{region.code}", "最具体一级的六位行政区划代码（文本）"),
    "street": ("{region.street}", ""),
    "community": ("{region.community}", ""),
    "themes": ("{themes}", "来源明说的值，多个值用“、”连接"),
    "target_groups": ("{target_groups}", "来源明说的值，多个值用“、”连接"),
    "methods": ("{methods}", "来源明说的值，多个值用“、”连接"),
    "themes_inferred": ("{inferred.themes}（推断）", "编者推断的值，不计入网站的筛选和统计"),
    "target_groups_inferred": ("{inferred.target_groups}（推断）", "编者推断的值，不计入网站的筛选和统计"),
    # Shorter than “工作方法与机制（推断）”: the column's published name since the spreadsheet was first offered.
    "methods_inferred": ("工作方法（推断）", "编者推断的值，不计入网站的筛选和统计"),
    "lead_unit": ("{lead_unit}", "来源没有说明时为“不详”"),
    "lead_unit_type": ("{lead_unit}类型", "来源没有说明时为“不详”"),
    "partners": ("{partners}", "多个值用“、”连接"),
    "partner_types": ("参与单位类型", "来源明说的牵头单位和合作单位类型，多个值用“、”连接"),  # derived, not a field
    "start": ("{period.start}", "年、年-月或日期"),
    "end": ("{period.end}", "年、年-月或日期"),
    "status": ("{status}", ""),
    "status_as_of": ("{status_as_of}", "状态所依据的来源日期"),
    "social_workers_did": ("{division_of_labour.social_workers}", "多个值用“、”连接"),
    "volunteers_did": ("{division_of_labour.volunteers}", "多个值用“、”连接"),
    "evidence": ("{outcomes.evidence}", "成效的证据类型"),
    "mechanisms": ("{replication.mechanisms}", "可复制的关键机制，多个值用“、”连接"),
    "conditions": ("{replication.conditions}", "多个值用“、”连接"),
    "source_titles": ("{sources}{sources.title}", "多个值用“、”连接"),
    "source_publishers": ("{sources}{sources.publisher}", "多个值用“、”连接"),
    "source_urls": ("{sources}{sources.url}", "多个值用“、”连接"),
    "added": ("{added}", ""),
    "updated": ("{updated}", ""),
    "url": ("网址", "案例页面"),  # added by the open data (record()), not a field of the record schema
}
_FIELD = re.compile(r"\{([a-z_.]+)\}")


def column_name(spec: str, labels: dict[str, str]) -> str:
    """A column's Chinese name: ``spec`` with every ``{path}`` replaced by that field's schema title."""
    return _FIELD.sub(lambda m: labels[m.group(1)], spec)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """Contributor text must not run as a formula when the CSV is opened in Excel or WPS (CSV injection)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def cases_csv(library: Library) -> bytes:
    """One row per case, UTF-8 with BOM (Excel), CRLF line ends (RFC 4180); no cell starts a formula."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([name for name, _ in CSV_COLUMNS] + ["url"])
    for case in library.cases:
        writer.writerow([spreadsheet_safe(get(case)) for _, get in CSV_COLUMNS] + [case_url(library, case)])
    return buffer.getvalue().encode("utf-8-sig")


def column_labels(library: Library) -> list[tuple[str, str, str]]:
    """(field name, 中文列名, 说明) of every column of cases.csv / cases.xlsx, in order."""
    out = []
    for name in [n for n, _ in CSV_COLUMNS] + ["url"]:
        key = name.removesuffix("_qualifier")
        if key in METRIC_ORDER:
            label = library.metric_labels[key]  # prefixed: 服务对象, 社区 are also the names of other columns
            if library.metric_units.get(key):
                label += f"（{library.metric_units[key]}）"
            out.append((name, f"规模：{label}（限定词）", f"规模数字“{label}”的限定词：余、约、以上……") if name != key
                       else (name, f"规模：{label}", f"规模数字“{label}”，照来源记录；多数案例没有报告"))
        else:
            spec, note = COLUMN_LABELS[name]
            out.append((name, column_name(spec, library.field_labels), note))
    return out


def _stamp(library: Library) -> datetime:
    """The spreadsheet's creation date: the latest ``updated`` of the records (not the build day)."""
    latest = max((c.updated for c in library.cases), default="2000-01-01")
    return datetime.fromisoformat(str(latest)).replace(tzinfo=UTC)


def cases_xlsx(library: Library) -> bytes:
    """Every case in a spreadsheet that opens the same in Excel, WPS and LibreOffice (no encoding to guess).

    Text cells are written as text (never formulas), figures as numbers; the header row is Chinese, frozen and
    filterable; the 字段说明 sheet gives each column's field name (as in cases.csv and cases.json) and meaning.
    """
    columns = column_labels(library)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False})
    book.set_properties({"title": "双工案例库：全部案例", "author": "双工案例库", "created": _stamp(library),
                         "comments": library.site_url or ""})
    head = book.add_format({"bold": True, "bg_color": "#E0F2F1", "bottom": 1, "text_wrap": True, "valign": "top"})
    text = book.add_format({"num_format": "@"})
    sheet = book.add_worksheet("案例")
    getters = dict(CSV_COLUMNS)
    for col, (name, label, _note) in enumerate(columns):
        sheet.write_string(0, col, label, head)
        width = 40 if name in ("title", "summary", "social_workers_did", "volunteers_did") else 28 if name == "url" else 14
        sheet.set_column(col, col, width, text if name == "region_code" else None)
    for row, case in enumerate(library.cases, start=1):
        for col, (name, _label, _note) in enumerate(columns):
            metric = case.metric(name) if name in METRIC_ORDER else None
            if metric is not None:
                sheet.write_number(row, col, metric.value)
            elif name == "url":
                sheet.write_string(row, col, case_url(library, case))
            else:
                value = getters[name](case)
                if value:
                    sheet.write_string(row, col, value)
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, len(library.cases), len(columns) - 1)
    guide = book.add_worksheet("字段说明")
    guide.set_column(0, 0, 18)
    guide.set_column(1, 1, 22)
    guide.set_column(2, 2, 60)
    for col, label in enumerate(("中文列名", "字段名（cases.csv、cases.json）", "说明")):
        guide.write_string(0, col, label, head)
    for row, (name, label, note) in enumerate(columns, start=1):
        guide.write_string(row, 0, label)
        guide.write_string(row, 1, name)
        if note:
            guide.write_string(row, 2, note)
    notes = ["数据来自双工案例库，每次构建网站时重新生成；案例内容以 CC BY 4.0 发布，使用时请注明“双工案例库”及案例网址。",
             "“主要做法”“成效”等长文本只在 cases.json 中。"]
    for i, line in enumerate(notes, start=len(columns) + 2):
        guide.write_string(i, 0, line)
    book.close()
    return buffer.getvalue()


def export_schema(library: Library) -> dict[str, Any]:
    """The record schema, published: same rules, plus the ``url`` every exported record carries."""
    schema = copy.deepcopy(library.schema)
    if library.site_url:
        schema["$id"] = library.site_url.rstrip("/") + "/" + SCHEMA_PATH
    else:  # the repository's $id names one host; without a base URL the published copy names none
        schema.pop("$id", None)
    schema.setdefault("properties", {})["url"] = {
        "title": "网址", "description": "案例页面的网址（导出时加入，记录文件中没有）。", "type": "string"}
    return schema


def wrapper_schema(library: Library) -> dict[str, Any]:
    """The schema of ``cases.json`` as a whole. No ``$id``: the relative ``$ref`` then resolves beside wherever the
    file was read from (the site, or a download folder), to the record schema published with it."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "双工案例库：全部案例（cases.json）",
        "description": "cases.json 的整体结构；每条案例记录遵循 case.schema.json。"
                       " The whole of cases.json; each record follows case.schema.json.",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema", "site", "count", "cases"],
        "properties": {
            "schema": {"title": "结构说明", "description": "本文件遵循的 JSON Schema（相对网址）。", "const": "cases.schema.json"},
            "site": {"title": "网站", "description": "网站的网址；案例的 url 以它开头。", "type": "string"},
            "count": {"title": "案例数", "type": "integer", "minimum": 0},
            "cases": {"title": "案例", "type": "array", "items": {"$ref": "case.schema.json"}},
        },
    }


def _dump(value: Any, indent: int | None = 2) -> bytes:
    separators = (",", ": ") if indent else (",", ":")
    return (json.dumps(value, ensure_ascii=False, indent=indent, separators=separators) + "\n").encode("utf-8")


def cases_zip(members: dict[str, bytes], library: Library) -> bytes:
    """``members`` (name: bytes) as a zip, deflated, every member dated by ``_stamp``: same records, same bytes."""
    stamp = _stamp(library).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def build_open_data(library: Library) -> dict[str, bytes]:
    """``outputs.BUILDERS`` entry: cases.zip (cases.json, .csv and the schemas), .xlsx, the two schemas and the
    per-case files."""
    records = [record(library, c) for c in library.cases]
    schemas = {SCHEMA_PATH: _dump(export_schema(library)), WRAPPER_SCHEMA_PATH: _dump(wrapper_schema(library))}
    members = {
        JSON_NAME: _dump({"schema": "cases.schema.json", "site": library.site_url, "count": len(records),
                          "cases": records}, indent=None),
        CSV_NAME: cases_csv(library),
        **{path.rsplit("/", 1)[1]: data for path, data in schemas.items()},
    }
    out = {ZIP_PATH: cases_zip(members, library), XLSX_PATH: cases_xlsx(library), **schemas}
    for rec in records:
        out[f"{CASE_JSON_DIR}/{rec['id']}.json"] = _dump(rec, indent=None)
    return out
