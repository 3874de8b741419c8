"""Organisation-unit pages: who may browse, change, add and move units, for every role."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from conftest import make_unit
from stcoop.accounts.choices import UnitKind
from stcoop.accounts.models import OrganisationUnit
from stcoop.core.models import ObjectChange

pytestmark = pytest.mark.django_db

ROLES = ("platform_admin", "ministry_admin", "unit_admin", "base_manager", "org_user", "expert")


def _get(client_for: Any, users: Any, role: str | None, url: str) -> Any:
    user = getattr(users, role) if role else None
    return client_for(user).get(url)


# ------------------------------------------------------------------ browsing
@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_role_browses_the_tree(
    users: Any, units: Any, client_for: Any, role: str
) -> None:
    response = _get(client_for, users, role, "/accounts/units/")
    assert response.status_code == 200
    body = response.content.decode()
    names = [u.name for u in OrganisationUnit.objects.all()]
    assert all(escape(name) in body for name in names)


def test_anonymous_is_sent_to_login(units: Any, client: Client) -> None:
    for url in (
        "/accounts/units/",
        f"/accounts/units/{units.base.pk}/",
        "/accounts/units/add/",
        f"/accounts/units/{units.base.pk}/edit/",
        f"/accounts/units/{units.base.pk}/move/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next=")


def test_tree_is_depth_first_and_indented(users: Any, units: Any, client_for: Any) -> None:
    body = client_for(users.org_user).get("/accounts/units/").content.decode()
    rows = [
        body.index(f'data-unit="{u.pk}"')
        for u in (
            units.enterprise,
            units.province,
            units.base,
            units.lab,
            units.division,
            units.ministry,
            units.department,
        )
    ]
    # Siblings by kind (ministry, province, ..., enterprise), then by name; children
    # directly under their parents.
    order = sorted(rows)
    by_position = {
        pos: name
        for pos, name in zip(
            rows,
            ("enterprise", "province", "base", "lab", "division", "ministry", "department"),
            strict=True,
        )
    }
    assert [by_position[p] for p in order] == [
        "ministry",
        "department",
        "province",
        "division",
        "base",
        "lab",
        "enterprise",
    ]
    lab_row = body[body.index(f'data-unit="{units.lab.pk}"') :]
    assert "tree-depth-2" in lab_row[: lab_row.index("</tr>")]


def test_tree_shows_member_counts(users: Any, units: Any, client_for: Any) -> None:
    body = client_for(users.org_user).get("/accounts/units/").content.decode()
    province_row = body[body.index(f'data-unit="{units.province.pk}"') :]
    province_row = province_row[: province_row.index("</tr>")]
    assert '<td class="text-end">1</td>' in province_row  # the unit administrator


# ------------------------------------------------------------------ detail and members
@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("platform_admin", {"bmanager"}),
        ("ministry_admin", set()),  # the base is outside the ministry's sub-tree
        ("unit_admin", {"bmanager"}),
        ("base_manager", {"bmanager"}),  # only themselves
        ("org_user", set()),
        ("expert", set()),
    ],
)
def test_unit_members_only_for_those_who_may_see_them(
    users: Any, units: Any, client_for: Any, role: str, sees: set[str]
) -> None:
    response = _get(client_for, users, role, f"/accounts/units/{units.base.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert units.lab.name in body  # the sub-unit is listed for everyone
    shown = set(re.findall(r'data-member="(\w+)"', body))
    assert shown == sees
    assert ('data-testid="members-hidden"' in body) == (not sees)


@pytest.mark.parametrize(
    ("role", "may_change"),
    [
        ("platform_admin", True),
        ("ministry_admin", False),
        ("unit_admin", True),
        ("base_manager", False),
        ("org_user", False),
        ("expert", False),
    ],
)
def test_detail_offers_actions_by_permission(
    users: Any, units: Any, client_for: Any, role: str, may_change: bool
) -> None:
    body = _get(client_for, users, role, f"/accounts/units/{units.base.pk}/").content.decode()
    assert ('data-testid="unit-edit"' in body) is may_change
    assert ('data-testid="unit-add-child"' in body) is may_change
    assert 'data-testid="history-link"' in body


def test_unknown_unit_is_404(users: Any, client_for: Any) -> None:
    assert client_for(users.org_user).get("/accounts/units/999999/").status_code == 404


# ------------------------------------------------------------------ edit
@pytest.mark.parametrize(
    ("role", "unit", "status"),
    [
        ("platform_admin", "base", 200),
        ("ministry_admin", "base", 403),
        ("ministry_admin", "department", 200),
        ("unit_admin", "base", 200),
        ("unit_admin", "lab", 200),
        ("unit_admin", "department", 403),
        ("unit_admin", "enterprise", 403),
        ("base_manager", "base", 403),
        ("org_user", "enterprise", 403),
        ("expert", "lab", 403),
    ],
)
def test_edit_page_permissions(
    users: Any, units: Any, client_for: Any, role: str, unit: str, status: int
) -> None:
    target = getattr(units, unit)
    response = _get(client_for, users, role, f"/accounts/units/{target.pk}/edit/")
    assert response.status_code == status


def test_forbidden_post_changes_nothing(users: Any, units: Any, client_for: Any) -> None:
    response = client_for(users.base_manager).post(
        f"/accounts/units/{units.base.pk}/edit/",
        {"name_en": "Hijacked", "kind": UnitKind.BASE, "country": "CN"},
    )
    assert response.status_code == 403
    units.base.refresh_from_db()
    assert units.base.name_en == "China-ASEAN Technology Transfer Centre"


def test_unit_admin_edits_unit_in_subtree(users: Any, units: Any, client_for: Any) -> None:
    client = client_for(users.unit_admin)
    response = client.post(
        f"/accounts/units/{units.base.pk}/edit/",
        {
            "name_zh_hans": "中国—东盟技术转移中心（南宁）",
            "name_en": "China-ASEAN Technology Transfer Centre (Nanning)",
            "acronym": "CATTC",
            "kind": UnitKind.BASE,
            "country": "cn",
            "region": "Guangxi",
            "description_zh_hans": "",
            "description_en": "Technology transfer with ASEAN countries.",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/units/{units.base.pk}/"
    units.base.refresh_from_db()
    assert units.base.name_zh_hans == "中国—东盟技术转移中心（南宁）"
    assert units.base.name_en == "China-ASEAN Technology Transfer Centre (Nanning)"
    assert units.base.description_en == "Technology transfer with ASEAN countries."
    assert units.base.acronym == "CATTC"
    assert units.base.country == "CN"
    change = ObjectChange.objects.get(object_id=str(units.base.pk), action="update")
    assert change.actor == users.unit_admin
    assert change.before["acronym"] == "" and change.after["acronym"] == "CATTC"
    assert change.after["name_zh_hans"] == "中国—东盟技术转移中心（南宁）"
    assert "name" not in change.after  # only the language columns are recorded


def test_edit_shows_field_errors(users: Any, units: Any, client_for: Any, tr: Any) -> None:
    response = client_for(users.unit_admin).post(
        f"/accounts/units/{units.base.pk}/edit/?lang=en",
        {"name_zh_hans": "", "name_en": " ", "kind": "nonsense", "country": "XX"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Give the name in Chinese, in English or in both." in body
    assert 'id="id_name_zh_hans-errors"' in body
    assert "Select a valid choice." in body
    assert "is not an ISO 3166 two-letter country code" in body
    assert body.count("is-invalid") >= 3


@pytest.mark.parametrize("field", ["name_zh_hans", "name_en"])
def test_edit_reports_duplicate_name_under_same_parent(
    users: Any, units: Any, client_for: Any, field: str
) -> None:
    names = {"name_zh_hans": "广东国际合作处", "name_en": "Guangdong Cooperation Division"}
    names[field] = getattr(units.base, field).upper()  # case and spaces do not matter
    response = client_for(users.unit_admin).post(
        f"/accounts/units/{units.division.pk}/edit/?lang=en",
        {
            **names,
            "kind": UnitKind.PROVINCIAL_DEPARTMENT,
            "country": "CN",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    errors = body[body.index(f'id="id_{field}-errors"') :]
    assert (
        "Another unit under the same parent is already called" in errors[: errors.index("</div>")]
    )
    units.division.refresh_from_db()
    assert units.division.name_en == "Guangdong International Cooperation Division"


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
def test_create_page_permissions(
    users: Any, units: Any, client_for: Any, role: str, status: int
) -> None:
    assert _get(client_for, users, role, "/accounts/units/add/").status_code == status


def test_create_offers_only_managed_parents(users: Any, units: Any, client_for: Any) -> None:
    body = client_for(users.unit_admin).get("/accounts/units/add/").content.decode()
    select = body[
        body.index('name="parent"') : body.index("</select>", body.index('name="parent"'))
    ]
    assert escape(units.base.name) in select and escape(units.province.name) in select
    assert escape(units.ministry.name) not in select
    assert escape(units.enterprise.name) not in select
    assert "top-level" not in select  # only platform administrators create root units


def test_unit_admin_creates_sub_unit(users: Any, units: Any, client_for: Any) -> None:
    response = client_for(users.unit_admin).post(
        "/accounts/units/add/",
        {
            "name_zh_hans": "深圳办事处",
            "name_en": "Shenzhen Office",
            "kind": UnitKind.OTHER,
            "parent": units.province.pk,
            "country": "CN",
        },
    )
    assert response.status_code == 302
    created = OrganisationUnit.objects.get(name_en="Shenzhen Office")
    assert created.name_zh_hans == "深圳办事处"
    assert created.path == f"{units.province.path}{created.pk}/"
    assert ObjectChange.objects.filter(object_id=str(created.pk), action="create").exists()


def test_unit_admin_cannot_create_outside_subtree(users: Any, units: Any, client_for: Any) -> None:
    for parent in (units.ministry.pk, ""):
        response = client_for(users.unit_admin).post(
            "/accounts/units/add/?lang=en",
            {"name_en": "Rogue", "kind": UnitKind.OTHER, "parent": parent, "country": "CN"},
        )
        assert response.status_code == 200
        assert "is-invalid" in response.content.decode()
    assert not OrganisationUnit.objects.filter(name_en="Rogue").exists()


def test_platform_admin_creates_root_unit(users: Any, units: Any, client_for: Any) -> None:
    response = client_for(users.platform_admin).post(
        "/accounts/units/add/",
        {
            "name_zh_hans": "浙江省科学技术厅",
            "kind": UnitKind.PROVINCE,
            "parent": "",
            "country": "CN",
        },
    )
    assert response.status_code == 302
    created = OrganisationUnit.objects.get(name_zh_hans="浙江省科学技术厅")
    assert created.parent is None and created.path == f"/{created.pk}/"
    assert created.name_en == ""
    # Without an English name, English pages show the Chinese one.
    body = client_for(users.platform_admin).get("/accounts/units/?lang=en").content.decode()
    assert "浙江省科学技术厅" in body


def test_create_needs_a_name_in_one_language(users: Any, units: Any, client_for: Any) -> None:
    response = client_for(users.platform_admin).post(
        "/accounts/units/add/?lang=en",
        {"name_zh_hans": "", "name_en": "", "kind": UnitKind.OTHER, "parent": "", "country": "CN"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_name_zh_hans-errors"' in body
    assert "Give the name in Chinese, in English or in both." in body
    assert OrganisationUnit.objects.count() == 7


@pytest.mark.parametrize(
    ("names", "field"),
    [
        (
            {"name_zh_hans": "China-ASEAN Technology Transfer Centre", "name_en": "New"},
            "name_zh_hans",
        ),
        (
            {"name_zh_hans": "新中心", "name_en": " china-asean technology transfer centre "},
            "name_en",
        ),
    ],
)
def test_create_refuses_a_sibling_name_in_either_language(
    users: Any, units: Any, client_for: Any, names: dict[str, str], field: str
) -> None:
    response = client_for(users.unit_admin).post(
        "/accounts/units/add/?lang=en",
        {**names, "kind": UnitKind.BASE, "parent": units.province.pk, "country": "CN"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    errors = body[body.index(f'id="id_{field}-errors"') :]
    assert (
        "Another unit under the same parent is already called" in errors[: errors.index("</div>")]
    )
    assert OrganisationUnit.objects.count() == 7
    # The same name under another parent is fine.
    response = client_for(users.unit_admin).post(
        "/accounts/units/add/",
        {**names, "kind": UnitKind.BASE, "parent": units.division.pk, "country": "CN"},
    )
    assert response.status_code == 302
    assert OrganisationUnit.objects.count() == 8


# ------------------------------------------------------------------ both languages
def test_unit_name_follows_the_page_language(users: Any, units: Any, client_for: Any) -> None:
    unit = make_unit("深圳联合实验室", UnitKind.INSTITUTE, units.base, name_en="Shenzhen Joint Lab")
    client = client_for(users.org_user)
    for page in ("/accounts/units/", f"/accounts/units/{units.base.pk}/"):
        chinese = client.get(f"{page}?lang=zh-hans").content.decode()
        assert "深圳联合实验室" in chinese and "Shenzhen Joint Lab" not in chinese, page
        english = client.get(f"{page}?lang=en").content.decode()
        assert "Shenzhen Joint Lab" in english and "深圳联合实验室" not in english, page
    title = re.compile(r"<h1[^>]*>\s*([^<]*)")
    chinese = client.get(f"/accounts/units/{unit.pk}/?lang=zh-hans").content.decode()
    english = client.get(f"/accounts/units/{unit.pk}/?lang=en").content.decode()
    assert title.search(chinese).group(1).strip() == "深圳联合实验室"  # type: ignore[union-attr]
    assert title.search(english).group(1).strip() == "Shenzhen Joint Lab"  # type: ignore[union-attr]


def test_detail_page_shows_both_names(users: Any, units: Any, client_for: Any) -> None:
    unit = make_unit("深圳联合实验室", UnitKind.INSTITUTE, units.base, name_en="Shenzhen Joint Lab")
    body = client_for(users.org_user).get(f"/accounts/units/{unit.pk}/?lang=en").content.decode()
    assert re.search(r'data-testid="name-zh-hans">深圳联合实验室<', body)
    assert re.search(r'data-testid="name-en">Shenzhen Joint Lab<', body)


# ------------------------------------------------------------------ move
def test_unit_admin_moves_within_subtree(users: Any, units: Any, client_for: Any) -> None:
    client = client_for(users.unit_admin)
    assert client.get(f"/accounts/units/{units.lab.pk}/move/").status_code == 200
    response = client.post(
        f"/accounts/units/{units.lab.pk}/move/", {"new_parent": units.division.pk}
    )
    assert response.status_code == 302
    units.lab.refresh_from_db()
    assert units.lab.parent == units.division
    assert units.lab.path == f"{units.division.path}{units.lab.pk}/"


def test_move_refuses_targets_outside_subtree_and_own_subtree(
    users: Any, units: Any, client_for: Any
) -> None:
    client = client_for(users.unit_admin)
    for target in (units.enterprise.pk, units.lab.pk, ""):
        response = client.post(
            f"/accounts/units/{units.base.pk}/move/?lang=en", {"new_parent": target}
        )
        assert response.status_code == 200, target
        assert "is-invalid" in response.content.decode()
    units.base.refresh_from_db()
    assert units.base.parent == units.province


@pytest.mark.parametrize("role", ["ministry_admin", "base_manager", "org_user", "expert"])
def test_move_forbidden_for_others(users: Any, units: Any, client_for: Any, role: str) -> None:
    response = _get(client_for, users, role, f"/accounts/units/{units.base.pk}/move/")
    assert response.status_code == 403


def test_platform_admin_moves_unit_to_top_level(users: Any, units: Any, client_for: Any) -> None:
    response = client_for(users.platform_admin).post(
        f"/accounts/units/{units.base.pk}/move/", {"new_parent": ""}
    )
    assert response.status_code == 302
    units.lab.refresh_from_db()
    assert units.lab.path == f"/{units.base.pk}/{units.lab.pk}/"
