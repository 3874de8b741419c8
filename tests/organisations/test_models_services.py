"""Model validation, the services and merging."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from organisations.factories import OrganisationFactory, make_country
from stcoop.core.choices import ChangeAction
from stcoop.core.models import ObjectChange
from stcoop.organisations.models import ExternalId, Organisation
from stcoop.organisations.services import (
    MERGE_REFERENCES,
    external_id_add,
    external_id_remove,
    merge_preview,
    organisation_create,
    organisation_delete,
    organisation_merge,
    organisation_update,
    register_merge_reference,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def _history(organisation: Organisation) -> list[ObjectChange]:
    return list(
        ObjectChange.objects.filter(
            content_type__app_label="organisations", object_id=str(organisation.pk)
        ).order_by("pk")
    )


def test_create_with_ids_normalises_and_logs(units: Any, users: Any) -> None:
    china = make_country("CN", "CHN", "China", "中国")
    org = organisation_create(
        actor=users.ministry_admin,
        owner_unit=units.ministry,
        kind="university",
        name_zh_hans="清华大学",
        name_en="Tsinghua University",
        acronyms=["THU"],
        country=china,
        external_ids=[("ror", "https://ror.org/03cve4549"), ("uscc", "12100000400000624D")],
    )
    assert sorted(org.external_ids.values_list("scheme", "value")) == [
        ("ror", "03cve4549"),
        ("uscc", "12100000400000624D"),
    ]
    history = _history(org)
    assert [h.action for h in history] == [ChangeAction.CREATE, ChangeAction.UPDATE]
    assert history[-1].after["external_ids"] == ["ror:03cve4549", "uscc:12100000400000624D"]
    with translation.override("zh-hans"):
        assert str(Organisation.objects.get(pk=org.pk)) == "清华大学"


def test_name_falls_back_to_english(units: Any, users: Any) -> None:
    org = organisation_create(
        actor=users.ministry_admin, owner_unit=units.ministry, kind="company", name_en="Acme"
    )
    with translation.override("zh-hans"):
        assert Organisation.objects.get(pk=org.pk).name == "Acme"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name_en": ""}, "name_en"),
        ({"name_original": "Universität Wien"}, "name_language"),
        ({"acronyms": "THU"}, "acronyms"),
        ({"aliases": [{"nom": "x"}]}, "aliases"),
        ({"service_kinds": ["ip"]}, "service_kinds"),
        ({"kind": "service", "service_kinds": ["banking"]}, "service_kinds"),
        ({"established": 3000}, "established"),
        ({"website": "not a url"}, "website"),
        ({"kind": "castle"}, "kind"),
    ],
)
def test_validation(units: Any, users: Any, fields: dict[str, Any], field: str) -> None:
    data = {"name_en": "Example", "kind": "university", **fields}
    with pytest.raises(ValidationError) as error:
        organisation_create(actor=users.ministry_admin, owner_unit=units.ministry, **data)
    assert field in error.value.message_dict


def test_bad_identifiers_are_refused(units: Any, users: Any) -> None:
    org = OrganisationFactory(owner_unit=units.ministry)
    with pytest.raises(ValidationError, match="check character"):
        external_id_add(
            actor=users.ministry_admin, organisation=org, scheme="uscc", value="91350100M000100Y44"
        )
    external_id_add(actor=users.ministry_admin, organisation=org, scheme="pic", value="999999999")
    other = OrganisationFactory(owner_unit=units.ministry, name_en="Other")
    with pytest.raises(ValidationError, match="already belongs"):
        external_id_add(
            actor=users.ministry_admin, organisation=other, scheme="pic", value="999 999 999"
        )
    external_id = org.external_ids.get()
    external_id_remove(actor=users.ministry_admin, external_id=external_id)
    assert not ExternalId.objects.exists()
    assert _history(org)[-1].before["external_ids"] == ["pic:999999999"]


def test_parent_cannot_make_a_loop(units: Any, users: Any) -> None:
    top = OrganisationFactory(owner_unit=units.ministry)
    child = OrganisationFactory(owner_unit=units.ministry, parent=top)
    with pytest.raises(ValidationError) as error:
        organisation_update(actor=users.ministry_admin, organisation=top, parent=child)
    assert "parent" in error.value.message_dict
    with pytest.raises(ValidationError):
        organisation_update(actor=users.ministry_admin, organisation=top, parent=top)


def test_update_refuses_unknown_fields_and_checks_permission(units: Any, users: Any) -> None:
    org = OrganisationFactory(owner_unit=units.ministry)
    with pytest.raises(ValidationError):
        organisation_update(actor=users.ministry_admin, organisation=org, merged_into=org)
    with pytest.raises(PermissionDenied):
        organisation_update(actor=users.org_user, organisation=org, city="Beijing")
    with pytest.raises(PermissionDenied):
        organisation_delete(actor=users.org_user, organisation=org)
    organisation_delete(actor=users.ministry_admin, organisation=org)
    assert not Organisation.objects.filter(pk=org.pk).exists()


def test_merge_moves_everything_and_keeps_history(units: Any, users: Any) -> None:
    germany = make_country("DE", "DEU", "Germany", "德国")
    keep = OrganisationFactory(
        owner_unit=units.ministry,
        name_en="Fraunhofer Society",
        name_zh_hans="弗劳恩霍夫协会",
        acronyms=["FhG"],
    )
    merge = OrganisationFactory(
        owner_unit=units.ministry,
        name_en="Fraunhofer-Gesellschaft",
        name_zh_hans="",
        acronyms=["FhG", "FG"],
        aliases=[{"name": "Fraunhofer", "language": "de"}],
        country=germany,
        city="Munich",
    )
    ExternalId.objects.create(organisation=merge, scheme="ror", value="05hkkdn48")
    child = OrganisationFactory(owner_unit=units.ministry, name_en="Fraunhofer ISI", parent=merge)
    earlier = OrganisationFactory(owner_unit=units.ministry, merged_into=merge, status="withdrawn")
    preview = merge_preview(keep=keep, merge=merge)
    assert preview["names"] == ["Fraunhofer-Gesellschaft", "Fraunhofer"]
    assert [str(c) for c in preview["children"]] == ["Fraunhofer ISI"]

    organisation_merge(actor=users.ministry_admin, keep=keep, merge=merge)

    keep.refresh_from_db()
    merge.refresh_from_db()
    child.refresh_from_db()
    earlier.refresh_from_db()
    assert list(keep.external_ids.values_list("value", flat=True)) == ["05hkkdn48"]
    assert {a["name"] for a in keep.aliases} == {"Fraunhofer-Gesellschaft", "Fraunhofer"}
    assert keep.acronyms == ["FhG", "FG"]
    assert keep.country == germany and keep.city == "Munich"
    assert child.parent_id == keep.pk
    assert earlier.merged_into_id == keep.pk
    assert merge.merged_into_id == keep.pk and merge.status == "withdrawn"
    assert _history(keep)[-1].after["external_ids"] == ["ror:05hkkdn48"]
    merged_entry = _history(merge)[-1]
    assert merged_entry.before["external_ids"] == ["ror:05hkkdn48"]
    assert merged_entry.after["merged_into_id"] == keep.pk


def test_merge_moves_registered_references(units: Any, users: Any) -> None:
    keep = OrganisationFactory(owner_unit=units.ministry)
    merge = OrganisationFactory(owner_unit=units.ministry)
    pointing = OrganisationFactory(owner_unit=units.ministry, merged_into=None)
    # Any foreign key to Organisation can be registered; "parent" stands in for a later app's.
    register_merge_reference("organisations.Organisation", "parent")
    try:
        Organisation.objects.filter(pk=pointing.pk).update(parent=merge)
        assert merge_preview(keep=keep, merge=merge)["references"] == [("organisations", 1)]
        organisation_merge(actor=users.ministry_admin, keep=keep, merge=merge)
    finally:
        MERGE_REFERENCES.remove(("organisations.Organisation", "parent"))
    pointing.refresh_from_db()
    assert pointing.parent_id == keep.pk


def test_merge_refusals(units: Any, users: Any) -> None:
    top = OrganisationFactory(owner_unit=units.ministry)
    child = OrganisationFactory(owner_unit=units.ministry, parent=top)
    grandchild = OrganisationFactory(owner_unit=units.ministry, parent=child)
    with pytest.raises(ValidationError, match="into itself"):
        organisation_merge(actor=users.ministry_admin, keep=top, merge=top)
    with pytest.raises(ValidationError, match="sub-organisations"):
        organisation_merge(actor=users.ministry_admin, keep=grandchild, merge=top)
    other = OrganisationFactory(owner_unit=units.enterprise)
    with pytest.raises(PermissionDenied):
        organisation_merge(actor=users.unit_admin, keep=child, merge=other)
    organisation_merge(actor=users.ministry_admin, keep=top, merge=other)
    with pytest.raises(ValidationError, match="already been merged"):
        organisation_merge(actor=users.ministry_admin, keep=child, merge=other)
    assert Organisation.objects.get(pk=other.pk).merged_into_id == top.pk


def test_merge_moves_many_to_many_references_once(units: Any, users: Any) -> None:
    from bases.factories import make_base

    keep = OrganisationFactory(owner_unit=units.ministry)
    merge = OrganisationFactory(owner_unit=units.ministry)
    other = OrganisationFactory(owner_unit=units.ministry)
    only_merge = make_base(units.ministry, name="基地甲")
    both = make_base(units.ministry, name="基地乙")
    only_merge.partner_organisations.set([merge, other])
    both.partner_organisations.set([keep, merge])
    organisation_merge(actor=users.ministry_admin, keep=keep, merge=merge)
    assert set(only_merge.partner_organisations.values_list("pk", flat=True)) == {
        keep.pk,
        other.pk,
    }
    assert list(both.partner_organisations.values_list("pk", flat=True)) == [keep.pk]
