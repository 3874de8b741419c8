"""The programme and project tables of the list pages (columns, sorting, export)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from stcoop.core.permissions import Action, can
from stcoop.projects.models import Programme, Project


def _by_language(queryset: QuerySet[Any], field: str, is_descending: bool) -> tuple[Any, bool]:
    """Sort by a bilingual field as the viewer reads it (their language, else the other)."""
    first, second = (
        (f"{field}_en", f"{field}_zh_hans")
        if translation.get_language() == "en"
        else (f"{field}_zh_hans", f"{field}_en")
    )
    key = Coalesce(NullIf(F(first), Value("")), F(second))
    ordering = key.desc() if is_descending else key.asc()
    return queryset.order_by(ordering, "pk"), True


def participant_name(table: tables.Table, participation: Any) -> str:
    """The participant's name as given, else the linked organisation's name when the
    viewer may see that organisation."""
    if participation.name_as_given:
        return str(participation.name_as_given)
    organisation = participation.organisation
    actor = getattr(getattr(table, "request", None), "user", None)
    if organisation is not None and can(actor, Action.VIEW, organisation):
        return str(organisation)
    return ""


def _seen(table: tables.Table, record: Any) -> str:
    """A related record's name when the viewer may see it, else empty."""
    actor = getattr(getattr(table, "request", None), "user", None)
    if record is None or not can(actor, Action.VIEW, record):
        return ""
    return str(record)


def _join(value: Any) -> str:
    return ", ".join(value or [])


class ProgrammeTable(tables.Table):
    """One row per programme; the name links to it."""

    name = tables.Column(
        verbose_name=_("Name"),
        accessor="pk",
        linkify=("projects:programme_detail", {"pk": tables.A("pk")}),
    )
    code = tables.Column(verbose_name=_("Code"))
    acronym = tables.Column(verbose_name=_("Short name"))
    framework = tables.Column(verbose_name=_("Framework programme"))
    parent = tables.Column(verbose_name=_("Part of programme"))
    funder = tables.Column(verbose_name=_("Funder"))
    budget = tables.Column(verbose_name=_("Budget"), empty_values=(), orderable=False)
    start_date = tables.DateColumn(verbose_name=_("Start date"), format="Y-m-d")
    end_date = tables.DateColumn(verbose_name=_("End date"), format="Y-m-d")
    last_updated = tables.DateTimeColumn(short=True)

    class Meta:
        model = Programme
        fields = (
            "name",
            "code",
            "acronym",
            "framework",
            "parent",
            "funder",
            "status",
            "budget",
            "start_date",
            "end_date",
            "owner_unit",
            "visibility",
            "last_updated",
        )
        order_by = ("code",)
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_name(self, record: Programme) -> str:
        return str(record.name or record.name_en or record.name_zh_hans or record)

    def value_name(self, record: Programme) -> str:
        return self.render_name(record)

    def order_name(self, queryset: QuerySet[Programme], is_descending: bool) -> tuple[Any, bool]:
        return _by_language(queryset, "name", is_descending)

    def value_parent(self, record: Programme) -> str:
        return _seen(self, record.parent)

    def render_parent(self, record: Programme) -> str:
        return self.value_parent(record) or "—"

    def value_funder(self, record: Programme) -> str:
        return _seen(self, record.funder)

    def render_funder(self, record: Programme) -> str:
        return self.value_funder(record) or "—"

    def value_budget(self, record: Programme) -> str:
        totals: dict[str, Any] = {}
        for line in record.budget_lines.all():  # prefetched by the selector
            totals[line.currency] = totals.get(line.currency, 0) + line.amount
        return "; ".join(f"{amount} {currency}" for currency, amount in sorted(totals.items()))

    def render_budget(self, record: Programme) -> str:
        return self.value_budget(record) or "—"


class ProjectTable(tables.Table):
    """One row per project; the title links to it."""

    title = tables.Column(
        verbose_name=_("Title"),
        accessor="pk",
        linkify=("projects:detail", {"pk": tables.A("pk")}),
    )
    code = tables.Column(verbose_name=_("Project number"))
    acronym = tables.Column(verbose_name=_("Acronym"))
    title_zh_hans = tables.Column(verbose_name=_("Title (Chinese)"))
    title_en = tables.Column(verbose_name=_("Title (English)"))
    programme = tables.Column(verbose_name=_("Programme"))
    coordinator = tables.Column(verbose_name=_("Coordinator"), empty_values=(), orderable=False)
    countries = tables.Column(
        verbose_name=_("Participant countries"), empty_values=(), orderable=False
    )
    participants = tables.Column(verbose_name=_("Participants"), empty_values=(), orderable=False)
    start_date = tables.DateColumn(verbose_name=_("Start date"), format="Y-m-d")
    end_date = tables.DateColumn(verbose_name=_("End date"), format="Y-m-d")
    total_cost = tables.Column(verbose_name=_("Total cost"))
    disciplines = tables.Column(verbose_name=_("Disciplines"), orderable=False)
    keywords = tables.Column(verbose_name=_("Keywords"), orderable=False)
    source = tables.Column(verbose_name=_("Imported from"))
    last_updated = tables.DateTimeColumn(short=True)

    class Meta:
        model = Project
        fields = (
            "title",
            "code",
            "acronym",
            "title_zh_hans",
            "title_en",
            "programme",
            "status",
            "coordinator",
            "countries",
            "participants",
            "start_date",
            "end_date",
            "total_cost",
            "currency",
            "disciplines",
            "keywords",
            "source",
            "owner_unit",
            "visibility",
            "last_updated",
        )
        order_by = ("-start_date",)
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_title(self, record: Project) -> str:
        return str(record)

    def value_title(self, record: Project) -> str:
        return str(record)

    def order_title(self, queryset: QuerySet[Project], is_descending: bool) -> tuple[Any, bool]:
        return _by_language(queryset, "title", is_descending)

    def value_programme(self, record: Project) -> str:
        return _seen(self, record.programme)

    def render_programme(self, record: Project) -> str:
        return self.value_programme(record) or "—"

    def _participations(self, record: Project) -> list[Any]:
        return list(record.participations.all())  # prefetched by the selector

    def value_coordinator(self, record: Project) -> str:
        for participation in self._participations(record):
            if participation.role == "coordinator":
                return participant_name(self, participation)
        return ""

    def render_coordinator(self, record: Project) -> str:
        return self.value_coordinator(record) or "—"

    def value_countries(self, record: Project) -> str:
        codes = sorted(
            {p.country.iso2 for p in self._participations(record) if p.country is not None}
        )
        return ", ".join(codes)

    def render_countries(self, record: Project) -> str:
        return self.value_countries(record) or "—"

    def value_participants(self, record: Project) -> int:
        return len(self._participations(record))

    def render_participants(self, record: Project) -> int:
        return self.value_participants(record)

    def render_disciplines(self, value: Any) -> str:
        return _join(value)

    def value_disciplines(self, value: Any) -> str:
        return _join(value)

    def render_keywords(self, value: Any) -> str:
        return _join(value)

    def value_keywords(self, value: Any) -> str:
        return _join(value)
