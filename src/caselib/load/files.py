"""Record files: where they are, and one file's bytes to text to values.

``scan_cases`` lists the record files under ``cases/`` (and refuses symbolic links). ``load_file``
reads one file on the full path: size, encoding (GBK, UTF-16, BOM) and the characters YAML cannot
read (tabs in indentation, control characters) are checked on the bytes and text first, each
reported at its line and column with how to fix it, then ``reader.read`` gives values, positions and
problems. ``fast_values`` is the fast path's view of the same steps for a file with nothing to
report: the values, or ``None`` (then the file takes ``load_file``). A ``LazyLoaded`` holds values
read that way and finds positions by reading its file with ``load_file`` the first time one is asked
for (e.g. for a duplicate id found across records).
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import Any

from caselib.load.reader import Loaded, Unusual, read, values
from caselib.problems import PathKey, Problem, clip
from caselib.reference.layout import CASES_DIR

MAX_FILE_BYTES = 512 * 1024
# Characters YAML 1.1 does not allow anywhere in a file (tab, LF, CR and NEL are allowed).
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONTROL_NAMES = {0: "NULL", 7: "BEL", 8: "BACKSPACE", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED", 0x1B: "ESCAPE",
                  0x7F: "DELETE", 0xFFFE: "非字符", 0xFFFF: "非字符"}


# -- finding the record files -----------------------------------------------------------------------------

def record_files(root: Path) -> list[Path]:
    """Every record file under ``cases/`` (files starting with ``_`` are templates, not records)."""
    return [Path(file) for file, _display in record_jobs(root)]


def record_jobs(root: Path) -> list[tuple[str, str]]:
    """``record_files`` as (file, display name) strings, in the same order.

    Plain strings: making and relativising 10,000 ``Path`` objects cost ~0.15 s before any check could start.
    """
    return scan_cases(root)[0]


def scan_cases(root: Path) -> tuple[list[tuple[str, str]], list[Problem]]:
    """The record files under ``cases/`` as (file, display name), and a problem for each symbolic link.

    A record must be a regular file inside the repository: a link (to a file or a folder, anywhere) is
    reported at its path and nothing behind it is read, so a pull request cannot publish a file from
    elsewhere on the build machine. ``os.scandir`` says what is a link without another system call.
    """
    base = os.path.join(root, CASES_DIR)
    found: list[tuple[str, str]] = []
    links: list[Problem] = []

    def link(display: str, folder: bool) -> None:
        what = "文件夹" if folder else "文件"
        links.append(Problem(display, 1, 1, f"这个{what}是符号链接（symlink），不能作为案例记录：案例必须是仓库里的普通文件，"
                             "链接指向的内容不会被读取或发布。请删除链接，把记录文件本身放在 cases/ 下", code="symlink"))

    def walk(folder: str, below: list[str]) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                display = "/".join([CASES_DIR, *below, entry.name])
                if entry.is_symlink():
                    if entry.name.endswith((".yml", ".yaml")) or entry.is_dir():
                        link(display + ("/" if entry.is_dir() else ""), entry.is_dir())
                elif entry.is_dir():
                    walk(entry.path, [*below, entry.name])
                elif entry.name.endswith((".yml", ".yaml")) and not entry.name.startswith("_") and entry.is_file():
                    found.append((entry.path, display))

    if os.path.islink(base):
        link(CASES_DIR + "/", True)
    elif os.path.isdir(base):
        walk(base, [])
    found.sort(key=lambda job: job[1].split("/"))
    links.sort()
    return found, links


def read_bytes(file: str | Path) -> bytes | None:
    """A file's bytes; ``None`` when it cannot be read (``load_file`` says why)."""
    try:
        with open(file, "rb") as stream:
            return stream.read()
    except OSError:
        return None


# -- one file: the full path ------------------------------------------------------------------------------

