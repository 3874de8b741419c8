"""Demo step: saved searches and notifications of the demo users.

The searches start with nothing marked as notified, so the first check after the demo
(``stcoop check-saved-searches`` or the worker) tells their owners of what matches. The
notifications are welcome messages pointing at matchmaking.
"""

from __future__ import annotations

from dataclasses import dataclass

from stcoop.demo.accounts import demo_email
from stcoop.demo.registry import DemoContext, DemoStep


@dataclass(frozen=True)
class SavedSpec:
    username: str
    name: str
    query: str
    types: tuple[str, ...] = ()
    facets: tuple[tuple[str, tuple[str, ...]], ...] = ()
    notify_email: bool = False


SAVED: tuple[SavedSpec, ...] = (
    SavedSpec("enterprise", "固态电池与储能", "固态电池 储能", ("technology", "project"), (), True),
    SavedSpec(
        "enterprise",
        "Perovskite solar offers",
        "perovskite solar cells",
        ("technology",),
        (("kind", ("technology_offer",)),),
    ),
    SavedSpec("yunnan", "水稻育种合作", "耐盐 水稻 育种", ("technology", "project", "person")),
    SavedSpec(
        "expert", "Technology transfer policies", "technology transfer", ("policy",), (), True
    ),
)

#: (username, message code, link) of the welcome notifications.
WELCOME: tuple[tuple[str, str, str], ...] = (
    ("enterprise", "welcome_matching", "/matching/"),
    ("yunnan", "welcome_matching", "/matching/"),
    ("expert", "welcome_saved", "/matching/saved/"),
)


def matching_demo(context: DemoContext) -> None:
    """Create the demo saved searches and welcome notifications (get-or-create)."""
    from stcoop.accounts.models import User
    from stcoop.matching.models import Notification, SavedSearch

    users = {
        u.username: u
        for u in User.objects.filter(
            username__in={s.username for s in SAVED} | {w[0] for w in WELCOME}
        )
        if u.email == demo_email(u.username)
    }
    for done, spec in enumerate(SAVED, start=1):
        owner = users.get(spec.username)
        if owner is None:
            context.report.notes.append(f"Saved search skipped: no demo user '{spec.username}'.")
            continue
        _saved, created = SavedSearch.objects.get_or_create(
            owner=owner,
            name=spec.name,
            defaults={
                "query": spec.query,
                "types": list(spec.types),
                "facets": {name: list(values) for name, values in spec.facets},
                "notify_email": spec.notify_email,
            },
        )
        context.report.count("saved searches", created=created)
        context.tick("Saved searches", done, len(SAVED))
    for username, code, link in WELCOME:
        user = users.get(username)
        if user is None:
            continue
        _note, created = Notification.objects.get_or_create(user=user, code=code, link=link)
        context.report.count("notifications", created=created)


def matching_demo_reset(context: DemoContext) -> None:
    """Delete the saved searches and notifications of the demo users."""
    from stcoop.accounts.models import User
    from stcoop.matching.models import Notification, SavedSearch

    demo_users = [
        u.pk
        for u in User.objects.filter(
            username__in={s.username for s in SAVED} | {w[0] for w in WELCOME}
        )
        if u.email == demo_email(u.username)
    ]
    Notification.objects.filter(user_id__in=demo_users).delete()
    SavedSearch.objects.filter(owner_id__in=demo_users).delete()


demo_steps = [DemoStep("matching", matching_demo, matching_demo_reset)]
