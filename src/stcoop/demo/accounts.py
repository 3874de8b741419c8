"""Demo steps for the administration: the platform administrator, units and users."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from stcoop.accounts.choices import Language, Role
from stcoop.accounts.models import OrganisationUnit, User
from stcoop.accounts.services import unit_create, user_create
from stcoop.cli.bootstrap import platform_admin_create
from stcoop.demo.organisations import UnitSpec, demo_unit_trees, root_unit_names
from stcoop.demo.registry import DemoContext, DemoStep
from stcoop.demo.report import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, DemoLogin

ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class UserSpec:
    """A demo account: fixed user name, role, the key of its unit, display name, language."""

    username: str
    role: str
    unit_key: str | None
    display_name: str
    language: str = Language.ZH_HANS


DEMO_USERS: tuple[UserSpec, ...] = (
    UserSpec(ADMIN_USERNAME, Role.PLATFORM_ADMIN, None, "平台管理员"),
    UserSpec("ministry", Role.MINISTRY_ADMIN, "ministry", "王芳"),
    UserSpec("guangdong", Role.UNIT_ADMIN, "guangdong", "陈志强"),
    UserSpec("yunnan", Role.UNIT_ADMIN, "yunnan", "杨丽华"),
    UserSpec("base", Role.BASE_MANAGER, "asean-centre", "黄海燕"),
    UserSpec("enterprise", Role.ORG_USER, "enterprise:深圳华瑞新能源科技有限公司", "李娜"),
    UserSpec("expert", Role.EXPERT, "university:中山大学", "Maria Santos", Language.EN),
)


def demo_email(username: str) -> str:
    """The address that marks an account as made by the demo."""
    return f"{username}@{DEMO_EMAIL_DOMAIN}"


# ---------------------------------------------------------------- administrator
def administrator_create(context: DemoContext) -> None:
    """Make (or find) the platform administrator that every later step acts as."""
    spec = DEMO_USERS[0]
    admin = User.objects.filter(username=spec.username).first()
    if admin is None:
        admin = platform_admin_create(
            username=spec.username,
            password=DEMO_PASSWORD,
            email=demo_email(spec.username),
            display_name=spec.display_name,
        )
        context.report.count("users", created=True)
    else:
        if admin.role != Role.PLATFORM_ADMIN and not admin.is_superuser:
            raise RuntimeError(
                f"user {spec.username!r} exists but is not a platform administrator; "
                "the demo needs it to create its records"
            )
        context.report.count("users", created=False)
    context.actor = admin


def administrator_reset(context: DemoContext) -> None:
    """Delete the demo's administrator (not one made with ``stcoop createadmin``)."""
    User.objects.filter(username=ADMIN_USERNAME, email=demo_email(ADMIN_USERNAME)).delete()


# ---------------------------------------------------------------- units
def _unit_get_or_create(
    context: DemoContext, spec: UnitSpec, parent: OrganisationUnit | None
) -> OrganisationUnit:
    unit = OrganisationUnit.objects.filter(parent=parent, name_zh_hans=spec.zh).first()
    context.report.count("organisation units", created=unit is None)
    if unit is None:
        unit = unit_create(
            actor=context.require_actor(),
            name_zh_hans=spec.zh,
            name_en=spec.en,
            kind=spec.kind,
            parent=parent,
            acronym=spec.acronym,
            region=spec.region,
        )
    if spec.key:
        context.units[spec.key] = unit
    return unit


def units_create(context: DemoContext) -> None:
    """Create the ministry, the provinces and the bases and institutions under them."""
    pending: deque[tuple[UnitSpec, OrganisationUnit | None]] = deque(
        (tree, None) for tree in demo_unit_trees(context.rng)
    )
    total = _count(spec for spec, _ in pending)
    done = 0
    while pending:  # breadth first: a parent always exists before its children
        spec, parent = pending.popleft()
        unit = _unit_get_or_create(context, spec, parent)
        pending.extend((child, unit) for child in spec.children)
        done += 1
        context.tick("Organisation units", done, total)


def _count(specs: Iterable[UnitSpec]) -> int:
    return sum(1 + _count(spec.children) for spec in specs)


def demo_root_units() -> list[OrganisationUnit]:
    """The demo's root units (the ministry and the provincial S&T departments)."""
    return list(OrganisationUnit.objects.filter(parent=None, name_zh_hans__in=root_unit_names()))


def _demo_subtree() -> Q:
    condition = Q(pk__in=[])
    for root in demo_root_units():
        condition |= Q(path__startswith=root.path)
    return condition


def units_reset(context: DemoContext) -> None:
    """Delete the demo's unit trees, deepest units first (parents are protected)."""
    units = list(OrganisationUnit.objects.filter(_demo_subtree()).values_list("pk", "path"))
    by_depth: dict[int, list[int]] = {}
    for pk, path in units:
        by_depth.setdefault(path.count("/"), []).append(pk)
    for depth in sorted(by_depth, reverse=True):
        OrganisationUnit.objects.filter(pk__in=by_depth[depth]).delete()


# ---------------------------------------------------------------- users
def users_create(context: DemoContext) -> None:
    """Create one account per role with the demo password, and list the logins."""
    actor = context.require_actor()
    for done, spec in enumerate(DEMO_USERS, start=1):
        unit = context.units[spec.unit_key] if spec.unit_key else None
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = user_create(
                actor=actor,
                username=spec.username,
                password=DEMO_PASSWORD,
                role=spec.role,
                unit=unit,
                email=demo_email(spec.username),
                display_name=spec.display_name,
                language=spec.language,
            )
            context.report.count("users", created=True)
        elif spec.username != ADMIN_USERNAME:
            context.report.count("users", created=False)
        made_by_demo = user.email == demo_email(spec.username)
        context.report.logins.append(
            DemoLogin(
                username=user.username,
                role=user.role,
                role_label=str(user.get_role_display()),
                unit=str(user.unit) if user.unit else "",
                password=DEMO_PASSWORD if made_by_demo else None,
            )
        )
        context.tick("Users", done, len(DEMO_USERS))


def users_reset(context: DemoContext) -> None:
    """Delete the demo's accounts and every account in the demo's units."""
    in_demo_units = Q(unit__in=OrganisationUnit.objects.filter(_demo_subtree()))
    made_by_demo = Q(email__endswith=f"@{DEMO_EMAIL_DOMAIN}") & ~Q(username=ADMIN_USERNAME)
    User.objects.filter(in_demo_units | made_by_demo).delete()


demo_steps = [
    DemoStep("administrator", administrator_create, administrator_reset),
    DemoStep("organisation units", units_create, units_reset),
    DemoStep("users", users_create, users_reset),
]