def load_file(path: Path, display: str) -> tuple[Loaded | None, list[Problem]]:
    """Read one YAML file: encoding, size, syntax and structure problems come back as problems."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 1, 1, f"无法读取文件：{exc.strerror}", code="io")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(display, 1, 1, f"文件太大（{len(raw) // 1024} KB，上限 {MAX_FILE_BYTES // 1024} KB）。"
                              "一个案例记录通常只有几 KB，请检查是否误粘贴了整篇文档", code="file-too-large")]
    text, problems = decode(raw, display)
    if text is None:
        return None, problems
    return load_text(text, display)


def load_text(text: str, display: str) -> tuple[Loaded | None, list[Problem]]:
    """Values, positions and problems of one YAML text; ``None`` when it cannot be read as a record."""
    problems = scan_text(text, display)
    if problems:
        return None, problems
    return read(text, display)


def decode(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text, or a problem that says which encoding it looks like and how to re-save it."""
    save_as = "请用 VS Code 或记事本“另存为”，编码选择“UTF-8”后再提交"
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [
            Problem(display, 1, 1, "文件以 UTF-8 BOM（EF BB BF）开头。请在编辑器里另存为“UTF-8”（不带 BOM），"
                    "或运行 python scripts/build_index.py lint --fix 去掉它", code="bom")
        ]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(display, 1, 1, f"文件是 UTF-16 编码（记事本里叫“Unicode”），不是 UTF-8。{save_as}", code="encoding")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line, col = _line_of_offset(raw, exc.start)
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line_end = raw.find(b"\n", exc.start)
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            return None, [Problem(display, line, col, f"文件不是 UTF-8 编码，第一个无法按 UTF-8 读取的字节"
                                  f"（0x{raw[exc.start]:02X}）在这里。{save_as}", code="encoding")]
        shown = raw[line_start:line_end if line_end >= 0 else len(raw)].decode("gb18030").strip()
        col = len(raw[line_start:exc.start].decode("gb18030", errors="replace")) + 1
        return None, [
            Problem(display, line, col, f"文件看起来是 GBK/GB18030 编码（Windows 记事本或 Word 的默认设置），不是 UTF-8："
                    f"第 {line} 行按 GBK 读出来是「{clip(shown, 40)}」。{save_as}", code="encoding")
        ]


def _line_of_offset(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


def scan_text(text: str, display: str) -> list[Problem]:
    """Problems libyaml reports badly: tabs used for indentation, characters YAML refuses."""
    problems = []
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        char = bad.group(0)
        name = unicodedata.name(char, "") or _CONTROL_NAMES.get(ord(char), "控制字符")
        problems.append(Problem(display, line, col, f"这里有一个 YAML 不允许的控制字符 U+{ord(char):04X}（{name}），"
                                "常见于从 PDF 或 Word 粘贴的文字。请删除它（python scripts/build_index.py lint --fix 可自动删除）",
                                code="control-char"))
    for number, line_text in enumerate(text.split("\n"), start=1):
        indent = re.match(r"[ \t]*", line_text).group(0)  # type: ignore[union-attr]
        if "\t" in indent and line_text.strip():
            problems.append(Problem(display, number, indent.index("\t") + 1,
                                    "缩进里有制表符（Tab）。YAML 只能用空格缩进，请把 Tab 换成两个空格",
                                    code="tab-indent"))
    return problems


# -- one file: the fast path ------------------------------------------------------------------------------

def fast_values(raw: bytes) -> tuple[Any, str] | None:
    """(values, text) of a file's bytes when ``load_file`` would read it without a problem and the reader's
    fast view accepts it; ``None`` sends the file to ``load_file``.

    The byte and text checks of ``load_file`` in the order they are cheapest: size, BOM, UTF-8, a tab
    anywhere (``scan_text`` reports tabs in indentation), then ``reader.values``. Control characters
    need no check here: libyaml refuses them, and ``values`` refuses every file libyaml does.
    """
    if len(raw) > MAX_FILE_BYTES or raw.startswith(b"\xef\xbb\xbf"):
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\t" in text:
        return None
    try:
        return values(text), text
    except Unusual:
        return None


class LazyLoaded(Loaded):
    """A record read by the fast path: values now, positions from ``load_file`` when first asked for."""

    def __init__(self, path: str, data: Any, file: str | Path) -> None:
        super().__init__(path, data)
        self.file = file
        self.full: Loaded | None = None

    def position(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        if self.full is None:
            self.full = load_file(Path(self.file), self.path)[0] or Loaded(self.path, self.data)
        return self.full.position(path, key=key)
