"""Demo co-authorship figures: China and ten partners, 2014–2023.

The figures are invented and labelled with :data:`DEMO_SOURCE`, which the pages show;
importing the OpenAlex files replaces nothing of them and adds the real figures beside
(``stcoop demo --reset`` removes only the demo rows).
"""

from __future__ import annotations

from stcoop.collaboration.models import CountryPairYear, CountryYear
from stcoop.demo.registry import DemoContext, DemoStep
from stcoop.geo.models import Country

DEMO_SOURCE = "DEMO (illustrative figures, not OpenAlex)"
YEARS = range(2014, 2024)
#: Partner → (works with China in 2014, yearly growth).
PARTNERS = {
    "US": (42000, 0.06),
    "GB": (11000, 0.08),
    "DE": (8000, 0.07),
    "AU": (7000, 0.09),
    "JP": (6500, 0.04),
    "SG": (3000, 0.10),
    "RU": (1500, 0.09),
    "ZA": (600, 0.12),
    "TH": (500, 0.14),
    "KZ": (90, 0.18),
}


def coauthorship_create(context: DemoContext) -> None:
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=["CN", *PARTNERS])}
    china = countries.get("CN")
    if china is None:
        return
    pairs: list[CountryPairYear] = []
    totals: dict[int, int] = {}
    for iso2, (start, growth) in PARTNERS.items():
        partner = countries.get(iso2)
        if partner is None:
            continue
        a, b = sorted((china, partner), key=lambda c: c.iso2)
        for offset, year in enumerate(YEARS):
            works = round(start * (1 + growth) ** offset * context.rng.uniform(0.95, 1.05))
            totals[year] = totals.get(year, 0) + works
            pairs.append(
                CountryPairYear(
                    year=year, country_a=a, country_b=b, works=works, source=DEMO_SOURCE
                )
            )
    existing: set[tuple[object, ...]] = set(
        CountryPairYear.objects.filter(source=DEMO_SOURCE).values_list(
            "year", "country_a_id", "country_b_id"
        )
    )
    new = [p for p in pairs if (p.year, p.country_a_id, p.country_b_id) not in existing]
    CountryPairYear.objects.bulk_create(new, ignore_conflicts=True)
    years_done = set(
        CountryYear.objects.filter(country=china, source=DEMO_SOURCE).values_list("year", flat=True)
    )
    CountryYear.objects.bulk_create(
        [
            CountryYear(year=y, country=china, coauthored_works=round(t * 1.3), source=DEMO_SOURCE)
            for y, t in totals.items()
            if y not in years_done
        ],
        ignore_conflicts=True,
    )
    kind = "co-authorship figures"
    context.report.created[kind] += len(new)
    context.report.existing[kind] += len(pairs) - len(new)
    context.report.notes.append(
        "Co-authorship: invented DEMO figures for China and ten partners; load the real ones "
        "with `stcoop import openalex-coauthorship FILE`."
    )


def coauthorship_reset(context: DemoContext) -> None:
    CountryPairYear.objects.filter(source=DEMO_SOURCE).delete()
    CountryYear.objects.filter(source=DEMO_SOURCE).delete()


demo_steps = [DemoStep("co-authorship figures", coauthorship_create, coauthorship_reset)]
