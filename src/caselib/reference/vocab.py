"""Controlled vocabularies: themes, target groups, methods, partner types.

Each vocabulary is a YAML file in ``data/vocab/``; each term has a permanent
ASCII ``slug`` (used in URLs), the Chinese ``name`` that records use, a
one-sentence ``definition`` and optional ``aliases``, ``maps_to`` (national
categories) and ``related`` slugs. These files are the one source of the
terms: the JSON Schema's enums are generated from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The value a record writes when its source does not say (themes: [不详], a unit's type: 不详). Not a term of
# any vocabulary: it is allowed by the schema, shown as “来源未说明”, and never counted as a term.
UNSTATED = "不详"

# The record fields whose values are vocabulary terms; each vocabulary is data/vocab/<field>.yml. (A unit's
# ``type`` holds a partner_types term; ``partner_types`` is what the pages and facets call those.)
VOCABULARIES = ("themes", "target_groups", "methods", "partner_types")
# The three that a record may also mark as inferred (``inferred.<field>``) or write as [不详].
VOCAB_FIELDS = ("themes", "target_groups", "methods")


@dataclass(frozen=True)
class Term:
    """One term of a vocabulary."""

    slug: str
    name: str
    definition: str
    aliases: tuple[str, ...] = ()
    maps_to: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    source: dict[str, Any] | None = None  # the policy document the term comes from (document, issuer, date …)


@dataclass
class Vocabulary:
    """A vocabulary file: its terms in file order, plus lookups."""

    key: str  # themes | target_groups | methods | partner_types
    title: str
    folder: str  # URL folder of its pages (``urls.TERM_FOLDERS``)
    terms: list[Term]
    combinations: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_name = {t.name: t for t in self.terms}
        self.by_slug = {t.slug: t for t in self.terms}
        self.by_alias = {a: t for t in self.terms for a in t.aliases}

    def names(self) -> list[str]:
        return [t.name for t in self.terms]

    def index(self, name: str) -> int:
        return self.terms.index(self.by_name[name])
