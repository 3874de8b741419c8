"""The generic add, edit, delete and child-row views of :mod:`stcoop.core.views.records`,
through the pages of agreement mechanisms and their sessions, which are declared with
them and nothing else."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.messages import get_messages

from agreements.factories import MechanismFactory
from conftest import make_user
from organisations.factories import make_country
from stcoop.accounts.choices import Role
from stcoop.agreements.forms import mechanism_initial
from stcoop.agreements.models import Mechanism
from stcoop.core.choices import Visibility

pytestmark = pytest.mark.django_db
MECHANISMS = "/agreements/mechanisms/"


def _messages(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _post_data(mechanism: Mechanism, **changes: Any) -> dict[str, Any]:
    """What the edit form would send back for ``mechanism``, with ``changes``."""
    data = {**mechanism_initial(mechanism), **changes}
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def mechanism(units: Any, users: Any) -> Mechanism:
    """An internal mechanism of the base, made by its manager, with one session."""
    record = MechanismFactory(
        name_en="Committee",
        owner_unit=units.base,
        visibility=Visibility.INTERNAL,
        created_by=users.base_manager,
        countries=[make_country("SG", "SGP", "Singapore", "新加坡")],
    )
    record.meetings.create(session_number=1, date=datetime.date(2019, 1, 1))
    return record


def test_create_guards_initial_values_errors_and_success(
    mechanism: Mechanism, units: Any, users: Any, client_for: Callable[[Any], Any]
) -> None:
    url = MECHANISMS + "add/"
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    nobody = client_for(make_user("nobody", Role.ORG_USER, None)).get(url + "?lang=en")
    assert nobody.status_code == 403
    assert "You may not add records for any unit." in nobody.content.decode()
    client = client_for(users.base_manager)
    page = client.get(url + "?agreement=12&lang=en")
    assert page.status_code == 200 and page.context["mechanism"] is None
    assert str(page.context["title"]) == "Add a mechanism"
    assert page.context["form"].initial == {
        "visibility": Visibility.INTERNAL,
        "status": "active",
        "owner_unit": units.base.pk,
        "agreement": 12,
    }
    assert client.post(url, _post_data(mechanism, kind="")).status_code == 400
    added = client.post(url + "?lang=en", _post_data(mechanism, name_en="Forum"))
    record = Mechanism.objects.get(name_en="Forum")
    assert added.status_code == 302 and added["Location"] == f"{MECHANISMS}{record.pk}/"
    assert _messages(added) == ["The mechanism was added."]
    assert record.owner_unit == units.base and record.created_by == users.base_manager


def test_edit_answers_404_for_unseen_403_for_unchangeable(
    mechanism: Mechanism, users: Any, client_for: Callable[[Any], Any]
) -> None:
    url = f"{MECHANISMS}{mechanism.pk}/edit/"
    assert client_for(users.org_user).get(url).status_code == 404  # another unit's, internal
    assert client_for(users.platform_admin).get(f"{MECHANISMS}999999/edit/").status_code == 404
    mechanism.visibility = Visibility.PUBLIC
    mechanism.save()
    refused = client_for(users.org_user).get(url + "?lang=en")
    assert refused.status_code == 403
    assert "You may not change this mechanism." in refused.content.decode()
    client = client_for(users.base_manager)
    page = client.get(url)
    assert page.status_code == 200 and page.context["mechanism"] == mechanism
    assert page.context["form"].initial["name_en"] == "Committee"
    assert client.post(url, _post_data(mechanism, status="")).status_code == 400
    saved = client.post(url + "?lang=en", _post_data(mechanism, name_en="Joint committee"))
    assert saved.status_code == 302 and saved["Location"] == f"{MECHANISMS}{mechanism.pk}/"
    assert _messages(saved) == ["The mechanism was saved."]
    mechanism.refresh_from_db()
    assert mechanism.name_en == "Joint committee"


def test_delete_asks_then_deletes_with_its_own_permission(
    mechanism: Mechanism, users: Any, client_for: Callable[[Any], Any]
) -> None:
    url = f"{MECHANISMS}{mechanism.pk}/delete/"
    assert client_for(users.expert).get(url).status_code == 404
    mechanism.created_by = users.unit_admin  # the base manager may change it, not delete it
    mechanism.save()
    refused = client_for(users.base_manager).post(url + "?lang=en")
    assert refused.status_code == 403
    assert "You may not delete this mechanism." in refused.content.decode()
    client = client_for(users.unit_admin)
    page = client.get(url)
    assert page.status_code == 200 and page.context["mechanism"] == mechanism
    deleted = client.post(url + "?lang=en")
    assert deleted.status_code == 302 and deleted["Location"] == MECHANISMS
    assert _messages(deleted) == ["The mechanism was deleted."]
    assert not Mechanism.objects.filter(pk=mechanism.pk).exists()


def test_child_rows_add_edit_remove_within_their_record(
    mechanism: Mechanism, users: Any, client_for: Callable[[Any], Any]
) -> None:
    base = f"{MECHANISMS}{mechanism.pk}/sessions/"
    client = client_for(users.base_manager)
    form = client.get(base + "add/")
    assert form.status_code == 200 and form.context["form"].initial == {"session_number": 2}
    assert form.context["mechanism"] == mechanism
    taken = client.post(base + "add/", {"session_number": 1, "date": "2020-01-01"})
    assert taken.status_code == 400 and taken.context["form"].errors
    added = client.post(base + "add/?lang=en", {"session_number": 2, "date": "2020-01-01"})
    assert added.status_code == 302 and added["Location"] == f"{MECHANISMS}{mechanism.pk}/"
    assert _messages(added) == ["The session was added."]
    second = mechanism.meetings.get(session_number=2)
    page = client.get(base + f"{second.pk}/edit/")
    assert page.status_code == 200 and page.context["form"].initial["session_number"] == 2
    edited = client.post(
        base + f"{second.pk}/edit/?lang=en", {"session_number": 5, "date": "2020-01-02"}
    )
    assert edited.status_code == 302 and _messages(edited) == ["The session was saved."]
    second.refresh_from_db()
    assert second.session_number == 5
    # A row of another record answers 404, even to someone who may change both.
    other = MechanismFactory(owner_unit=mechanism.owner_unit)
    stranger = other.meetings.create(session_number=1, date=datetime.date(2020, 1, 1))
    assert client.post(base + f"{stranger.pk}/remove/").status_code == 404
    assert client.get(base + f"{second.pk}/remove/").status_code == 405
    removed = client.post(base + f"{second.pk}/remove/?lang=en")
    assert removed.status_code == 302 and removed["Location"] == f"{MECHANISMS}{mechanism.pk}/"
    assert _messages(removed) == ["The session was removed."]
    assert list(mechanism.meetings.values_list("session_number", flat=True)) == [1]
    # Who may not change the record may not touch its rows.
    assert client_for(users.org_user).get(base + "add/").status_code == 404
