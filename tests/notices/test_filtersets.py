"""The notice FilterSet: the same filters on the list page and the API."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from notices.factories import NoticeFactory
from stcoop.core.choices import Visibility
from stcoop.notices.filtersets import NoticeFilterSet
from stcoop.notices.models import Notice

pytestmark = pytest.mark.django_db


def _titles(params: dict[str, Any]) -> set[str]:
    filterset = NoticeFilterSet(params, queryset=Notice.objects.all())
    assert filterset.is_valid(), filterset.errors
    return {n.title_en for n in filterset.qs}


@pytest.fixture
def notices(units: Any) -> None:
    today = timezone.localdate()
    NoticeFactory(
        owner_unit=units.base,
        category="call",
        title_zh_hans="中国—东盟联合实验室申报指南",
        title_en="ASEAN joint lab call",
        body_en="Applications open to universities.",
        published_on=datetime.date(2026, 1, 10),
        expires_on=today + datetime.timedelta(days=30),
        visibility=Visibility.PUBLIC,
    )
    NoticeFactory(
        owner_unit=units.ministry,
        category="policy",
        title_zh_hans="国际科技合作规划",
        title_en="Cooperation plan",
        body_zh_hans="支持企业走出去。",
        published_on=datetime.date(2026, 2, 20),
        expires_on=today - datetime.timedelta(days=1),
        visibility=Visibility.INTERNAL,
    )
    NoticeFactory(
        owner_unit=units.lab,
        category="event",
        title_zh_hans="",
        title_en="Lab open day",
        published_on=datetime.date(2026, 3, 5),
        visibility=Visibility.SHARED,
        shared_with=[units.province],
    )


@pytest.mark.usefixtures("notices")
def test_q_searches_both_languages_and_every_word() -> None:
    assert _titles({"q": "实验室"}) == {"ASEAN joint lab call"}
    assert _titles({"q": "universities"}) == {"ASEAN joint lab call"}
    assert _titles({"q": "企业"}) == {"Cooperation plan"}
    assert _titles({"q": "LAB"}) == {"ASEAN joint lab call", "Lab open day"}
    assert _titles({"q": "lab day"}) == {"Lab open day"}
    assert _titles({"q": "nothing-like-this"}) == set()


@pytest.mark.usefixtures("notices")
def test_category_visibility_owner_and_dates(units: Any) -> None:
    assert _titles({"category": ["call", "event"]}) == {"ASEAN joint lab call", "Lab open day"}
    assert _titles({"visibility": "internal"}) == {"Cooperation plan"}
    assert _titles({"owner_unit": units.lab.pk}) == {"Lab open day"}
    assert _titles({"published_on_after": "2026-02-01"}) == {"Cooperation plan", "Lab open day"}
    assert _titles({"published_on_after": "2026-02-01", "published_on_before": "2026-02-28"}) == {
        "Cooperation plan"
    }
    assert _titles({"current": "true"}) == {"ASEAN joint lab call", "Lab open day"}
    assert _titles({"current": "false"}) == {"Cooperation plan"}


def test_invalid_values_are_reported_by_field() -> None:
    filterset = NoticeFilterSet(
        {"category": ["rumour"], "published_on_after": "soon"}, queryset=Notice.objects.all()
    )
    assert not filterset.is_valid()
    assert set(filterset.errors) == {"category", "published_on"}
