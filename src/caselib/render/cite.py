"""“引用本案例”: a stable URL and id, and ready citations in GB/T 7714-2015 style and as BibTeX.

GB/T 7714-2015 cites an online resource as (section 4.1 / 8.8; type code EB = electronic bulletin,
carrier OL = online)::

    主要责任者. 题名[EB/OL]. (更新或修改日期)[引用日期]. 获取和访问路径.

Here the responsible party is the library (双工案例库, a corporate author), the title is the case
title, the update date is the record's ``updated``, and the access path is the case's permanent
URL. The citation date ([引用日期]) is the reader's, not the build's: the page prints the
placeholder ``CITE_DATE`` and ``cite.js`` fills in today's date; without JavaScript the reader
sees the placeholder and fills it in. The permanent URL is the public base URL (``CASELIB_SITE_URL``,
see ``urls.public_base_url``) plus the case's path; a build without one does not guess an address
it may not be served at: the page prints the placeholder ``CITE_URL`` and ``cite.js`` fills in the
address the reader has the page at (the same site may be served by GitHub Pages and by a mirror).
The texts come from ``templates/cite/*.j2`` (plain text, rendered without HTML escaping); ``parts``
splits them at the placeholders so that the case page can mark each one for the script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined

from caselib.model.case import Case
from caselib.model.library import Library
from caselib.urls import absolute_url

AUTHOR = "双工案例库"
CITE_DATE = "引用日期"
BIBTEX_DATE = "YYYY-MM-DD"
CITE_URL = "本页网址"  # no public base URL configured: the page's own address, filled in by cite.js
_MARK = {"date": "\x00date\x00", "url": "\x00url\x00"}  # sentinels while rendering; no record text holds NUL
_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")

_ENV = Environment(loader=PackageLoader("caselib.render", "templates"), autoescape=False, undefined=StrictUndefined,
                   trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)


def bibtex_escape(text: str) -> str:
    r"""Characters with a meaning in BibTeX, escaped (``&`` -> ``\&``; ``\ { }`` would unbalance fields)."""
    return _BIBTEX_SPECIAL.sub(lambda m: "\\textbackslash{}" if m.group(1) == "\\" else "\\" + m.group(1), text)


_ENV.filters["bibtex"] = bibtex_escape


Part = tuple[str, str]  # ("text" | "date" | "url", text)


@dataclass(frozen=True)
class Citation:
    id: str
    url: str  # the absolute permanent URL, or "" when no public base URL is configured
    gbt7714: str  # contains CITE_DATE once (and CITE_URL once when ``url`` is "")
    bibtex: str  # contains BIBTEX_DATE once (and CITE_URL twice when ``url`` is "")
    gbt7714_parts: tuple[Part, ...] = ()
    bibtex_parts: tuple[Part, ...] = ()


def _parts(text: str, date: str) -> tuple[Part, ...]:
    """Text with sentinels -> parts: plain text, the citation date placeholder, the URL placeholder."""
    out: list[Part] = []
    for piece in re.split("(\x00(?:date|url)\x00)", text):
        if piece == _MARK["date"]:
            out.append(("date", date))
        elif piece == _MARK["url"]:
            out.append(("url", CITE_URL))
        elif piece:
            out.append(("text", piece))
    return tuple(out)


def citation(library: Library, case: Case) -> Citation:
    url = absolute_url(library.site_url, case.url) if library.site_url else ""
    context = {"author": AUTHOR, "case": case, "url": url or _MARK["url"], "cite_date": _MARK["date"],
               "bibtex_date": _MARK["date"]}
    gbt = _parts(_ENV.get_template("cite/gbt7714.txt.j2").render(context).strip(), CITE_DATE)
    bib = _parts(_ENV.get_template("cite/bibtex.bib.j2").render(context).strip(), BIBTEX_DATE)
    return Citation(case.id, url, "".join(text for _, text in gbt), "".join(text for _, text in bib), gbt, bib)
