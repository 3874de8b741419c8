"""Reading co-authorship figures: pairs, a country's top partners, yearly series."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, CharField, F, Max, Min, Q, QuerySet, Sum, When

from stcoop.collaboration.models import CountryPairYear, CountryYear
from stcoop.geo.models import Country
from stcoop.geo.selectors import members_of

DEFAULT_COUNTRY = "CN"
DEFAULT_TOP = 20


def pair_list() -> QuerySet[CountryPairYear]:
    """Every pair and year, with both countries loaded."""
    return CountryPairYear.objects.select_related("country_a", "country_b")


def involving(queryset: QuerySet[CountryPairYear], iso2: str) -> QuerySet[CountryPairYear]:
    """The rows one of whose countries is ``iso2``."""
    return queryset.filter(Q(country_a_id=iso2) | Q(country_b_id=iso2))


def pair_filter(
    queryset: QuerySet[CountryPairYear],
    *,
    country: str | None = None,
    partner: str | None = None,
    grouping: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> QuerySet[CountryPairYear]:
    """Narrow pair rows: with ``country``, ``partner`` and ``grouping`` (code of a grouping
    the partner belongs to today) apply to the other country of the pair; without it, to
    either country."""
    if year_from is not None:
        queryset = queryset.filter(year__gte=year_from)
    if year_to is not None:
        queryset = queryset.filter(year__lte=year_to)
    if country:
        queryset = involving(queryset, country)
        if partner:
            low, high = sorted((country, partner))
            queryset = queryset.filter(Q(country_a_id=low) & Q(country_b_id=high))
        if grouping:
            members = list(members_of(grouping).values_list("iso2", flat=True))
            queryset = queryset.filter(
                Q(country_a_id=country, country_b_id__in=members)
                | Q(country_b_id=country, country_a_id__in=members)
            )
        return queryset
    if partner:
        queryset = involving(queryset, partner)
    if grouping:
        members = list(members_of(grouping).values_list("iso2", flat=True))
        queryset = queryset.filter(Q(country_a_id__in=members) | Q(country_b_id__in=members))
    return queryset


def year_bounds() -> tuple[int | None, int | None]:
    """The first and last year with figures."""
    bounds = CountryPairYear.objects.aggregate(first=Min("year"), last=Max("year"))
    return bounds["first"], bounds["last"]


@dataclass(frozen=True)
class Partner:
    """A partner of a country over a span of years."""

    country: Country
    works: int
    share: float | None  # of the country's internationally co-authored works

    @property
    def percent(self) -> float | None:
        """The share in per cent."""
        return None if self.share is None else self.share * 100


def top_partners(
    iso2: str,
    *,
    year_from: int | None = None,
    year_to: int | None = None,
    grouping: str | None = None,
    limit: int = DEFAULT_TOP,
) -> list[Partner]:
    """The partners of ``iso2`` with the most co-authored works in the years, most first."""
    rows = pair_filter(
        CountryPairYear.objects.all(),
        country=iso2,
        grouping=grouping,
        year_from=year_from,
        year_to=year_to,
    )
    totals = list(
        rows.annotate(
            partner=Case(
                When(country_a_id=iso2, then=F("country_b_id")),
                default=F("country_a_id"),
                output_field=CharField(),
            )
        )
        .values("partner")
        .annotate(total=Sum("works"))
        .order_by("-total", "partner")[:limit]
    )
    countries = Country.objects.in_bulk([row["partner"] for row in totals], field_name="iso2")
    overall = _total(iso2, year_from, year_to)
    return [
        Partner(
            country=countries[row["partner"]],
            works=row["total"],
            share=(row["total"] / overall) if overall else None,
        )
        for row in totals
        if row["partner"] in countries
    ]


def _total(iso2: str, year_from: int | None, year_to: int | None) -> int:
    rows = CountryYear.objects.filter(country_id=iso2)
    if year_from is not None:
        rows = rows.filter(year__gte=year_from)
    if year_to is not None:
        rows = rows.filter(year__lte=year_to)
    return int(rows.aggregate(total=Sum("coauthored_works"))["total"] or 0)


@dataclass(frozen=True)
class YearPoint:
    """One year of a series: the country's international works and, for a pair, the
    works with the partner."""

    year: int
    coauthored_works: int | None
    pair_works: int | None


def series(
    iso2: str,
    partner: str | None = None,
    *,
    year_from: int | None = None,
    year_to: int | None = None,
) -> list[YearPoint]:
    """Year by year: ``iso2``'s internationally co-authored works and, with ``partner``,
    the works the two countries wrote together (years with neither figure left out)."""
    totals = CountryYear.objects.filter(country_id=iso2)
    if year_from is not None:
        totals = totals.filter(year__gte=year_from)
    if year_to is not None:
        totals = totals.filter(year__lte=year_to)
    by_year: dict[int, int] = dict(totals.values_list("year", "coauthored_works"))
    pairs: dict[int, int] = {}
    if partner:
        low, high = sorted((iso2, partner))
        rows = pair_filter(
            CountryPairYear.objects.filter(Q(country_a_id=low) & Q(country_b_id=high)),
            year_from=year_from,
            year_to=year_to,
        )
        pairs = dict(rows.values_list("year", "works"))
    years = sorted(set(by_year) | set(pairs))
    return [
        YearPoint(year, by_year.get(year), pairs.get(year) if partner else None) for year in years
    ]


@dataclass(frozen=True)
class CountrySummary:
    """The latest year of a country's figures, for the country page of the registry."""

    iso2: str
    year: int | None
    coauthored_works: int | None
    partners: list[Partner]


def country_summary(iso2: str, *, limit: int = 5) -> CountrySummary:
    """``iso2``'s internationally co-authored works and top partners in its latest year."""
    last = CountryPairYear.objects.filter(Q(country_a_id=iso2) | Q(country_b_id=iso2)).aggregate(
        last=Max("year")
    )["last"]
    if last is None:
        return CountrySummary(iso2, None, None, [])
    total = (
        CountryYear.objects.filter(country_id=iso2, year=last)
        .values_list("coauthored_works", flat=True)
        .first()
    )
    partners = top_partners(iso2, year_from=last, year_to=last, limit=limit)
    return CountrySummary(iso2, last, total, partners)


def other_sources(iso2: str) -> list[str]:
    """The sources other than OpenAlex of the figures of country ``iso2`` (e.g. demo
    figures), so pages can say where they come from."""
    from django.db.models import Q

    from stcoop.collaboration.models import OPENALEX, CountryPairYear

    rows = CountryPairYear.objects.filter(Q(country_a_id=iso2) | Q(country_b_id=iso2))
    return sorted(set(rows.exclude(source=OPENALEX).values_list("source", flat=True)))
