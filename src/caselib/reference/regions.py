"""The official division list, province down to community/village, as a lookup.

Records name their region by official names *and* the six-digit code of the
county (or of the city or province, when the source names no county); the
validator checks both against this list so that a county placed in the wrong
city, or a misspelt name, is caught. Below the county a record may name a
township/street (``street``, checked: an unknown name is an error) and a
community/village (``community``, checked: an unknown name is a warning,
because sources shorten committee names). All levels come from one dataset,
the NBS 统计用区划代码 2023; where the data comes from, how it is stored and
how to refresh it: ``data/regions/SOURCE.md``.

Cost: ``divisions.csv`` (3,300 rows) is read at once; ``streets.csv.gz`` is
decompressed the first time a street is asked for and a county's streets are
parsed when that county is first asked about; ``villages/<province>.csv.gz``
only when a record names a community in that province. ``hints.yml`` (national
new areas, renamed and new districts) is read only to explain a name that is
not in the list.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MUNICIPALITIES = {"110000", "120000", "310000", "500000"}
DIVISIONS_FILE = "divisions.csv"
STREETS_FILE = "streets.csv.gz"
VILLAGES_DIR = "villages"
HINTS_FILE = "hints.yml"
# The committee's name, and what sources write: 龙安社区居民委员会 -> 龙安社区, 兴国村委会 -> 兴国村.
_COMMITTEE = re.compile(r"(.+?)(村村民委员会|村村委会|村民委员会|村委会|居民委员会|居委会|委员会|委会)")
_STREET_OFFICE = "街道办事处"
# What a place name is (街道, 镇, 社区, 村委会 …): compared without it, 上站街道 and 朝外街道 are not alike.
_PLACE_TYPE = re.compile(r"(.+?)(街道办事处|地区办事处|办事处|街道|镇|乡|苏木|社区居民委员会|社区居委会|居民委员会|居委会"
                         r"|村村民委员会|村民委员会|村委会|委员会|社区|村|嘎查)?")


@dataclass(frozen=True)
class Division:
    """One province, city, county, township/street or community/village committee."""

    code: str
    name: str
    level: str  # province | city | county | street | community
    parent: str | None

    @property
    def is_municipality(self) -> bool:
        return self.code in MUNICIPALITIES

    @property
    def short_name(self) -> str:
        """The name as sources write it: 龙安社区 for 龙安社区居民委员会, 漓东街道 for 漓东街道办事处."""
        return name_forms(self.name, self.level)[-1]


def name_forms(name: str, level: str = "community") -> tuple[str, ...]:
    """The official name and the shorter forms that mean the same place, official name first, usual short form last.

    Communities and villages: the committee suffix goes (龙安社区居委会 -> 龙安社区; 兴国村委会 and
    兴国村村民委员会 -> 兴国村; 东于居委会 -> 东于, 东于社区). Streets: 漓东街道办事处 -> 漓东街道.
    """
    if level == "street":
        return (name, name.removesuffix("办事处")) if name.endswith(_STREET_OFFICE) else (name,)
    if level != "community":
        return (name,)
    found = _COMMITTEE.fullmatch(name)
    if found is None:
        return (name,)
    core, suffix = found.groups()
    if suffix.startswith("村"):
        return (name, core if core.endswith("村") else core + "村")
    if suffix.startswith("居") and not core.endswith("社区"):
        return (name, core, core + "社区")
    return (name, core)


def near_names(name: str, choices: list[str], count: int = 3) -> list[str]:
    """The names in ``choices`` closest to ``name``, compared without their type (街道, 镇, 社区居委会 …):
    names that contain one another first, then similar ones (difflib)."""
    import difflib

    def core(text: str) -> str:
        found = _PLACE_TYPE.fullmatch(text)
        return found.group(1) if found else text

    wanted = core(name)
    cores = {choice: core(choice) for choice in choices}
    contained = [c for c, k in cores.items() if wanted in k or k in wanted]
    by_core: dict[str, list[str]] = {}
    for choice, key in cores.items():
        by_core.setdefault(key, []).append(choice)
    close = [c for key in difflib.get_close_matches(wanted, list(by_core), n=count, cutoff=0.6) for c in by_core[key]]
    return list(dict.fromkeys(contained + close))[:count]


@dataclass(frozen=True)
class Hint:
    """A name that is not a division in the list but whose place is known (``hints.yml``)."""

    names: tuple[str, ...]
    kind: str
    note: str
    write: tuple[str, ...]  # where to write instead, as 省/市/区县 paths
    partial: bool  # the name covers parts of those places: write the one the case is in
    source: dict[str, str] = field(compare=False)

    @property
    def cited(self) -> str:
        parts = [self.source.get("title", ""), self.source.get("number", ""), str(self.source.get("date", ""))]
        return "，".join(p for p in parts if p)


class Regions:
    """All divisions, indexed by code and by (parent, name); streets and villages read when first needed."""

    def __init__(self, divisions: list[Division], folder: Path | None = None,
                 read_yaml: Callable[[Path], Any] | None = None) -> None:
        self.by_code = {d.code: d for d in divisions}
        self.children: dict[str | None, list[Division]] = {}
        for d in divisions:
            self.children.setdefault(d.parent, []).append(d)
        self.folder = folder
        self._street_rows: dict[str, str] | None = None  # parent code -> its row, unparsed
        self._streets: dict[str, list[Division]] = {}
        self._village_rows: dict[str, dict[bytes, bytes]] = {}  # province (2 digits) -> street code -> row, undecoded
        self._villages: dict[str, list[Division]] = {}
        self._hints: list[Hint] | None = None
        self._read_yaml = read_yaml  # hints.yml is YAML: read by the load stage (``load.data.read_regions``)

    @classmethod
    def from_csv(cls, path: Path, read_yaml: Callable[[Path], Any] | None = None) -> Regions:
        """The divisions in ``path`` (``divisions.csv``); streets, villages and (with ``read_yaml``) hints from the
        same folder."""
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        return cls([Division(r["code"], r["name"], r["level"], r["parent"] or None) for r in rows], path.parent,
                   read_yaml)

    def get(self, code: str) -> Division | None:
        if len(code) == 9:
            return next((s for s in self.streets_of(self.street_parent(code)) if s.code == code), None)
        return self.by_code.get(code)

    def chain(self, code: str) -> list[Division]:
        """The division and its ancestors, province first."""
        out: list[Division] = []
        current = self.get(code)
        while current is not None:
            out.append(current)
            current = self.by_code.get(current.parent) if current.parent else None
        return list(reversed(out))

    def provinces(self) -> list[Division]:
        return self.children.get(None, [])

    def child_named(self, parent: str | None, name: str) -> Division | None:
        return next((d for d in self.children.get(parent, []) if d.name == name), None)

    def counties_under(self, code: str) -> list[Division]:
        """County-level units under a province or city (for municipalities: directly under it)."""
        out: list[Division] = []
        for child in self.children.get(code, []):
            out.extend([child] if child.level == "county" else self.children.get(child.code, []))
        return out

    # -- townships and streets ---------------------------------------------------------------------------

    def _rows(self, file: Path) -> dict[str, str]:
        """``parent,code+name|code+name…`` rows of a gzip'd file: parent -> the unparsed rest."""
        with gzip.open(file, "rt", encoding="utf-8", newline="") as handle:
            lines = handle.read().splitlines()
        return dict(line.split(",", 1) for line in lines[1:])

    def has_streets(self) -> bool:
        return self.folder is not None and (self.folder / STREETS_FILE).is_file()

    def street_parent(self, code: str) -> str:
        """The division a nine-digit township code belongs to: its county, or a city without counties (东莞市)."""
        county = code[:6]
        return county if county in self.by_code else county[:4] + "00"

    def holds_streets(self, code: str) -> bool:
        """Whether townships belong directly to ``code``: a county, or a city without counties (东莞市)."""
        self.streets_of("")  # reads the rows
        assert self._street_rows is not None
        return code in self._street_rows

    def streets_of(self, code: str) -> list[Division]:
        """The townships/streets of a county, or of a city that has no counties (东莞市); [] for others."""
        found = self._streets.get(code)
        if found is None:
            if self._street_rows is None:
                self._street_rows = self._rows(self.folder / STREETS_FILE) if self.has_streets() else {}
            row = self._street_rows.get(code, "")
            found = [Division(item[:9], item[9:], "street", code) for item in row.split("|")] if row else []
            self._streets[code] = found
        return found

    def street_named(self, parent: str, name: str) -> Division | None:
        """The township/street of ``parent`` called ``name`` (…街道 also finds …街道办事处), or None.

        Looks the name up in the county's unparsed row: validating a record parses no other township.
        """
        if parent in self._streets or not name or "|" in name:
            return next((s for s in self.streets_of(parent) if name in name_forms(s.name, "street")), None)
        self.streets_of("")  # reads the rows
        assert self._street_rows is not None
        row = "|" + self._street_rows.get(parent, "") + "|"
        for written in (name, name + "办事处") if name.endswith("街道") else (name,):
            at = row.find(written + "|")
            while at >= 0:
                code = row[at - 9:at]
                if code.isdigit() and row[at - 10] == "|":
                    return Division(code, written, "street", parent)
                at = row.find(written + "|", at + 1)
        return None

    def streets_named(self, name: str) -> list[Division]:
        """Every township/street in the country with this name (parses the whole file: for error messages
        and the ``new`` command, not for validating a valid record)."""
        return [s for s in self.all_streets() if name in name_forms(s.name, "street")]

    def all_streets(self) -> list[Division]:
        """Every township/street (parses the whole file: for the ``new`` command, not for validation)."""
        self.streets_of("")  # reads the rows
        assert self._street_rows is not None
        return [s for parent in self._street_rows for s in self.streets_of(parent)]

    # -- communities and villages ------------------------------------------------------------------------

    def villages_of(self, street: str) -> list[Division]:
        """The community/village committees of a township/street (nine-digit code), official names.

        A province's file is decompressed and cut into rows once, as bytes; only the rows asked for are decoded
        and parsed (decoding and splitting every row cost as much again as decompressing: ~0.3 s for all 31).
        """
        found = self._villages.get(street)
        if found is None:
            province = street[:2]
            rows = self._village_rows.get(province)
            if rows is None:
                file = self.folder / VILLAGES_DIR / f"{province}.csv.gz" if self.folder is not None else None
                text = gzip.decompress(file.read_bytes()) if file is not None and file.is_file() else b""
                rows = self._village_rows[province] = {line[:9]: line[10:] for line in text.split(b"\n")[1:] if line}
            row = rows.get(street.encode("ascii"), b"").decode("utf-8")
            found = [Division(street + item[:3], item[3:], "community", street) for item in row.split("|")] if row else []
            self._villages[street] = found
        return found

    def communities_named(self, code: str, name: str) -> list[Division]:
        """The committees under a street (nine digits) or county/city (six) that ``name`` may mean: its official
        name, or a short form of it (龙安社区 for 龙安社区居民委员会; see ``name_forms``).

        Every form of a committee's name starts with the name's stem, so only the committees whose official
        name starts with the stem of one of ``name``'s forms are looked at closely.
        """
        wanted = set(name_forms(name))
        stems = tuple({form.removesuffix("社区").removesuffix("村") or form for form in wanted})
        streets = [code] if len(code) == 9 else [s.code for s in self.streets_of(code)]
        return [village for street in streets for village in self.villages_of(street)
                if village.name.startswith(stems) and wanted.intersection(name_forms(village.name))]

    # -- hints -------------------------------------------------------------------------------------------

    def hints(self) -> list[Hint]:
        """National new areas, renamed and new districts (``hints.yml``): read on first use."""
        if self._hints is None:
            self._hints = []
            file = self.folder / HINTS_FILE if self.folder is not None else None
            if file is not None and file.is_file() and self._read_yaml is not None:
                data: dict[str, Any] = self._read_yaml(file) or {}
                self._hints = [Hint(tuple(h["names"]), h["kind"], h["note"], tuple(h["write"]), bool(h.get("partial")),
                                    dict(h["source"])) for h in data.get("hints", [])]
        return self._hints

    def hint(self, name: str, province: str | None = None) -> Hint | None:
        """The hint for ``name`` (in ``province``, a name, when given: each hint belongs to its write paths' provinces)."""
        return next((h for h in self.hints() if name in h.names
                     and (province is None or any(w.split("/")[0] == province for w in h.write))), None)

    def advice(self, hint: Hint, name: str, street: str | None = None) -> str:
        """What to write instead of ``name`` (a hint's name), in Chinese; ``street`` (the record's township, if
        any) picks the county it is in."""
        places = [chain for chain in (self.resolve_path(p) for p in hint.write) if chain]
        fix = ""
        if street:
            inside = [c for c in places if self.street_named(c[-1].code, street)]
            if len(inside) == 1:
                fix = f"你写的「{street}」在{inside[0][-1].name}：请写 {_spell(inside[0])}"
        if not fix and len(places) == 1 and not hint.partial:
            fix = f"请写 {_spell(places[0])}"
        elif not fix:
            fix = "请写案例实际所在的那一个：" + "；".join(_spell(c) for c in places)
        return f"「{name}」{hint.note}。{fix}（来源：{hint.cited}）"

    def resolve_path(self, path: str) -> list[Division]:
        """``山东省/青岛市/黄岛区`` as divisions (province first); [] when a part is not found."""
        chain: list[Division] = []
        parent: str | None = None
        for part in path.split("/"):
            found = self.child_named(parent, part)
            if found is None:
                return []
            chain.append(found)
            parent = found.code
        return chain


def _spell(chain: list[Division]) -> str:
    """How a record writes a place: ``city: 青岛市、county: 黄岛区（code: "370211"）``."""
    names = {d.level: d.name for d in chain}
    parts = [f"{level}: {names[level]}" for level in ("city", "county") if level in names]
    return "、".join(parts) + f"（code: \"{chain[-1].code}\"）"
