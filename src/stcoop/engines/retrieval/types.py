"""The plain data the retrieval engine takes and returns."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Document", "Explanation", "Hit", "Mode", "SearchFilter", "TermMatch"]

#: How a query is answered: words (BM25), meaning (sentence vectors) or both fused.
Mode = Literal["hybrid", "lexical", "dense"]


@dataclass(frozen=True)
class Document:
    """One searchable record.

    Attributes:
        id: ``"<type>:<pk>"``, e.g. ``"organisation:42"``.
        type: the record type, e.g. ``"organisation"``.
        fields: field name → text (``"title_en"``, ``"title_zh"``, ``"keywords"``, ...).
        facets: facet name → values, e.g. ``{"country": ("CN", "DE")}``.
        date: the record's date, used by date filters.
    """

    id: str
    type: str
    fields: Mapping[str, str]
    facets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    date: datetime.date | None = None


@dataclass(frozen=True)
class SearchFilter:
    """Which documents a search may return.

    A document passes when its type is in ``types`` (``None``: any type), when for every
    facet given it has at least one of the values, when its date lies within
    ``date_from``..``date_to`` (inclusive; a document without a date fails any date
    bound), and when its id is not in ``exclude_ids``.
    """

    types: frozenset[str] | None = None
    facets: Mapping[str, frozenset[str]] = field(default_factory=dict)
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    exclude_ids: frozenset[str] = frozenset()

    @property
    def is_empty(self) -> bool:
        """Whether the filter lets every document through."""
        return (
            self.types is None
            and not self.facets
            and self.date_from is None
            and self.date_to is None
            and not self.exclude_ids
        )


@dataclass(frozen=True)
class TermMatch:
    """A query term found in a document field."""

    term: str
    field: str
    language: str


@dataclass(frozen=True)
class Explanation:
    """Why a document ranked where it did."""

    matched_terms: tuple[TermMatch, ...]
    lexical_score: float | None
    lexical_rank: int | None
    semantic_similarity: float | None
    dense_rank: int | None
    fields: tuple[str, ...]
    cross_lingual: bool


@dataclass(frozen=True)
class Hit:
    """One result: the document, its fused score and the reasons for it."""

    id: str
    type: str
    score: float
    explanation: Explanation
