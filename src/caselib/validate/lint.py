"""Lint: what people paste from newspaper PDFs and web pages, found and fixed in place.

Text copied out of a Chinese newspaper PDF often carries typesetting damage
that is still valid YAML, so the validator cannot see it:

* punctuation decoded with the wrong font table: 野…冶 for “…”, 渊…冤 for （…）,
  叶…曳 for 《…》 and 院 for ： (the full-width mark's GB2312 code with its
  first byte shifted: A1B0 “ → D2B0 野, A3A8 （ → D4A8 渊, A3BA ： → D4BA 院);
* hard line breaks in the middle of a Chinese sentence (the PDF's column width);
* half-width punctuation between Chinese characters (``中,文`` for ``中，文``);
* a UTF-8 BOM and invisible characters (zero-width spaces, direction marks).

Each finding is a ``Problem`` with severity "warning" at file:line:col, whose
message shows the suggested text; ``Fix`` carries the edit.

Quotes (``sources[].quotes``) and source titles are evidence: the words the
source printed. In them only the mis-decoded punctuation is repaired (that restores what the
source printed); line breaks and half-width punctuation in a quote are
reported with severity "info" and never changed, by ``--fix`` either. ``--fix`` edits
the text itself (never re-dumps the YAML), so everything else in the file
stays byte for byte as it was. Only the values of the record are linted, not
keys or comments (``load.reader.spans``: the one YAML reader says where each value is); a file that is
not one readable YAML document is linted line by line after each ``key:``.

    python scripts/build_index.py lint                 # report every record
    python scripts/build_index.py lint --fix cases/yunnan/x.yml
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from caselib.load.reader import Span, spans
from caselib.problems import PathKey, Problem, dotted
from caselib.validate.chars import INVISIBLE

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN = re.compile(f"[{HAN}]")
# 野X冶 → “X”, 渊X冤 → （X）, 叶X曳 → 《X》: the pair must close on the same line within 60 characters.
PAIRS = {("野", "冶"): ("“", "”"), ("渊", "冤"): ("（", "）"), ("叶", "曳"): ("《", "》")}
_PAIR = {opening: re.compile(f"{opening}([^{opening}{closing}\\n]{{1,60}}?){closing}")
         for (opening, closing) in PAIRS}
# 院 is a real character (医院, 学院 …): it is a mis-decoded ： only where neither neighbour makes a word with it.
_YUAN_BEFORE = set("医学法校研究庭住出入剧书养老福利卫生察务宅寺道影戏术科议病疗敬护儿离后合大本全分两该我各画物健商院")
_YUAN_AFTER = set("长校士系落子内外区办党里所部方线前墙门史刊报务际级属领风")
HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_HALF = re.compile(f"(?<=[{HAN}])[ ]?([,;:?!])[ ]?(?=[{HAN}“《（])")
_PAREN = re.compile(f"(?<=[{HAN}])[ ]?\\(([^()\\n]{{1,40}})\\)")
# A line break inside a sentence: the line ends in a character that does not close a sentence.
_BREAK = re.compile(f"([{HAN}，、“《（—])\\r?\\n[ ]*(?=[{HAN}0-9“《（])")
_HEADING = re.compile(r"^\s*#{1,6}\s")
_KEY_PREFIX = re.compile(r"^\s*(?:-\s+)*(?:[A-Za-z_][\w-]*:\s*)?(?:[|>][-+]?\s*$)?")
HINT = "（可运行 python scripts/build_index.py lint --fix 自动修改）"


@dataclass(frozen=True)
class Fix:
    """One finding: the problem to report and the edit that repairs it (text[start:end] → replacement)."""

    start: int
    end: int
    replacement: str
    problem: Problem


class _Text:
    """The file's text with offset → (line, column) conversion."""

    def __init__(self, text: str, display: str) -> None:
        self.text = text
        self.display = display
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def where(self, offset: int) -> tuple[int, int]:
        lo, hi = 0, len(self.line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, offset - self.line_starts[lo] + 1

    def fix(self, start: int, end: int, replacement: str, message: str, code: str, path: PathKey = ()) -> Fix:
        line, col = self.where(start)
        problem = Problem(self.display, line, col, message + HINT, field=dotted(path), code=code, severity="warning")
        return Fix(start, end, replacement, problem)

    def note(self, fix: Fix) -> Fix:
        """The finding as information only: reported, never applied (a quote must stay as the source wrote it)."""
        message = fix.problem.message.removesuffix(HINT).replace("建议", "原文摘录按来源原样保留，不自动修改；如确是复制造成的，可手动")
        problem = Problem(self.display, fix.problem.line, fix.problem.col, message, field=fix.problem.field,
                          code=fix.problem.code, severity="info")
        return Fix(fix.start, fix.start, "", problem)

    def context(self, span: Span, start: int, end: int, replacement: str, width: int = 6) -> tuple[str, str]:
        """A short before/after excerpt (inside the value) around an edit, with line breaks shown as ⏎."""
        before = self.text[max(span.start, start - width):start].split("\n")[-1]
        after = self.text[end:min(span.end, end + width)].split("\n")[0]
        old = (before + self.text[start:end] + after).replace("\n", "⏎")
        old = re.sub(r"⏎ +", "⏎", old)
        return old, before + replacement + after


def value_spans(text: str) -> list[Span]:
    """Where the values are: the reader's spans of the scalar values, or (a file that is not one readable
    document) each line after ``key:``."""
    found = spans(text)
    if found is not None:
        return found
    out = []
    offset = 0
    for line in text.split("\n"):
        prefix = _KEY_PREFIX.match(line)
        start = prefix.end() if prefix else 0
        if not line.lstrip().startswith("#") and not line[start:].startswith(("[", "{")):  # flow lists: commas are YAML
            out.append(Span(offset + start, offset + len(line), ()))
        offset += len(line) + 1
    return out


def _misdecoded(t: _Text, span: Span) -> Iterator[Fix]:
    chunk = t.text[span.start:span.end]
    for (opening, closing), (good_open, good_close) in PAIRS.items():
        for match in _PAIR[opening].finditer(chunk):
            start, end = span.start + match.start(), span.start + match.end()
            replacement = f"{good_open}{match.group(1)}{good_close}"
            yield t.fix(start, end, replacement,
                        f"「{match.group(0)}」像是从报纸 PDF 复制时乱码的标点（{opening}…{closing} 应为 {good_open}…{good_close}），"
                        f"建议改为「{replacement}」", "lint-misdecoded", span.path)
    for match in re.finditer("院", chunk):
        before = chunk[match.start() - 1] if match.start() else ""
        after = chunk[match.end()] if match.end() < len(chunk) else ""
        if not (_HAN.match(before) and _HAN.match(after)) or before in _YUAN_BEFORE or after in _YUAN_AFTER:
            continue
        start = span.start + match.start()
        old, new = t.context(span, start, start + 1, "：")
        yield t.fix(start, start + 1, "：", f"「{old}」中的「院」像是从报纸 PDF 复制时乱码的冒号，建议改为「{new}」",
                    "lint-misdecoded", span.path)


def _line_breaks(t: _Text, span: Span) -> Iterator[Fix]:
    chunk = t.text[span.start:span.end]
    for match in _BREAK.finditer(chunk):
        line_start = chunk.rfind("\n", 0, match.start()) + 1
        if _HEADING.match(chunk[line_start:match.start()]):
            continue  # a Markdown heading ends its line on purpose
        start, end = span.start + match.start(1) + 1, span.start + match.end()
        old, new = t.context(span, start, end, "")
        yield t.fix(start, end, "", f"中文句子中间有换行（常见于从 PDF 复制的文字），建议把「{old}」连成「{new}」",
                    "lint-line-break", span.path)


def _half_width(t: _Text, span: Span) -> Iterator[Fix]:
    chunk = t.text[span.start:span.end]
    for match in _HALF.finditer(chunk):
        start, end = span.start + match.start(), span.start + match.end()
        full = HALF_TO_FULL[match.group(1)]
        old, new = t.context(span, start, end, full, 4)
        yield t.fix(start, end, full, f"中文之间用了半角标点「{match.group(1)}」，建议把「{old}」改为「{new}」",
                    "lint-half-width", span.path)
    for match in _PAREN.finditer(chunk):
        if not _HAN.search(match.group(1)):
            continue
        start, end = span.start + match.start(), span.start + match.end()
        replacement = f"（{match.group(1)}）"
        yield t.fix(start, end, replacement, f"中文之间用了半角括号「{match.group(0).strip()}」，建议改为全角「{replacement}」",
                    "lint-half-width", span.path)


def _cleanup(t: _Text) -> Iterator[Fix]:
    if t.text.startswith("\ufeff"):
        yield t.fix(0, 1, "", "文件以 UTF-8 BOM 开头，建议删除（另存为不带 BOM 的 UTF-8）", "lint-bom")
    for match in INVISIBLE.finditer(t.text):
        if match.start() == 0 and match.group(0) == "\ufeff":
            continue
        char = match.group(0)
        yield t.fix(match.start(), match.end(), "", f"这里有看不见的字符 U+{ord(char):04X}，建议删除", "lint-invisible")


# What the value checks look for, each as a pattern that starts with a literal or a small character class
# (so the regex engine skims the text): a value check can only fire where one of these matches the whole
# text (a match inside a value is a match in the text), so a file without any match skips the YAML parse.
# That is most records; the lint was 2/3 of `check` at 10,000 records. Same conditions as the checks:
# 院 between two Han characters that make no word with it; a break after a sentence-internal character;
# half-width punctuation or brackets after a Han character (optionally one space).
_OPENERS = f"[{HAN}，、“《（—]"
_SUSPECTS = [
    *_PAIR.values(),
    re.compile(f"院(?<=[{HAN}]院)(?<![{''.join(sorted(_YUAN_BEFORE))}]院)(?![{''.join(sorted(_YUAN_AFTER))}])(?=[{HAN}])"),
    re.compile(f"\n(?:(?<={_OPENERS}\n)|(?<={_OPENERS}\r\n))[ ]*(?=[{HAN}0-9“《（])"),
    re.compile(f"[,;:?!](?:(?<=[{HAN}][,;:?!])|(?<=[{HAN}] [,;:?!]))[ ]?(?=[{HAN}“《（])"),
    re.compile(f"\\((?:(?<=[{HAN}]\\()|(?<=[{HAN}] \\())[^()\n]{{1,40}}\\)"),
]


def suspect(text: str) -> bool:
    """Whether the value checks could find anything in ``text`` (never False when they would)."""
    return any(pattern.search(text) for pattern in _SUSPECTS)


def lint_text(text: str, display: str, *, cleanup: bool = True, info: bool = True) -> list[Fix]:
    """Every finding in one file's text, in file order. ``cleanup`` adds the BOM and invisible characters
    (the validator already reports those as errors, so ``check`` leaves them out); ``info`` adds what is
    only reported, never fixed (oddities inside quotes; ``check`` leaves them out)."""
    suspicious = suspect(text)
    if not cleanup and not suspicious:
        return []  # nearly every file: no line index needed
    t = _Text(text, display)
    fixes: list[Fix] = list(_cleanup(t)) if cleanup else []
    if suspicious:
        fixes += [f for f in _value_fixes(t) if info or f.problem.severity != "info"]
    return sorted(fixes, key=lambda f: (f.start, f.end))


def is_quote(path: PathKey) -> bool:
    """``sources[i].quotes[j]`` and ``sources[i].title``: words the source printed."""
    return path[:1] == ("sources",) and (path[2:3] == ("title",) or (len(path) == 4 and path[2] == "quotes"))


def _value_fixes(t: _Text) -> list[Fix]:
    text = t.text
    body = text[1:] if text.startswith("\ufeff") else text
    spans = [Span(s.start + len(text) - len(body), s.end + len(text) - len(body), s.path) for s in value_spans(body)]
    fixes: list[Fix] = []
    for span in spans:
        fixes += _misdecoded(t, span)
        others = [*_line_breaks(t, span), *_half_width(t, span)]
        fixes += [t.note(f) for f in others] if is_quote(span.path) else others
    return fixes


def apply_fixes(text: str, fixes: list[Fix]) -> str:
    """Apply the fixes that do not overlap an earlier one (the rest are picked up by the next pass)."""
    out: list[str] = []
    position = 0
    for fix in sorted(fixes, key=lambda f: (f.start, f.end)):
        if fix.problem.severity == "info" or fix.start < position:
            continue
        out += [text[position:fix.start], fix.replacement]
        position = fix.end
    out.append(text[position:])
    return "".join(out)


def fix_text(text: str, display: str) -> tuple[str, list[Fix]]:
    """Apply every fix, re-linting until nothing is left (overlapping fixes need a second pass)."""
    applied: list[Fix] = []
    for _ in range(10):
        fixes = lint_text(text, display, info=False)
        if not fixes:
            break
        applied += fixes
        text = apply_fixes(text, fixes)
    return text, applied


def lint_file(path: Path, display: str, *, cleanup: bool = True) -> list[Problem]:
    """The warnings for one file (empty when the file cannot be read as UTF-8: load reports that)."""
    try:
        return lint_bytes(path.read_bytes(), display, cleanup=cleanup)
    except OSError:
        return []


def lint_bytes(raw: bytes, display: str, *, cleanup: bool = True, info: bool = True) -> list[Problem]:
    """``lint_file`` for a file's bytes, already read."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return []
    return [fix.problem for fix in lint_text(text, display, cleanup=cleanup, info=info)]
