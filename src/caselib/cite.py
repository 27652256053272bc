"""“引用本案例”: a stable URL and id, and ready citations in GB/T 7714-2015 style and as BibTeX.

GB/T 7714-2015 cites an online resource as (section 4.1 / 8.8; type code EB = electronic bulletin,
carrier OL = online)::

    主要责任者. 题名[EB/OL]. (更新或修改日期)[引用日期]. 获取和访问路径.

Here the responsible party is the library (双工案例库, a corporate author), the title is the case
title, the update date is the record's ``updated``, and the access path is the case's permanent
URL. The citation date ([引用日期]) is the reader's, not the build's: the page prints the
placeholder ``CITE_DATE`` and ``extras.js`` fills in today's date; without JavaScript the reader
sees the placeholder and fills it in. The texts come from ``templates/cite/*.j2`` (plain text,
rendered without HTML escaping; the case page escapes them when it places them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined

from caselib.export import case_url
from caselib.model import Case, Library

AUTHOR = "双工案例库"
CITE_DATE = "引用日期"
BIBTEX_DATE = "YYYY-MM-DD"
_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")

_ENV = Environment(loader=PackageLoader("caselib", "templates"), autoescape=False, undefined=StrictUndefined,
                   trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)


def bibtex_escape(text: str) -> str:
    r"""Characters with a meaning in BibTeX, escaped (``&`` -> ``\&``; ``\ { }`` would unbalance fields)."""
    return _BIBTEX_SPECIAL.sub(lambda m: "\\textbackslash{}" if m.group(1) == "\\" else "\\" + m.group(1), text)


_ENV.filters["bibtex"] = bibtex_escape


@dataclass(frozen=True)
class Citation:
    id: str
    url: str
    gbt7714: str  # contains CITE_DATE once
    bibtex: str  # contains BIBTEX_DATE once


def citation(library: Library, case: Case) -> Citation:
    url = case_url(library, case)
    context = {"author": AUTHOR, "case": case, "url": url, "cite_date": CITE_DATE, "bibtex_date": BIBTEX_DATE}
    return Citation(case.id, url, _ENV.get_template("cite/gbt7714.txt.j2").render(context).strip(),
                    _ENV.get_template("cite/bibtex.bib.j2").render(context).strip())
