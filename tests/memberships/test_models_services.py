"""Membership and programme rules, services and history."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from memberships.factories import InternationalOrganisationFactory, ProgrammeFactory
from organisations.factories import OrganisationFactory, make_country
from stcoop.core.models import ObjectChange
from stcoop.memberships.models import BigScienceProgramme, InternationalMembership
from stcoop.memberships.services import (
    membership_create,
    membership_delete,
    membership_update,
    participation_add,
    participation_remove,
    participation_update,
    programme_create,
    programme_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(units: Any) -> dict[str, Any]:
    with translation.override("en"):
        yield {
            "cn": make_country("CN", "CHN", "China", "中国"),
            "fr": make_country("FR", "FRA", "France", "法国"),
            "iaea": InternationalOrganisationFactory(owner_unit=units.ministry, name_en="IAEA"),
            "cas": OrganisationFactory(owner_unit=units.ministry, name_en="CAS", kind="institute"),
        }


def _changes(record: Any) -> list[ObjectChange]:
    return list(
        ObjectChange.objects.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=str(record.pk)
        ).order_by("pk")
    )


def test_membership_rules(world: dict[str, Any], units: Any, users: Any) -> None:
    admin = users.ministry_admin
    base = {"actor": admin, "owner_unit": units.ministry, "organisation": world["iaea"]}
    with pytest.raises(ValidationError) as both:
        membership_create(**base, member_country=world["cn"], member_organisation=world["cas"])
    assert "member_country" in both.value.message_dict
    with pytest.raises(ValidationError) as neither:
        membership_create(**base)
    assert "not both" in neither.value.message_dict["member_organisation"][0]
    with pytest.raises(ValidationError) as kind:
        membership_create(
            actor=admin,
            owner_unit=units.ministry,
            organisation=world["cas"],
            member_country=world["cn"],
        )
    assert "international" in kind.value.message_dict["organisation"][0]
    with pytest.raises(ValidationError) as itself:
        membership_create(**base, member_organisation=world["iaea"])
    assert "itself" in itself.value.message_dict["member_organisation"][0]
    with pytest.raises(ValidationError) as dates:
        membership_create(
            **base,
            member_country=world["cn"],
            since=datetime.date(2020, 1, 1),
            until=datetime.date(2019, 1, 1),
        )
    assert "until" in dates.value.message_dict
    with pytest.raises(ValidationError) as money:
        membership_create(
            **base, member_country=world["cn"], annual_contribution=Decimal("100"), currency=""
        )
    assert "currency" in money.value.message_dict
    with pytest.raises(ValidationError) as currency:
        membership_create(**base, member_country=world["cn"], currency="XYZ")
    assert "ISO 4217" in currency.value.message_dict["currency"][0]
    with pytest.raises(ValidationError):
        membership_create(**base, member_country=world["cn"], name="x")
    assert not InternationalMembership.objects.exists()
    membership = membership_create(
        **base,
        member_country=world["cn"],
        annual_contribution=Decimal("1200.50"),
        currency="eur",
        notes_zh_hans="备注",
        notes_en="Note",
    )
    assert membership.currency == "EUR" and membership.is_current
    assert str(membership) == "China · IAEA"


def test_membership_permission_and_history(world: dict[str, Any], units: Any, users: Any) -> None:
    with pytest.raises(PermissionDenied):
        membership_create(
            actor=users.org_user,
            owner_unit=units.ministry,
            organisation=world["iaea"],
            member_country=world["cn"],
        )
    hidden = InternationalOrganisationFactory(
        owner_unit=units.ministry, visibility="internal", name_en="Hidden"
    )
    with pytest.raises(ValidationError) as unseen:
        membership_create(
            actor=users.org_user,
            owner_unit=units.enterprise,
            organisation=hidden,
            member_country=world["cn"],
        )
    assert unseen.value.message_dict["organisation"] == ["No such organisation."]
    membership = membership_create(
        actor=users.org_user,
        owner_unit=units.enterprise,
        organisation=world["iaea"],
        member_country=world["cn"],
    )
    membership_update(actor=users.org_user, membership=membership, role="observer")
    with pytest.raises(PermissionDenied):
        membership_update(actor=users.base_manager, membership=membership, role="full")
    changes = _changes(membership)
    assert [c.action for c in changes] == ["create", "update"]
    assert changes[1].before["role"] == "full" and changes[1].after["role"] == "observer"
    pk = membership.pk
    membership_delete(actor=users.org_user, membership=membership)
    membership.pk = pk
    assert _changes(membership)[-1].action == "delete"


def test_participations_in_programme_history(world: dict[str, Any], units: Any, users: Any) -> None:
    admin = users.platform_admin
    programme = programme_create(
        actor=admin,
        owner_unit=units.ministry,
        name_en="ITER",
        acronym="ITER",
        kind="facility",
        participations=[{"country": world["fr"], "role": "host", "share": Decimal("45.46")}],
    )
    assert [c.action for c in _changes(programme)] == ["create", "update"]
    added = participation_add(
        actor=admin,
        programme=programme,
        country=world["cn"],
        share=Decimal("9.09"),
        amount=Decimal("10"),
        currency="eur",
        in_kind="Magnet feeders",
    )
    assert added.currency == "EUR"
    last = _changes(programme)[-1]
    assert len(last.after["participations"]) == 2 and len(last.before["participations"]) == 1
    assert any("9.09%" in label for label in last.after["participations"])
    with pytest.raises(ValidationError) as too_much:
        participation_add(actor=admin, programme=programme, country=world["cn"], share=Decimal(50))
    assert "more than 100%" in too_much.value.message_dict["share"][0]
    with pytest.raises(ValidationError) as neither:
        participation_add(actor=admin, programme=programme, role="member")
    assert "country" in neither.value.message_dict
    participation_update(actor=admin, participation=added, role="partner")
    assert (
        _changes(programme)[-1]
        .after["participations"][1]
        .startswith(f"country:{world['cn'].pk}:partner")
    )
    with pytest.raises(PermissionDenied):
        participation_remove(actor=users.org_user, participation=added)
    participation_remove(actor=admin, participation=added)
    assert programme.participations.count() == 1
    programme_update(
        actor=admin,
        programme=programme,
        participations=[{"organisation": world["cas"], "role": "contributor"}],
    )
    assert list(programme.participations.values_list("organisation__name_en", flat=True)) == ["CAS"]
    with pytest.raises(ValidationError) as nested:
        programme_update(actor=admin, programme=programme, participations=[{"role": "member"}])
    assert "participations.0.country" in nested.value.message_dict
    assert programme.participations.count() == 1  # nothing written


def test_programme_rules(units: Any, users: Any) -> None:
    with pytest.raises(ValidationError) as nameless:
        programme_create(actor=users.platform_admin, owner_unit=units.ministry, acronym="X")
    assert "name_en" in nameless.value.message_dict
    programme = ProgrammeFactory(owner_unit=units.ministry, name_en="Square Kilometre Array")
    programme.save()
    assert "square kilometre array" in programme.search_text
    assert BigScienceProgramme.objects.filter(search_text__contains="square").exists()
