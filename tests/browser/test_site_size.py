"""Site size (issue 14), in Chromium: the icons drawn from the shared assets/images/icons.svg show, on a
phone and a desktop, and take the scheme's colour (they are `<use>` of a symbol: a missing file or symbol
draws nothing, a box of zero size)."""

from __future__ import annotations

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
