"""``stcoop createadmin``: a platform administrator, with clear refusals."""

from __future__ import annotations

from typing import Any

import pytest

from stcoop.accounts.choices import Role
from stcoop.accounts.models import User
from stcoop.core.models import ObjectChange

pytestmark = pytest.mark.django_db

GOOD = "Lantern-Harbour-73"


def test_creates_a_platform_administrator(stcoop: Any) -> None:
    result = stcoop("createadmin", "--username", "root", "--email", "root@example.org",
                    "--password", GOOD)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Created platform administrator 'root'" in result.output
    user = User.objects.get(username="root")
    assert user.role == Role.PLATFORM_ADMIN
    assert user.email == "root@example.org"
    assert user.check_password(GOOD)
    change = ObjectChange.objects.get(object_id=str(user.pk), content_type__model="user")
    assert change.actor_name == "system"


def test_password_from_the_environment(stcoop: Any) -> None:
    result = stcoop("createadmin", "--username", "envadmin", env={"STCOOP_ADMIN_PASSWORD": GOOD})
    assert result.exit_code == 0, result.output
    assert User.objects.get(username="envadmin").check_password(GOOD)


def test_refuses_a_duplicate(stcoop: Any) -> None:
    assert stcoop("createadmin", "--username", "root", "--password", GOOD).exit_code == 0
    result = stcoop("createadmin", "--username", "root", "--password", GOOD)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: invalid data: username: a user named 'root' already exists"
    ]
    assert User.objects.filter(username="root").count() == 1


def test_refuses_a_weak_password(stcoop: Any) -> None:
    result = stcoop("createadmin", "--username", "weak", "--password", "12345")
    assert result.exit_code == 1
    assert result.output.startswith("Error: invalid data: ")
    assert len(result.output.strip().splitlines()) == 1
    assert not User.objects.filter(username="weak").exists()


def test_without_a_password_or_terminal_it_fails_clearly(stcoop: Any) -> None:
    result = stcoop("createadmin", "--username", "nopass", env={"STCOOP_ADMIN_PASSWORD": ""})
    assert result.exit_code == 1
    assert "no password given: use --password, set STCOOP_ADMIN_PASSWORD" in result.output
    assert not User.objects.filter(username="nopass").exists()


def test_the_new_administrator_can_sign_in(stcoop: Any, client: Any) -> None:
    stcoop("createadmin", "--username", "root", "--password", GOOD)
    client.post("/accounts/login/", {"username": "root", "password": GOOD})
    assert int(client.session["_auth_user_id"]) == User.objects.get(username="root").pk
