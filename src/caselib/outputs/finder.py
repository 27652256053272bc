"""The case finder's static data: what ``cases/`` loads to filter, sort, show and export.

Plain Python, no MkDocs: ``build_finder(library)`` returns ``{site path: bytes}``
and is registered in ``caselib.outputs.BUILDERS``. Everything is precomputed
so that the browser only ANDs and ORs bitsets (``finder.js``):

* ``finder/facets.json`` (loaded on arrival, ~30 bytes a case): for every
  filter value a bitset over all cases, or a small per-case column (status,
  year, township/street, kind, province, city), plus the three sort orders. No text, except
  the cards of the default view's first page (so arriving costs no card file).
* ``finder/cards/<k>.json`` (loaded for the visible results only): CHUNK
  cases each, ``[id, title, region label, summary, updated, scale]``.
* ``finder/table.json`` (loaded when "下载当前结果 (CSV)" is clicked): the
  columns the CSV needs that the facets do not have.
* ``finder/idx/*.bin``, ``finder/pos/*.bin``, ``finder/seg/*.bin``: the
  full-text index (``outputs.search``: its format is ``search/format.py``; its figures are ``search`` in
  facets.json).
* In a keyword search the browser also loads, for the visible results only,
  each case's open-data record ``data/cases/<id>.json`` (``outputs.open_data``)
  and turns it into ``text_file``'s ``[card, [[group, field label, [string, …]], …]]``
  (finder-cards.js ``F.textOf``, by the rules in facets.json's ``text``): every
  string of the case as plain text (Markdown emphasis and list marks removed,
  white space collapsed), from which it cuts the excerpt around the first match
  and marks the words. (Until issue 14 these were files of their own,
  ``finder/text/<n>.json``: the same strings again, ~4.4 KB per case of the site.)

Cases are numbered by region code, then id, so a region filter touches few
card files. URL keys and values (``theme=elder-care``) are the vocabulary
slugs, region codes (``street=`` nine-digit township codes), status slugs and
years, so shared links stay readable.
"""

from __future__ import annotations

import base64
import json
import re
from array import array
from typing import Any

from pypinyin import Style, lazy_pinyin

from caselib.model.case import Case
from caselib.model.library import Library
from caselib.outputs.open_data import CASE_JSON_DIR
from caselib.outputs.search.build import build as build_search_index
from caselib.outputs.search.format import BODY, BODY_KEYS, FIELD_GROUPS, TAGS, record_fields
from caselib.urls import FINDER_KEYS

CHUNK = 8
PAGE = 20  # results shown at first; the first page of the default view ships inside facets.json
PREFIX = "finder/"
STATUS_SLUGS = {"进行中": "ongoing", "已结束": "ended", "筹备中": "planned", "不详": "unknown"}
# The vocabulary facets: URL key -> record field, in the order of the filters on the page (``urls.FINDER_KEYS``).
# Each is labelled with its vocabulary's title, except where the narrow filter panel needs a shorter heading.
TERM_FACETS = {key: field for field, key in FINDER_KEYS.items()}
SHORT_LABELS = {"methods": "工作方法"}  # 工作方法与机制 in the schema and the vocabulary
SCALE_KEYS = ("volunteers", "volunteer_leaders", "social_workers", "beneficiaries")


def _b64(values: array) -> str:
    if values.itemsize > 1 and array("H", [1]).tobytes()[0] != 1:  # pragma: no cover - big-endian hosts
        values = array(values.typecode, values)
        values.byteswap()
    return base64.b64encode(values.tobytes()).decode("ascii")


