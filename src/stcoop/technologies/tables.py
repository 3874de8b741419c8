"""The technology profiles table of the list page (columns, sorting, export)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stcoop.technologies.models import TechnologyProfile


class TechnologyProfileTable(tables.Table):
    """One row per profile; the reference and the title link to it."""

    reference = tables.Column(
        verbose_name=_("Reference"),
        linkify=("technologies:detail", {"pk": tables.A("pk")}),
    )
    title = tables.Column(
        verbose_name=_("Title"),
        linkify=("technologies:detail", {"pk": tables.A("pk")}),
    )
    organisation = tables.Column(verbose_name=_("Organisation"))
    organisation_country = tables.Column(
        verbose_name=_("Country of the organisation"),
        accessor="organisation__country",
        order_by=("organisation__country__iso2",),
    )
    sectors = tables.Column(verbose_name=_("Sectors"), orderable=False)
    trl = tables.Column(verbose_name=_("TRL"))
    cooperation = tables.Column(verbose_name=_("Cooperation sought"), orderable=False)
    target_countries = tables.Column(
        verbose_name=_("Target countries"), empty_values=(), orderable=False
    )
    keywords = tables.Column(verbose_name=_("Keywords"), orderable=False)
    expiry_date = tables.DateColumn(verbose_name=_("Expiry date"))
    last_updated = tables.DateTimeColumn(short=True)

    class Meta:
        model = TechnologyProfile
        fields = (
            "reference",
            "title",
            "kind",
            "organisation",
            "organisation_country",
            "sectors",
            "trl",
            "ip_status",
            "cooperation",
            "target_countries",
            "keywords",
            "status",
            "publication_date",
            "expiry_date",
            "owner_unit",
            "visibility",
            "last_updated",
        )
        order_by = ("-publication_date",)
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_sectors(self, record: TechnologyProfile) -> str:
        return ", ".join(record.sector_labels())

    def value_sectors(self, record: TechnologyProfile) -> str:
        return self.render_sectors(record)

    def render_cooperation(self, record: TechnologyProfile) -> str:
        return ", ".join(record.cooperation_labels())

    def value_cooperation(self, record: TechnologyProfile) -> str:
        return self.render_cooperation(record)

    def render_trl(self, value: Any) -> str:
        return str(value)

    def render_keywords(self, value: Any) -> str:
        return ", ".join(value or [])

    def value_keywords(self, value: Any) -> str:
        return ", ".join(value or [])

    def render_target_countries(self, record: TechnologyProfile) -> str:
        names = [str(c) for c in record.target_countries.all()]  # prefetched
        names += [str(g) for g in record.target_groupings.all()]
        return ", ".join(names) or "—"

    def value_target_countries(self, record: TechnologyProfile) -> str:
        value = self.render_target_countries(record)
        return "" if value == "—" else value

    def render_expiry_date(self, record: TechnologyProfile, value: Any) -> SafeString | str:
        text = value.isoformat() if value else "—"
        if record.is_expired:
            return format_html(
                '{} <span class="badge text-bg-warning">{}</span>', text, gettext("Expired")
            )
        return text

    def value_expiry_date(self, value: Any) -> str:
        return value.isoformat() if value else ""

    def order_title(
        self, queryset: QuerySet[TechnologyProfile], is_descending: bool
    ) -> tuple[Any, bool]:
        """Sort by the title as the viewer reads it (their language, else the other one)."""
        first, second = (
            ("title_en", "title_zh_hans")
            if translation.get_language() == "en"
            else ("title_zh_hans", "title_en")
        )
        key = Coalesce(NullIf(F(first), Value("")), F(second))
        ordering = key.desc() if is_descending else key.asc()
        return queryset.order_by(ordering, "pk"), True
