"""Maintaining members one by one: validity periods, history, permission."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from stcoop.core.models import ObjectChange
from stcoop.geo.models import Country, Grouping, GroupingMembership
from stcoop.geo.selectors import country_memberships, members_of
from stcoop.geo.services import grouping_member_add, grouping_member_remove

D = datetime.date


def _kz() -> Country:
    return Country.objects.get(iso2="KZ")


def test_member_on_a_date(bri: Grouping, users: Any) -> None:
    admin = users.platform_admin
    grouping_member_add(actor=admin, grouping=bri, country=_kz(), valid_from=D(2014, 1, 1))
    grouping_member_remove(actor=admin, grouping=bri, country=_kz(), valid_to=D(2020, 1, 1))
    assert not members_of(bri, on=D(2013, 12, 31)).exists()
    assert list(members_of(bri, on=D(2014, 1, 1))) == [_kz()]
    assert list(members_of(bri, on=D(2019, 12, 31))) == [_kz()]
    assert not members_of(bri, on=D(2020, 1, 1)).exists()
    row = GroupingMembership.objects.get(grouping=bri)
    assert (row.valid_from, row.valid_to) == (D(2014, 1, 1), D(2020, 1, 1))


def test_leaving_keeps_the_row_and_rejoining_adds_one(bri: Grouping, users: Any) -> None:
    admin = users.ministry_admin
    grouping_member_add(actor=admin, grouping=bri, country=_kz(), valid_from=D(2015, 1, 1))
    grouping_member_remove(actor=admin, grouping=bri, country=_kz(), valid_to=D(2018, 1, 1))
    grouping_member_add(actor=admin, grouping=bri, country=_kz(), valid_from=D(2021, 1, 1))
    periods = list(
        country_memberships(_kz(), history=True)
        .filter(grouping=bri)
        .values_list("valid_from", "valid_to")
    )
    assert periods == [(D(2015, 1, 1), D(2018, 1, 1)), (D(2021, 1, 1), None)]
    assert not members_of(bri, on=D(2019, 1, 1)).exists()


def test_remove_defaults_to_today(bri: Grouping, users: Any) -> None:
    grouping_member_add(actor=users.platform_admin, grouping=bri, country=_kz())
    row = grouping_member_remove(actor=users.platform_admin, grouping=bri, country=_kz())
    assert row.valid_to is not None
    assert not members_of(bri).exists()


def test_clear_errors(bri: Grouping, users: Any) -> None:
    admin = users.platform_admin
    grouping_member_add(actor=admin, grouping=bri, country=_kz(), valid_from=D(2015, 1, 1))
    with pytest.raises(ValidationError) as already:
        grouping_member_add(actor=admin, grouping=bri, country=_kz())
    assert "already a member" in str(already.value.message_dict["country"])
    with pytest.raises(ValidationError) as before_start:
        grouping_member_remove(actor=admin, grouping=bri, country=_kz(), valid_to=D(2015, 1, 1))
    assert "valid_to" in before_start.value.message_dict
    grouping_member_remove(actor=admin, grouping=bri, country=_kz(), valid_to=D(2016, 1, 1))
    with pytest.raises(ValidationError) as overlap:
        grouping_member_add(actor=admin, grouping=bri, country=_kz(), valid_from=D(2015, 6, 1))
    assert "2016-01-01" in str(overlap.value.message_dict["valid_from"])
    with pytest.raises(ValidationError) as not_member:
        grouping_member_remove(actor=admin, grouping=bri, country=Country.objects.get(iso2="FR"))
    assert "not a member" in str(not_member.value.message_dict["country"])


def test_package_groupings_are_not_edited_by_hand(geo: Any, users: Any) -> None:
    asean = Grouping.objects.get(code="asean")
    with pytest.raises(ValidationError) as refused:
        grouping_member_add(actor=users.platform_admin, grouping=asean, country=_kz())
    assert "worldcountrygroups" in str(refused.value.message_dict["grouping"])


@pytest.mark.parametrize("role", ["unit_admin", "base_manager", "org_user", "expert"])
def test_only_administrators_edit_members(bri: Grouping, users: Any, role: str) -> None:
    with pytest.raises(PermissionDenied):
        grouping_member_add(actor=getattr(users, role), grouping=bri, country=_kz())
    assert not bri.memberships.exists()


def test_changes_are_logged_with_the_actor(bri: Grouping, users: Any) -> None:
    membership = grouping_member_add(
        actor=users.platform_admin, grouping=bri, country=_kz(), note="MoU 2014"
    )
    grouping_member_remove(
        actor=users.platform_admin, grouping=bri, country=_kz(), valid_to=D(2030, 1, 1)
    )
    entries = ObjectChange.objects.filter(
        content_type__model="groupingmembership", object_id=str(membership.pk)
    ).order_by("pk")
    assert [(e.action, e.actor_name) for e in entries] == [
        ("create", "padmin"),
        ("update", "padmin"),
    ]
    assert entries[1].diff() == [("valid_to", None, "2030-01-01")]


def test_source_update_checks_permission_then_fields(bri: Grouping, users: Any) -> None:
    from stcoop.geo.services import grouping_source_update

    with pytest.raises(PermissionDenied):
        grouping_source_update(actor=users.org_user, grouping=bri, fields={"source_name": "x"})
    with pytest.raises(ValidationError) as wrong:
        grouping_source_update(actor=users.platform_admin, grouping=bri, fields={"code": "x"})
    assert "code" in wrong.value.message_dict
    updated = grouping_source_update(
        actor=users.platform_admin,
        grouping=bri,
        fields={"source_name": "Belt and Road Portal", "source_date": D(2025, 1, 1)},
    )
    assert (updated.source_name, updated.source_date) == ("Belt and Road Portal", D(2025, 1, 1))
    assert ObjectChange.objects.filter(
        content_type__model="grouping", object_id=str(bri.pk), actor_name="padmin"
    ).exists()
