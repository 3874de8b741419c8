"""Finding likely duplicate organisations in the registry, with evidence.

Only organisations of the same country are compared (records without a country are
left out), never a parent with its child, never a pair someone dismissed. Evidence:

* ``same_name``: a name of one is a name of the other after normalisation (this also
  catches a Chinese name of one that is an alias of the other: the zh/en crossing);
* ``similar_name``: names similar by :func:`rapidfuzz.fuzz.token_sort_ratio` (Latin
  script after :func:`stcoop.projects.importers.matching.normalise_name`, Chinese after
  conversion to simplified characters);
* ``acronym_city``: the same acronym in the same city.

Each pair gets a score in 0..1 from its strongest evidence plus a little for each
further kind. The list is cached per registry version (see
:func:`stcoop.organisations.resolution.registry_version`).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from stcoop.engines.text import normalize
from stcoop.organisations.choices import OrganisationStatus
from stcoop.organisations.models import DuplicateDismissal, Organisation
from stcoop.projects.importers.matching import normalise_city, normalise_name

#: Lowest similarity (0..100) of two names reported as ``similar_name``.
SIMILARITY_CUTOFF = 90
#: Rows compared at once (memory of the similarity matrix stays small).
CHUNK = 1000
EVIDENCE_WEIGHT = {"same_name": 0.95, "acronym_city": 0.8}


@dataclass
class DuplicatePair:
    """Two organisations that look like one, why, and how sure (0..1)."""

    low: int
    high: int
    score: float = 0.0
    evidence: list[tuple[str, str]] = field(default_factory=list)

    @property
    def kinds(self) -> set[str]:
        return {kind for kind, _detail in self.evidence}


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def _key(name: str) -> str:
    if _is_cjk(name):
        return normalize(name).replace(" ", "")
    return normalise_name(name)


def _rows() -> list[dict[str, Any]]:
    queryset: Any = (
        Organisation.objects.filter(merged_into__isnull=True, country__isnull=False)
        .exclude(status=OrganisationStatus.WITHDRAWN)
        .values(
            "pk",
            "name_en",
            "name_zh_hans",
            "name_original",
            "aliases",
            "acronyms",
            "country_id",
            "city",
            "parent_id",
        )
    )
    rows: list[dict[str, Any]] = list(queryset)
    return rows


def _names(row: dict[str, Any]) -> list[str]:
    names = [row["name_en"], row["name_zh_hans"], row["name_original"]]
    names += [a.get("name") for a in row["aliases"] or [] if isinstance(a, dict)]
    return [n for n in names if isinstance(n, str) and n.strip()]


class _Pairs:
    def __init__(self, parents: dict[int, int | None], dismissed: set[tuple[int, int]]) -> None:
        self.pairs: dict[tuple[int, int], DuplicatePair] = {}
        self.parents = parents
        self.dismissed = dismissed

    def add(self, a: int, b: int, kind: str, detail: str, score: float) -> None:
        if a == b:
            return
        low, high = (a, b) if a < b else (b, a)
        if (low, high) in self.dismissed:
            return
        if self.parents.get(low) == high or self.parents.get(high) == low:
            return
        pair = self.pairs.setdefault((low, high), DuplicatePair(low, high))
        if (kind, detail) not in pair.evidence:
            pair.evidence.append((kind, detail))
        pair.score = max(pair.score, score)

    def finished(self) -> list[DuplicatePair]:
        result = []
        for pair in self.pairs.values():
            extra = 0.03 * (len(pair.kinds) - 1)
            pair.score = round(min(1.0, pair.score + extra), 3)
            result.append(pair)
        result.sort(key=lambda p: (-p.score, p.low, p.high))
        return result


def _similar(pairs: _Pairs, keyed: list[tuple[int, str]]) -> None:
    """Add ``similar_name`` evidence among ``(pk, key)`` entries of one country."""
    if len(keyed) < 2:
        return
    pks = [pk for pk, _key_ in keyed]
    keys = [key for _pk, key in keyed]
    for start in range(0, len(keys), CHUNK):
        matrix = process.cdist(
            keys[start : start + CHUNK],
            keys,
            scorer=fuzz.token_sort_ratio,
            score_cutoff=SIMILARITY_CUTOFF,
            dtype=np.uint8,
        )
        for i, j in zip(*np.nonzero(matrix), strict=True):
            a, b = pks[start + int(i)], pks[int(j)]
            if a < b and keys[start + int(i)] != keys[int(j)]:
                similarity = int(matrix[i, j])
                detail = f"{keys[start + int(i)]} ~ {keys[int(j)]} ({similarity})"
                pairs.add(a, b, "similar_name", detail, 0.9 * similarity / 100)


def find_duplicates(rows: Iterable[dict[str, Any]] | None = None) -> list[DuplicatePair]:
    """Likely duplicate pairs, best first (see the module description)."""
    data = _rows() if rows is None else list(rows)
    dismissed = set(DuplicateDismissal.objects.values_list("low_id", "high_id"))
    pairs = _Pairs({r["pk"]: r["parent_id"] for r in data}, dismissed)
    by_name: dict[tuple[int, str], set[int]] = defaultdict(set)
    by_acronym_city: dict[tuple[int, str, str], set[int]] = defaultdict(set)
    keyed: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for row in data:
        keys = {k for k in (_key(n) for n in _names(row)) if len(k) >= 3}
        for key in keys:
            by_name[(row["country_id"], key)].add(row["pk"])
            keyed[row["country_id"]].append((row["pk"], key))
        city = normalise_city(row["city"] or "")
        for acronym in row["acronyms"] or []:
            if isinstance(acronym, str) and acronym.strip() and city:
                by_acronym_city[(row["country_id"], acronym.strip().upper(), city)].add(row["pk"])
    for (_country, key), pks in by_name.items():
        ordered = sorted(pks)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                pairs.add(a, b, "same_name", key, EVIDENCE_WEIGHT["same_name"])
    for (_country, acronym, city), pks in by_acronym_city.items():
        ordered = sorted(pks)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                detail = f"{acronym}, {city}"
                pairs.add(a, b, "acronym_city", detail, EVIDENCE_WEIGHT["acronym_city"])
    for entries in keyed.values():
        _similar(pairs, entries)
    return pairs.finished()


_lock = threading.Lock()
_cache: dict[str, Any] = {}


def cached_duplicates() -> list[DuplicatePair]:
    """:func:`find_duplicates`, computed again only when the registry changed or a pair
    was dismissed."""
    from stcoop.organisations.resolution import registry_version

    version = (registry_version(), DuplicateDismissal.objects.count())
    with _lock:
        if _cache.get("version") != version:
            _cache["pairs"] = find_duplicates()
            _cache["version"] = version
        pairs: list[DuplicatePair] = _cache["pairs"]
        return pairs
