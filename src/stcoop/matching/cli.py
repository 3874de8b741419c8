"""Command-line tools of matchmaking (see :mod:`stcoop.cli.registry`).

* ``stcoop check-saved-searches [--user NAME] [--json]``: check saved searches now and
  notify their owners of new matching records (what the background task does).
* ``stcoop matches REFERENCE_OR_ID [--kind offers|organisations|experts] [--as USER]
  [--limit N] [--json]``: the ranked matches of a technology profile with reasons.
"""

from __future__ import annotations

import json
from typing import Any

import click

from stcoop.cli.django_setup import needs_django
from stcoop.cli.errors import CliError


def _user(username: str | None) -> Any:
    if not username:
        return None
    from django.contrib.auth import get_user_model

    user = get_user_model()._default_manager.filter(username=username).first()
    if user is None:
        raise CliError(f"no user is called {username!r}")
    return user


@click.command("check-saved-searches")
@click.option("--user", "username", help="Check only this user's saved searches.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@needs_django
def check_saved_searches(username: str | None, as_json: bool) -> None:
    """Check saved searches now and notify owners of new matching records."""
    from stcoop.matching.models import SavedSearch
    from stcoop.matching.services import saved_search_check, saved_searches_check_all

    user = _user(username)
    if user is None:
        counts = saved_searches_check_all()
    else:
        counts = {"checked": 0, "notified": 0, "records": 0, "failed": 0}
        for saved in SavedSearch.objects.filter(owner=user).select_related("owner"):
            new = saved_search_check(saved)
            counts["checked"] += 1
            counts["notified"] += 1 if new else 0
            counts["records"] += len(new)
    if as_json:
        click.echo(json.dumps(counts))
    else:
        click.echo(
            f"checked {counts['checked']} saved searches; {counts['notified']} had news "
            f"({counts['records']} records); {counts['failed']} failed"
        )


@click.command("matches")
@click.argument("profile")
@click.option(
    "--kind",
    type=click.Choice(["offers", "requests", "organisations", "experts"]),
    default="offers",
    show_default=True,
    help="offers/requests: the complementary profiles.",
)
@click.option("--as", "username", help="See what this user may see (default: everything).")
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@needs_django
def matches(profile: str, kind: str, username: str | None, limit: int, as_json: bool) -> None:
    """Ranked matches of a technology profile (its reference, e.g. TR-2026-000001, or id)."""
    from django.db.models import Q

    from stcoop.cli.actors import import_actor
    from stcoop.matching import matchmaking
    from stcoop.technologies.models import TechnologyProfile

    actor = _user(username) or import_actor()
    condition = Q(reference=profile.strip())
    if profile.strip().isdigit():
        condition |= Q(pk=int(profile))
    record = TechnologyProfile.objects.filter(condition).first()
    if record is None:
        raise CliError(f"no technology profile {profile!r}")
    list_kind = "profiles" if kind in ("offers", "requests") else kind
    found = matchmaking.matches_for(actor=actor, profile=record, kind=list_kind)[:limit]
    if as_json:
        rows = [
            {
                "id": m.id,
                "title": m.title,
                "score": m.score,
                "reasons": [r.text_in("en") for r in m.reasons],
            }
            for m in found
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for rank, match in enumerate(found, start=1):
        click.echo(f"{rank:>3}. [{match.score:>3}] {match.title}")
        for reason in match.reasons:
            click.echo(f"       - {reason.text_in('en')}")


commands = [check_saved_searches, matches]
