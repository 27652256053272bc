"""Site size (issue 14), in Chromium: the icons drawn from the shared assets/images/icons.svg show, on a
phone and a desktop, and take the scheme's colour (they are `<use>` of a symbol: a missing file or symbol
draws nothing, a box of zero size)."""

from __future__ import annotations

import json

from support import new_page

ICONS = "() => [...document.querySelectorAll('.md-header svg, .md-top svg')].map(s => {" \
        " const u = s.querySelector('use'), r = s.getBoundingClientRect(), b = u.getBBox();" \
        " return {href: u.getAttribute('href'), shown: r.width > 0 && getComputedStyle(s).display !== 'none'," \
        " drawn: b.width > 0 && b.height > 0, fill: getComputedStyle(u).fill, color: getComputedStyle(s).color}; })"


def test_header_icons_are_drawn(browser: object, site_url: str) -> None:
    for phone in (False, True):
        for scheme in ("light", "dark"):
            rec = new_page(browser, phone=phone)
            page = rec.page
            page.emulate_media(color_scheme=scheme)
            page.goto(site_url + "cases/yiliang-wumeng-children-companionship/")
            page.wait_for_load_state("networkidle")
            icons = page.evaluate(ICONS)
            shown = [i for i in icons if i["shown"]]
            assert len(shown) >= 3, (phone, scheme, icons)  # logo or menu, a palette toggle, search, repository
            for icon in shown:
                assert icon["drawn"], (phone, scheme, icon)
                assert icon["fill"] == icon["color"], icon  # fill: currentcolor reaches the symbol
            assert rec.external(site_url) == [] and rec.errors == []
            page.context.close()


def test_the_finder_builds_each_cases_text_from_its_record_as_the_build_would(browser: object, site_url: str) -> None:
    """finder/text/<n>.json was the same strings as data/cases/<id>.json (issue 14): the browser now builds a
    keyword view's text from the record (F.textOf). For every fixture case it equals outputs/finder.py text_file."""
    from support import LIBRARY, library_of

    from caselib.outputs.finder import card, ordered, text_file, text_labels
    from caselib.outputs.search.format import record_fields

    library = library_of(LIBRARY)
    labels = text_labels(library)
    expected = {c.id: text_file(c, record_fields(c.raw), labels) for c in ordered(library)}
    rec = new_page(browser)
    page = rec.page
    page.goto(site_url + "cases/")
    page.wait_for_function("() => window.caselibFinder && window.caselibFinder.textOf")
    got = page.evaluate("""async (cards) => {
        const rules = (await (await fetch('../finder/facets.json')).json()).text, out = {};
        for (const [id, row] of Object.entries(cards)) {
            const rec = await (await fetch(new URL(rules.data + id + '.json', location.origin + '/finder/'))).json();
            out[id] = window.caselibFinder.textOf(rec, row, rules);
        }
        return out; }""", {c.id: card(c) for c in ordered(library)})
    assert got == json.loads(json.dumps(expected, ensure_ascii=False))
    assert any(len(fields) > 10 for _row, fields in got.values())
    page.context.close()


def test_the_lean_shell_works_with_materials_script(browser: object, site_url: str) -> None:
    """A case page in overrides/lean.html: Material's script drives it as it drove base.html (drawer, palette
    toggle remembered across pages of both shells, back to top, table of contents), without errors."""
    case = site_url + "cases/yiliang-wumeng-children-companionship/"
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    rec = new_page(browser, phone=True)
    page = rec.page
    page.emulate_media(color_scheme="light")
    page.goto(case)
    page.wait_for_load_state("networkidle")
    drawer = page.locator("nav.md-nav--primary")
    assert not drawer.is_visible() or drawer.bounding_box()["x"] < 0  # type: ignore[index]
    page.click("label.md-header__button[for=__drawer]")
    page.wait_for_function("() => { const r = document.querySelector('nav.md-nav--primary').getBoundingClientRect();"
                           " return r.x >= 0 && r.width > 200; }")
    assert [a.strip() for a in drawer.locator("a.md-nav__link").all_inner_texts()] == ["首页", "查找案例", "分类浏览", "数据统计", "关于"]
    page.keyboard.press("Escape")
    page.click("label.md-overlay", position={"x": 360, "y": 400}, force=True)
    page.wait_for_function("() => !document.getElementById('__drawer').checked")
    # the palette toggle cycles 跟随系统 → 浅色 → 深色, and the choice holds on a page of Material's own shell
    seen = []
    for _ in range(2):
        page.locator("label.md-header__button[for^='__palette_']:visible").click()
        seen.append(page.evaluate(scheme))
    assert seen == ["default", "slate"]
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    assert page.evaluate(scheme) == "slate"
    page.goto(case)
    page.wait_for_load_state("networkidle")
    assert page.evaluate(scheme) == "slate"  # lean.js applied the saved choice
    # back to top: shown when scrolling up, far down the page; it scrolls to the top
    page.mouse.wheel(0, 4000)
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -400)
    top = page.locator("button.md-top")
    top.wait_for(state="visible")
    top.click()
    page.wait_for_function("() => scrollY === 0")
    assert rec.errors == [] and rec.external(site_url) == []
    page.context.close()
    # desktop: the table of contents follows the reading position
    rec = new_page(browser)
    page = rec.page
    page.goto(case + "#sources")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !!document.querySelector('[data-md-component=toc] a.md-nav__link--active')")
    assert page.locator("[data-md-component=toc] a.md-nav__link--active").inner_text().strip() == "来源"
    assert rec.errors == []
    page.context.close()
