"""Archive the sentences that the records quote from a source text (maintainer tool; see data/sources/README.md).

For a source whose full text the maintainer has (for the seed cases: the newspaper page's text in
``../shared/seeds/<key>.txt``), this writes ``data/sources/<key>.txt``: only the sentences that contain a quote
of a record citing that source (``sources[].archive: <key>``), in the order of the text, one a line. The project
keeps those sentences, not the whole text: they are what a reader needs to see that a quote is not cut so that
its meaning changes, and quoting them is the appropriate quotation that copyright law allows.

    python scripts/archive_sources.py --text ../shared/seeds/000_c545d47c30c214d5.txt
    python scripts/archive_sources.py --text FILE --check     # exit 1 if the committed archive differs

The text is repaired first (the PDF's mis-decoded 野…冶 → “…”, 渊…冤 → （…）) and its white space removed
(the newspaper's columns break lines anywhere). A sentence ends at 。！？; a byline such as （据大连社会工作）
and a headline (the title of a source that cites the text, where 院 may stand for a mis-decoded ：) stand
alone, so that the sentence after them starts where the story does.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from caselib.load.files import record_files  # noqa: E402
from caselib.reference.layout import ARCHIVE_DIR  # noqa: E402
from caselib.reference.sources import squeeze  # noqa: E402

REPAIRS = str.maketrans({"野": "“", "冶": "”", "渊": "（", "冤": "）"})
HEADER = """# 原文存档：{key}
# 只存放案例记录所引用的句子（每行一句，按原文顺序），不是全文。由 scripts/archive_sources.py 生成，见 data/sources/README.md。
"""
BYLINE = r"（据[^（）]{2,20}）"


def sentences(text: str, titles: list[str] = ()) -> list[str]:  # type: ignore[assignment]
    """The text's sentences, white space removed; bylines and the given headlines stand alone."""
    flat = squeeze(text.translate(REPAIRS))
    heads = {squeeze(re.sub(r"（[^（）]*）$", "", t)) for t in titles}  # “…党建品牌（图片说明）”: a caption
    stops = [BYLINE, *(re.escape(t).replace("：", "[：院]") for t in sorted(heads, key=len, reverse=True))]
    flat = re.sub("|".join(f"(?:{s})" for s in stops), lambda m: f"\0{m.group(0)}\0", flat)
    out: list[str] = []
    for chunk in flat.split("\0"):
        out += [s for s in re.split("(?<=[。！？])(?!”)|(?<=[。！？]”)", chunk) if s]
    return out


def quotes_for(root: Path, key: str) -> tuple[list[str], dict[str, str]]:
    """Every quote of a record source archived under ``key``, and each such source's title → publisher."""
    quotes: list[str] = []
    titles: dict[str, str] = {}
    for path in record_files(root):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        for source in record.get("sources") or []:
            if source.get("archive") == key:
                quotes += [squeeze(q) for q in source.get("quotes") or []]
                titles[source["title"]] = source["publisher"]
    return quotes, titles


def archive(text: str, quotes: list[str], key: str, titles: dict[str, str]) -> str:
    kept = []
    for sentence in sentences(text, list(titles)):
        if any(q in sentence for q in quotes) and sentence not in kept:
            kept.append(sentence)
    spanning = [q for q in quotes if not any(q in s for s in kept)]
    if spanning:  # a quote across two sentences: keep the two together
        joined = sentences(text, list(titles))
        for q in spanning:
            for i in range(len(joined) - 1):
                pair = joined[i] + joined[i + 1]
                if q in pair and pair not in kept:
                    kept.append(pair)
    cited = "".join(f"# 引用它的来源：{title}（{publisher}）\n" for title, publisher in sorted(titles.items()))
    return HEADER.format(key=key) + cited + "".join(f"{s}\n" for s in kept)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--text", type=Path, required=True, help="the source's full text (its stem is the key)")
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--check", action="store_true", help="only compare with the committed archive")
    args = parser.parse_args()
    key = args.text.stem
    quotes, titles = quotes_for(args.root, key)
    if not quotes:
        print(f"没有记录引用 archive: {key}", file=sys.stderr)
        return 1
    out = archive(args.text.read_text(encoding="utf-8"), quotes, key, titles)
    target = args.root / ARCHIVE_DIR / f"{key}.txt"
    if args.check:
        same = target.is_file() and target.read_text(encoding="utf-8") == out
        print("一致" if same else f"{target} 与原文生成的不一致：请重新运行本脚本", file=sys.stderr)
        return 0 if same else 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(out, encoding="utf-8")
    print(f"已写入 {target}（{sum(not line.startswith('#') for line in out.splitlines())} 句）", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
