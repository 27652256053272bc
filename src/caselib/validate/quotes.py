"""Quotes from an archived source (``sources[].archive``): found in it, and not cut so that their meaning changes.

A quote is evidence: the words the source printed. When the source's text is archived in
``data/sources/<key>.txt``, every quote must be found in it (white space ignored: PDF lines break
anywhere), and must not start or end in the middle of a clause or leave out the 要/将/下一步 that
makes its sentence a demand or a plan rather than work done. These are warnings, reported by
``check`` only (``Context.advice``).
"""

from __future__ import annotations

import re
from typing import Any

from caselib.problems import PathKey, clip
from caselib.reference.sources import squeeze
from caselib.validate.context import Checker

# Where a sentence or a clause ends, in text with its white space removed (the archive's passages are one
# paragraph a line). A quote that starts or ends anywhere else is cut in the middle of a clause.
SENTENCE_END = "。！？"
CLAUSE_END = SENTENCE_END + "；：，\n"
# Words that make the rest of a sentence a demand or a plan; a quote that leaves them out reads as work done.
# 要 in 重要/主要/需要/只要/简要 and followed by 求/点/素 is not a demand.
MODAL = re.compile(r"下一步|将(?!军)|(?<![重主需只简纲])要(?![求点素闻])|拟|计划|力争|争取|着力|必须|应当|需要")


class QuoteChecks(Checker):
    def quote_context(self, data: dict[str, Any]) -> None:
        """Quotes from an archived source (``sources[].archive``): found in it, and not cut so that their
        meaning changes (mid-clause, or without the 要/将/下一步 that makes the sentence a demand or a plan)."""
        sources = data.get("sources")
        for i, source in enumerate(sources if isinstance(sources, list) else []):
            if not isinstance(source, dict) or not isinstance(source.get("archive"), str):
                continue
            key = source["archive"]
            passages = self.ctx.archives.get(key)
            if passages is None:
                self.add(("sources", i, "archive"), f"找不到原文存档 data/sources/{key}.txt。请检查文件名，"
                         "或删掉 archive 这一行", "archive-missing")
                continue
            for j, quote in enumerate(source.get("quotes") or []):
                if isinstance(quote, str):
                    self.quote_in(("sources", i, "quotes", j), squeeze(quote), passages, key)

    def quote_in(self, path: PathKey, quote: str, passages: list[str], key: str) -> None:
        passage = next((p for p in passages if quote in p), None)
        if passage is None:
            self.warn(path, f"这条摘录在原文存档 data/sources/{key}.txt 里找不到。摘录要逐字复制（包括标点）；"
                      "如果原文确有这句，请把它所在的整句补进存档", "quote-not-archived")
            return
        start = passage.index(quote)
        end = start + len(quote)
        head = passage[max(passage.rfind(c, 0, start) for c in SENTENCE_END) + 1:start]
        tail_end = min([k for c in SENTENCE_END if (k := passage.find(c, end)) >= 0] or [len(passage) - 1]) + 1
        sentence = head + passage[start:tail_end]
        modal = MODAL.search(head)
        if modal:
            self.warn(path, f"摘录所在的句子前面有「{modal.group(0)}」：「{clip(head, 40)}」。删掉它，要求或计划读起来就像已经做成的事。"
                      f"请从句首摘录：「{clip(sentence, 80)}」", "quote-modal")
        elif (start and passage[start - 1] not in CLAUSE_END) or (
                quote[-1] not in CLAUSE_END and end < len(passage) and passage[end] not in CLAUSE_END):
            where = "开始" if start and passage[start - 1] not in CLAUSE_END else "结束"
            self.warn(path, f"摘录从半句话中间{where}，可能改变原意。原句是：「{clip(sentence, 80)}」。"
                      "请摘录完整的一句或一个分句", "quote-context")
