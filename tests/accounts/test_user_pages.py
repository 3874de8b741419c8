"""User-management pages: who sees and changes which accounts, for every role."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import PASSWORD
from stcoop.accounts.models import User

pytestmark = pytest.mark.django_db

ALL_USERNAMES = {"padmin", "madmin", "uadmin", "bmanager", "orguser", "expert", "divuser"}


def _listed(body: str) -> set[str]:
    return {name for name in ALL_USERNAMES if f">{name}</a></td>" in body}


# ------------------------------------------------------------------ list
@pytest.mark.parametrize(
    ("role", "status", "listed"),
    [
        ("platform_admin", 200, ALL_USERNAMES),
        ("ministry_admin", 200, {"madmin"}),
        ("unit_admin", 200, {"uadmin", "bmanager", "expert", "divuser"}),
        ("base_manager", 403, set()),
        ("org_user", 403, set()),
        ("expert", 403, set()),
    ],
)
def test_user_list_by_role(
    users: Any, client_for: Any, role: str, status: int, listed: set[str]
) -> None:
    response = client_for(getattr(users, role)).get("/accounts/users/")
    assert response.status_code == status
    if status == 200:
        assert _listed(response.content.decode()) == listed


def test_user_list_anonymous_redirects(client: Client) -> None:
    response = client.get("/accounts/users/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_users_menu_only_for_managers(users: Any, client_for: Any) -> None:
    for role in ("platform_admin", "ministry_admin", "unit_admin"):
        assert (
            'data-testid="nav-users"' in client_for(getattr(users, role)).get("/").content.decode()
        )
    for role in ("base_manager", "org_user", "expert"):
        assert (
            'data-testid="nav-users"'
            not in client_for(getattr(users, role)).get("/").content.decode()
        )


def test_user_list_filters_and_exports(users: Any, units: Any, client_for: Any) -> None:
    client = client_for(users.platform_admin)
    body = client.get(f"/accounts/users/?unit={units.province.pk}").content.decode()
    assert _listed(body) == {"uadmin", "bmanager", "expert", "divuser"}
    body = client.get("/accounts/users/?role=expert").content.decode()
    assert _listed(body) == {"expert"}
    body = client.get("/accounts/users/?q=ADMIN").content.decode()
    assert _listed(body) == {"padmin", "madmin", "uadmin"}
    response = client_for(users.unit_admin).get("/accounts/users/?export=csv")
    content = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    assert "divuser" in content and "orguser" not in content


# ------------------------------------------------------------------ create
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("platform_admin", 200),
        ("ministry_admin", 200),
        ("unit_admin", 200),
        ("base_manager", 403),
        ("org_user", 403),
        ("expert", 403),
    ],
)
def test_create_page_permissions(users: Any, client_for: Any, role: str, status: int) -> None:
    assert client_for(getattr(users, role)).get("/accounts/users/add/").status_code == status


def _new_user(unit: Any, role: str, username: str = "newbie") -> dict[str, Any]:
    return {
        "username": username,
        "display_name": "New Person",
        "email": "new@example.org",
        "role": role,
        "unit": unit.pk if unit else "",
        "language": "en",
        "password1": "Fresh-Password-77",
        "password2": "Fresh-Password-77",
    }


def test_unit_admin_creates_user_in_subtree(users: Any, units: Any, client_for: Any) -> None:
    response = client_for(users.unit_admin).post(
        "/accounts/users/add/", _new_user(units.base, "org_user")
    )
    assert response.status_code == 302
    created = User.objects.get(username="newbie")
    assert created.unit == units.base and created.role == "org_user"
    assert created.check_password("Fresh-Password-77")
    assert (
        Client()
        .post("/accounts/login/", {"username": "newbie", "password": "Fresh-Password-77"})
        .status_code
        == 302
    )


def test_unit_admin_role_choices_stop_at_own_role(users: Any, client_for: Any) -> None:
    body = client_for(users.unit_admin).get("/accounts/users/add/").content.decode()
    assert 'value="platform_admin"' not in body
    assert 'value="ministry_admin"' not in body
    assert 'value="unit_admin"' in body and 'value="expert"' in body


@pytest.mark.parametrize("role", ["platform_admin", "ministry_admin"])
def test_unit_admin_cannot_grant_higher_role(
    users: Any, units: Any, client_for: Any, role: str
) -> None:
    response = client_for(users.unit_admin).post(
        "/accounts/users/add/?lang=en", _new_user(units.base, role)
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not User.objects.filter(username="newbie").exists()


def test_unit_admin_cannot_create_outside_subtree(users: Any, units: Any, client_for: Any) -> None:
    response = client_for(users.unit_admin).post(
        "/accounts/users/add/?lang=en", _new_user(units.enterprise, "org_user")
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="newbie").exists()


def test_create_validates_password_and_duplicates(users: Any, units: Any, client_for: Any) -> None:
    data = _new_user(units.base, "org_user", username="orguser")
    data["password1"] = data["password2"] = "123"
    response = client_for(users.platform_admin).post("/accounts/users/add/?lang=en", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "A user with that username already exists." in body
    assert "This password is too short." in body


def test_create_needs_unit_except_for_platform_admins(users: Any, client_for: Any) -> None:
    response = client_for(users.platform_admin).post(
        "/accounts/users/add/?lang=en", _new_user(None, "org_user")
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="newbie").exists()
    response = client_for(users.platform_admin).post(
        "/accounts/users/add/", _new_user(None, "platform_admin")
    )
    assert response.status_code == 302


# ------------------------------------------------------------------ edit
@pytest.mark.parametrize(
    ("role", "target", "status"),
    [
        ("platform_admin", "ministry_admin", 200),
        ("platform_admin", "org_user", 200),
        ("ministry_admin", "platform_admin", 403),
        ("ministry_admin", "unit_admin", 403),  # the province is not under the ministry
        ("unit_admin", "division_user", 200),
        ("unit_admin", "expert", 200),
        ("unit_admin", "org_user", 403),  # enterprise: outside the sub-tree
        ("unit_admin", "ministry_admin", 403),
        ("unit_admin", "unit_admin", 200),  # own account, role fields locked
        ("base_manager", "base_manager", 403),
        ("org_user", "division_user", 403),
        ("expert", "expert", 403),
    ],
)
def test_edit_page_permissions(
    users: Any, client_for: Any, role: str, target: str, status: int
) -> None:
    target_user = getattr(users, target)
    response = client_for(getattr(users, role)).get(f"/accounts/users/{target_user.pk}/edit/")
    assert response.status_code == status


def _edit_data(user: User, **changes: Any) -> dict[str, Any]:
    data = {
        "display_name": user.display_name,
        "email": user.email,
        "role": user.role,
        "unit": user.unit_id or "",
        "language": user.language,
        "is_active": "on" if user.is_active else "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v not in (None, False)}


def test_unit_admin_changes_role_unit_and_status(users: Any, units: Any, client_for: Any) -> None:
    target = users.division_user
    response = client_for(users.unit_admin).post(
        f"/accounts/users/{target.pk}/edit/",
        _edit_data(target, role="base_manager", unit=units.base.pk, is_active=""),
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.role, target.unit, target.is_active) == ("base_manager", units.base, False)
    # A deactivated account can no longer sign in.
    response = Client().post("/accounts/login/", {"username": "divuser", "password": PASSWORD})
    assert response.status_code == 200


def test_unit_admin_cannot_promote_to_platform_admin(users: Any, client_for: Any) -> None:
    target = users.division_user
    response = client_for(users.unit_admin).post(
        f"/accounts/users/{target.pk}/edit/?lang=en", _edit_data(target, role="platform_admin")
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    target.refresh_from_db()
    assert target.role == "org_user"


def test_unit_admin_cannot_move_user_out_of_subtree(
    users: Any, units: Any, client_for: Any
) -> None:
    target = users.division_user
    response = client_for(users.unit_admin).post(
        f"/accounts/users/{target.pk}/edit/?lang=en", _edit_data(target, unit=units.ministry.pk)
    )
    assert response.status_code == 200
    target.refresh_from_db()
    assert target.unit == units.division


def test_own_account_role_fields_are_locked(users: Any, units: Any, client_for: Any) -> None:
    me = users.unit_admin
    client = client_for(me)
    body = client.get(f"/accounts/users/{me.pk}/edit/").content.decode()
    assert 'name="role"' in body and "disabled" in body
    # Posting a different role or status is ignored for one's own account.
    response = client.post(
        f"/accounts/users/{me.pk}/edit/",
        _edit_data(me, role="expert", is_active="", display_name="Guangdong Admin"),
    )
    assert response.status_code == 302
    me.refresh_from_db()
    assert (me.role, me.is_active, me.display_name) == ("unit_admin", True, "Guangdong Admin")


def test_edit_unknown_user_is_404(users: Any, client_for: Any) -> None:
    assert client_for(users.platform_admin).get("/accounts/users/999999/edit/").status_code == 404


# ------------------------------------------------------------------ password reset
def test_admin_resets_password(users: Any, client_for: Any) -> None:
    target = users.division_user
    client = client_for(users.unit_admin)
    assert client.get(f"/accounts/users/{target.pk}/password/").status_code == 200
    response = client.post(
        f"/accounts/users/{target.pk}/password/",
        {"new_password1": "Reset-Password-55", "new_password2": "Reset-Password-55"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.check_password("Reset-Password-55")


def test_password_reset_validates(users: Any, client_for: Any) -> None:
    target = users.division_user
    response = client_for(users.unit_admin).post(
        f"/accounts/users/{target.pk}/password/?lang=en",
        {"new_password1": "Reset-Password-55", "new_password2": "different-one-55"},
    )
    assert response.status_code == 200
    assert "The two password fields didn’t match." in response.content.decode()
    target.refresh_from_db()
    assert target.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("role", "target"),
    [
        ("unit_admin", "unit_admin"),  # own password: use the password-change page
        ("unit_admin", "org_user"),
        ("ministry_admin", "platform_admin"),
        ("base_manager", "expert"),
        ("expert", "expert"),
    ],
)
def test_password_reset_forbidden(users: Any, client_for: Any, role: str, target: str) -> None:
    target_user = getattr(users, target)
    response = client_for(getattr(users, role)).post(
        f"/accounts/users/{target_user.pk}/password/",
        {"new_password1": "Reset-Password-55", "new_password2": "Reset-Password-55"},
    )
    assert response.status_code == 403
    target_user.refresh_from_db()
    assert target_user.check_password(PASSWORD)
