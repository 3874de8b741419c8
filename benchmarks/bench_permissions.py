"""Which notices may a user see: ``visible()`` in SQL vs ``can()`` on every record.

:func:`stcoop.core.permissions.visible` narrows a queryset in the database; the naive
alternative loads every notice and keeps those :func:`~stcoop.core.permissions.can`
allows. Both are run for users of several roles on the same data (in-memory SQLite),
and must select the same notices, so this also cross-checks the two halves of the
permission layer.
"""

from __future__ import annotations

import random
from typing import Any

from django_memory import setup
from timing import measure, with_ratios
from unit_tree import build_unit_tree

NOTICES = 5000
SEED = 7


def _notices(units: list[Any], users: list[Any], rng: random.Random) -> None:
    """Bulk-create NOTICES notices with mixed visibility, owners, authors and sharing."""
    from stcoop.core.choices import Visibility
    from stcoop.notices.models import Notice

    visibilities = [Visibility.PUBLIC] * 3 + [Visibility.SHARED] * 2 + [Visibility.INTERNAL] * 5
    rows = [
        Notice(
            pk=i + 1,
            owner_unit=rng.choice(units),
            visibility=rng.choice(visibilities),
            created_by=rng.choice(users) if rng.random() < 0.1 else None,
            category="news",
            title_zh_hans=f"通知 {i}",
            title_en=f"Notice {i}",
        )
        for i in range(NOTICES)
    ]
    Notice.objects.bulk_create(rows, batch_size=1000)
    through = Notice.shared_with.through
    links = [
        through(notice_id=row.pk, organisationunit_id=unit.pk)
        for row in rows
        if row.visibility == Visibility.SHARED
        for unit in rng.sample(units, rng.randint(1, 2))
    ]
    through.objects.bulk_create(links, batch_size=1000)


def _actors(roots: list[Any]) -> dict[str, Any]:
    from django.contrib.auth.models import AnonymousUser

    from stcoop.accounts.models import OrganisationUnit, User

    province = roots[0]
    middle = OrganisationUnit.objects.filter(parent=province).order_by("pk").first()
    leaf = OrganisationUnit.objects.filter(parent=middle).order_by("pk").first()

    def user(name: str, role: str, unit: Any) -> Any:
        return User.objects.create(username=name, role=role, unit=unit)

    return {
        "unit_admin": user("uadmin", "unit_admin", province),
        "org_user": user("orguser", "org_user", middle),
        "expert": user("expert", "expert", leaf),
        "anonymous": AnonymousUser(),
    }


def by_queryset(actor: Any) -> set[int]:
    """``visible()``: one filtered query."""
    from stcoop.core.permissions import visible
    from stcoop.notices.models import Notice

    return set(visible(actor, Notice.objects.all()).values_list("pk", flat=True))


def by_python(actor: Any) -> set[int]:
    """Baseline: every notice loaded, ``can(actor, "view", notice)`` on each."""
    from stcoop.core.permissions import can
    from stcoop.notices.models import Notice

    notices = Notice.objects.select_related("owner_unit")
    return {notice.pk for notice in notices if can(actor, "view", notice)}


def run(repeat: int = 7) -> dict[str, Any]:
    """Time both ways for each actor; return medians, speed-ups and result sizes."""
    setup("accounts", "notices")
    from stcoop.accounts.models import OrganisationUnit

    rng = random.Random(SEED)
    roots = build_unit_tree(roots=10, branching=6, levels=2)
    actors = _actors(roots)
    users = [actor for actor in actors.values() if actor.is_authenticated]
    _notices(list(OrganisationUnit.objects.all()), users, rng)
    results: dict[str, Any] = {}
    for label, actor in actors.items():
        expected = by_queryset(actor)
        if by_python(actor) != expected:
            raise AssertionError(f"visible() and can() disagree for {label}")
        cases = {
            "visible_queryset": measure(lambda a=actor: by_queryset(a), repeat=repeat),
            "python_can_filter": measure(lambda a=actor: by_python(a), repeat=repeat),
        }
        results[label] = {"notices_visible": len(expected)} | with_ratios(
            cases, "python_can_filter"
        )
    return {
        "description": __doc__.strip().splitlines()[0],
        "database": "sqlite in-memory",
        "notices": NOTICES,
        "units": OrganisationUnit.objects.count(),
        "results": results,
    }
