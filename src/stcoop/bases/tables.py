"""The tables of the base and self-report list pages (columns, sorting, export)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from stcoop.bases.models import CooperationBase, SelfReport
from stcoop.core.permissions import Action, can


def _joined(value: Any) -> str:
    return ", ".join(str(v) for v in value or [])


class BaseTable(tables.Table):
    """One row per base; the name links to it."""

    name = tables.Column(verbose_name=_("Name"), linkify=("bases:detail", {"pk": tables.A("pk")}))
    acronym = tables.Column(verbose_name=_("Short name"))
    host = tables.Column(
        verbose_name=_("Host organisation"),
        empty_values=(),
        order_by=("host_organisation__name_en",),
    )
    location = tables.Column(
        verbose_name=_("Location"), empty_values=(), order_by=("province", "city")
    )
    partner_countries = tables.Column(
        verbose_name=_("Partner countries"), empty_values=(), orderable=False
    )
    disciplines = tables.Column(verbose_name=_("Fields"), orderable=False)
    last_updated = tables.DateTimeColumn(short=True)

    class Meta:
        model = CooperationBase
        fields = (
            "name",
            "acronym",
            "kind",
            "status",
            "host",
            "location",
            "partner_countries",
            "disciplines",
            "designating_body",
            "designation_date",
            "designation_year",
            "batch",
            "owner_unit",
            "visibility",
            "last_updated",
        )
        order_by = ("name",)
        attrs = {"class": "table table-sm table-hover align-middle"}

    def _actor(self) -> Any:
        return getattr(getattr(self, "request", None), "user", None)

    def value_host(self, record: CooperationBase) -> str:
        host = record.host_organisation
        if host is None or not can(self._actor(), Action.VIEW, host):
            return ""
        return str(host)

    def render_host(self, record: CooperationBase) -> str:
        return self.value_host(record) or "—"

    def value_location(self, record: CooperationBase) -> str:
        return record.location()

    def render_location(self, record: CooperationBase) -> str:
        return record.location() or "—"

    def value_partner_countries(self, record: CooperationBase) -> str:
        return _joined(record.partner_countries.all())  # prefetched by the selector

    def render_partner_countries(self, record: CooperationBase) -> str:
        return self.value_partner_countries(record) or "—"

    def render_disciplines(self, value: Any) -> str:
        return _joined(value)

    def value_disciplines(self, value: Any) -> str:
        return _joined(value)

    def order_name(
        self, queryset: QuerySet[CooperationBase], is_descending: bool
    ) -> tuple[Any, bool]:
        """Sort by the name as the viewer reads it (their language, else the other one)."""
        first, second = (
            ("name_en", "name_zh_hans")
            if translation.get_language() == "en"
            else ("name_zh_hans", "name_en")
        )
        key = Coalesce(NullIf(F(first), Value("")), F(second))
        ordering = key.desc() if is_descending else key.asc()
        return queryset.order_by(ordering, "pk"), True


class SelfReportTable(tables.Table):
    """One row per report; the base and year link to it."""

    report = tables.Column(
        verbose_name=_("Report"),
        accessor="pk",
        linkify=("bases:report_detail", {"pk": tables.A("pk")}),
        order_by=("base__name_zh_hans", "-year"),
    )
    base = tables.Column(verbose_name=_("Cooperation base"), order_by=("base__name_zh_hans",))
    funding_total = tables.Column(
        verbose_name=_("Funding, total (CNY)"), empty_values=(), orderable=False
    )
    last_updated = tables.DateTimeColumn(short=True)

    class Meta:
        model = SelfReport
        fields = (
            "report",
            "base",
            "year",
            "status",
            "projects_running",
            "new_international_projects",
            "foreign_experts_hosted",
            "people_trained",
            "joint_publications",
            "patents_filed",
            "patents_granted",
            "standards",
            "transfer_contracts",
            "transfer_value",
            "funding_total",
            "submitted_at",
            "owner_unit",
            "last_updated",
        )
        order_by = ("-year",)
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_report(self, record: SelfReport) -> str:
        return str(record)

    def value_report(self, record: SelfReport) -> str:
        return str(record)

    def render_funding_total(self, record: SelfReport) -> str:
        return f"{record.funding_total:,.2f}"

    def value_funding_total(self, record: SelfReport) -> str:
        return str(record.funding_total)
