"""Start a new case record: a commented skeleton at the right path, from ``templates/record.yml.j2``.

The skeleton is valid YAML whose empty fields fail ``check`` with a message at
their own line until they are filled, so a contributor is led field by field.
The region is given by name (省/市/区县, optionally /乡镇街道; short forms such as
云南/昭通/彝良 accepted) or by its six-digit code (nine digits for a township),
and resolved against ``data/regions/``; an unknown or ambiguous name is an error
that lists the candidates (for a township, the named county's own first; for a
national new area or a renamed district, where it lies: ``hints.yml``).

    python scripts/build_index.py new --id yiliang-xx --title 某某项目 --region 云南省/昭通市/彝良县
    python scripts/build_index.py new               # in a terminal: asks for each value in Chinese
    python scripts/build_index.py new --template    # rewrite cases/_template.yml from the same template
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from caselib.load.data import read_regions
from caselib.load.write import scalar
from caselib.reference.layout import SCHEMA_FILE, TEMPLATE_FILE
from caselib.reference.regions import Division, Regions, near_names
from caselib.reference.schema import read_json

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Folder under cases/ for each province (first two digits of the code): its pinyin, as the seed folders are named.
PROVINCE_FOLDERS = {
    "11": "beijing", "12": "tianjin", "13": "hebei", "14": "shanxi", "15": "neimenggu", "21": "liaoning",
    "22": "jilin", "23": "heilongjiang", "31": "shanghai", "32": "jiangsu", "33": "zhejiang", "34": "anhui",
    "35": "fujian", "36": "jiangxi", "37": "shandong", "41": "henan", "42": "hubei", "43": "hunan",
    "44": "guangdong", "45": "guangxi", "46": "hainan", "50": "chongqing", "51": "sichuan", "52": "guizhou",
    "53": "yunnan", "54": "xizang", "61": "shaanxi", "62": "gansu", "63": "qinghai", "64": "ningxia",
    "65": "xinjiang", "71": "taiwan", "81": "xianggang", "82": "aomen",
}
_SEPARATORS = re.compile(r"[/／,，、·\s>]+")
_SUFFIXES = ("省", "市", "自治区", "壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治州", "地区", "盟", "区", "县",
             "自治县", "旗")


class ScaffoldError(Exception):
    """A bad value for ``new``: the message is for the contributor, in Chinese."""


@dataclass(frozen=True)
class Region:
    """A resolved region: the names to write and the code of the most specific level above the township."""

    province: str
    city: str
    county: str
    code: str
    street: str = ""

    @classmethod
    def of(cls, chain: list[Division]) -> Region:
        names = {d.level: d.name for d in chain}
        above = [d for d in chain if d.level != "street"]
        return cls(names.get("province", ""), names.get("city", ""), names.get("county", ""), above[-1].code,
                   names.get("street", ""))


def _matches(name: str, part: str) -> bool:
    """``part`` names ``name`` exactly, or is ``name`` without its 省/市/县… suffix (云南 → 云南省)."""
    return name == part or any(name == part + suffix for suffix in _SUFFIXES) or (
        len(part) >= 2 and name.startswith(part) and len(name) - len(part) <= 5 and part not in ("中国",))


def _chains(regions: Regions, parts: list[str], places: list[Division]) -> list[list[Division]]:
    """The chains (province first) of the ``places`` named by the last part whose ancestors match the other parts."""
    last = parts[-1]
    candidates = [d for d in places if d.name == last] or [d for d in places if _matches(d.name, last)]
    chains = [regions.chain(d.code) for d in candidates]
    return [c for c in chains if all(any(_matches(d.name, p) for d in c[:-1]) for p in parts[:-1])]


def resolve_region(regions: Regions, text: str) -> Region:
    """Turn 云南省/昭通市/彝良县, 云南 昭通 彝良, 彝良县, 四川省/成都市/龙泉驿区/大面街道, 530628 or the
    nine-digit code of a township into a region, or raise ScaffoldError."""
    text = text.strip()
    if re.fullmatch(r"[0-9]{6}|[0-9]{9}", text):
        if regions.get(text) is None:
            raise ScaffoldError(f"区划代码「{text}」不在 data/regions/ 的区划表里。请检查，或改用名称，例如 云南省/昭通市/彝良县")
        return Region.of(regions.chain(text))
    parts = [p for p in _SEPARATORS.split(text) if p]
    if not parts:
        raise ScaffoldError("请填写地区，例如 云南省/昭通市/彝良县 或 北京市/朝阳区")
    chains = _chains(regions, parts, list(regions.by_code.values()))
    if not chains:  # a township or street (read only when no province, city or county has the name)
        chains = _chains(regions, parts, regions.all_streets())
    if len(chains) == 1:
        return Region.of(chains[0])
    if not chains:
        raise ScaffoldError(_not_found(regions, text, parts))
    listed = "；".join(f"{'/'.join(d.name for d in c)}（{c[-1].code}）" for c in chains[:8])
    raise ScaffoldError(f"地区「{text}」有 {len(chains)} 个同名的，请写出上级地区，或直接用代码：{listed}")


def _not_found(regions: Regions, text: str, parts: list[str]) -> str:
    """Why ``text`` names no place, with the closest names: the named county's own townships first."""
    last = parts[-1]
    parent: Region | None = None
    if len(parts) > 1:
        try:
            parent = resolve_region(regions, "/".join(parts[:-1]))
        except ScaffoldError:
            parent = None
    province = parent.province if parent else None
    hint = regions.hint(last, province) or (regions.hint(last) if province is None else None)
    if hint is not None:
        return f"找不到地区「{text}」：{regions.advice(hint, last)}"
    if parent is not None and not parent.street and regions.streets_of(parent.code):
        own = [s.short_name for s in regions.streets_of(parent.code)]
        near = near_names(last, own, 5)
        where = parent.county or parent.city
        if near:
            return f"找不到地区「{text}」：{where}没有「{last}」。你是不是想写：{'、'.join(near)}？（名称以 data/regions/ 的区划表为准）"
        elsewhere = regions.streets_named(last)
        if elsewhere:
            found = "；".join("/".join(d.name for d in regions.chain(s.code)) for s in elsewhere[:5])
            return f"找不到地区「{text}」：{where}没有「{last}」，叫这个名字的在 {found}。请核对上级地区"
        return f"找不到地区「{text}」：{where}没有「{last}」。它的乡镇、街道有：{'、'.join(own[:15])}{'等' if len(own) > 15 else ''}"
    near = difflib.get_close_matches(last, [d.name for d in regions.by_code.values()], n=5, cutoff=0.5)
    hint_text = f"你是不是想写：{'、'.join(near)}？" if near else "请用正式全称，例如 云南省/昭通市/彝良县。"
    return f"找不到地区「{text}」。{hint_text}（名称以 data/regions/ 的区划表为准）"


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("caselib.contrib", "templates"), autoescape=False, undefined=StrictUndefined,
                      comment_start_string="{##", comment_end_string="##}",
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["yaml"] = scalar
    return env


