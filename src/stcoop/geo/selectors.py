"""Reads of reference data: countries, groupings, and who was a member when.

A membership counts on day D when its ``valid_from`` is empty or on or before D and its
``valid_to`` is empty or after D (see :class:`stcoop.geo.models.GroupingMembership`).
``on=None`` means today in the platform's time zone.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from stcoop.geo.models import Country, Grouping, GroupingMembership


def _day(on: datetime.date | None) -> datetime.date:
    return on if on is not None else timezone.localdate()


def membership_on_q(on: datetime.date | None = None, *, prefix: str = "") -> Q:
    """A ``Q`` selecting memberships in force on day ``on`` (``prefix`` for related lookups)."""
    day = _day(on)
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
    )


def country_list() -> QuerySet[Country]:
    """Every country and territory, with its regions loaded."""
    return Country.objects.select_related("region", "sub_region", "intermediate_region")


def country_get(iso2: str) -> Country | None:
    """The country with ISO alpha-2 code ``iso2`` (any case), or ``None``."""
    return country_list().filter(iso2=iso2.upper()).first()


def members_of(grouping: Grouping | str, *, on: datetime.date | None = None) -> QuerySet[Country]:
    """The countries that are members of ``grouping`` (or its code) on day ``on``."""
    code = grouping if isinstance(grouping, str) else grouping.code
    memberships = GroupingMembership.objects.filter(
        membership_on_q(on), grouping__code=code, country=OuterRef("pk")
    )
    return country_list().filter(Exists(memberships))


def grouping_memberships(
    grouping: Grouping, *, on: datetime.date | None = None, history: bool = False
) -> QuerySet[GroupingMembership]:
    """Memberships of ``grouping``: those in force on ``on``, or every row when ``history``."""
    rows = GroupingMembership.objects.filter(grouping=grouping).select_related("country")
    if not history:
        rows = rows.filter(membership_on_q(on))
    return rows.order_by("country__iso2", "valid_from")


def country_memberships(
    country: Country, *, on: datetime.date | None = None, history: bool = False
) -> QuerySet[GroupingMembership]:
    """The groupings ``country`` belongs to on ``on`` (every row when ``history``)."""
    rows = GroupingMembership.objects.filter(country=country).select_related("grouping")
    if not history:
        rows = rows.filter(membership_on_q(on))
    return rows.order_by("grouping__position", "grouping__code", "valid_from")


def grouping_list(*, on: datetime.date | None = None) -> QuerySet[Grouping]:
    """Every grouping, annotated with ``member_count``: its members on day ``on``."""
    return Grouping.objects.annotate(
        member_count=Count("memberships", filter=membership_on_q(on, prefix="memberships__"))
    )


def grouping_get(code: str) -> Grouping | None:
    """The grouping with ``code``, or ``None``."""
    return Grouping.objects.filter(code=code).first()


# ---------------------------------------------------------------- resolving names in files
def normalise_name(value: str) -> str:
    """Fold case, width and spacing so ``" Viet  Nam "`` and ``"viet nam"`` compare equal."""
    text = unicodedata.normalize("NFKC", value).casefold()
    return re.sub(r"\s+", " ", text).strip()


class CountryResolver:
    """Finds a country from a code (alpha-2, alpha-3, numeric) or a name in either language.

    Built once per import from every stored country, so resolving a row costs no query.
    """

    def __init__(self, countries: QuerySet[Country] | None = None) -> None:
        self.by_code: dict[str, Country] = {}
        self.by_name: dict[str, set[str]] = defaultdict(set)
        self.by_iso2: dict[str, Country] = {}
        for country in countries if countries is not None else Country.objects.all():
            self.by_iso2[country.iso2] = country
            self.by_code[country.iso2] = country
            self.by_code[country.iso3] = country
            if country.numeric:
                self.by_code[country.numeric] = country
            names = [country.name_zh_hans, country.name_en, country.official_name]
            names += country.alt_names.splitlines()
            for name in names:
                if name and name.strip():
                    self.by_name[normalise_name(name)].add(country.iso2)

    @staticmethod
    def looks_like_code(value: str) -> bool:
        """Two or three ASCII letters, or up to three digits."""
        text = value.strip()
        return bool(re.fullmatch(r"[A-Za-z]{2,3}|[0-9]{1,3}", text))

    def resolve(self, value: str) -> tuple[Country | None, list[Country]]:
        """``(country, [])`` when ``value`` names one country; ``(None, candidates)`` if not.

        Candidates are listed when a name matches several countries, and empty when it
        matches none.
        """
        text = value.strip()
        if self.looks_like_code(text):
            code = text.zfill(3) if text.isdigit() else text.upper()
            found = self.by_code.get(code)
            return (found, []) if found else (None, [])
        matches = sorted(self.by_name.get(normalise_name(text), set()))
        if len(matches) == 1:
            return self.by_iso2[matches[0]], []
        return None, [self.by_iso2[iso2] for iso2 in matches]
