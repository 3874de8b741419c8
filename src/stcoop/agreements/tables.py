"""The tables of the agreement and mechanism list pages (columns, sorting, export)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from stcoop.agreements.models import Agreement, Mechanism


def _order_bilingual(
    queryset: QuerySet[Any], field: str, is_descending: bool
) -> tuple[QuerySet[Any], bool]:
    """Sort by ``field`` as the viewer reads it (their language, else the other one)."""
    first, second = (
        (f"{field}_en", f"{field}_zh_hans")
        if translation.get_language() == "en"
        else (f"{field}_zh_hans", f"{field}_en")
    )
    key = Coalesce(NullIf(F(first), Value("")), F(second))
    return queryset.order_by(key.desc() if is_descending else key.asc(), "pk"), True


def _countries(record: Any) -> str:
    return ", ".join(str(c) for c in record.countries.all())  # prefetched by the selector


class AgreementTable(tables.Table):
    """One row per agreement; the title links to it."""

    title = tables.Column(
        verbose_name=_("Title"), linkify=("agreements:detail", {"pk": tables.A("pk")})
    )
    countries = tables.Column(verbose_name=_("Partner countries"), empty_values=(), orderable=False)
    status = tables.Column(verbose_name=_("Status"), empty_values=())
    parent = tables.Column(verbose_name=_("Belongs to agreement"))
    last_updated = tables.DateTimeColumn(short=True)

    class Meta:
        model = Agreement
        fields = (
            "title",
            "kind",
            "countries",
            "signed_date",
            "effective_date",
            "expiry_date",
            "status",
            "reference_number",
            "parent",
            "link",
            "owner_unit",
            "visibility",
            "last_updated",
        )
        order_by = ("-signed_date",)
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_countries(self, record: Agreement) -> str:
        return _countries(record) or "—"

    def value_countries(self, record: Agreement) -> str:
        return _countries(record)

    def render_status(self, record: Agreement) -> str:
        return record.get_effective_status_display()

    def value_status(self, record: Agreement) -> str:
        return record.get_effective_status_display()

    def order_title(self, queryset: QuerySet[Agreement], is_descending: bool) -> tuple[Any, bool]:
        return _order_bilingual(queryset, "title", is_descending)


class MechanismTable(tables.Table):
    """One row per mechanism; the name links to it."""

    name = tables.Column(
        verbose_name=_("Name"), linkify=("agreements:mechanism_detail", {"pk": tables.A("pk")})
    )
    countries = tables.Column(verbose_name=_("Partner countries"), empty_values=(), orderable=False)
    agreement = tables.Column(verbose_name=_("Agreement"))
    sessions = tables.Column(verbose_name=_("Sessions"), empty_values=(), orderable=False)
    last_met = tables.Column(verbose_name=_("Last met"), empty_values=(), orderable=False)
    next_expected = tables.Column(verbose_name=_("Next expected"), empty_values=(), orderable=False)
    last_updated = tables.DateTimeColumn(short=True)

    class Meta:
        model = Mechanism
        fields = (
            "name",
            "kind",
            "countries",
            "agreement",
            "established_date",
            "frequency",
            "status",
            "sessions",
            "last_met",
            "next_expected",
            "owner_unit",
            "visibility",
            "last_updated",
        )
        order_by = ("name",)
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_countries(self, record: Mechanism) -> str:
        return _countries(record) or "—"

    def value_countries(self, record: Mechanism) -> str:
        return _countries(record)

    def value_sessions(self, record: Mechanism) -> int:
        return len(record.meetings.all())

    def render_sessions(self, record: Mechanism) -> int:
        return self.value_sessions(record)

    def value_last_met(self, record: Mechanism) -> str:
        last = record.last_meeting()
        return last.date.isoformat() if last else ""

    def render_last_met(self, record: Mechanism) -> str:
        return self.value_last_met(record) or "—"

    def value_next_expected(self, record: Mechanism) -> str:
        day, _scheduled = record.next_expected()
        return day.isoformat() if day else ""

    def render_next_expected(self, record: Mechanism) -> str:
        return self.value_next_expected(record) or "—"

    def order_name(self, queryset: QuerySet[Mechanism], is_descending: bool) -> tuple[Any, bool]:
        return _order_bilingual(queryset, "name", is_descending)
