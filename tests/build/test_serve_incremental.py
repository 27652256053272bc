"""``mkdocs serve`` (issue 14): a saved record rebuilds only the pages it changes (adapters/mkdocs_serve.py), and
the site it leaves is the one a full build makes; a template, vocabulary or docs change rebuilds everything; an
invalid record is reported and the old pages stay.

The real server on a copy of the fixture library; what it rewrote is read from the folder it serves.
"""

from __future__ import annotations

import re
from pathlib import Path

from support import wait_for
from support.mkdocs_serve import Serving, files

CASE = "cases/yunnan/yiliang-wumeng-children-companionship.yml"
CASE_PAGE = "cases/yiliang-wumeng-children-companionship/"
OLD_TITLE, NEW_TITLE = "乌蒙困境儿童陪伴项目", "乌蒙困境儿童陪伴计划"
YUNNAN, BEIJING = "regions/530000/", "regions/110000/"
UPDATED = re.compile(r"(?<!汇总页)已更新 (\d+) 个页面")
SUMMARIES = re.compile(r"汇总页已更新 (\d+) 个页面")
# Logged by mkdocs serve's own builder at each full build ("Documentation built in …" is not: MkDocs drops a build
# message it has logged before, and two builds can take the same hundredths of a second).
FULL_BUILD = "Building documentation..."


def html(page: str) -> str:
    return page + "index.html"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def shows(server: Serving, page: str, text: str) -> bool:
    return text in (server.get(page) or "")


def titled(server: Serving, page: str, title: str) -> bool:
    """The case page is served with this title (the old one also appears in the summary)."""
    body = server.get(page) or ""
    return title in body and ({OLD_TITLE, NEW_TITLE} - {title}).pop() not in body


def updated_after(server: Serving, mark: int, seconds: float = 60) -> int:
    """The pages written by the first update logged after ``mark`` (characters of the log): those of its 已更新 line
    and, once they are written too, of its 汇总页已更新 line (the summary pages follow in a thread)."""
    assert wait_for(lambda: SUMMARIES.search(server.text()[mark:]) is not None, seconds), server.text()[mark:]
    log = server.text()[mark:]
    found, summaries = UPDATED.search(log), SUMMARIES.search(log)
    assert found is not None and summaries is not None and found.start() < summaries.start(), log
    assert log.count("汇总页已更新") == 1, log
    return int(found.group(1)) + int(summaries.group(1))


def rewritten(before: dict[str, tuple[int, bytes]], after: dict[str, tuple[int, bytes]]) -> set[str]:
    """The HTML pages written again (same path, new modification time)."""
    return {p for p in after if p.endswith(".html") and p in before and after[p][0] != before[p][0]}


def check_only_changed_pages(before: dict[str, tuple[int, bytes]], after: dict[str, tuple[int, bytes]],
                             must: set[str], count: int) -> None:
    pages = rewritten(before, after)
    assert must <= pages, f"not rebuilt: {sorted(must - pages)}"
    assert len(pages) == count, f"log says {count} pages, {len(pages)} were written: {sorted(pages)}"
    same = sorted(p for p in pages if after[p][1] == before[p][1])
    assert not same, f"written again with the same content: {same}"
    assert len(pages) < len([p for p in after if p.endswith(".html")]) / 4, "(nearly) the whole site was rewritten"
    assert before.keys() == after.keys()
    assert not [p for p in after if p.rsplit("/", 1)[-1].startswith(".caselib-")], "a temporary file was left"
    for untouched in ("404.html", "about/index.html", "assets/stylesheets/caselib.css"):
        assert after[untouched][0] == before[untouched][0], f"{untouched} was written again"


