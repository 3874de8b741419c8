"""Per-slot type, facet and date columns, turned into boolean masks for a filter."""

from __future__ import annotations

import builtins
import datetime
import re
from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from stcoop.engines.text import contains_cjk

from .types import Document, SearchFilter

__all__ = ["LANGUAGE_BITS", "FilterColumns", "language_bits"]

#: Bit of each language in a slot's language mask.
LANGUAGE_BITS = {"zh": 1, "en": 2}
_LATIN = re.compile(r"[A-Za-z]")


def language_bits(document: Document) -> int:
    """Which of Chinese and English (Latin script) the document's fields hold, as bits."""
    bits = 0
    for text in document.fields.values():
        if text:
            if contains_cjk(text):
                bits |= LANGUAGE_BITS["zh"]
            if _LATIN.search(text):
                bits |= LANGUAGE_BITS["en"]
    return bits


BoolArray = NDArray[np.bool_]
NO_DATE = np.iinfo(np.int32).min


class FilterColumns:
    """Type code, date and facet values of every slot."""

    def __init__(self) -> None:
        self._type_codes: dict[str, int] = {}
        self._types: NDArray[np.int16] = np.full(0, -1, dtype=np.int16)
        self._dates: NDArray[np.int32] = np.full(0, NO_DATE, dtype=np.int32)
        self._languages: NDArray[np.uint8] = np.zeros(0, dtype=np.uint8)
        # facet → value → slots; with a cached array per (facet, value).
        self._facets: dict[str, dict[str, set[int]]] = {}
        self._slot_facets: dict[int, Mapping[str, tuple[str, ...]]] = {}
        self._cache: dict[tuple[str, str], NDArray[np.int64]] = {}

    def _reserve(self, size: int) -> None:
        if size <= len(self._types):
            return
        capacity = max(size, 2 * len(self._types), 1024)
        types = np.full(capacity, -1, dtype=np.int16)
        types[: len(self._types)] = self._types
        dates = np.full(capacity, NO_DATE, dtype=np.int32)
        dates[: len(self._dates)] = self._dates
        languages = np.zeros(capacity, dtype=np.uint8)
        languages[: len(self._languages)] = self._languages
        self._types, self._dates, self._languages = types, dates, languages

    def set(self, slot: int, document: Document) -> None:
        """Record the filterable values of ``document`` at ``slot``."""
        self.discard(slot)
        self._reserve(slot + 1)
        code = self._type_codes.setdefault(document.type, len(self._type_codes))
        self._types[slot] = code
        self._dates[slot] = document.date.toordinal() if document.date else NO_DATE
        self._languages[slot] = language_bits(document)
        if document.facets:
            self._slot_facets[slot] = document.facets
            for name, values in document.facets.items():
                by_value = self._facets.setdefault(name, {})
                for value in values:
                    by_value.setdefault(value, set()).add(slot)
                    self._cache.pop((name, value), None)

    def discard(self, slot: int) -> None:
        """Forget the values at ``slot``."""
        if slot < len(self._types):
            self._types[slot] = -1
            self._dates[slot] = NO_DATE
            self._languages[slot] = 0
        old = self._slot_facets.pop(slot, None)
        if old:
            for name, values in old.items():
                for value in values:
                    self._facets[name][value].discard(slot)
                    self._cache.pop((name, value), None)

    def _slots_with(self, name: str, value: str) -> NDArray[np.int64]:
        key = (name, value)
        cached = self._cache.get(key)
        if cached is None:
            found = self._facets.get(name, {}).get(value, set())
            cached = np.fromiter(found, dtype=np.int64, count=len(found))
            self._cache[key] = cached
        return cached

    def mask(self, search_filter: SearchFilter, size: int, slot_of: Mapping[str, int]) -> BoolArray:
        """Per slot (``size`` of them), whether it passes ``search_filter``."""
        self._reserve(size)
        mask = np.ones(size, dtype=np.bool_)
        if search_filter.types is not None:
            codes = [self._type_codes[t] for t in search_filter.types if t in self._type_codes]
            mask &= np.isin(self._types[:size], np.asarray(codes, dtype=np.int16))
        for name, values in search_filter.facets.items():
            facet_mask = np.zeros(size, dtype=np.bool_)
            for value in values:
                slots = self._slots_with(name, value)
                facet_mask[slots[slots < size]] = True
            mask &= facet_mask
        if search_filter.date_from is not None or search_filter.date_to is not None:
            dates = self._dates[:size]
            mask &= dates != NO_DATE
            if search_filter.date_from is not None:
                mask &= dates >= _ordinal(search_filter.date_from)
            if search_filter.date_to is not None:
                mask &= dates <= _ordinal(search_filter.date_to)
        for doc_id in search_filter.exclude_ids:
            slot = slot_of.get(doc_id)
            if slot is not None and slot < size:
                mask[slot] = False
        return mask

    def without_language(self, slots: NDArray[np.int32], language: str) -> builtins.set[int]:
        """Those of ``slots`` with no text in ``language`` (all of them for another language)."""
        bit = LANGUAGE_BITS.get(language, 0)
        if not len(slots):
            return set()
        if not bit:
            return set(slots.tolist())
        lacking = (self._languages[slots] & bit) == 0
        return set(slots[lacking].tolist())

    def facet_values(self, slot: int) -> Mapping[str, tuple[str, ...]]:
        """The facets stored for ``slot``."""
        return self._slot_facets.get(slot, {})


def _ordinal(day: datetime.date) -> int:
    return day.toordinal()
