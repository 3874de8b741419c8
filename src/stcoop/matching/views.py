"""Matchmaking pages, saved searches and the notification inbox.

Thin: reads through :mod:`stcoop.matching.selectors` and :mod:`stcoop.matching.matchmaking`,
writes through :mod:`stcoop.matching.services`. Saved searches and notifications are
personal: another user's answers 404, like one that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View

from stcoop.core.export import csv_response, xlsx_response
from stcoop.matching import matchmaking
from stcoop.matching.choices import MatchKind
from stcoop.matching.forms import SavedSearchForm, initial_from_query
from stcoop.matching.models import SavedSearch
from stcoop.matching.selectors import (
    matchable_profiles,
    notification_get,
    notification_list,
    saved_search_get,
    saved_search_list,
)
from stcoop.matching.services import (
    notification_mark_read,
    notifications_mark_all_read,
    saved_search_check,
    saved_search_create,
    saved_search_delete,
    saved_search_results,
    saved_search_update,
)
from stcoop.technologies.selectors import profile_get

MATCHES_PER_PAGE = 20
PROFILES_PER_PAGE = 25


# ---------------------------------------------------------------- matchmaking
class TechnologyListView(View):
    """Pick a technology profile to match: the viewer's own, or any visible one."""

    def get(self, request: HttpRequest) -> HttpResponse:
        mine = request.GET.get("mine") == "1" and request.user.is_authenticated
        q = request.GET.get("q", "").strip()[:200]
        profiles = matchable_profiles(actor=request.user, mine=mine, q=q)
        page = Paginator(profiles, PROFILES_PER_PAGE).get_page(request.GET.get("page"))
        return render(
            request,
            "matching/technology_list.html",
            {"page_obj": page, "profiles": page.object_list, "mine": mine, "q": q},
        )


def _tab(request: HttpRequest) -> str:
    tab = request.GET.get("tab", MatchKind.PROFILES)
    return tab if tab in MatchKind.values else MatchKind.PROFILES


def match_rows(matches: list[matchmaking.Match]) -> list[list[Any]]:
    """Header and one row per match, for CSV and XLSX."""
    rows: list[list[Any]] = [[_("Rank"), _("Score"), _("Record"), _("Link"), _("Reasons")]]
    for rank, match in enumerate(matches, start=1):
        rows.append(
            [rank, match.score, match.title, match.url, " | ".join(r.text for r in match.reasons)]
        )
    return rows


