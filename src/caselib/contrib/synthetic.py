"""Synthetic but realistic records, for benchmarks and scale tests.

Deterministic from a seed: the same ``(count, seed)`` writes byte-identical
files. Regions are drawn from the real division list (about a quarter of the
records name a real township, and a few of those a real community), terms from the real
vocabularies, and the Chinese text is recombined from the shipped records'
sentences, so pages have realistic length and characters.

    python -m caselib.contrib.synthetic --cases 1000 --out /tmp/bench-repo/cases
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path
from typing import Any

from caselib.load.data import read_regions
from caselib.load.files import load_file, record_files
from caselib.load.write import synthetic_text
from caselib.pipeline.run import load_vocabularies
from caselib.reference.regions import Division, Regions

ROOT = Path(__file__).resolve().parents[3]
QUALIFIERS = [None, None, "余", "约", "超", "以上"]
STATUSES = ["进行中", "进行中", "进行中", "已结束", "筹备中", "不详"]
KINDS = ["服务项目", "服务项目", "志愿服务队", "服务模式", "试点工作"]
TITLE_PARTS = (["邻里", "银龄", "护苗", "红色", "暖心", "同心", "幸福", "彩虹", "星火", "守望", "阳光", "微光", "共享", "和美"],
               ["驿站", "课堂", "先锋队", "互助会", "陪伴计划", "服务站", "行动", "工作室", "服务队", "家园"])


def _sentences(root: Path) -> list[str]:
    """Sentences of the shipped records' long texts, to recombine."""
    out: list[str] = []
    for path in record_files(root):
        loaded, _ = load_file(path, path.name)
        if loaded is None or not isinstance(loaded.data, dict):
            continue
        text = " ".join(str(loaded.data.get(k, "")) for k in ("summary", "practices"))
        out += [s.strip(" -\n") + "。" for s in re.split(r"[。\n]", text) if len(s.strip()) > 12]
    return out or ["专业社工带领志愿者开展入户走访，形成需求清单和资源清单。"]


def generate(count: int, seed: int = 1, root: Path = ROOT) -> list[dict[str, Any]]:
    """``count`` records as plain dicts (valid against the schema)."""
    rng = random.Random(seed)
    vocabularies, problems = load_vocabularies(root)
    assert not problems, problems
    regions = read_regions(root)
    counties = sorted((d for d in regions.by_code.values() if d.level == "county"), key=lambda d: d.code)
    sentences = _sentences(root)
    names = {key: vocab.names() for key, vocab in vocabularies.items()}
    records = []
    for i in range(count):
        county = rng.choice(counties)
        chain = regions.chain(county.code)
        region: dict[str, Any] = {"province": chain[0].name}
        city = next((d for d in chain if d.level == "city"), None)
        if city is not None:
            region["city"] = city.name
        region["county"] = county.name
        region["code"] = county.code
        _below_county(rng, regions, county, region)
        title = f"{county.name}{rng.choice(TITLE_PARTS[0])}{rng.choice(TITLE_PARTS[1])}"
        start = rng.randint(2015, 2026)
        added = f"{rng.randint(2024, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        record: dict[str, Any] = {
            "id": f"synthetic-{i:05d}",
            "title": title,
            "kind": rng.choice(KINDS),
            "summary": "".join(rng.sample(sentences, 2))[:190],
            "region": region,
            "themes": rng.sample(names["themes"], rng.randint(1, 3)),
            "target_groups": rng.sample(names["target_groups"], rng.randint(1, 3)),
            "methods": rng.sample(names["methods"], rng.randint(1, 5)),
            "lead_unit": {"name": f"{county.name}社会工作服务中心", "type": rng.choice(names["partner_types"])},
            "partners": [{"name": f"{county.name}{rng.choice(['妇联', '团委', '卫健局', '职业高中', '爱心企业'])}",
                          "type": rng.choice(names["partner_types"]), "role": rng.choice(sentences)[:60]}
                         for _ in range(rng.randint(0, 3))],
            "division_of_labour": {"social_workers": [s[:80] for s in rng.sample(sentences, 2)],
                                   "volunteers": [s[:80] for s in rng.sample(sentences, 2)]},
            "period": {"start": start},
            "status": rng.choice(STATUSES),
            "metrics": {
                "volunteers": {"value": rng.randint(5, 3000), **_qualifier(rng)},
                "social_workers": {"value": rng.randint(1, 300), **_qualifier(rng)},
                "beneficiaries": {"value": rng.randint(10, 20000), **_qualifier(rng)},
            },
            "practices": "\n\n".join("".join(rng.sample(sentences, 3)) for _ in range(2)),
            "outcomes": {"text": "".join(rng.sample(sentences, 2)), "evidence": rng.choice(["工作通报", "媒体报道", "第三方评估"])},
            "replication": {"mechanisms": [s[:60] for s in rng.sample(sentences, 2)],
                            "conditions": [s[:60] for s in rng.sample(sentences, 1)], "lessons": []},
            "sources": [{"title": f"{title}工作简报", "publisher": f"{county.name}委社会工作部", "date": f"{start}"}],
            "added": added,
            "updated": added,
        }
        records.append(record)
    return records


def _below_county(rng: random.Random, regions: Regions, county: Division, region: dict[str, Any]) -> None:
    """A real township for about one record in four, and a community for one in five of those: one of the
    county's first three townships, so that, as in real libraries, cases share townships."""
    if rng.random() >= 0.25:
        return
    streets = regions.streets_of(county.code)[:3]
    if not streets:
        return
    street = rng.choice(streets)
    region["street"] = street.short_name
    if rng.random() < 0.2:
        villages = regions.villages_of(street.code)
        if villages:
            region["community"] = rng.choice(villages).short_name


def _qualifier(rng: random.Random) -> dict[str, str]:
    q = rng.choice(QUALIFIERS)
    return {"qualifier": q} if q else {}


def write(records: list[dict[str, Any]], cases_dir: Path) -> None:
    """One YAML file per record, in a folder per province code."""
    for record in records:
        folder = cases_dir / f"p{record['region']['code'][:2]}"
        folder.mkdir(parents=True, exist_ok=True)
        text = synthetic_text(record)
        (folder / f"{record['id']}.yml").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="Write synthetic case records.")
    parser.add_argument("--cases", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="a cases/ folder")
    args = parser.parse_args()
    write(generate(args.cases, args.seed), args.out)


if __name__ == "__main__":
    main()
