"""Records written for the ranking tests (their words only where a test puts them) and the Python reference ranking.

Used by tests/unit/test_search_rank.py (the order in Python) and tests/browser/test_search_rank.py (the same order
in finder.js); the ``rank_repo`` fixture (tests/conftest.py) adds RECORDS to a copy of the repository.
"""

from __future__ import annotations

import base64
import json
from array import array
from typing import Any

from caselib.model.library import Library
from caselib.outputs.finder import build_finder, ordered
from caselib.outputs.search import format as search_format
from caselib.outputs.search import query as search_query

FILLER = "本条记录只为检验排序而写，内容与真实项目无关。"
HOSTILE = "防注入<img src=x onerror=\"window.__pwned=1\">之后<script>window.__pwned=2</script>**粗**&lt;b&gt;"


def record(case_id: str, updated: str, *, title: str = "", summary: str = "", practices: str = "",
           source: str = "", tags: tuple[str, ...] = ()) -> dict[str, Any]:
    """A valid record whose words are only where a test puts them (the rest is filler)."""
    return {
        "id": case_id, "title": title or f"排序检验记录{case_id[-1]}", "kind": "服务项目",
        "summary": summary or FILLER,
        "region": {"province": "云南省", "city": "昭通市", "county": "彝良县", "code": "530628"},
        "themes": ["为老服务"], "target_groups": ["老年人"], "methods": ["社工带志愿者"], "keywords": list(tags),
        "lead_unit": {"name": "检验用牵头单位", "type": "党政机关"},
        "division_of_labour": {"social_workers": [FILLER], "volunteers": [FILLER]},
        "period": {"start": 2023}, "status": "进行中",
        "practices": practices or FILLER, "outcomes": {"text": FILLER, "evidence": "工作通报"},
        "replication": {"mechanisms": [FILLER], "conditions": [FILLER], "lessons": []},
        "gaps": [FILLER],
        "sources": [{"title": source or "检验用来源", "publisher": "检验用发布单位", "date": "2025-06"}],
        "added": updated, "updated": updated,
    }


DEEP = FILLER * 12  # a word after this is "deep in the text"
RECORDS = [
    # the field: title > summary and tags > body > sources (each newer than the one before it)
    record("rank-field-a", "2021-01-01", title="星光课堂"),
    record("rank-field-b", "2022-01-01", summary="开办星光课堂，" + FILLER),
    record("rank-field-c", "2023-01-01", practices=DEEP + "开办星光课堂。"),
    record("rank-field-d", "2024-01-01", source="星光课堂工作简报"),
    # how many words: both in the title first
    record("rank-terms-a", "2021-01-01", title="青苗书屋"),
    record("rank-terms-b", "2024-01-01", title="青苗驿站", practices=FILLER + "设有书屋。"),
    record("rank-terms-c", "2024-02-01", title="书屋角落", practices=FILLER + "服务青苗。"),
    # how much of a long word: all, part, none in the title
    record("rank-cover-a", "2021-01-01", title="彩虹桥计划"),
    record("rank-cover-b", "2023-01-01", title="彩虹桥服务站", practices=FILLER + "实施彩虹桥计划。"),
    record("rank-cover-c", "2024-01-01", practices=FILLER + "实施彩虹桥计划。"),
    # the word as written against its parts apart
    record("rank-phrase-a", "2021-01-01", title="社会工作者之家"),
    record("rank-phrase-b", "2024-01-01", title="社会工作服务中心社区工作者站", practices=FILLER + "培养社会工作者。"),
    record("rank-phrase-decoy", "2026-11-30", title="社会工作服务中心站",
           practices=DEEP + "社会工作服务中心联系社区工作者，" + FILLER, tags=("社区工作者",)),
    # recent decoys: the fixture library's titles must still come first
    record("rank-decoy-children", "2026-11-30", practices=DEEP + "也走访困境儿童。"),
    record("rank-decoy-mothers", "2026-11-30", practices=DEEP + "另有爱心妈妈参与。"),
    # hostile text
    record("rank-hostile", "2026-11-29", practices=DEEP + HOSTILE),
]
TITLE_OF = {"困境儿童": "yiliang-wumeng-children-companionship", "爱心妈妈": "yiliang-aixin-mama-2plus2"}


class Ranked:
    """The Python reference on the test library: ids best first, and the text of each case."""

    def __init__(self, library: Library) -> None:
        files = build_finder(library)
        facets = json.loads(files["finder/facets.json"])
        self.index = search_query.Index(search_query.reader(files), facets["search"], facets["n"])
        updated = facets["order"]["updated"]
        self.updated = list(array("H" if updated["w"] == 2 else "I", base64.b64decode(updated["b"])))
        self.cases = ordered(library)

    def ids(self, query: str) -> list[str]:
        return [self.cases[n].id for n in self.index.rank(query, self.updated)]

    def containing(self, query: str) -> set[str]:
        words = search_format.terms(query)
        return {c.id for c in self.cases if all(w in search_format.case_text(c.raw) for w in words)}
