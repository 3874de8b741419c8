"""The organisations table of the list page (columns, sorting, export)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from stcoop.organisations.choices import IdScheme
from stcoop.organisations.models import Organisation


class OrganisationTable(tables.Table):
    """One row per organisation; the name links to it."""

    name = tables.Column(
        verbose_name=_("Name"), linkify=("organisations:detail", {"pk": tables.A("pk")})
    )
    name_original = tables.Column(verbose_name=_("Name in its own language"))
    acronyms = tables.Column(verbose_name=_("Acronyms"), orderable=False)
    country = tables.Column(verbose_name=_("Country or territory"))
    ror = tables.Column(verbose_name=_("ROR ID"), empty_values=(), orderable=False)
    website = tables.URLColumn(verbose_name=_("Website"), orderable=False)
    last_updated = tables.DateTimeColumn(short=True)

    class Meta:
        model = Organisation
        fields = (
            "name",
            "name_original",
            "acronyms",
            "kind",
            "country",
            "city",
            "status",
            "ror",
            "parent",
            "website",
            "owner_unit",
            "visibility",
            "last_updated",
        )
        order_by = ("name",)
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_acronyms(self, value: Any) -> str:
        return ", ".join(value or [])

    def value_acronyms(self, value: Any) -> str:
        return ", ".join(value or [])

    def render_ror(self, record: Organisation) -> str:
        for external_id in record.external_ids.all():  # prefetched by the selector
            if external_id.scheme == IdScheme.ROR:
                return external_id.value
        return "—"

    def value_ror(self, record: Organisation) -> str:
        value = self.render_ror(record)
        return "" if value == "—" else value

    def order_name(self, queryset: QuerySet[Organisation], is_descending: bool) -> tuple[Any, bool]:
        """Sort by the name as the viewer reads it (their language, else the other one)."""
        first, second = (
            ("name_en", "name_zh_hans")
            if translation.get_language() == "en"
            else ("name_zh_hans", "name_en")
        )
        key = Coalesce(NullIf(F(first), Value("")), F(second))
        ordering = key.desc() if is_descending else key.asc()
        return queryset.order_by(ordering, "pk"), True
