"""Open data: every case as JSON and CSV, the JSON Schema they follow, and one small JSON file per case.

Files (site-relative), rebuilt with every build and byte-identical for the same records:

* ``data/cases.json`` — ``{"schema", "site", "count", "cases": [record, ...]}``; each record is the
  YAML record as validated (every field, same names) plus ``url``, its page. ``site`` is the public base URL
  (``CASELIB_SITE_URL``) and ``url`` absolute under it; without one, ``site`` is ``""`` and ``url`` is relative to
  the site root (the folder that holds ``data/``), e.g. ``cases/<id>/``.
* ``data/case.schema.json`` — the record JSON Schema (vocabulary enums included), extended with ``url``.
* ``data/cases.csv`` — one row per case, UTF-8 with a byte-order mark so that Excel reads the Chinese;
  list values joined with ``、``; figures as two columns (value, qualifier). Columns: ``CSV_COLUMNS``.
* ``data/cases/<id>.json`` — one record each, for the compare page (which must not download the
  whole library to show three cases).
"""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from caselib.model import METRIC_ORDER, Case, Library
from caselib.vocab import UNSTATED

JSON_PATH = "data/cases.json"
CSV_PATH = "data/cases.csv"
SCHEMA_PATH = "data/case.schema.json"
CASE_JSON_DIR = "data/cases"
JOIN = "、"


# The public base URL: one setting, read by the MkDocs adapter (environment variable first, then ``site_url`` in
# mkdocs.yml). Unset is the neutral default: the build does not claim an address it may not be served at, so
# links between pages stay relative, permalinks and citations name the address the reader is at (extras.js),
# the open data carry site-relative URLs, and no sitemap is written (a sitemap needs absolute URLs).
SITE_URL_ENV = "CASELIB_SITE_URL"


class SiteURLError(ValueError):
    """The configured base URL is not an absolute http(s) URL; the message says how to fix it, in Chinese."""


def public_base_url(value: str | None) -> str:
    """``''`` (unknown) or the base URL as an absolute ``http(s)://host/path/`` ending in ``/``."""
    value = (value or "").strip()
    if not value:
        return ""
    parsed = urlsplit(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or parsed.query or parsed.fragment:
        raise SiteURLError(f"公开网址「{value}」不对：要写完整的网址，以 http:// 或 https:// 开头，不带 ? 和 #，"
                           f"例如 https://cases.example.org/ 或 https://example.org/shuanggong/（{SITE_URL_ENV} 或 "
                           "mkdocs.yml 的 site_url）")
    path = parsed.path if parsed.path.endswith("/") else parsed.path + "/"
    return urlunsplit((parsed.scheme, parsed.netloc.lower(), path, "", ""))


def case_url(library: Library, case: Case) -> str:
    """The case page's URL: absolute when the site URL is known, else relative to the site root."""
    base = library.site_url
    return (base if base.endswith("/") or not base else base + "/") + case.url


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


def _dump(value: Any, indent: int | None = 2) -> bytes:
    separators = (",", ": ") if indent else (",", ":")
    return (json.dumps(value, ensure_ascii=False, indent=indent, separators=separators) + "\n").encode("utf-8")


def build_open_data(library: Library) -> dict[str, bytes]:
    """``outputs.BUILDERS`` entry: cases.json, cases.csv, the schema and the per-case files."""
    records = [record(library, c) for c in library.cases]
    out = {
        JSON_PATH: _dump({"schema": "case.schema.json", "site": library.site_url, "count": len(records),
                          "cases": records}, indent=None),
        CSV_PATH: cases_csv(library),
        SCHEMA_PATH: _dump(export_schema(library)),
    }
    for rec in records:
        out[f"{CASE_JSON_DIR}/{rec['id']}.json"] = _dump(rec, indent=None)
    return out