def test_a_saved_record_rebuilds_only_the_pages_it_changes(repo: Path, tmp_path: Path) -> None:
    server = Serving(repo, tmp_path)
    record = repo / CASE
    try:
        assert shows(server, CASE_PAGE, OLD_TITLE) and shows(server, YUNNAN, OLD_TITLE)
        assert "文件监视：由系统通知变化" in server.text(), "mkdocs serve should be told of changes, not poll"

        # the title: the case page and every list that shows its card
        before, mark = files(server.site), len(server.text())
        inodes = {page: (server.site / html(page)).stat().st_ino for page in (CASE_PAGE, "")}
        edit(record, f"title: {OLD_TITLE}", f"title: {NEW_TITLE}")
        assert wait_for(lambda: shows(server, CASE_PAGE, NEW_TITLE) and shows(server, YUNNAN, NEW_TITLE), 60)
        count = updated_after(server, mark)
        for page, inode in inodes.items():  # a new file moved over the old one: a reader never gets half a page
            assert (server.site / html(page)).stat().st_ino != inode, f"{html(page)} was rewritten in place"
        check_only_changed_pages(before, files(server.site), {html(CASE_PAGE), html(YUNNAN), html("themes/child-welfare/")},
                                 count)

        # the region: the case moves from one province's page to another's
        before, mark = files(server.site), len(server.text())
        edit(record, '  province: 云南省\n  city: 昭通市\n  county: 彝良县\n  code: "530628"\n',
             '  province: 北京市\n  code: "110000"\n')
        assert wait_for(lambda: shows(server, BEIJING, NEW_TITLE) and not shows(server, YUNNAN, NEW_TITLE), 60)
        count = updated_after(server, mark)
        check_only_changed_pages(before, files(server.site), {html(CASE_PAGE), html(YUNNAN), html(BEIJING)}, count)
        assert "北京市" in (server.get(CASE_PAGE) or "")

        # an invalid record: the validator's message, and the pages as they were, still served
        before, mark = files(server.site), len(server.text())
        edit(record, "kind: 服务项目", "kind: 不存在的类型")
        assert wait_for(lambda: "预览中仍是修改前的页面" in server.text()[mark:], 60), server.text()[mark:]
        assert "「不存在的类型」不是可选值" in server.text()[mark:]
        assert shows(server, CASE_PAGE, NEW_TITLE) and shows(server, CASE_PAGE, "服务项目")
        assert rewritten(before, files(server.site)) == set()
        mark = len(server.text())
        edit(record, "kind: 不存在的类型", "kind: 服务项目")
        edit(record, f"title: {NEW_TITLE}", f"title: {OLD_TITLE}")
        assert wait_for(lambda: titled(server, CASE_PAGE, OLD_TITLE) and shows(server, BEIJING, OLD_TITLE), 60)
        updated_after(server, mark)
        assert server.text().count(FULL_BUILD) == 1, "a record edit must not rebuild the whole site"

        # what the edits left is what a full build makes of the same records
        incremental = files(server.site)
        about = repo / "docs" / "about.md"
        about.write_text(about.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
        assert wait_for(lambda: server.text().count(FULL_BUILD) == 2, 120), server.text()[mark:]
        assert server.get("") is not None  # answered once the build is done
        full = files(server.site)
        assert incremental.keys() == full.keys()
        differ = sorted(p for p in full if full[p][1] != incremental[p][1] and not p.startswith(("about/", "sitemap.xml")))
        assert not differ, f"differ from a full build: {differ}"
    finally:
        server.stop()


def test_templates_vocabularies_docs_and_new_records_rebuild_everything(repo: Path, tmp_path: Path) -> None:
    server = Serving(repo, tmp_path, "--watch-theme")
    try:
        for number, (path, addition) in enumerate([("data/vocab/themes.yml", "# 注释\n"),
                                                   ("overrides/main.html", "{# 注释 #}\n"),
                                                   ("docs/about.md", "\n补充一句。\n")], start=2):
            mark = len(server.text())
            target = repo / path
            target.write_text(target.read_text(encoding="utf-8") + addition, encoding="utf-8")
            assert wait_for(lambda n=number: server.text().count(FULL_BUILD) == n, 120), f"{path}: {server.text()[mark:]}"
            assert server.get("") is not None  # answered once the build is done
            assert not UPDATED.search(server.text()[mark:])
        assert shows(server, "about/", "补充一句")

        # a new record: the set of pages changes
        mark = len(server.text())
        source = (repo / CASE).read_text(encoding="utf-8")
        (repo / CASE).with_name("yiliang-wumeng-copy.yml").write_text(
            source.replace("id: yiliang-wumeng-children-companionship", "id: yiliang-wumeng-copy"), encoding="utf-8")
        assert wait_for(lambda: server.text().count(FULL_BUILD) == 5, 120), server.text()[mark:]
        assert server.get("") is not None
        assert shows(server, "cases/yiliang-wumeng-copy/", OLD_TITLE)
        assert not UPDATED.search(server.text()[mark:])

        # after a full rebuild, a record edit is again only its pages
        mark = len(server.text())
        edit(repo / CASE, f"title: {OLD_TITLE}", f"title: {NEW_TITLE}")
        assert wait_for(lambda: shows(server, CASE_PAGE, NEW_TITLE) and shows(server, YUNNAN, NEW_TITLE), 60)
        assert updated_after(server, mark) >= 2
        assert server.text().count(FULL_BUILD) == 5
    finally:
        server.stop()
