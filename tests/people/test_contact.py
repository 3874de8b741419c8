"""Contact details: who sees them, on the page, in the API, in lists and exports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from people.factories import PersonFactory
from stcoop.core.permissions import may_see_contact

pytestmark = pytest.mark.django_db

EMAIL = "secret.person@example.org"

#: role fixture name -> sees the contact of a public person owned by the base unit
#: (under the province) whose own account is the expert's.
EXPECTED = {
    None: False,
    "platform_admin": True,
    "ministry_admin": True,
    "unit_admin": True,  # the base is in the province's sub-tree
    "base_manager": False,  # owning unit's member, not an administrator
    "org_user": False,
    "expert": True,  # the person's own account
    "division_user": False,
}


@pytest.fixture
def person(units: Any, users: Any) -> Any:
    return PersonFactory(
        owner_unit=units.base,
        user=users.expert,
        email=EMAIL,
        phone="+86 20 5555 9999",
        created_by=users.base_manager,
    )


def _actor(users: Any, role: str | None) -> Any:
    return getattr(users, role) if role else None


@pytest.mark.parametrize(("role", "sees"), EXPECTED.items())
def test_rule(person: Any, users: Any, role: str | None, sees: bool) -> None:
    assert may_see_contact(_actor(users, role), person) is sees


def test_unit_admin_outside_its_subtree(units: Any, users: Any) -> None:
    assert not may_see_contact(users.unit_admin, PersonFactory(owner_unit=units.ministry))


@pytest.mark.parametrize(("role", "sees"), EXPECTED.items())
def test_detail_page(
    person: Any, users: Any, client_for: Callable[[Any], Any], role: str | None, sees: bool
) -> None:
    response = client_for(_actor(users, role)).get(f"/people/{person.pk}/?lang=en")
    assert response.status_code == 200
    content = response.content.decode()
    assert (EMAIL in content) is sees
    assert ("5555 9999" in content) is sees
    if not sees:
        assert "hidden" in content


@pytest.mark.parametrize(("role", "sees"), EXPECTED.items())
def test_api(
    person: Any, users: Any, api_for: Callable[[Any], Any], role: str | None, sees: bool
) -> None:
    client = api_for(_actor(users, role))
    data = client.get(f"/api/people/{person.pk}/").json()
    assert ("email" in data) is sees
    assert ("phone" in data) is sees
    listed = client.get("/api/people/").json()["results"]
    assert [("email" in row) for row in listed] == [sees]


@pytest.mark.parametrize(("role", "sees"), EXPECTED.items())
def test_list_and_export(
    person: Any, users: Any, client_for: Callable[[Any], Any], role: str | None, sees: bool
) -> None:
    client = client_for(_actor(users, role))
    page = client.get("/people/?lang=en&columns=name,email,phone").content.decode()
    assert (EMAIL in page) is sees
    export = b"".join(
        client.get("/people/?lang=en&export=csv&columns=name,email").streaming_content
    )
    assert (EMAIL.encode() in export) is sees
    export_all = b"".join(client.get("/people/?lang=en&export=csv").streaming_content)
    assert EMAIL.encode() not in export_all or sees


def test_no_contact_columns_for_those_who_see_none(
    person: Any, users: Any, client_for: Callable[[Any], Any]
) -> None:
    export = b"".join(
        client_for(users.org_user)
        .get("/people/?lang=en&export=csv&columns=name,email,phone")
        .streaming_content
    ).decode("utf-8-sig")
    header = export.splitlines()[0]
    assert "Email" not in header and "Phone" not in header
    admin_export = b"".join(
        client_for(users.ministry_admin)
        .get("/people/?lang=en&export=csv&columns=name,email,phone")
        .streaming_content
    ).decode("utf-8-sig")
    assert admin_export.splitlines()[0].split(",") == ["Name", "Email", "Phone"]


def test_unit_admin_export_blanks_others(
    person: Any, units: Any, users: Any, client_for: Callable[[Any], Any]
) -> None:
    PersonFactory(owner_unit=units.ministry, email="other@example.org")
    export = b"".join(
        client_for(users.unit_admin)
        .get("/people/?lang=en&export=csv&columns=name,email")
        .streaming_content
    ).decode("utf-8-sig")
    assert EMAIL in export and "other@example.org" not in export


def test_contact_not_overwritten_unseen(
    person: Any, users: Any, api_for: Callable[[Any], Any]
) -> None:
    response = api_for(users.unit_admin).patch(
        f"/api/people/{person.pk}/", {"email": "new@example.org"}, format="json"
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.email == "new@example.org"
    api_for(users.base_manager).patch(
        f"/api/people/{person.pk}/", {"email": "evil@example.org"}, format="json"
    )
    person.refresh_from_db()
    assert person.email == "new@example.org"
