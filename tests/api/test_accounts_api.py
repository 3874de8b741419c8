"""``/api/units/`` and ``/api/users/``: who sees and changes which units and accounts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from stcoop.accounts.models import OrganisationUnit, User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_throttle")]

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ROLES = (
    "platform_admin",
    "ministry_admin",
    "unit_admin",
    "base_manager",
    "org_user",
    "expert",
    "division_user",
)


# ---------------------------------------------------------------- units
@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_user_lists_every_unit(
    role: str, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    response = api_for(getattr(users, role)).get("/api/units/")
    assert response.status_code == 200
    assert response.json()["count"] == OrganisationUnit.objects.count() == 7


def test_units_need_a_signed_in_client(units: Any, api_for: Callable[[Any], APIClient]) -> None:
    assert api_for(None).get("/api/units/").status_code == 401
    assert api_for(None).get(f"/api/units/{units.base.pk}/").status_code == 401


def test_unit_filters(units: Any, users: Any, api_for: Callable[[Any], APIClient]) -> None:
    client = api_for(users.org_user)

    def names(**params: Any) -> set[str]:
        return {u["name"] for u in client.get("/api/units/", params).json()["results"]}

    assert names(within=units.base.pk) == {units.base.name, units.lab.name}
    assert names(kind="ministry") == {units.ministry.name}
    assert names(q="guangdong") == {units.province.name, units.division.name}
    assert names(parent=units.province.pk) == {units.division.name, units.base.name}
    detail = client.get(f"/api/units/{units.lab.pk}/", **EN).json()
    assert detail["depth"] == 2 and detail["kind_label"] == "Research institute"


def test_unit_admin_creates_and_changes_units_in_its_sub_tree(
    units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    client = api_for(users.unit_admin)
    response = client.post(
        "/api/units/",
        {
            "name_zh_hans": "深圳联合实验室",
            "name_en": "Shenzhen Joint Lab",
            "kind": "institute",
            "parent": units.base.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    new = OrganisationUnit.objects.get(name_en="Shenzhen Joint Lab")
    assert new.name_zh_hans == "深圳联合实验室"
    assert new.path == f"{units.base.path}{new.pk}/"
    assert response.json()["country"] == "CN"

    response = client.patch(f"/api/units/{new.pk}/", {"acronym": "SZJL"}, format="json")
    assert response.status_code == 200 and response.json()["acronym"] == "SZJL"
    # Moving within the province rewrites the path.
    response = client.patch(f"/api/units/{new.pk}/", {"parent": units.division.pk}, format="json")
    assert response.status_code == 200
    new.refresh_from_db()
    assert new.path == f"{units.division.path}{new.pk}/"


def test_units_outside_the_sub_tree_are_403(
    units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    client = api_for(users.unit_admin)
    under_ministry = client.post(
        "/api/units/",
        {"name_en": "X", "kind": "department", "parent": units.ministry.pk},
        format="json",
        **EN,
    )
    assert under_ministry.status_code == 403
    assert under_ministry.json()["detail"] == "You do not have permission to add this record."
    root = client.post("/api/units/", {"name_en": "Y", "kind": "other"}, format="json")
    assert root.status_code == 403
    rename = client.patch(f"/api/units/{units.ministry.pk}/", {"name_en": "Z"}, format="json", **EN)
    assert rename.status_code == 403
    assert rename.json()["detail"] == "You do not have permission to change this record."
    assert (
        client.patch(
            f"/api/units/{units.base.pk}/", {"parent": units.ministry.pk}, format="json"
        ).status_code
        == 403
    )
    assert (
        api_for(users.base_manager)
        .patch(f"/api/units/{units.base.pk}/", {"name_zh_hans": "Mine"}, format="json")
        .status_code
        == 403
    )
    names = ["X", "Y", "Z", "Mine"]
    assert not OrganisationUnit.objects.filter(name_zh_hans__in=names).exists()
    assert not OrganisationUnit.objects.filter(name_en__in=names).exists()


def test_unit_input_errors_are_named(
    units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    client = api_for(users.platform_admin)
    response = client.post(
        "/api/units/", {"kind": "castle", "country": "China", "parent": 99999}, format="json", **EN
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"name_zh_hans", "kind", "country", "parent"}
    assert errors["name_zh_hans"] == ["Give the name in Chinese, in English or in both."]
    blank = client.post(
        "/api/units/", {"name_zh_hans": " ", "name_en": "", "kind": "other"}, format="json", **EN
    )
    assert blank.status_code == 400 and set(blank.json()["errors"]) == {"name_zh_hans"}


@pytest.mark.parametrize("field", ["name_zh_hans", "name_en"])
def test_unit_sibling_names_are_unique_in_each_language(
    field: str, units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    client = api_for(users.platform_admin)
    names = {"name_zh_hans": "新实验室", "name_en": "New Lab", field: units.lab.name}
    duplicate = client.post(
        "/api/units/", {**names, "kind": "institute", "parent": units.base.pk}, format="json", **EN
    )
    assert duplicate.status_code == 400
    assert duplicate.json()["errors"] == {
        field: [f"Another unit under the same parent is already called “{units.lab.name}”."]
    }
    renamed = client.patch(f"/api/units/{units.lab.pk}/", {field: units.lab.name}, format="json")
    assert renamed.status_code == 200  # its own name is no clash
    other = client.post(
        "/api/units/", {**names, "kind": "institute", "parent": units.province.pk}, format="json"
    )
    assert other.status_code == 201  # another parent, another set of siblings
    clash = client.patch(f"/api/units/{other.json()['id']}/", {"parent": units.base.pk}, **EN)
    assert clash.status_code == 400
    assert set(clash.json()["errors"]) == {"parent"}


def test_unit_created_with_english_name_only(
    units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    client = api_for(users.unit_admin)
    response = client.post(
        "/api/units/",
        {"name_en": "Nanning Liaison Office", "kind": "other", "parent": units.province.pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["name_en"] == "Nanning Liaison Office"
    assert body["name_zh_hans"] == ""
    # A Chinese client sees the English name where there is no Chinese one.
    assert body["name"] == "Nanning Liaison Office"
    unit = OrganisationUnit.objects.get(pk=body["id"])
    assert (unit.name_zh_hans, unit.name_en) == ("", "Nanning Liaison Office")


def test_unit_name_in_the_client_language(
    units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    client = api_for(users.platform_admin)
    response = client.patch(
        f"/api/units/{units.ministry.pk}/",
        {
            "name_zh_hans": "科学技术部",
            "description_zh_hans": "主管部门",
            "description_en": "The supervising ministry",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    chinese = client.get(f"/api/units/{units.ministry.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    english = client.get(f"/api/units/{units.ministry.pk}/", **EN).json()
    assert (chinese["name"], chinese["description"]) == ("科学技术部", "主管部门")
    assert (english["name"], english["description"]) == (
        "Ministry of Science and Technology",
        "The supervising ministry",
    )
    for body in (chinese, english):
        assert body["name_zh_hans"] == "科学技术部"
        assert body["name_en"] == "Ministry of Science and Technology"
    # What a client read may be sent back; ``name`` and ``description`` are ignored.
    again = client.put(f"/api/units/{units.ministry.pk}/", english, format="json")
    assert again.status_code == 200, again.json()
    assert again.json()["name_zh_hans"] == "科学技术部"
    unknown = client.patch(f"/api/units/{units.ministry.pk}/", {"title": "Y"}, format="json", **EN)
    assert unknown.status_code == 400
    assert unknown.json()["errors"] == {"title": ["Unknown field: title"]}
    names = {
        u["name"] for u in client.get("/api/units/", {"q": "科学技术"}, **EN).json()["results"]
    }
    assert names == {"Ministry of Science and Technology"}


# ---------------------------------------------------------------- users
USERS_SEEN = {
    "platform_admin": {"padmin", "madmin", "uadmin", "bmanager", "orguser", "expert", "divuser"},
    "ministry_admin": {"madmin"},
    "unit_admin": {"uadmin", "bmanager", "expert", "divuser"},
    "base_manager": {"bmanager"},
    "org_user": {"orguser"},
    "expert": {"expert"},
    "division_user": {"divuser"},
}


@pytest.mark.parametrize("role", ROLES)
def test_users_list_matches_visible(
    role: str, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    client = api_for(getattr(users, role))
    listed = {u["username"] for u in client.get("/api/users/").json()["results"]}
    assert listed == USERS_SEEN[role]
    for username in USERS_SEEN["platform_admin"] - listed:
        other = User.objects.get(username=username)
        assert client.get(f"/api/users/{other.pk}/").status_code == 404  # not 403


def test_user_rows_never_carry_a_password(users: Any, api_for: Callable[[Any], APIClient]) -> None:
    row = api_for(users.platform_admin).get("/api/users/").json()["results"][0]
    assert "password" not in row


def test_unit_admin_creates_accounts_in_its_sub_tree(
    units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    client = api_for(users.unit_admin)
    response = client.post(
        "/api/users/",
        {
            "username": "newexpert",
            "password": "Sea-Turtle-1987!",
            "role": "expert",
            "unit": units.lab.pk,
            "display_name": "陈博士",
            "language": "en",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    created = User.objects.get(username="newexpert")
    assert created.check_password("Sea-Turtle-1987!")
    assert response.json()["unit_name"] == units.lab.name
    # Outside the sub-tree: 403; a role above its own: 400 on the role field.
    outside = client.post(
        "/api/users/",
        {"username": "x1", "role": "org_user", "unit": units.enterprise.pk},
        format="json",
    )
    assert outside.status_code == 403
    above = client.post(
        "/api/users/",
        {"username": "x2", "role": "ministry_admin", "unit": units.base.pk},
        format="json",
        **EN,
    )
    assert above.status_code == 400
    assert above.json()["errors"] == {"role": ["You may not grant this role."]}
    assert not User.objects.filter(username__in=["x1", "x2"]).exists()


def test_user_input_errors_are_named(
    units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    client = api_for(users.platform_admin)
    response = client.post(
        "/api/users/",
        {
            "username": "bmanager",
            "password": "123",
            "role": "expert",
            "unit": units.lab.pk,
            "email": "nope",
        },
        format="json",
        **EN,
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"password", "email"}
    assert any("too short" in message for message in errors["password"])
    duplicate = client.post(
        "/api/users/", {"username": "bmanager", "role": "expert", "unit": None}, format="json", **EN
    )
    assert duplicate.status_code == 400
    assert list(duplicate.json()["errors"]) == ["username"]
    assert client.post("/api/users/", {"role": "boss"}, format="json").json()["errors"].keys() == {
        "username",
        "role",
        "unit",
    }


def test_users_patch_their_own_contact_fields_only(
    users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    client = api_for(users.org_user)
    url = f"/api/users/{users.org_user.pk}/"
    response = client.patch(url, {"display_name": "王工"}, format="json")
    assert response.status_code == 200 and response.json()["display_name"] == "王工"
    response = client.patch(url, {"role": "platform_admin"}, format="json", **EN)
    assert response.status_code == 400
    users.org_user.refresh_from_db()
    assert users.org_user.role == "org_user"


def test_administrators_change_accounts_they_manage(
    units: Any, users: Any, api_for: Callable[[Any], APIClient]
) -> None:
    client = api_for(users.unit_admin)
    response = client.patch(
        f"/api/users/{users.division_user.pk}/",
        {"role": "base_manager", "unit": units.base.pk},
        format="json",
    )
    assert response.status_code == 200, response.json()
    users.division_user.refresh_from_db()
    assert (users.division_user.role, users.division_user.unit) == ("base_manager", units.base)
    # Not in its sub-tree: not even visible.
    assert (
        client.patch(
            f"/api/users/{users.org_user.pk}/", {"is_active": False}, format="json"
        ).status_code
        == 404
    )
    # Visible (its own record) but not its role to change: refused.
    assert (
        client.patch(
            f"/api/users/{users.unit_admin.pk}/", {"role": "ministry_admin"}, format="json"
        ).status_code
        == 400
    )