def _choices(schema: dict[str, Any]) -> dict[str, list[str]]:
    defs, props = schema["$defs"], schema["properties"]
    return {"kinds": props["kind"]["enum"], "statuses": props["status"]["enum"],
            "evidences": props["outcomes"]["properties"]["evidence"]["enum"], "themes": defs["theme"]["enum"],
            "target_groups": defs["target_group"]["enum"], "methods": defs["method"]["enum"],
            "partner_types": defs["partner_type"]["enum"], "qualifiers": defs["metric"]["properties"]["qualifier"]["enum"],
            "metric_kinds": [f"{key}（{field['title']}{'，' + field['x-unit'] if field.get('x-unit') else ''}）"
                             for key, field in props["metrics"]["properties"].items()]}


def render_record(root: Path, *, record_id: str = "", title: str = "", region: Region | None = None,
                  today: str = "") -> str:
    """The skeleton's text (with everything empty: the contents of cases/_template.yml)."""
    region = region or Region("", "", "", "")
    schema = read_json(root / SCHEMA_FILE)
    return _environment().get_template("record.yml.j2").render(
        id=record_id, title=title, province=region.province, city=region.city, county=region.county,
        code=region.code, street=region.street, today=today, **_choices(schema))


def check_id(record_id: str) -> str:
    record_id = record_id.strip()
    if not ID_PATTERN.match(record_id) or not 3 <= len(record_id) <= 80:
        raise ScaffoldError(f"编号「{record_id}」不能用：只能用小写英文字母、数字和连字符“-”（3～80 个字符），"
                            "例如 yiliang-wumeng-children")
    return record_id


def check_title(title: str) -> str:
    title = title.strip()
    if not 2 <= len(title) <= 80 or re.search(r"[<>{}\n]", title):
        raise ScaffoldError(f"项目名称「{title}」不能用：2～80 个字，不能含 < > {{ }}")
    return title


def target_path(root: Path, record_id: str, region: Region) -> Path:
    return root / "cases" / PROVINCE_FOLDERS.get(region.code[:2], "other") / f"{record_id}.yml"


def create(root: Path, record_id: str, title: str, region_text: str, *, today: dt.date | None = None) -> Path:
    """Write the skeleton and return its path; refuse to overwrite or to reuse an existing id."""
    record_id, title = check_id(record_id), check_title(title)
    region = resolve_region(read_regions(root), region_text)
    path = target_path(root, record_id, region)
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root)} 已经存在，不会覆盖。请换一个编号，或直接编辑那个文件")
    clash = [p for p in (root / "cases").rglob(f"{record_id}.yml")]
    if clash:
        raise ScaffoldError(f"编号「{record_id}」已被 {clash[0].relative_to(root).as_posix()} 使用。编号必须唯一，请换一个")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = render_record(root, record_id=record_id, title=title, region=region,
                         today=(today or dt.date.today()).isoformat())
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return path


def write_template(root: Path) -> Path:
    path = root / TEMPLATE_FILE
    path.write_text(render_record(root), encoding="utf-8", newline="\n")
    return path
