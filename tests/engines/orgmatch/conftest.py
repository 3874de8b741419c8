"""A small registry with real organisations for the matcher's tests."""

from __future__ import annotations

import pytest

from stcoop.engines.orgmatch import OrgName, OrgRecord, Registry, Resolver

TSINGHUA = "https://ror.org/03cve4549"
CAS = "https://ror.org/034t30j35"
SIOM = "https://ror.org/02aqsxs83"
PKU = "https://ror.org/02v51f717"
UCB = "https://ror.org/01an7q238"
UC = "https://ror.org/00pjdza24"
WUSTL = "https://ror.org/01yc7t268"
UW = "https://ror.org/00cvxb145"
ICT = "https://ror.org/0090r4d87"


def _record(
    ror: str,
    names: list[tuple[str, str | None, str]],
    country: str,
    city: str,
    types: tuple[str, ...] = ("education",),
    parents: tuple[str, ...] = (),
) -> OrgRecord:
    return OrgRecord(
        id=ror,
        names=tuple(OrgName(t, lang, kind) for t, lang, kind in names),
        country=country,
        city=city,
        types=types,
        parent_ids=parents,
        ror_id=ror,
    )


RECORDS = [
    _record(
        TSINGHUA,
        [
            ("Tsinghua University", "en", "display"),
            ("清华大学", "zh", "label"),
            ("THU", None, "acronym"),
        ],
        "CN",
        "Beijing",
    ),
    _record(
        CAS,
        [
            ("Chinese Academy of Sciences", "en", "display"),
            ("中国科学院", "zh", "label"),
            ("CAS", None, "acronym"),
        ],
        "CN",
        "Beijing",
        ("government", "funder"),
    ),
    _record(
        SIOM,
        [
            ("Shanghai Institute of Optics and Fine Mechanics", "en", "display"),
            ("中国科学院上海光学精密机械研究所", "zh", "label"),
            ("SIOM", None, "acronym"),
        ],
        "CN",
        "Shanghai",
        ("facility",),
        (CAS,),
    ),
    _record(
        ICT,
        [
            ("Institute of Computing Technology", "en", "display"),
            ("ICT", None, "acronym"),
        ],
        "CN",
        "Beijing",
        ("facility",),
        (CAS,),
    ),
    _record(
        PKU,
        [("Peking University", "en", "display"), ("北京大学", "zh", "label")],
        "CN",
        "Beijing",
    ),
    _record(UC, [("University of California System", "en", "display")], "US", "Oakland"),
    _record(
        UCB,
        [("University of California, Berkeley", "en", "display"), ("UCB", None, "acronym")],
        "US",
        "Berkeley",
        parents=(UC,),
    ),
    _record(
        WUSTL,
        [("Washington University in St. Louis", "en", "display"), ("WUSTL", None, "acronym")],
        "US",
        "St Louis",
    ),
    _record(UW, [("University of Washington", "en", "display")], "US", "Seattle"),
]


@pytest.fixture(scope="session")
def registry() -> Registry:
    return Registry(RECORDS)


@pytest.fixture(scope="session")
def resolver(registry: Registry) -> Resolver:
    return Resolver(registry)


@pytest.fixture(scope="session")
def ungated(registry: Registry) -> Resolver:
    """A resolver that keeps every candidate the name evidence chose (no confidence gate)."""
    return Resolver(registry, threshold=None)
