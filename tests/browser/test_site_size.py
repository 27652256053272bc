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

    from caselib.outputs.finder import card, field_labels, ordered, text_file
    from caselib.outputs.search.format import record_fields

    library = library_of(LIBRARY)
    labels = field_labels(library)
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
