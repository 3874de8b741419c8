"""Recognising the partners a user names among the organisations the engine knows.

:func:`name_key` folds case, accents, punctuation, a trailing acronym in brackets and
legal-form words at the end ("Robert Bosch GmbH" and "ROBERT BOSCH GMBH" give the same
key; Chinese names are kept as simplified characters). :class:`NameResolver` then
looks a named partner up: the exact key in the partner's country, or, when no country
is given, the exact key anywhere (when only a few organisations have it).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

from stcoop.engines.partners.model import Organisation, Participant
from stcoop.engines.text import normalize

__all__ = ["NameResolver", "name_key"]

_LEGAL_FORMS: Final = frozenset(
    """
    ab ae ag aps as asa asbl bv bvba co corp cv doo eg eirl epe eurl ev gbr ggmbh gie gmbh
    ike inc kft kg kk lda limited llc llp ltd mbh nv oe og ohg ou oy oyj plc pte sa sas
    sarl sau sca scarl scpa scrl se sl sll slu snc spa sprl srl sro ug vzw zoo
    """.split()
)
_TRAILING_ACRONYM: Final = re.compile(r"\s*\(([^()]{1,20})\)\s*$")
_WORDS: Final = re.compile(r"[^\W_]+", re.UNICODE)
_FOLD: Final = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "œ": "oe"})


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The key organisation names are compared by (see the module description).

    >>> name_key("Robert Bosch GmbH") == name_key("ROBERT BOSCH G.M.B.H.")
    True
    """
    text = _TRAILING_ACRONYM.sub("", name or "")
    text = normalize(text).translate(_FOLD).replace("&", " and ").replace(".", "")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = _WORDS.findall(text)
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words.pop()
    return " ".join(words)


class NameResolver:
    """Finds organisations by name (and country) among those given."""

    #: At most this many organisations are taken for a name given without a country.
    MAX_AMBIGUOUS: Final = 3

    def __init__(self, organisations: Iterable[Organisation]) -> None:
        self._by_key: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for org in organisations:
            seen: set[str] = set()
            for name in (org.name, *org.other_names):
                key = name_key(name)
                if key and key not in seen:
                    seen.add(key)
                    self._by_key[key].append((org.id, org.country))

    def resolve(self, participant: Participant) -> tuple[int, ...]:
        """The ids of the organisations ``participant`` names: those with its name key
        in its country (several when the registry holds duplicates); with no country
        given, every organisation with that key when there are at most
        :attr:`MAX_AMBIGUOUS`; else none."""
        found = self._by_key.get(name_key(participant.name), [])
        country = participant.country.strip().upper()
        if country:
            return tuple(sorted({org_id for org_id, c in found if c == country}))
        ids = sorted({org_id for org_id, _ in found})
        return tuple(ids) if len(ids) <= self.MAX_AMBIGUOUS else ()
