"""The demo dataset: every role can sign in, the tree is realistic, runs are idempotent."""

from __future__ import annotations

from typing import Any

import pytest

from stcoop.accounts.choices import Role, UnitKind
from stcoop.accounts.models import OrganisationUnit, User
from stcoop.core.models import ObjectChange
from stcoop.demo import DEMO_PASSWORD, demo_reset, generate_demo
from stcoop.demo.accounts import demo_steps as account_steps
from stcoop.demo.organisations import PROVINCES, demo_unit_trees
from stcoop.demo.registry import step_rng

pytestmark = pytest.mark.django_db

# The demo without the steps of other apps (reference data, geo), which have their own tests.
ACCOUNTS_ONLY = ["stcoop.demo.accounts"]
UNITS_STEP = next(step for step in account_steps if step.name == "organisation units")


def _unit(name: str, parent: str | None = None) -> OrganisationUnit:
    units = OrganisationUnit.objects.filter(name_zh_hans=name)
    if parent is not None:
        units = units.filter(parent__name_zh_hans=parent)
    return units.get()


def test_there_is_an_account_for_every_role_and_each_signs_in(signs_in: Any) -> None:
    report = generate_demo(modules=ACCOUNTS_ONLY)
    roles = {login.role for login in report.logins}
    assert roles == set(Role.values)
    assert [login.username for login in report.logins] == [
        "admin", "ministry", "guangdong", "yunnan", "base", "enterprise", "expert"
    ]  # fmt: skip
    for login in report.logins:
        assert login.password == DEMO_PASSWORD
        assert signs_in(login.username, DEMO_PASSWORD), login.username
    assert not signs_in("guangdong", "wrong-password")


def test_accounts_sit_in_the_units_their_roles_need() -> None:
    generate_demo(modules=ACCOUNTS_ONLY)
    units = {user.username: user.unit for user in User.objects.select_related("unit")}
    assert units["admin"] is None
    assert units["ministry"] == _unit("科学技术部")
    assert units["guangdong"] == _unit("广东省科学技术厅")
    assert units["base"] == _unit("中国—东盟技术转移中心", "广西壮族自治区科学技术厅")
    assert units["enterprise"].kind == UnitKind.ENTERPRISE
    assert units["expert"].kind == UnitKind.UNIVERSITY
    assert User.objects.get(username="expert").language == "en"


def test_the_tree_has_ministry_departments_provinces_and_bases() -> None:
    generate_demo(modules=ACCOUNTS_ONLY)
    ministry = _unit("科学技术部")
    assert ministry.parent is None and ministry.kind == UnitKind.MINISTRY
    assert ministry.name_en == "Ministry of Science and Technology"
    assert not ministry.description_zh_hans and not ministry.description_en
    assert {"国际合作司", "基础研究司", "高新技术司"} <= set(
        ministry.children.values_list("name_zh_hans", flat=True)
    )
    provinces = OrganisationUnit.objects.filter(kind=UnitKind.PROVINCE)
    assert provinces.count() == len(PROVINCES) >= 8
    for province in provinces:
        division = province.children.get(kind=UnitKind.PROVINCIAL_DEPARTMENT)
        assert division.name_zh_hans == "国际合作处"
        assert division.name_en.startswith("International Cooperation Division")
        assert province.children.filter(kind=UnitKind.BASE).exists()
        assert province.children.filter(kind=UnitKind.ENTERPRISE).count() >= 2
    for centre, province_name in [
        ("中国—东盟技术转移中心", "广西壮族自治区科学技术厅"),
        ("中国—南亚技术转移中心", "云南省科学技术厅"),
        ("中国—阿拉伯国家技术转移中心", "宁夏回族自治区科学技术厅"),
        ("中国—中亚科技合作中心", "新疆维吾尔自治区科学技术厅"),
    ]:
        assert _unit(centre, province_name).kind == UnitKind.BASE


def test_every_unit_has_a_chinese_and_an_english_name(client_for: Any) -> None:
    generate_demo(modules=ACCOUNTS_ONLY)
    ministry = _unit("科学技术部")
    assert (ministry.name_zh_hans, ministry.name_en) == (
        "科学技术部",
        "Ministry of Science and Technology",
    )
    guangdong = _unit("广东省科学技术厅")
    assert guangdong.name_en == "Department of Science and Technology of Guangdong Province"
    assert not OrganisationUnit.objects.filter(name_zh_hans="").exists()
    assert not OrganisationUnit.objects.filter(name_en="").exists()
    # The pages show the name in the reader's language.
    client = client_for(User.objects.get(username="ministry"))
    chinese = client.get(f"/accounts/units/{ministry.pk}/?lang=zh-hans").content.decode()
    english = client.get(f"/accounts/units/{ministry.pk}/?lang=en").content.decode()
    assert "<title>科学技术部" in chinese
    assert "<title>Ministry of Science and Technology" in english


