"""The tables of the membership and programme list pages (columns, sorting, export)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from stcoop.core.permissions import Action, can
from stcoop.memberships.models import BigScienceProgramme, InternationalMembership


def _money(amount: Any, currency: str) -> str:
    return f"{amount} {currency}".strip() if amount is not None else ""


class MembershipTable(tables.Table):
    """One row per membership; the member links to the membership."""

    member = tables.Column(
        verbose_name=_("Member"),
        empty_values=(),
        linkify=("memberships:detail", {"pk": tables.A("pk")}),
        order_by=("member_country__name_en", "member_organisation__name_en"),
    )
    organisation = tables.Column(
        verbose_name=_("International organisation"), order_by=("organisation__name_en",)
    )
    role = tables.Column(verbose_name=_("Role"))
    since = tables.DateColumn(verbose_name=_("Since"), format="Y-m-d")
    until = tables.DateColumn(verbose_name=_("Until"), format="Y-m-d")
    annual_contribution = tables.Column(verbose_name=_("Annual contribution"), empty_values=(None,))
    representative = tables.Column(verbose_name=_("Representative body"))
    last_updated = tables.DateTimeColumn(short=True)

    class Meta:
        model = InternationalMembership
        fields: tuple[str, ...] = (
            "member",
            "organisation",
            "role",
            "since",
            "until",
            "annual_contribution",
            "representative",
            "owner_unit",
            "visibility",
            "last_updated",
        )
        order_by = ("organisation",)
        attrs = {"class": "table table-sm table-hover align-middle"}

    def _actor(self) -> Any:
        return getattr(getattr(self, "request", None), "user", None)

    def value_member(self, record: InternationalMembership) -> str:
        if record.member_organisation_id and not can(
            self._actor(), Action.VIEW, record.member_organisation
        ):
            return str(_("an organisation you may not see"))
        return str(record.member)

    def render_member(self, record: InternationalMembership) -> str:
        return self.value_member(record)

    def render_organisation(self, record: InternationalMembership) -> str:
        return self.value_organisation(record)

    def value_organisation(self, record: InternationalMembership) -> str:
        if not can(self._actor(), Action.VIEW, record.organisation):
            return str(_("an organisation you may not see"))
        return str(record.organisation)

    def render_annual_contribution(self, record: InternationalMembership) -> str:
        return _money(record.annual_contribution, record.currency) or "—"

    def value_annual_contribution(self, record: InternationalMembership) -> str:
        return _money(record.annual_contribution, record.currency)


class ProgrammeTable(tables.Table):
    """One row per programme; the name links to it."""

    name = tables.Column(
        verbose_name=_("Name"),
        empty_values=(),
        linkify=("memberships:bigscience_detail", {"pk": tables.A("pk")}),
        order_by=("acronym", "name_en"),
    )
    acronym = tables.Column(verbose_name=_("Acronym"))
    kind = tables.Column(verbose_name=_("Kind"))
    status = tables.Column(verbose_name=_("Status"))
    host_country = tables.Column(
        verbose_name=_("Host country"), order_by=("host_country__name_en",)
    )
    participants = tables.Column(verbose_name=_("Participants"), empty_values=(), orderable=False)
    website = tables.URLColumn(verbose_name=_("Website"), orderable=False)
    last_updated = tables.DateTimeColumn(short=True)

    class Meta:
        model = BigScienceProgramme
        fields: tuple[str, ...] = (
            "name",
            "acronym",
            "kind",
            "status",
            "host_country",
            "participants",
            "website",
            "owner_unit",
            "visibility",
            "last_updated",
        )
        order_by = ("name",)
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_name(self, record: BigScienceProgramme) -> str:
        return self.value_name(record)

    def value_name(self, record: BigScienceProgramme) -> str:
        return str(record.name or record.name_en or record.name_zh_hans or record.acronym)

    def value_participants(self, record: BigScienceProgramme) -> int:
        return len(record.participations.all())  # prefetched by the selector

    def render_participants(self, record: BigScienceProgramme) -> int:
        return self.value_participants(record)
