"""Linking a person to a user account: who may, which accounts, one person per account."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from conftest import make_user
from people.factories import PersonFactory
from stcoop.core.choices import Visibility
from stcoop.core.permissions import Action, can, visible
from stcoop.people.forms import PersonForm
from stcoop.people.models import Person
from stcoop.people.selectors import linkable_accounts, may_link_account
from stcoop.people.services import person_create, person_update

pytestmark = pytest.mark.django_db

#: role -> may link an account to a person owned by the base (under the province)
MAY_LINK = {
    "platform_admin": True,
    "ministry_admin": True,
    "unit_admin": True,  # administers the province sub-tree
    "base_manager": False,  # may change the person, not link accounts
    "org_user": False,
    "expert": False,
    "division_user": False,
}


@pytest.fixture
def person(units: Any, users: Any) -> Person:
    return PersonFactory(
        owner_unit=units.base, visibility=Visibility.INTERNAL, email="p@example.org"
    )


@pytest.mark.parametrize(("role", "allowed"), MAY_LINK.items())
def test_who_may_link(person: Person, users: Any, role: str, allowed: bool) -> None:
    actor = getattr(users, role)
    assert may_link_account(actor, person=person) is allowed
    form = PersonForm(actor=actor, person=person)
    assert ("user" in form.fields) is allowed


def test_unit_admin_may_not_link_outside_its_subtree(units: Any, users: Any) -> None:
    outside = PersonFactory(owner_unit=units.enterprise)
    assert not may_link_account(users.unit_admin, person=outside)
    with pytest.raises(PermissionDenied):  # it may not change the person at all
        person_update(actor=users.unit_admin, person=outside, user=users.division_user)


def test_choices_are_the_accounts_the_actor_manages(person: Person, users: Any) -> None:
    names = set(linkable_accounts(users.unit_admin).values_list("username", flat=True))
    assert names == {"uadmin", "bmanager", "expert", "divuser"}  # the province sub-tree
    everyone = set(linkable_accounts(users.platform_admin).values_list("username", flat=True))
    assert {"orguser", "madmin", "padmin"} <= everyone
    form = PersonForm(actor=users.unit_admin, person=person)
    field: Any = form.fields["user"]
    assert set(field.queryset.values_list("username", flat=True)) == names
    assert not linkable_accounts(users.base_manager).exists()


def test_a_unit_admin_may_not_link_an_account_it_does_not_manage(
    person: Person, users: Any
) -> None:
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            person_update(actor=users.unit_admin, person=person, user=users.org_user)
        assert error.value.message_dict == {"user": ["You may not link this account."]}


def test_a_base_manager_may_change_the_person_but_not_the_link(person: Person, users: Any) -> None:
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            person_update(actor=users.base_manager, person=person, user=users.expert)
        assert error.value.message_dict == {"user": ["You may not link this person to an account."]}
    # Sending the link unchanged is no change.
    person_update(actor=users.base_manager, person=person, user=None, keywords=["x"])
    person.refresh_from_db()
    assert person.keywords == ["x"] and person.user is None


def test_an_account_is_linked_to_one_person_only(person: Person, units: Any, users: Any) -> None:
    person_update(actor=users.unit_admin, person=person, user=users.expert)
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            person_create(
                actor=users.platform_admin, owner_unit=units.ministry, name_zh="另一人",
                user=users.expert,
            )  # fmt: skip
        assert error.value.message_dict == {
            "user": [
                "The account expert is already linked to another person; an account can be "
                "linked to one person only."
            ]
        }


def test_link_through_the_edit_page_then_the_account_sees_its_record(
    person: Person, users: Any, client_for: Callable[[Any], Any]
) -> None:
    expert = client_for(users.expert)
    assert expert.get(f"/people/{person.pk}/").status_code == 404  # internal, other unit
    admin = client_for(users.unit_admin)
    page = admin.get(f"/people/{person.pk}/edit/?lang=en")
    assert page.status_code == 200 and 'name="user"' in page.content.decode()
    data = {
        "name_zh": person.name_zh,
        "family_name": person.family_name,
        "given_names": person.given_names,
        "email": person.email,
        "owner_unit": person.owner_unit_id,
        "visibility": person.visibility,
        "user": users.expert.pk,
    }
    response = admin.post(f"/people/{person.pk}/edit/?lang=en", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    person.refresh_from_db()
    assert person.user == users.expert
    detail = expert.get(f"/people/{person.pk}/?lang=en")
    assert detail.status_code == 200
    assert "p@example.org" in detail.content.decode()  # its own contact
    profile = expert.get("/accounts/profile/?lang=en").content.decode()
    assert f'href="/people/{person.pk}/"' in profile
    # The edit page says clearly when the account is taken.
    other = PersonFactory(owner_unit=person.owner_unit)
    data.update(name_zh=other.name_zh, family_name=other.family_name, email=other.email)
    taken = admin.post(f"/people/{other.pk}/edit/?lang=en", data)
    assert taken.status_code == 400
    assert "already linked to another person" in taken.content.decode()


def test_edit_page_of_a_base_manager_has_no_account_field(
    person: Person, users: Any, client_for: Callable[[Any], Any]
) -> None:
    page = client_for(users.base_manager).get(f"/people/{person.pk}/edit/")
    assert page.status_code == 200 and 'name="user"' not in page.content.decode()


def test_profile_without_person_has_no_link(users: Any, client_for: Callable[[Any], Any]) -> None:
    profile = client_for(users.org_user).get("/accounts/profile/?lang=en").content.decode()
    assert "/people/" not in profile.split("<main", 1)[-1].split("</main>", 1)[0]


@pytest.mark.parametrize(
    ("role", "account", "status"),
    [("platform_admin", "divuser", 200), ("platform_admin", "deptuser", 200),
     ("ministry_admin", "deptuser", 200), ("ministry_admin", "divuser", 400),
     ("unit_admin", "divuser", 200), ("unit_admin", "deptuser", 400),
     ("base_manager", "divuser", 400), ("expert", "divuser", 404),
     ("org_user", "divuser", 404)],
)  # fmt: skip
def test_api_link(
    person: Person,
    units: Any,
    users: Any,
    api_for: Callable[[Any], Any],
    role: str,
    account: str,
    status: int,
) -> None:
    """Each administrator links only accounts it manages (the ministry administrator
    those of the ministry's sub-tree, the unit administrator those of the province's)."""
    accounts = {
        "divuser": users.division_user,
        "deptuser": make_user("deptuser", "org_user", units.department),
    }
    target = accounts[account]
    response = api_for(getattr(users, role)).patch(
        f"/api/people/{person.pk}/", {"user": target.pk}, format="json"
    )
    assert response.status_code == status, response.content
    person.refresh_from_db()
    if status == 200:
        assert person.user == target and response.json()["user"] == target.pk
    else:
        assert person.user is None
    if status == 400:
        assert set(response.json()["errors"]) == {"user"}


def test_api_shows_the_link_only_with_the_contact(
    person: Person, users: Any, api_for: Callable[[Any], Any]
) -> None:
    person.user = users.expert
    person.save()
    # An internal person of another unit: seen by its own account (in lists too).
    assert can(users.expert, Action.VIEW, person)
    assert list(visible(users.expert, Person.objects.filter(pk=person.pk))) == [person]
    own = api_for(users.expert).get(f"/api/people/{person.pk}/").json()
    assert own["user"] == users.expert.pk and own["email"] == "p@example.org"
    member = api_for(users.base_manager).get(f"/api/people/{person.pk}/").json()
    assert "user" not in member and "email" not in member


def test_api_refuses_an_account_linked_elsewhere(
    person: Person, units: Any, users: Any, api_for: Callable[[Any], Any]
) -> None:
    PersonFactory(owner_unit=units.ministry, user=users.division_user)
    response = api_for(users.platform_admin).patch(
        f"/api/people/{person.pk}/",
        {"user": users.division_user.pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "already linked to another person" in response.content.decode()


def test_add_page_links_an_account_on_creation(
    units: Any, users: Any, client_for: Callable[[Any], Any]
) -> None:
    admin = client_for(users.unit_admin)
    assert 'name="user"' in admin.get("/people/add/").content.decode()
    assert 'name="user"' not in client_for(users.base_manager).get("/people/add/").content.decode()
    response = admin.post(
        "/people/add/?lang=en",
        {"name_zh": "新人", "owner_unit": units.division.pk, "visibility": "internal",
         "user": users.division_user.pk},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Person.objects.get(name_zh="新人").user == users.division_user
    refused = admin.post(
        "/people/add/?lang=en",
        {"name_zh": "他人", "owner_unit": units.division.pk, "visibility": "internal",
         "user": users.org_user.pk},
    )  # fmt: skip
    assert refused.status_code == 400  # not an account it manages: not even a choice
    assert not Person.objects.filter(name_zh="他人").exists()
