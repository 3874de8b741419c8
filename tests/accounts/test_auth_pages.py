"""Signing in and out, password change, lock-out, language choice and CSRF on the web pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.html import escape

from conftest import PASSWORD
from stcoop.accounts.models import User

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _html_lang(response: Any) -> str:
    text = response.content.decode()
    start = text.index('<html lang="') + len('<html lang="')
    return text[start : text.index('"', start)]


# ------------------------------------------------------------------ sign in
@pytest.mark.parametrize(
    ("accept", "lang", "label"),
    [("en", "en", "Password"), ("zh-CN,zh;q=0.9", "zh-hans", "密码")],
)
def test_login_page_in_each_language(client: Client, accept: str, lang: str, label: str) -> None:
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 200
    assert _html_lang(response) == lang
    assert label in response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?lang=en", "Please enter a correct username and password."),
        ("?lang=zh-hans", "请输入一个正确的用户名和密码。"),
    ],
)
def test_wrong_password_shows_translated_error(
    users: Any, client: Client, query: str, message: str
) -> None:
    response = client.post(LOGIN + query, {"username": "orguser", "password": "wrong"})
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert 'data-testid="form-errors"' in body
    assert "_auth_user_id" not in client.session


def test_unknown_user_gets_the_same_message(users: Any, client: Client) -> None:
    response = client.post(LOGIN + "?lang=en", {"username": "nobody", "password": PASSWORD})
    assert response.status_code == 200
    assert "Please enter a correct username and password." in response.content.decode()


def test_login_success_redirects_home_and_greets(users: Any, client: Client, tr: Any) -> None:
    response = client.post(LOGIN, {"username": "orguser", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1] == (reverse("core:home"), 302)
    assert int(client.session["_auth_user_id"]) == users.org_user.pk
    body = response.content.decode()
    welcome = tr("Welcome, {name}. You are signed in.", "zh-hans").format(name="orguser")
    assert escape(welcome) in body
    assert 'data-testid="greeting"' in body


def test_login_uses_the_users_language(users: Any, client: Client, tr: Any) -> None:
    # The expert prefers English; the browser asks for Chinese. The account wins.
    response = client.post(
        LOGIN,
        {"username": "expert", "password": PASSWORD},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="zh-CN",
    )
    assert _html_lang(response) == "en"
    assert "Welcome, expert. You are signed in." in response.content.decode()
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_login_honours_safe_next_only(users: Any, client: Client) -> None:
    response = client.post(
        LOGIN, {"username": "orguser", "password": PASSWORD, "next": "/accounts/profile/"}
    )
    assert response["Location"] == "/accounts/profile/"
    other = Client()
    response = other.post(
        LOGIN, {"username": "orguser", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("core:home")


def test_signed_in_user_visiting_login_is_sent_on(users: Any, client_for: Any) -> None:
    response = client_for(users.org_user).get(LOGIN)
    assert response.status_code == 302


def test_inactive_user_cannot_sign_in(users: Any, client: Client) -> None:
    User.objects.filter(pk=users.org_user.pk).update(is_active=False)
    response = client.post(LOGIN + "?lang=en", {"username": "orguser", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


# ------------------------------------------------------------------ sign out
def test_logout_needs_post(users: Any, client_for: Any, tr: Any) -> None:
    client = client_for(users.org_user)
    assert client.get("/accounts/logout/").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/accounts/logout/", follow=True)
    assert "_auth_user_id" not in client.session
    assert response.redirect_chain[0] == (reverse("core:home"), 302)
    assert escape(tr("You have signed out.", "zh-hans")) in response.content.decode()


def test_logout_button_is_a_post_form(users: Any, client_for: Any) -> None:
    body = client_for(users.org_user).get("/").content.decode()
    form_start = body.index('action="/accounts/logout/"')
    form = body[body.rindex("<form", 0, form_start) : body.index("</form>", form_start)]
    assert 'method="post"' in form
    assert "csrfmiddlewaretoken" in form


# ------------------------------------------------------------------ password change
def test_password_change(users: Any, client_for: Any) -> None:
    client = client_for(users.org_user)
    assert client.get("/accounts/password/").status_code == 200
    response = client.post(
        "/accounts/password/?lang=en",
        {
            "old_password": "wrong",
            "new_password1": "N3w-Secret-99",
            "new_password2": "N3w-Secret-99",
        },
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly." in response.content.decode()
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "N3w-Secret-99",
            "new_password2": "N3w-Secret-99",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:password_change_done")
    assert 'data-testid="password-changed"' in response.content.decode()
    # Still signed in (session hash updated), and the new password works.
    assert "_auth_user_id" in client.session
    users.org_user.refresh_from_db()
    assert users.org_user.check_password("N3w-Secret-99")


def test_password_change_requires_login(client: Client) -> None:
    response = client.get("/accounts/password/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


# ------------------------------------------------------------------ lock-out
@override_settings(AXES_FAILURE_LIMIT=3)
@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_lockout_after_repeated_failures(users: Any, client: Client, tr: Any, lang: str) -> None:
    for _attempt in range(2):
        response = client.post(LOGIN + f"?lang={lang}", {"username": "orguser", "password": "bad"})
        assert response.status_code == 200
    response = client.post(LOGIN + f"?lang={lang}", {"username": "orguser", "password": "bad"})
    assert response.status_code == 429
    body = response.content.decode()
    assert 'data-testid="locked-out"' in body
    assert _html_lang(response) == lang
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    assert f"{minutes}" in body
    assert escape(tr("Sign-in blocked", lang)) in body
    # Even the right password is refused while the lock lasts.
    response = client.post(LOGIN, {"username": "orguser", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_is_per_user_name(users: Any, client: Client) -> None:
    for _attempt in range(3):
        client.post(LOGIN, {"username": "orguser", "password": "bad"})
    response = client.post(LOGIN, {"username": "bmanager", "password": PASSWORD})
    assert response.status_code == 302


# ------------------------------------------------------------------ language choice
def test_language_switch_is_remembered_per_user(users: Any, client_for: Any) -> None:
    client = client_for(users.expert)
    assert _html_lang(client.get("/")) == "en"
    response = client.post(
        "/accounts/language/", {"language": "zh-hans", "next": "/accounts/profile/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    users.expert.refresh_from_db()
    assert users.expert.language == "zh-hans"
    # A new session on another device (no cookie) still gets the stored choice.
    assert _html_lang(client_for(users.expert).get("/")) == "zh-hans"


def test_language_switch_for_visitors_sets_only_the_cookie(client: Client) -> None:
    response = client.post("/accounts/language/", {"language": "en", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert _html_lang(client.get("/")) == "en"


def test_language_switch_refuses_other_languages(users: Any, client_for: Any) -> None:
    client = client_for(users.org_user)
    response = client.post("/accounts/language/", {"language": "fr", "next": "/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    users.org_user.refresh_from_db()
    assert users.org_user.language == "zh-hans"


def test_language_switch_rejects_foreign_next(client: Client) -> None:
    response = client.post(
        "/accounts/language/", {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_language_switch_needs_post(client: Client) -> None:
    assert client.get("/accounts/language/?language=en").status_code == 405


def test_switch_control_offers_the_other_language(users: Any, client_for: Any) -> None:
    body = client_for(users.org_user).get("/?lang=zh-hans&x=1").content.decode()
    assert 'data-testid="lang-switch"' in body
    assert 'class="btn btn-sm btn-outline-light lang-switch"' in body
    assert 'value="en"' in body
    # The "next" address drops the one-off lang parameter so the switch sticks.
    assert 'name="next" value="/?x=1"' in body
    body = client_for(users.expert).get("/").content.decode()
    assert 'name="language" value="zh-hans"' in body


def test_profile_language_form(users: Any, client_for: Any, tr: Any) -> None:
    client = client_for(users.org_user)
    response = client.get("/accounts/profile/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Guangdong" not in body  # the org user works at the enterprise
    assert "Shenzhen Example Technology Co." in body
    response = client.post("/accounts/profile/", {"language": "en"}, follow=True)
    assert _html_lang(response) == "en"
    assert "Your language preference has been saved." in response.content.decode()
    users.org_user.refresh_from_db()
    assert users.org_user.language == "en"
    response = client.post("/accounts/profile/", {"language": "xx"})
    assert response.status_code == 200
    assert (
        "is-invalid" in response.content.decode() or "invalid-feedback" in response.content.decode()
    )


def test_profile_requires_login(client: Client) -> None:
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


# ------------------------------------------------------------------ CSRF
def test_csrf_is_enforced_on_login(users: Any, tr: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN + "?lang=en", {"username": "orguser", "password": PASSWORD})
    assert response.status_code == 403
    assert escape(tr("Form expired", "en")) in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_csrf_is_enforced_on_language_switch(users: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(users.org_user)
    response = client.post("/accounts/language/", {"language": "en", "next": "/"})
    assert response.status_code == 403
    users.org_user.refresh_from_db()
    assert users.org_user.language == "zh-hans"


def test_csrf_token_round_trip_signs_in(users: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN)
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        LOGIN, {"username": "orguser", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
