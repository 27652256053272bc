"""Full-text search: the index against a plain text scan of the records.

Recall and precision must both be 100 % for every vocabulary term and every region name of the
official list, on the fixture library and on synthetic cases: a result contains each word as written.
The browser's implementation (finder.js) is checked against the Python reference on a built site, for
the matches and for the relevance order.

This file holds the tests in Chromium; the pure-Python tests (no MkDocs build, no Chromium) are in tests/unit/test_search.py.
"""

from __future__ import annotations

import base64
import json
from array import array
from pathlib import Path

import pytest
from support import mkdocs_build, new_page, serve
from support.search import WORDS, index_of, plain_text, records_of, region_names, scan, vocabulary_terms


def test_browser_search_matches_the_python_reference(synthetic_repo: Path, browser: object,
                                                     tmp_path_factory: pytest.TempPathFactory) -> None:
    """finder.js reads the same files and must return exactly what search_query.Index returns, in the same order."""
    site = tmp_path_factory.mktemp("search-site") / "site"
    result = mkdocs_build(synthetic_repo, site)
    assert result.returncode == 0, result.stdout + result.stderr
    raws, _library = records_of(synthetic_repo)
    texts = [plain_text(r) for r in raws]
    index = index_of({p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "finder").rglob("*.*")
                      if p.suffix == ".bin" or p.name == "facets.json"})
    present = [w for w in vocabulary_terms() + region_names() if scan(texts, w)]
    words = present + WORDS + ["不存在的词语甲乙", "运动员"]
    updated = json.loads((site / "finder" / "facets.json").read_bytes())["order"]["updated"]
    order = list(array("H" if updated["w"] == 2 else "I", base64.b64decode(updated["b"])))
    url, server = serve(site)
    try:
        page = new_page(browser).page
        page.goto(url + "cases/")
        page.wait_for_selector("#cl-finder[data-ready]")
        got = page.evaluate("async (words) => { const out = {}; for (const w of words) out[w] = await window.caselibFinder.match(w);"
                            " return out; }", words)
        ranked = page.evaluate("async (words) => { const out = {}; for (const w of words) out[w] = await window.caselibFinder.rank(w);"
                               " return out; }", WORDS)
        page.context.close()
    finally:
        server.shutdown()
    wrong = {w: (sorted(got[w])[:5], sorted(index.query(w))[:5]) for w in words if set(got[w]) != index.query(w)}
    assert not wrong, f"browser and Python disagree: {dict(list(wrong.items())[:5])}"
    wrong = [w for w in words if set(got[w]) != scan(texts, w)]
    assert not wrong, f"the browser's result is not the plain scan for {wrong[:10]}"
    disordered = [w for w in WORDS if ranked[w] != index.rank(w, order)]
    assert not disordered, f"browser and Python rank differently: {disordered}"
    assert len(present) > 50
