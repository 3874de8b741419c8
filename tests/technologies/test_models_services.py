"""Profiles: references, expiry, validation, derived columns, history through services."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from organisations.factories import OrganisationFactory, make_country
from stcoop.core.models import ObjectChange
from stcoop.geo.models import Grouping, GroupingMembership
from stcoop.technologies.models import TechnologyProfile, add_months
from stcoop.technologies.services import profile_create, profile_delete, profile_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(units: Any) -> Any:
    return OrganisationFactory(owner_unit=units.province, name_en="Sun Yat-sen University")


def _create(actor: Any, unit: Any, organisation: Any, **fields: Any) -> TechnologyProfile:
    data: dict[str, Any] = {
        "title_zh_hans": "固态电池",
        "title_en": "Solid-state batteries",
        "organisation": organisation,
        **fields,
    }
    return profile_create(
        actor=actor, owner_unit=unit, kind=data.pop("kind", "technology_offer"), **data
    )


def test_reference_by_kind_and_year_and_kept_on_kind_change(
    units: Any, users: Any, organisation: Any
) -> None:
    year = timezone.localdate().year
    first = _create(users.unit_admin, units.province, organisation)
    second = _create(users.unit_admin, units.province, organisation, title_en="Other")
    request = _create(users.unit_admin, units.province, organisation, kind="rd_request")
    assert first.reference == f"TO-{year}-000001"
    assert second.reference == f"TO-{year}-000002"
    assert request.reference == f"RDR-{year}-000001"
    profile_update(actor=users.unit_admin, profile=first, kind="technology_request")
    first.refresh_from_db()
    assert first.reference == f"TO-{year}-000001"


def test_publishing_sets_dates_and_expiry_defaults_to_twelve_months(
    units: Any, users: Any, organisation: Any
) -> None:
    draft = _create(users.unit_admin, units.province, organisation)
    assert draft.status == "draft" and draft.publication_date is None and draft.expiry_date is None
    profile_update(actor=users.unit_admin, profile=draft, status="published")
    today = timezone.localdate()
    assert draft.publication_date == today
    assert draft.expiry_date == add_months(today, 12)
    assert not draft.is_expired
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2025, 11, 30), 3) == datetime.date(2026, 2, 28)


def test_languages_default_to_those_of_the_title(units: Any, users: Any, organisation: Any) -> None:
    both = _create(users.unit_admin, units.province, organisation)
    assert both.languages == ["zh", "en"]
    english = _create(users.unit_admin, units.province, organisation, title_zh_hans="")
    assert english.languages == ["en"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title_zh_hans": "", "title_en": " "}, "title_en"),
        ({"organisation": None}, "organisation"),
        ({"sectors": ["space_tourism"]}, "sectors"),
        ({"cooperation": ["barter"]}, "cooperation"),
        ({"keywords": ["ok", ""]}, "keywords"),
        ({"languages": ["english"]}, "languages"),
        ({"trl": 10}, "trl"),
        ({"ip_status": "copyright", "patent_numbers": ["CN1"]}, "patent_numbers"),
        (
            {
                "publication_date": datetime.date(2026, 3, 1),
                "expiry_date": datetime.date(2026, 2, 1),
            },
            "expiry_date",
        ),
        ({"owner_unit": None}, "owner_unit"),
    ],
)
def test_invalid_input_is_refused_by_field(
    units: Any, users: Any, organisation: Any, fields: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        profile_update(
            actor=users.platform_admin,
            profile=_create(users.platform_admin, units.province, organisation),
            **fields,
        )
    assert field in caught.value.message_dict
    with pytest.raises(ValidationError):
        profile_update(
            actor=users.platform_admin,
            profile=TechnologyProfile.objects.first(),  # type: ignore[arg-type]
            reference="TO-1999-000001",
        )


def test_permissions_are_checked_by_the_services(units: Any, users: Any, organisation: Any) -> None:
    with pytest.raises(PermissionDenied):
        _create(users.org_user, units.province, organisation)
    profile = _create(users.unit_admin, units.province, organisation)
    with pytest.raises(PermissionDenied):
        profile_update(actor=users.org_user, profile=profile, trl=3)
    with pytest.raises(PermissionDenied):
        profile_delete(actor=users.expert, profile=profile)


def test_history_records_fields_and_targets(units: Any, users: Any, organisation: Any) -> None:
    germany = make_country("DE", "DEU", "Germany", "德国")
    thailand = make_country("TH", "THA", "Thailand", "泰国")
    profile = _create(users.unit_admin, units.province, organisation, target_countries=[germany])
    profile_update(
        actor=users.unit_admin, profile=profile, trl=4, target_countries=[germany, thailand]
    )
    changes = list(ObjectChange.objects.filter(object_id=str(profile.pk)).order_by("pk"))
    assert [c.action for c in changes] == ["create", "update", "update", "update"]
    assert changes[1].after["target_countries"] == [germany.pk]
    assert changes[2].before["trl"] is None and changes[2].after["trl"] == 4
    assert changes[3].after["target_countries"] == sorted([germany.pk, thailand.pk])
    assert "title_en" in changes[0].after and "search_text" not in changes[0].after
    pk = profile.pk
    profile_delete(actor=users.unit_admin, profile=profile)
    assert ObjectChange.objects.filter(object_id=str(pk), action="delete").exists()


def test_target_country_filter_follows_groupings(units: Any, users: Any, organisation: Any) -> None:
    from stcoop.technologies.selectors import profile_list

    thailand = make_country("TH", "THA", "Thailand", "泰国")
    germany = make_country("DE", "DEU", "Germany", "德国")
    asean = Grouping.objects.create(
        code="asean", name_en="ASEAN", name_zh_hans="东盟", kind="regional"
    )
    GroupingMembership.objects.create(grouping=asean, country=thailand)
    by_grouping = _create(
        users.unit_admin,
        units.province,
        organisation,
        status="published",
        visibility="public",
        target_groupings=[asean],
    )
    by_country = _create(
        users.unit_admin,
        units.province,
        organisation,
        status="published",
        visibility="public",
        title_en="Other",
        target_countries=[germany],
    )
    found = profile_list(actor=None, filters={"target_country": "TH"})
    assert list(found) == [by_grouping]
    assert list(profile_list(actor=None, filters={"target_country": "DE"})) == [by_country]


def test_organisation_merge_moves_profiles(units: Any, users: Any, organisation: Any) -> None:
    from stcoop.organisations.services import organisation_merge

    other = OrganisationFactory(owner_unit=units.province)
    profile = _create(users.unit_admin, units.province, other)
    organisation_merge(actor=users.unit_admin, keep=organisation, merge=other)
    profile.refresh_from_db()
    assert profile.organisation == organisation
