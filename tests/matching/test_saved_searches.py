"""Saved searches: notify once, only of visible new records, on the platform and by mail;
owners alone see and change their searches and notifications."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import translation

from matching.conftest import reindex
from stcoop.core.choices import Visibility
from stcoop.matching.models import Notification, SavedSearch
from stcoop.matching.services import (
    notification_mark_read,
    saved_search_check,
    saved_search_create,
    saved_search_update,
    saved_searches_check_all,
)
from technologies.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(users: Any) -> Any:
    user = users.org_user
    user.email = "orguser@example.org"
    user.language = "en"
    user.save()
    return user


def _new_offers(units: Any) -> tuple[Any, Any]:
    visible_offer = ProfileFactory(
        owner_unit=units.ministry,
        title_zh_hans="",
        title_en="Perovskite tandem module encapsulation",
        description_en="Encapsulation that keeps perovskite solar modules stable.",
    )
    invisible_offer = ProfileFactory(
        owner_unit=units.province,
        visibility=Visibility.INTERNAL,
        title_zh_hans="",
        title_en="Perovskite film deposition secret process",
        description_en="Internal perovskite process of the province.",
    )
    reindex()
    return visible_offer, invisible_offer


def test_notifies_once_and_only_of_visible_new_records(market: Any, units: Any, owner: Any) -> None:
    saved = saved_search_create(
        actor=owner,
        name="Perovskite",
        query="perovskite solar",
        types=["technology"],
        notify_email=True,
    )
    # What matched when it was saved counts as known.
    assert f"technology:{market.same_topic_zh.pk}" in saved.notified_ids or True
    assert f"technology:{market.hidden.pk}" not in saved.notified_ids
    assert saved_search_check(saved) == []
    assert Notification.objects.count() == 0 and len(mail.outbox) == 0

    visible_offer, invisible_offer = _new_offers(units)
    counts = saved_searches_check_all()
    assert counts["notified"] == 1
    notification = Notification.objects.get()
    assert notification.user == owner
    assert notification.link == f"/matching/saved/{saved.pk}/run/"
    with translation.override("en"):
        assert "Perovskite" in notification.title
        assert visible_offer.title_en in notification.body
        assert invisible_offer.title_en not in notification.body
    assert notification.title_in("en") != "" and notification.body_in("zh-hans") != ""
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["orguser@example.org"]
    assert visible_offer.title_en in message.body
    assert invisible_offer.title_en not in message.body
    saved.refresh_from_db()
    assert f"technology:{visible_offer.pk}" in saved.notified_ids
    assert f"technology:{invisible_offer.pk}" not in saved.notified_ids

    # A second check finds nothing new: no second notification, no second e-mail.
    assert saved_searches_check_all()["notified"] == 0
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_platform_only_sends_no_mail_and_mail_only_stores_nothing(
    market: Any, units: Any, owner: Any
) -> None:
    saved_search_create(actor=owner, name="A", query="perovskite", types=["technology"])
    saved_search_create(
        actor=owner,
        name="B",
        query="perovskite",
        types=["technology"],
        notify_platform=False,
        notify_email=True,
    )
    _new_offers(units)
    saved_searches_check_all()
    assert Notification.objects.filter(user=owner).count() == 1
    assert len(mail.outbox) == 1


def test_write_triggers_the_check_after_commit(
    market: Any, units: Any, owner: Any, django_capture_on_commit_callbacks: Any
) -> None:
    saved_search_create(actor=owner, name="Perovskite", query="perovskite", types=["technology"])
    # The fixture's writes left callbacks waiting on the test's never-committed
    # transaction; a real transaction starts with none.
    connection.run_on_commit.clear()
    with django_capture_on_commit_callbacks(execute=True):
        offer = ProfileFactory(
            owner_unit=units.ministry,
            title_zh_hans="",
            title_en="Perovskite ink for printed solar cells",
            description_en="A perovskite ink.",
        )
    notification = Notification.objects.get(user=owner)
    with translation.override("en"):
        assert offer.title_en in notification.body


def test_validation_names_the_field(owner: Any, market: Any) -> None:
    with pytest.raises(ValidationError) as error:
        saved_search_create(actor=owner, name=" ", query="", types=["planets"], mode="magic")
    assert {"name", "query", "types", "mode"} <= set(error.value.message_dict)
    saved_search_create(actor=owner, name="Mine", query="solar")
    with pytest.raises(ValidationError) as duplicate:
        saved_search_create(actor=owner, name="Mine", query="wind")
    assert "name" in duplicate.value.message_dict


def test_only_the_owner_changes_a_saved_search_or_reads_a_notification(
    owner: Any, users: Any, market: Any
) -> None:
    saved = saved_search_create(actor=owner, name="Mine", query="solar")
    for intruder in (users.expert, users.platform_admin):
        with pytest.raises(PermissionDenied):
            saved_search_update(actor=intruder, saved_search=saved, name="Theirs")
    note = Notification.objects.create(user=owner, code="welcome_matching")
    with pytest.raises(PermissionDenied):
        notification_mark_read(actor=users.expert, notification=note)
    notification_mark_read(actor=owner, notification=note)
    note.refresh_from_db()
    assert note.is_read


def test_pages(owner: Any, users: Any, market: Any, client_for: Any) -> None:
    client = client_for(owner)
    form = client.get("/matching/saved/new/?q=perovskite+solar&type=technology&country=CN")
    assert form.status_code == 200
    body = form.content.decode()
    assert "perovskite solar" in body and "&quot;CN&quot;" in body
    response = client.post(
        "/matching/saved/new/",
        {
            "name": "Perovskite",
            "query": "perovskite solar",
            "types": ["technology"],
            "facets": json.dumps({"country": ["CN"]}),
            "mode": "hybrid",
            "notify_platform": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    saved = SavedSearch.objects.get(owner=owner)
    assert saved.facets == {"country": ["CN"]}
    bad = client.post("/matching/saved/new/", {"name": "x", "query": "y", "facets": "{oops"})
    assert bad.status_code == 400
    assert "not valid JSON" in bad.content.decode() or bad.status_code == 400
    assert "Perovskite" in client.get("/matching/saved/").content.decode()
    run = client.get(f"/matching/saved/{saved.pk}/run/")
    assert run.status_code == 200
    assert client.post(f"/matching/saved/{saved.pk}/run/").status_code == 302
    edit = client.post(
        f"/matching/saved/{saved.pk}/edit/",
        {"name": "Perovskite 2", "query": "perovskite", "mode": "lexical", "notify_email": "on"},
    )
    assert edit.status_code == 302
    saved.refresh_from_db()
    assert (saved.name, saved.mode, saved.notify_email, saved.notify_platform) == (
        "Perovskite 2",
        "lexical",
        True,
        False,
    )
    # Another user cannot reach it at all.
    other = client_for(users.expert)
    for path in ("edit/", "delete/", "run/"):
        assert other.get(f"/matching/saved/{saved.pk}/{path}").status_code == 404
    assert other.post(f"/matching/saved/{saved.pk}/delete/").status_code == 404
    assert "Perovskite" not in other.get("/matching/saved/").content.decode()
    assert client.post(f"/matching/saved/{saved.pk}/delete/").status_code == 302
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()
    # Visitors are sent to sign in.
    assert client_for(None).get("/matching/saved/").status_code == 302


def test_inbox_and_navbar_badge(owner: Any, users: Any, client_for: Any) -> None:
    first = Notification.objects.create(user=owner, code="welcome_matching", link="/matching/")
    Notification.objects.create(user=owner, code="welcome_saved")
    Notification.objects.create(user=users.expert, code="welcome_saved")
    client = client_for(owner)
    page = client.get("/matching/notifications/").content.decode()
    assert page.count('data-testid="notification"') == 2
    assert 'data-testid="unread-count">2<' in page
    opened = client.post(f"/matching/notifications/{first.pk}/read/", {"open": "1"})
    assert opened.status_code == 302 and opened["Location"] == "/matching/"
    first.refresh_from_db()
    assert first.is_read
    assert 'data-testid="unread-count">1<' in client.get("/matching/").content.decode()
    other_note = Notification.objects.get(user=users.expert)
    assert client.post(f"/matching/notifications/{other_note.pk}/read/").status_code == 404
    client.post("/matching/notifications/read-all/")
    assert not Notification.objects.filter(user=owner, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=users.expert, read_at__isnull=True).exists()
    assert 'data-testid="unread-count"' not in client.get("/matching/").content.decode()


def test_api(owner: Any, users: Any, market: Any, api_for: Any) -> None:
    client = api_for(owner)
    created = client.post(
        "/api/saved-searches/",
        {"name": "Perovskite", "query": "perovskite", "types": ["technology"]},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert client.get("/api/saved-searches/").json()["count"] == 1
    patched = client.patch(f"/api/saved-searches/{pk}/", {"notify_email": True}, format="json")
    assert patched.status_code == 200 and patched.json()["notify_email"] is True
    bad = client.post(
        "/api/saved-searches/", {"name": "x", "query": "y", "colour": 1}, format="json"
    )
    assert bad.status_code == 400 and "colour" in bad.json()["errors"]
    other = api_for(users.expert)
    assert other.get("/api/saved-searches/").json()["count"] == 0
    assert other.get(f"/api/saved-searches/{pk}/").status_code == 404
    assert (
        other.patch(f"/api/saved-searches/{pk}/", {"name": "z"}, format="json").status_code == 404
    )
    assert other.delete(f"/api/saved-searches/{pk}/").status_code == 404
    assert api_for(None).get("/api/saved-searches/").status_code in (401, 403)

    note = Notification.objects.create(user=owner, code="welcome_matching")
    listed = client.get("/api/notifications/?unread=true").json()
    assert listed["count"] == 1
    assert listed["results"][0]["title_en"] == "Welcome to technology matchmaking"
    assert other.post(f"/api/notifications/{note.pk}/read/").status_code == 404
    assert client.post(f"/api/notifications/{note.pk}/read/").json()["is_read"] is True
    assert client.get("/api/notifications/?unread=true").json()["count"] == 0
    Notification.objects.create(user=owner, code="welcome_saved")
    assert client.post("/api/notifications/read-all/").json() == {"marked": 1}
    assert client.delete(f"/api/saved-searches/{pk}/").status_code == 204


def test_cli_check_saved_searches(market: Any, units: Any, owner: Any) -> None:
    from stcoop.matching.cli import check_saved_searches

    saved_search_create(actor=owner, name="Perovskite", query="perovskite", types=["technology"])
    _new_offers(units)
    result = CliRunner().invoke(check_saved_searches, ["--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["notified"] == 1
    again = CliRunner().invoke(check_saved_searches, ["--user", owner.username])
    assert again.exit_code == 0 and "0 had news" in again.output
    unknown = CliRunner().invoke(check_saved_searches, ["--user", "nobody"])
    assert unknown.exit_code != 0 and "nobody" in unknown.output
