"""People: identifiers, validation, services and the change history, merge of organisations."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from organisations.factories import OrganisationFactory
from people.factories import PersonFactory
from stcoop.core.models import ObjectChange
from stcoop.organisations.services import organisation_merge
from stcoop.people import identifiers
from stcoop.people.models import Affiliation, Person
from stcoop.people.services import (
    affiliation_add,
    affiliation_end,
    affiliation_remove,
    person_create,
    person_delete,
    person_update,
    publication_add,
    publication_remove,
)

pytestmark = pytest.mark.django_db


def test_orcid_checksum() -> None:
    assert identifiers.normalise_orcid("0000-0002-1825-0097") == "0000-0002-1825-0097"
    assert identifiers.normalise_orcid("https://orcid.org/0000000218250097") == (
        "0000-0002-1825-0097"
    )
    assert identifiers.normalise_orcid("0000-0002-1694-233x") == "0000-0002-1694-233X"
    with pytest.raises(identifiers.IdentifierError, match="check digit"):
        identifiers.normalise_orcid("0000-0002-1825-0098")
    with pytest.raises(identifiers.IdentifierError, match="16 digits"):
        identifiers.normalise_orcid("0000-0002-1825")


def test_doi_normalised() -> None:
    assert identifiers.normalise_doi("https://doi.org/10.5555/ABC.1") == "10.5555/abc.1"
    assert identifiers.normalise_doi("doi: 10.5555/x") == "10.5555/x"
    with pytest.raises(identifiers.IdentifierError):
        identifiers.normalise_doi("not a doi")


def test_person_create_validates_and_logs(units: Any, users: Any) -> None:
    person = person_create(
        actor=users.unit_admin,
        owner_unit=units.base,
        family_name="Vogel",
        given_names="Anna",
        languages=["de", "en"],
        keywords=["光伏"],
        orcid="https://orcid.org/0000-0002-1825-0097",
        email="anna@example.org",
    )
    assert person.name_latin == "Anna Vogel"
    assert person.orcid == "0000-0002-1825-0097"
    change = ObjectChange.objects.get(object_id=str(person.pk), action="create")
    assert change.after is not None and change.after["email"].startswith("sha256:")
    assert "anna@example.org" not in str(change.after)
    with pytest.raises(ValidationError) as error:
        person_create(
            actor=users.unit_admin,
            owner_unit=units.base,
            family_name="X",
            languages=["xx"],
            orcid="0000-0002-1825-0098",
        )
    assert set(error.value.message_dict) == {"languages", "orcid"}
    with pytest.raises(ValidationError) as error:
        person_create(actor=users.unit_admin, owner_unit=units.base)
    assert "name_zh" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        person_create(actor=users.org_user, owner_unit=units.base, name_zh="张三")


def test_update_delete_permissions(units: Any, users: Any) -> None:
    person = PersonFactory(owner_unit=units.base)
    person_update(actor=users.base_manager, person=person, keywords=["AI"])
    assert Person.objects.get(pk=person.pk).search_text.endswith("ai")
    with pytest.raises(PermissionDenied):
        person_update(actor=users.org_user, person=person, keywords=["x"])
    with pytest.raises(PermissionDenied):
        person_delete(actor=users.base_manager, person=person)  # did not create it
    person_delete(actor=users.unit_admin, person=person)
    assert not Person.objects.filter(pk=person.pk).exists()


def test_affiliation_dates_and_primary(units: Any, users: Any) -> None:
    person = PersonFactory(owner_unit=units.base)
    org = OrganisationFactory(owner_unit=units.ministry)
    with pytest.raises(ValidationError) as error:
        affiliation_add(
            actor=users.unit_admin,
            person=person,
            organisation=org,
            start_date=datetime.date(2020, 1, 1),
            end_date=datetime.date(2019, 1, 1),
        )
    assert "end_date" in error.value.message_dict
    first = affiliation_add(
        actor=users.unit_admin, person=person, organisation=org, is_primary=True
    )
    second = affiliation_add(
        actor=users.unit_admin,
        person=person,
        organisation=OrganisationFactory(owner_unit=units.ministry),
        start_date=datetime.date(2021, 1, 1),
        is_primary=True,
    )
    first.refresh_from_db()
    assert not first.is_primary and second.is_primary
    with pytest.raises(ValidationError):
        affiliation_end(
            actor=users.unit_admin, affiliation=second, end_date=datetime.date(2020, 1, 1)
        )
    second.refresh_from_db()
    ended = affiliation_end(
        actor=users.unit_admin, affiliation=second, end_date=datetime.date(2022, 1, 1)
    )
    assert not ended.is_current and not ended.is_primary
    with pytest.raises(PermissionDenied):
        affiliation_remove(actor=users.org_user, affiliation=first)
    affiliation_remove(actor=users.unit_admin, affiliation=first)
    assert person.affiliations.count() == 1
    # Every change is in the person's history.
    assert ObjectChange.objects.filter(object_id=str(person.pk), action="update").count() == 4


def test_affiliation_needs_a_visible_organisation(units: Any, users: Any) -> None:
    person = PersonFactory(owner_unit=units.enterprise)
    hidden = OrganisationFactory(owner_unit=units.ministry, visibility="internal")
    with pytest.raises(ValidationError):
        affiliation_add(actor=users.org_user, person=person, organisation=hidden)


def test_publications(units: Any, users: Any) -> None:
    person = PersonFactory(owner_unit=units.base)
    publication = publication_add(
        actor=users.base_manager,
        person=person,
        title="On things",
        year=2020,
        doi="https://doi.org/10.5555/ABC",
        coauthors=["A. Author"],
    )
    assert publication.doi == "10.5555/abc"
    with pytest.raises(ValidationError):
        publication_add(actor=users.base_manager, person=person, title="Bad", year=1500)
    with pytest.raises(ValidationError):
        publication_add(actor=users.base_manager, person=person, title="T", colour="red")
    with pytest.raises(PermissionDenied):
        publication_remove(actor=users.expert, publication=publication)
    publication_remove(actor=users.base_manager, publication=publication)
    assert not person.publications.exists()


def test_merging_organisations_moves_affiliations(units: Any, users: Any) -> None:
    person = PersonFactory(owner_unit=units.base)
    keep = OrganisationFactory(owner_unit=units.ministry)
    merge = OrganisationFactory(owner_unit=units.ministry)
    affiliation = affiliation_add(actor=users.platform_admin, person=person, organisation=merge)
    organisation_merge(actor=users.platform_admin, keep=keep, merge=merge)
    assert Affiliation.objects.get(pk=affiliation.pk).organisation_id == keep.pk


def test_linking_an_account(units: Any, users: Any) -> None:
    person = person_create(
        actor=users.platform_admin, owner_unit=units.lab, name_zh="专家", user=users.expert
    )
    assert users.expert.person == person
    with pytest.raises(ValidationError):
        person_create(
            actor=users.platform_admin, owner_unit=units.lab, name_zh="二", user=users.expert
        )
    with pytest.raises(ValidationError):  # an account the actor may not see
        person_create(
            actor=users.base_manager, owner_unit=units.base, name_zh="三", user=users.org_user
        )
