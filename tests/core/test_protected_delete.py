"""Deleting a record that others still refer to is refused with a clear answer, and
nothing is deleted or logged."""

from __future__ import annotations

from typing import Any

import pytest

from organisations.factories import OrganisationFactory
from projects.factories import ProjectFactory
from stcoop.core.models import ObjectChange
from stcoop.organisations.models import Organisation
from stcoop.projects.models import Participation

pytestmark = pytest.mark.django_db


@pytest.fixture
def used_organisation(units: Any) -> Organisation:
    organisation = OrganisationFactory(owner_unit=units.ministry, name_en="Still Used Institute")
    project = ProjectFactory(owner_unit=units.ministry)
    Participation.objects.create(project=project, organisation=organisation)
    return organisation


def test_page_answers_409_naming_what_refers_to_it(
    used_organisation: Organisation, users: Any, client_for: Any
) -> None:
    users.platform_admin.language = "en"
    users.platform_admin.save(update_fields=["language"])
    client = client_for(users.platform_admin)
    response = client.post(f"/organisations/{used_organisation.pk}/delete/")
    assert response.status_code == 409
    body = response.content.decode()
    assert "cannot be deleted" in body
    assert "participations" in body
    assert Organisation.objects.filter(pk=used_organisation.pk).exists()
    assert not ObjectChange.objects.filter(
        action="delete", object_id=str(used_organisation.pk)
    ).exists()


def test_api_answers_409_with_the_error_body(
    used_organisation: Organisation, users: Any, client_for: Any
) -> None:
    users.platform_admin.language = "en"
    users.platform_admin.save(update_fields=["language"])
    client = client_for(users.platform_admin)
    response = client.delete(f"/api/organisations/{used_organisation.pk}/")
    assert response.status_code == 409
    body = response.json()
    assert body["status"] == 409
    assert "1 other record(s)" in body["detail"]
    assert Organisation.objects.filter(pk=used_organisation.pk).exists()
