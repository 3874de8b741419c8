"""Deciding which organisation a participant named in a data file is.

The same organisation appears under slightly different names ("ROBERT BOSCH GMBH",
"Robert Bosch GmbH"; "CENTRE NATIONAL DE LA RECHERCHE SCIENTIFIQUE" and "... (CNRS)").
It must end up as one organisation where the evidence is clear and stay separate
otherwise. :func:`normalise_name` folds case, accents, punctuation, legal-form words at
the end (GMBH, SRL, AS, E.V., SCPA ...) and a few unambiguous abbreviations (UNIV →
UNIVERSITY); :class:`OrganisationMatcher` then matches, in this order:

1. an exact identifier (PIC, Norwegian organisation number);
2. an earlier decision: a participant with the same normalised name and city in the
   same country already linked to an organisation (so a second run links the same way);
3. same country, same normalised name, same normalised city;
4. same country and normalised name where one side has no city, only when exactly one
   organisation fits;
5. when no organisation has that name and a resolver is set (:meth:`load` sets the
   platform's, :class:`stcoop.organisations.resolution.ImporterResolver`): the
   organisation the resolver chooses with a high score in the same country ("linked by
   resolver"); a less certain answer comes back as ``candidates`` for the review queue;

and otherwise the importer creates a new organisation. A candidate that carries a
different identifier of the scheme the participant gives is never taken (two Norwegian
companies both called "TELLU AS" with different organisation numbers stay two).

Plain Python apart from :meth:`OrganisationMatcher.load`, which reads the registry.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

#: Legal-form words removed from the end of a name (after dots are removed, so "E.V."
#: is "EV" and "S.P.A." is "SPA").
LEGAL_FORMS = frozenset(
    """
    AB AE AG APS AS ASA ASBL BV BVBA CIC CO CORP CV DOO EG EIRL EPE EURL EV GBR GGMBH
    GIE GMBH IKE INC KFT KG KK LDA LIMITED LLC LLP LTD MBH NV OE OG OHG OU OY OYJ PLC PTE
    SA SAS SARL SAU SCA SCARL SCPA SCRL SE SL SLL SLU SNC SPA SPRL SRL SRO UG VZW ZOO
    """.split()
)
#: Abbreviations written out; only ones that cannot mean anything else in a name.
ABBREVIATIONS = {
    "UNIV": "UNIVERSITY",
    "INST": "INSTITUTE",
    "NATL": "NATIONAL",
    "TECHNOL": "TECHNOLOGY",
    "LAB": "LABORATORY",
    "LABS": "LABORATORIES",
    "CTR": "CENTRE",
    "CENTER": "CENTRE",
}
#: Beginnings of words that make a name a university's.
UNIVERSITY_WORDS = ("UNIVERSI", "HOCHSCHULE", "HOGSKOL", "HOGSKUL", "HOEGSKOL")
#: Letters NFKD does not split into a base letter and a mark.
FOLD = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d",
     "Đ": "D", "ı": "i", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH"}
)  # fmt: skip
_TRAILING_ACRONYM = re.compile(r"\s*\(([^()]{1,20})\)\s*$")
_NOT_WORD = re.compile(r"[^0-9A-Z]+")
_APOSTROPHE_S = re.compile(r"['\u2019`]S\b")
#: Words of a city that only say which post office or district ("PARIS CEDEX 15").
CITY_NOISE = frozenset({"CEDEX"})


def _fold(text: str) -> str:
    if text.isascii():
        return text.upper()
    text = unicodedata.normalize("NFKD", text.translate(FOLD))
    return "".join(c for c in text if not unicodedata.combining(c)).upper()


def name_tokens(name: str) -> list[str]:
    """The words of a name, upper case, without accents, punctuation, a trailing
    acronym in brackets, a leading "THE" and legal-form words at the end."""
    return list(_name_tokens(name or ""))


@lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[str, ...]:
    text = _TRAILING_ACRONYM.sub("", name or "")
    text = _APOSTROPHE_S.sub("S", _fold(text)).replace("&", " AND ").replace(".", "")
    tokens = [ABBREVIATIONS.get(t, t) for t in _NOT_WORD.split(text) if t]
    if tokens and tokens[0] == "THE" and len(tokens) > 1:
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1] in LEGAL_FORMS:
        tokens.pop()
    if len(tokens) > 3 and tokens[-3:] == ["SP", "Z", "OO"]:  # Polish sp. z o.o.
        tokens = tokens[:-3]
    return tuple(tokens)


def normalise_name(name: str) -> str:
    """The key organisation names are compared by (see the module description)."""
    return " ".join(_name_tokens(name or ""))


@lru_cache(maxsize=16384)
def normalise_city(city: str) -> str:
    """A city without case, accents, punctuation, a bracketed note ("ORBASSANO (TO)"),
    district numbers or CEDEX ("PARIS CEDEX 15" → "PARIS")."""
    text = re.sub(r"\([^()]*\)", " ", city or "")
    words = [t for t in _NOT_WORD.split(_fold(text)) if t]
    kept = [t for t in words if not t.isdigit() and t not in CITY_NOISE]
    return " ".join(kept or words)


def has_legal_form(name: str) -> bool:
    """Whether the name ends with a company legal form (GMBH, SRL, AS, LTD ...)."""
    text = _fold(_TRAILING_ACRONYM.sub("", name or "")).replace(".", "")
    words = [t for t in _NOT_WORD.split(text) if t]
    return len(words) > 1 and words[-1] in LEGAL_FORMS - {"EV", "ASBL", "VZW", "GGMBH"}


def guess_kind(name: str) -> str:
    """The kind of an organisation known only by name: university, company or other."""
    tokens = name_tokens(name)
    if any(t.startswith(UNIVERSITY_WORDS) for t in tokens):
        return "university"
    if has_legal_form(name):
        return "company"
    return "other"


@dataclass
class Candidate:
    """What the matcher knows of one registry organisation."""

    pk: int
    country_id: int | None
    city: str


@dataclass
class Match:
    """The answer for one participant: an organisation or none, and why;
    ``candidates``: uncertain resolver proposals to file for review."""

    pk: int | None
    how: str
    candidates: list[dict[str, Any]] = field(default_factory=list)


class Advisor(Protocol):
    """What :class:`OrganisationMatcher` asks when its exact rules find no name."""

    def advise(self, name: str, country: str | None, city: str = "") -> Any: ...


class OrganisationMatcher:
    """Finds the organisation of a participant (see the module description).

    Fill it with :meth:`load` (or :meth:`add_organisation` and :meth:`add_identifier`),
    then ask :meth:`match`; tell it about every organisation the import creates or links
    (:meth:`remember`) so later rows of the same file agree. :meth:`load` reads the
    identifiers at once and the names only when a participant is not found by
    identifier.
    """

    def __init__(self) -> None:
        self.by_id: dict[tuple[str, str], int] = {}
        self.ids_of: dict[int, dict[str, set[str]]] = defaultdict(dict)
        self.merged_into: dict[int, int] = {}
        self.candidates: dict[int, Candidate] = {}
        # (country_id, normalised name) -> pks of organisations with that name
        self.by_name: dict[tuple[int, str], set[int]] = defaultdict(set)
        # (country_id, normalised name, normalised city) -> pk, decided earlier
        self.decided: dict[tuple[int, str, str], int] = {}
        self._names_pending = False
        self._countries: set[int] | None = None
        #: the resolver asked when no organisation has the name (step 5), and the ISO2
        #: code of each country id
        self.resolver: Advisor | None = None
        self.country_codes: dict[int, str] = {}

    # ------------------------------------------------------------ filling
    def add_organisation(
        self,
        pk: int,
        names: Iterable[str],
        country_id: int | None,
        city: str,
        acronyms: Iterable[str] = (),
    ) -> None:
        """Index a registry organisation under each of its names, each name without a
        trailing word that is one of its acronyms ("... SCIENTIFIQUE CNRS"), and each
        name followed by a one-word acronym (so "... UNIVERSITET NTNU" in a file finds
        the registry's "... UNIVERSITET" with the acronym NTNU)."""
        self.candidates[pk] = Candidate(pk, country_id, normalise_city(city or ""))
        if country_id is None:
            return
        acronym_keys = {normalise_name(a) for a in acronyms if a}
        for name in names:
            tokens = name_tokens(name)
            if not tokens:
                continue
            key = " ".join(tokens)
            self.by_name[(country_id, key)].add(pk)
            if len(tokens) > 2 and tokens[-1] in acronym_keys:
                self.by_name[(country_id, " ".join(tokens[:-1]))].add(pk)
            elif len(tokens) > 1:
                for acronym in acronym_keys:
                    if acronym and " " not in acronym and acronym != tokens[-1]:
                        self.by_name[(country_id, f"{key} {acronym}")].add(pk)

    def add_identifier(self, pk: int, scheme: str, value: str) -> None:
        self.by_id[(scheme, value)] = pk
        self.ids_of[pk].setdefault(scheme, set()).add(value)

    def remember(self, pk: int, name: str, country_id: int | None, city: str) -> None:
        """Record that the participant ``name`` in ``city`` is organisation ``pk``."""
        if country_id is None:
            return
        key = normalise_name(name)
        if not key:
            return
        if pk not in self.candidates:
            self.add_organisation(pk, [name], country_id, city)
        else:
            self.by_name[(country_id, key)].add(pk)
        self.decided.setdefault((country_id, key, normalise_city(city or "")), pk)

    def load(
        self, countries: Iterable[int] | None = None, schemes: Iterable[str] | None = None
    ) -> OrganisationMatcher:
        """Read the identifiers of ``schemes`` (default: all; the only ones the
        participants can bring) and which organisations were merged into others; the
        names, of organisations in ``countries`` (default: all), are read by
        :meth:`load_names` when first needed."""
        from stcoop.organisations.models import ExternalId, Organisation

        identifiers = ExternalId.objects.all()
        if schemes is not None:
            identifiers = identifiers.filter(scheme__in=set(schemes))
        for scheme, value, pk in identifiers.values_list("scheme", "value", "organisation_id"):
            self.add_identifier(pk, scheme, value)
        self.merged_into = dict(
            Organisation.objects.filter(merged_into__isnull=False).values_list(
                "pk", "merged_into_id"
            )
        )
        self._names_pending = True
        self._countries = None if countries is None else set(countries)
        from stcoop.geo.models import Country
        from stcoop.organisations.resolution import ImporterResolver

        self.resolver = ImporterResolver()
        self.country_codes = dict(Country.objects.values_list("pk", "iso2"))
        return self

    def load_names(self) -> None:
        """Read every organisation not merged into another and the participants already
        linked to one (two queries)."""
        from stcoop.organisations.models import Organisation
        from stcoop.projects.models import Participation

        self._names_pending = False
        organisations = Organisation.objects.filter(merged_into__isnull=True)
        linked = Participation.objects.filter(
            organisation__isnull=False, organisation__merged_into__isnull=True
        )
        if self._countries is not None:
            organisations = organisations.filter(country_id__in=self._countries)
            linked = linked.filter(country_id__in=self._countries)
        rows = organisations.values_list(
            "pk", "name_en", "name_zh_hans", "name_original", "aliases", "acronyms",
            "country_id", "city",
        )  # fmt: skip
        for pk, name_en, name_zh, original, aliases, acronyms, country_id, city in rows:
            names = [name_en, name_zh, original]
            names += [a.get("name") for a in aliases or [] if isinstance(a, dict)]
            self.add_organisation(
                pk, [n for n in names if n], country_id, city, acronyms=acronyms or []
            )
        rows_linked = linked.order_by("pk").values_list(
            "organisation_id", "name_as_given", "country_id", "city"
        )
        for pk, name, country_id, city in rows_linked:
            self.remember(pk, name, country_id, city)

    def _current(self, pk: int) -> int:
        """The organisation ``pk`` was merged into (followed to the end), else ``pk``."""
        seen = {pk}
        while pk in self.merged_into and self.merged_into[pk] not in seen:
            pk = self.merged_into[pk]
            seen.add(pk)
        return pk

    # ------------------------------------------------------------ asking
    def match(
        self,
        name: str,
        country_id: int | None,
        city: str = "",
        ids: Iterable[tuple[str, str]] = (),
    ) -> Match:
        """The organisation of a participant, or ``Match(None, reason)``."""
        ids = list(ids)
        for scheme_value in ids:
            if scheme_value in self.by_id:
                return Match(self._current(self.by_id[scheme_value]), "identifier")
        if country_id is None:
            return Match(None, "no country")
        if self._names_pending:
            self.load_names()
        key = normalise_name(name)
        if not key:
            return Match(None, "no name")
        ncity = normalise_city(city)

        def fits(pk: int) -> bool:
            if pk not in self.candidates:
                return False
            held = self.ids_of.get(pk, {})
            return not any(held.get(scheme) and value not in held[scheme] for scheme, value in ids)

        decided = self.decided.get((country_id, key, ncity))
        if decided is not None and fits(decided):
            return Match(decided, "same name and city as an earlier participant")
        pks = [pk for pk in sorted(self.by_name.get((country_id, key), ())) if fits(pk)]
        if not pks:
            return self._ask_resolver(name, country_id, city, fits)
        same_city = [pk for pk in pks if self.candidates[pk].city == ncity]
        if ncity and len(same_city) == 1:
            return Match(same_city[0], "name and city")
        if ncity and len(same_city) > 1:
            return Match(None, "several organisations of that name in that city")
        if not ncity:
            if len(pks) == 1:
                return Match(pks[0], "name, no city given")
            return Match(None, "several organisations of that name")
        without_city = [pk for pk in pks if not self.candidates[pk].city]
        if len(without_city) == 1 and len(pks) == 1:
            return Match(without_city[0], "name, organisation without city")
        return Match(None, "same name in another city")

    def _ask_resolver(
        self, name: str, country_id: int, city: str, fits: Callable[[int], bool]
    ) -> Match:
        """Step 5: the resolver's choice, or its uncertain candidates."""
        none = Match(None, "no organisation of that name")
        if self.resolver is None:
            return none
        advice = self.resolver.advise(name, self.country_codes.get(country_id), city)
        pk = advice.pk
        if pk is not None:
            pk = self._current(pk)
            if pk in self.candidates and fits(pk):
                return Match(pk, "linked by resolver")
            return none
        none.candidates = list(advice.candidates)
        return none

    def has_scheme(self, pk: int, scheme: str) -> bool:
        """Whether organisation ``pk`` has an identifier of ``scheme``."""
        return bool(self.ids_of.get(pk, {}).get(scheme))
