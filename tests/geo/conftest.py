"""Fixtures of the reference-data tests.

Loading the packages takes well under a second but is still the slowest step, so each
test module loads once (``reference_data``, committed outside the per-test transactions)
and removes everything at the end, leaving the database empty for other apps' tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from stcoop.core.models import ObjectChange
from stcoop.geo.choices import RegionLevel
from stcoop.geo.loader import LoadReport
from stcoop.geo.models import Country, Grouping, GroupingMembership, Region
from stcoop.geo.services import reference_data_load


def clear_reference_data() -> None:
    """Delete every geo record and its history."""
    GroupingMembership.objects.all().delete()
    Grouping.objects.all().delete()
    Country.objects.all().delete()
    for level in (RegionLevel.INTERMEDIATE, RegionLevel.SUB_REGION, RegionLevel.REGION):
        Region.objects.filter(level=level).delete()
    types = ContentType.objects.filter(app_label="geo")
    ObjectChange.objects.filter(content_type__in=types).delete()


@pytest.fixture(scope="module")
def reference_data(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    """The packages' reference data, loaded once for the module; the first load's report."""
    with django_db_blocker.unblock():
        clear_reference_data()
        report = reference_data_load()
    yield report
    with django_db_blocker.unblock():
        clear_reference_data()


@pytest.fixture
def geo(reference_data: LoadReport, db: Any) -> LoadReport:
    """Reference data plus database access for one test (its writes are rolled back)."""
    return reference_data


@pytest.fixture
def bri(geo: LoadReport) -> Grouping:
    """The administrator-maintained Belt and Road grouping (empty after a load)."""
    return Grouping.objects.get(code="bri")


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Service messages in English, so assertions hold once the catalogue is translated.

    Requests choose their own language (``?lang=en`` in the page tests).
    """
    with translation.override("en"):
        yield