def test_tree_paths_are_right() -> None:
    generate_demo(modules=ACCOUNTS_ONLY)
    for unit in OrganisationUnit.objects.select_related("parent"):
        parent_path = unit.parent.path if unit.parent else "/"
        assert unit.path == f"{parent_path}{unit.pk}/"


def test_writes_go_through_the_services_and_are_logged() -> None:
    generate_demo(modules=ACCOUNTS_ONLY)
    logged = ObjectChange.objects.filter(content_type__model="organisationunit")
    assert logged.count() == OrganisationUnit.objects.count()
    assert set(logged.values_list("actor__username", flat=True)) == {"admin"}


def test_running_twice_duplicates_nothing() -> None:
    first = generate_demo(modules=ACCOUNTS_ONLY)
    counts = (OrganisationUnit.objects.count(), User.objects.count())
    second = generate_demo(modules=ACCOUNTS_ONLY)
    assert (OrganisationUnit.objects.count(), User.objects.count()) == counts
    assert first.created["organisation units"] == second.existing["organisation units"] == 79
    assert sum(second.created.values()) == 0
    assert len(second.logins) == len(first.logins)


def test_same_seed_same_data_other_seed_other_enterprises() -> None:
    def enterprises(seed: int) -> list[str]:
        trees = demo_unit_trees(step_rng(seed, UNITS_STEP))
        return [
            unit.zh for tree in trees for unit in tree.children if unit.kind == UnitKind.ENTERPRISE
        ]

    assert enterprises(42) == enterprises(42)
    assert enterprises(42) != enterprises(43)
    assert "深圳华瑞新能源科技有限公司" in enterprises(43)  # the organisation user's, fixed
    generate_demo(seed=42, modules=ACCOUNTS_ONLY)
    made = set(
        OrganisationUnit.objects.filter(kind=UnitKind.ENTERPRISE).values_list(
            "name_zh_hans", flat=True
        )
    )
    assert made == set(enterprises(42))


def test_an_existing_administrator_is_kept_and_used() -> None:
    from stcoop.cli.bootstrap import platform_admin_create

    own = platform_admin_create(username="admin", password="Own-Password-2026")
    report = generate_demo(modules=ACCOUNTS_ONLY)
    admin_login = next(login for login in report.logins if login.username == "admin")
    assert admin_login.password is None  # the demo did not set it, so it does not print it
    own.refresh_from_db()
    assert own.check_password("Own-Password-2026")
    demo_reset(modules=ACCOUNTS_ONLY)
    assert User.objects.filter(pk=own.pk).exists()


def test_an_admin_name_held_by_someone_else_stops_the_demo() -> None:
    User.objects.create(username="admin", role=Role.ORG_USER)
    with pytest.raises(RuntimeError, match="not a platform administrator"):
        generate_demo(modules=ACCOUNTS_ONLY)


def test_reset_removes_demo_records_only() -> None:
    generate_demo(modules=ACCOUNTS_ONLY)
    elsewhere = OrganisationUnit.objects.create(
        name_zh_hans="其他单位", name_en="Another unit", kind=UnitKind.OTHER, path="/x/"
    )
    person = User.objects.create(username="someone", role=Role.ORG_USER, unit=elsewhere)
    assert demo_reset(modules=ACCOUNTS_ONLY) == ["users", "organisation units", "administrator"]
    assert list(OrganisationUnit.objects.all()) == [elsewhere]
    assert list(User.objects.all()) == [person]
    generate_demo(modules=ACCOUNTS_ONLY)
    assert OrganisationUnit.objects.count() == 80


def test_readme_lists_the_demo_logins() -> None:
    from pathlib import Path

    from stcoop.demo.accounts import DEMO_USERS

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    logins = readme.split("## Logins", 1)[1].split("## ", 1)[0]
    assert f"**`{DEMO_PASSWORD}`**" in logins
    for spec in DEMO_USERS:
        assert f"| `{spec.username}` |" in logins
