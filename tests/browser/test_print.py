"""A case prints on A4 without navigation or buttons (Chromium's print to PDF, read back with pypdf)."""

from __future__ import annotations

import io

from pypdf import PdfReader
from support import new_page

HIDDEN = [".md-header", ".md-sidebar--primary", ".md-footer", ".cl-actions", "[data-cl-copy]"]


def test_case_prints_cleanly_on_a4(browser: object, site_url: str) -> None:
    rec = new_page(browser)
    page = rec.page
    page.goto(site_url + "cases/yiliang-wumeng-children-companionship/")
    page.emulate_media(media="print")
    for selector in HIDDEN:
        assert page.locator(selector).first.evaluate("e => getComputedStyle(e).display") == "none", selector
    assert page.locator(".cl-sources").is_visible()
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert 1 <= len(pdf.pages) <= 8
    box = pdf.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2  # A4 in points
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "yiliang-wumeng-children-companionship" in text  # the citation and id are printed
    assert rec.external(site_url) == [] and rec.errors == []
    page.context.close()


def test_prose_links_print_their_address(browser: object, site_url: str) -> None:
    rec = new_page(browser)
    page = rec.page
    page.goto(site_url + "cases/yiliang-wumeng-children-companionship/")
    page.evaluate("""() => { const a = document.createElement('a'); a.href = 'https://example.org/x';
        a.textContent = 'x'; a.id = 'probe'; document.querySelector('.cl-prose').appendChild(a); }""")
    page.emulate_media(media="print")
    after = page.evaluate("getComputedStyle(document.getElementById('probe'), '::after').content")
    assert "https://example.org/x" in after
    page.context.close()
