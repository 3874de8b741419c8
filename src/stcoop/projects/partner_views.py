"""The partner-suggestion pages: a free query, and "more partners" for a project.

Thin: the form is read from the query string, the engine's inputs come from
:mod:`stcoop.projects.partners` (narrowed to what the viewer may see), and the
structured reasons are put into words in the viewer's language here.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from stcoop.engines.partners import PartnerIndex, PartnerQuery, Reason, Suggestion
from stcoop.geo.models import Country
from stcoop.organisations.models import Organisation
from stcoop.projects.partner_forms import (
    BLANK_ROWS,
    PartnerQueryForm,
    PartnerRowFormSet,
    blank_formset,
    form_query,
    partner_rows,
)
from stcoop.projects.partners import (
    participants_of,
    partner_index,
    partner_suggest,
    project_partner_query,
)
from stcoop.projects.selectors import project_get

FORM_FIELDS = ("title", "description", "countries", "groupings", "kinds", "k")


def _int(value: object) -> int:
    return int(value) if isinstance(value, (int, float, str)) and str(value).isdigit() else 0


def _list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _join(values: Any) -> str:
    return _("; ").join(str(v) for v in values) if isinstance(values, list) else str(values)


def reason_label(reason: Reason, countries: dict[str, Country]) -> str:
    """``reason`` in words, in the active language."""
    v = reason.values
    if reason.code == "network":
        times = _int(v.get("times", 0))
        return ngettext(
            "Worked with %(names)s (%(times)d shared project)",
            "Worked with %(names)s (%(times)d shared projects)",
            times,
        ) % {"names": _join(v.get("worked_with", [])), "times": times}
    if reason.code == "network_2hop":
        return _("Worked with partners of the consortium: %(names)s") % {
            "names": _join(v.get("via", []))
        }
    if reason.code == "topic":
        return _("Similar past projects")
    if reason.code == "track_record":
        projects = _int(v.get("projects", 0))
        text = ngettext("%(n)d past project", "%(n)d past projects", projects) % {"n": projects}
        coordinated = _int(v.get("coordinated", 0))
        if coordinated:
            text += _(", %(n)d as coordinator") % {"n": coordinated}
        return text
    if reason.code == "new_country":
        code = str(v.get("country", ""))
        return _("Adds a country to the consortium: %(country)s") % {
            "country": countries[code] if code in countries else code
        }
    return reason.code


def _results(suggestions: list[Suggestion], index: PartnerIndex) -> list[dict[str, Any]]:
    organisations = Organisation.objects.select_related("country").in_bulk(
        [s.org_id for s in suggestions]
    )
    codes = {s.country for s in suggestions if s.country}
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=codes)}
    rows = []
    for rank, s in enumerate(suggestions, start=1):
        reasons = []
        for reason in s.reasons:
            item: dict[str, Any] = {"code": reason.code, "label": reason_label(reason, countries)}
            if reason.code == "topic":
                ids = _list(reason.values.get("project_ids"))
                titles = _list(reason.values.get("similar_projects"))
                item["projects"] = list(zip(ids, titles, strict=False))
            reasons.append(item)
        rows.append(
            {
                "rank": rank,
                "suggestion": s,
                "organisation": organisations.get(s.org_id),
                "country": countries.get(s.country),
                "reasons": reasons,
            }
        )
    return rows


def _unresolved(index: PartnerIndex, query: PartnerQuery) -> list[str]:
    return [p.name for p in query.participants if not index.resolver.resolve(p)]


class PartnerSuggestView(View):
    """Suggest partners for a project described in the form."""

    template_name = "projects/partners.html"

    def project(self, request: HttpRequest, **kwargs: Any) -> Any:
        return None

    def initial(self, project: Any) -> tuple[dict[str, Any], list[dict[str, str]]]:
        return {"k": 20}, []

    def query_extra(self, project: Any) -> dict[str, Any]:
        return {}

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        project = self.project(request, **kwargs)
        submitted = any(name in request.GET for name in (*FORM_FIELDS, "p-TOTAL_FORMS"))
        context: dict[str, Any] = {"project": project, "results": None}
        if not submitted:
            initial, rows = self.initial(project)
            form = PartnerQueryForm(initial=initial)
            formset = blank_formset(rows)
            if project is None:
                return render(
                    request, self.template_name, {**context, "form": form, "formset": formset}
                )
            bound_query = project_partner_query(project)
            k = 20
        else:
            form = PartnerQueryForm(request.GET)
            formset = PartnerRowFormSet(request.GET, prefix="p")
            if not (form.is_valid() and formset.is_valid()):
                return render(
                    request, self.template_name, {**context, "form": form, "formset": formset}
                )
            rows = partner_rows(formset)
            blank = BLANK_ROWS
            if "add_rows" in request.GET:  # keep the empty rows shown, and add more
                blank += max(len(formset.forms) - len(rows), 0)
            formset = blank_formset(rows, blank)
            if "add_rows" in request.GET:
                return render(
                    request, self.template_name, {**context, "form": form, "formset": formset}
                )
            bound_query = form_query(form, rows, **self.query_extra(project))
            k = form.cleaned_data.get("k") or 20
        index = partner_index(actor=request.user)
        suggestions = partner_suggest(bound_query, k=k, index=index)
        context |= {
            "form": form,
            "formset": formset,
            "results": _results(suggestions, index),
            "unresolved": _unresolved(index, bound_query),
        }
        return render(request, self.template_name, context)


class PartnerSuggestForProjectView(PartnerSuggestView):
    """More partners for a recorded project: the form starts from the project, and its
    participants and the project itself are left out of the answer."""

    def project(self, request: HttpRequest, **kwargs: Any) -> Any:
        return project_get(actor=request.user, pk=kwargs["pk"])

    def initial(self, project: Any) -> tuple[dict[str, Any], list[dict[str, str]]]:
        title = project.title_en or project.title_zh_hans or ""
        description = project.abstract_en or project.abstract_zh_hans or ""
        rows = [{"name": p.name, "country": p.country} for p in participants_of(project)]
        return {"title": title, "description": description, "k": 20}, rows

    def query_extra(self, project: Any) -> dict[str, Any]:
        base = project_partner_query(project)
        return {
            "exclude_org_ids": base.exclude_org_ids,
            "exclude_project_ids": base.exclude_project_ids,
        }