def _bitset(numbers: list[int], total: int) -> str:
    bits = bytearray((total + 7) // 8)
    for n in numbers:
        bits[n >> 3] |= 1 << (n & 7)
    return base64.b64encode(bytes(bits)).decode("ascii")


def _level2(case: Case) -> tuple[str, str] | None:
    """The second region level shown in the finder: the city, or the district of a municipality."""
    region = case.region
    if region.city is not None:
        return region.city.code, region.city.name
    if region.province.is_municipality and region.county is not None:
        return region.county.code, region.county.name
    return None


def name_key(title: str) -> tuple[str, str]:
    """Titles sort by pinyin (with tones), as Chinese readers expect; punctuation is ignored."""
    syllables = [s for s in lazy_pinyin(title, style=Style.TONE3) if any(ch.isalnum() for ch in s)]
    return " ".join(syllables).lower(), title


def scale_of(case: Case) -> int | None:
    for key in SCALE_KEYS:
        metric = case.metric(key)
        if metric is not None:
            return metric.value
    return None


def scale_label(case: Case) -> str:
    for key in SCALE_KEYS:
        metric = case.metric(key)
        if metric is not None:
            return f"{metric.label} {metric.display}"
    return ""


def ordered(library: Library) -> list[Case]:
    """The finder's case numbering: by province, second level, county, township, then id."""
    def key(case: Case) -> tuple[str, str, str, str, str]:
        level2 = _level2(case)
        county = case.region.county.code if case.region.county else ""
        street = case.region.street_division.code if case.region.street_division else ""
        return case.region.province.code, level2[0] if level2 else "", county, street, case.id

    return sorted(library.cases, key=key)


def _permutation(order: list[int]) -> dict[str, Any]:
    code = "H" if len(order) < 65536 else "I"
    return {"w": array(code).itemsize, "b": _b64(array(code, order))}


def text_rules(library: Library) -> dict[str, Any]:
    """What the browser needs to turn ``data/cases/<id>.json`` into ``text_file``'s fields (finder-cards.js
    ``F.textOf``): where the records are (relative to finder/), each field's label and group, the sub-fields of
    a tag field that are body text, and the record's own fields that are not the YAML's (``url``)."""
    return {"data": "../" + CASE_JSON_DIR + "/", "labels": text_labels(library), "groups": FIELD_GROUPS,
            "body": BODY, "tags": TAGS, "bodyKeys": sorted(BODY_KEYS), "skip": ["url"]}


def text_labels(library: Library) -> dict[str, str]:
    """The labels of a keyword view's fields: the record's top-level fields' titles (``Library.field_labels``)."""
    return {path: title for path, title in library.field_labels.items() if "." not in path}


def build_facets(cases: list[Case], library: Library, search: dict[str, Any]) -> dict[str, Any]:
    total = len(cases)
    numbers = {case.id: n for n, case in enumerate(cases)}
    facets: dict[str, Any] = {}
    for key, field in TERM_FACETS.items():
        vocabulary = library.vocabularies[field]
        label = SHORT_LABELS.get(field, vocabulary.title)
        members: dict[str, list[int]] = {t.slug: [] for t in vocabulary.terms}
        for n, case in enumerate(cases):
            for term in Library.terms_of(case, field):
                members[term.slug].append(n)
        facets[key] = {
            "label": label,
            "values": [[t.slug, t.name] for t in vocabulary.terms],
            "bits": [_bitset(members[t.slug], total) for t in vocabulary.terms],
        }
    years = sorted({c.year for c in cases if c.year is not None}, reverse=True)
    year_index = {y: i + 1 for i, y in enumerate(years)}
    facets["year"] = {"label": "开始年份", "values": [[str(y), f"{y} 年"] for y in years],
                      "col": _b64(array("B", [year_index.get(c.year, 0) if c.year else 0 for c in cases]))}
    statuses = library.enum("status")
    facets["status"] = {"label": "状态", "values": [[STATUS_SLUGS[s], s] for s in statuses],
                        "col": _b64(array("B", [statuses.index(c.status) + 1 for c in cases]))}

    provinces = sorted({c.region.province.code: c.region.province.name for c in cases}.items())
    province_index = {code: i + 1 for i, (code, _name) in enumerate(provinces)}
    seconds: dict[str, tuple[str, str]] = {}
    for case in cases:
        level2 = _level2(case)
        if level2 is not None:
            seconds[level2[0]] = (level2[1], case.region.province.code)
    second_list = sorted(seconds.items())
    second_index = {code: i + 1 for i, (code, _v) in enumerate(second_list)}
    level2_column = array("H", [second_index[lv[0]] if (lv := _level2(c)) else 0 for c in cases])
    region = {
        "label": "地区",
        "provinces": [[code, name] for code, name in provinces],
        "cities": [[code, name, province_index[parent]] for code, (name, parent) in second_list],
        "prov": _b64(array("B" if len(provinces) < 255 else "H", [province_index[c.region.province.code] for c in cases])),
        "pw": 1 if len(provinces) < 255 else 2,
        "city": _b64(level2_column),
    }

    facets["street"] = street_facet(cases)

    kinds = library.enum("kind")
    by_updated = sorted(cases, key=lambda c: c.id)
    by_updated.sort(key=lambda c: c.updated, reverse=True)
    by_name = sorted(cases, key=lambda c: name_key(c.title))
    with_scale = sorted((c for c in cases if scale_of(c) is not None), key=lambda c: (-(scale_of(c) or 0), c.id))
    by_scale = with_scale + [c for c in by_updated if scale_of(c) is None]
    return {
        "v": 1,
        "n": total,
        "chunk": CHUNK,
        "search": search,
        "kinds": kinds,
        "kind": _b64(array("B", [kinds.index(c.kind) if c.kind in kinds else 0 for c in cases])),
        "region": region,
        "facets": facets,
        "order": {name: _permutation([numbers[c.id] for c in seq])
                  for name, seq in (("updated", by_updated), ("name", by_name), ("scale", by_scale))},
        "first": [[numbers[c.id], card(c)] for c in by_updated[:PAGE]],
        "text": text_rules(library),
    }


def street_facet(cases: list[Case]) -> dict[str, Any]:
    """Townships/streets that cases name, as a column facet: one number per case (0 = none), like year and
    status, one or two bytes wide. A value's name carries its county, since names repeat (城关镇)."""
    streets: dict[str, str] = {}
    for case in cases:
        street = case.region.street_division
        if street is not None:
            owner = case.region.county or case.region.city
            streets[street.code] = f"{street.short_name}（{owner.name}）" if owner else street.short_name
    values = sorted(streets.items())
    index = {code: i + 1 for i, (code, _name) in enumerate(values)}
    width = "B" if len(values) < 255 else "H"
    column = array(width, [index[c.region.street_division.code] if c.region.street_division else 0 for c in cases])
    return {"label": "乡镇街道", "values": [[code, name] for code, name in values], "col": _b64(column),
            "w": array(width).itemsize}


def card(case: Case) -> list[str]:
    return [case.id, case.title, case.region.label, case.summary, case.updated, scale_label(case)]


def table_row(case: Case) -> list[str]:
    """CSV columns the facets do not carry: id, 名称, 市, 区县, 更新日期."""
    return [case.id, case.title, case.region.city.name if case.region.city else "",
            case.region.county.name if case.region.county else "", case.updated]


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


_MARKUP = re.compile(r"\*\*|^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", re.MULTILINE)


def plain(text: str) -> str:
    """A string as excerpt text: Markdown emphasis and list marks dropped, white space collapsed."""
    if "*" in text or "\n" in text or text[:1] in "-+0123456789 \t":
        text = _MARKUP.sub("", text)
    return " ".join(text.split())


def text_file(case: Case, fields: list[tuple[int, str, str]], labels: dict[str, str]) -> list[Any]:
    """A keyword view's text of a case: the card (its summary as plain text), then per field its group, label and
    strings. The browser builds the same from ``data/cases/<id>.json`` (``F.textOf``; tests/browser/test_finder.py
    compares the two for every fixture case); the search index is built from the same ``record_fields``."""
    out: list[list[Any]] = []
    for group, name, text in fields:
        if out and out[-1][0] == group and out[-1][1] == labels.get(name, name):
            out[-1][2].append(plain(text))
        else:
            out.append([group, labels.get(name, name), [plain(text)]])
    row = card(case)
    row[3] = plain(row[3])
    return [row, out]


def build_finder(library: Library) -> dict[str, bytes]:
    """Every file the finder needs, by site-relative path."""
    cases = ordered(library)
    fields = [record_fields(c.raw) for c in cases]
    built = build_search_index([[(group, text) for group, _name, text in f] for f in fields])
    files: dict[str, bytes] = {f"{PREFIX}facets.json": _json(build_facets(cases, library, built.meta))}
    for start in range(0, len(cases), CHUNK):
        files[f"{PREFIX}cards/{start // CHUNK}.json"] = _json([card(c) for c in cases[start:start + CHUNK]])
    files[f"{PREFIX}table.json"] = _json([table_row(c) for c in cases])
    files.update(built.files)
    return files