class TechnologyMatchesView(View):
    """The matches of one profile in three lists, with reasons, pages and exports."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        profile = profile_get(actor=request.user, pk=pk)
        tab = _tab(request)
        matches = matchmaking.matches_for(actor=request.user, profile=profile, kind=tab)
        export = request.GET.get("export", "")
        if export in ("csv", "xlsx"):
            filename = slugify(f"matches-{profile.reference}-{tab}") or "matches"
            rows = match_rows(matches)
            return (
                csv_response(rows, filename) if export == "csv" else xlsx_response(rows, filename)
            )
        page = Paginator(matches, MATCHES_PER_PAGE).get_page(request.GET.get("page"))
        offer = matchmaking.is_offer(profile)
        tabs = [
            (MatchKind.PROFILES, _("Requests") if offer else _("Offers")),
            (MatchKind.ORGANISATIONS, _("Organisations")),
            (MatchKind.EXPERTS, _("Experts")),
        ]
        return render(
            request,
            "matching/technology_matches.html",
            {
                "profile": profile,
                "tab": tab,
                "tabs": tabs,
                "page_obj": page,
                "matches": page.object_list,
                "total": len(matches),
                "is_offer": offer,
            },
        )


# ---------------------------------------------------------------- saved searches
class SavedSearchListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "matching/saved_list.html",
            {"searches": saved_search_list(actor=request.user)},
        )


def _form_fields(form: SavedSearchForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data["types"] = list(data.get("types") or [])
    return data


def _errors_to_form(form: SavedSearchForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


class SavedSearchCreateView(LoginRequiredMixin, View):
    """Save a search; a search page links here with its query string
    (``?q=...&type=technology&country=DE&mode=hybrid``) to prefill the form."""

    template = "matching/saved_form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = SavedSearchForm(initial=initial_from_query(request.GET))
        return render(request, self.template, {"form": form, "title": _("Save a search")})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SavedSearchForm(request.POST)
        if form.is_valid():
            try:
                saved = saved_search_create(actor=request.user, **_form_fields(form))
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(
                    request,
                    _("Search “{name}” saved. You will be told of new records that match.").format(
                        name=saved.name
                    ),
                )
                return redirect("matching:saved_list")
        return render(
            request, self.template, {"form": form, "title": _("Save a search")}, status=400
        )


class SavedSearchEditView(LoginRequiredMixin, View):
    template = "matching/saved_form.html"

    def _initial(self, saved: SavedSearch) -> dict[str, Any]:
        import json

        return {
            "name": saved.name,
            "query": saved.query,
            "types": saved.types,
            "facets": json.dumps(saved.facets, ensure_ascii=False) if saved.facets else "",
            "mode": saved.mode,
            "notify_platform": saved.notify_platform,
            "notify_email": saved.notify_email,
        }

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        saved = saved_search_get(actor=request.user, pk=pk)
        form = SavedSearchForm(initial=self._initial(saved))
        return render(
            request, self.template, {"form": form, "saved": saved, "title": _("Edit saved search")}
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        saved = saved_search_get(actor=request.user, pk=pk)
        form = SavedSearchForm(request.POST)
        if form.is_valid():
            try:
                saved_search_update(actor=request.user, saved_search=saved, **_form_fields(form))
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, _("Saved search changed."))
                return redirect("matching:saved_list")
        return render(
            request,
            self.template,
            {"form": form, "saved": saved, "title": _("Edit saved search")},
            status=400,
        )


class SavedSearchDeleteView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        saved = saved_search_get(actor=request.user, pk=pk)
        return render(request, "matching/saved_confirm_delete.html", {"saved": saved})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        saved = saved_search_get(actor=request.user, pk=pk)
        saved_search_delete(actor=request.user, saved_search=saved)
        messages.success(request, _("Saved search deleted."))
        return redirect("matching:saved_list")


class SavedSearchRunView(LoginRequiredMixin, View):
    """Run a saved search now (GET shows its results; POST also notifies of new ones)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        saved = saved_search_get(actor=request.user, pk=pk)
        results = saved_search_results(saved)
        known = set(saved.notified_ids or [])
        page = Paginator(results.items, MATCHES_PER_PAGE).get_page(request.GET.get("page"))
        return render(
            request,
            "matching/saved_run.html",
            {
                "saved": saved,
                "page_obj": page,
                "items": [(item, item.id not in known) for item in page.object_list],
                "total": len(results.items),
            },
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        saved = saved_search_get(actor=request.user, pk=pk)
        new = saved_search_check(saved)
        if new:
            messages.success(
                request,
                _("{count} new records found; you have been notified.").format(count=len(new)),
            )
        else:
            messages.info(request, _("No new records since the last check."))
        return redirect("matching:saved_run", pk=saved.pk)


# ---------------------------------------------------------------- notifications
class NotificationListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        unread_only = request.GET.get("unread") == "1"
        notifications = notification_list(actor=request.user, unread=unread_only)
        page = Paginator(notifications, MATCHES_PER_PAGE).get_page(request.GET.get("page"))
        return render(
            request,
            "matching/notification_list.html",
            {
                "page_obj": page,
                "notifications": page.object_list,
                "unread_only": unread_only,
                "unread": notification_list(actor=request.user, unread=True).count(),
            },
        )


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


class NotificationReadView(LoginRequiredMixin, View):
    """Mark one notification read; ``open=1`` then follows its link."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        notification = notification_get(actor=request.user, pk=pk)
        notification_mark_read(actor=request.user, notification=notification)
        if request.POST.get("open") == "1" and notification.link.startswith("/"):
            return redirect(notification.link)
        from django.urls import reverse

        return redirect(_back(request, reverse("matching:notification_list")))


class NotificationReadAllView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        count = notifications_mark_all_read(actor=request.user)
        messages.success(request, _("{count} notifications marked read.").format(count=count))
        return redirect("matching:notification_list")
