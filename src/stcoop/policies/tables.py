"""The policy documents table of the list page (columns, sorting, export)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from stcoop.policies.models import PolicyDocument


class PolicyDocumentTable(tables.Table):
    """One row per document; the title links to it."""

    title = tables.Column(
        verbose_name=_("Title"), linkify=("policies:detail", {"pk": tables.A("pk")})
    )
    issuer = tables.Column(verbose_name=_("Issuer"))
    country = tables.Column(verbose_name=_("Jurisdiction"))
    topics = tables.Column(verbose_name=_("Topics"), orderable=False)
    keywords = tables.Column(verbose_name=_("Keywords"), orderable=False)
    link = tables.URLColumn(verbose_name=_("Link"), orderable=False)
    last_updated = tables.DateTimeColumn(short=True)

    class Meta:
        model = PolicyDocument
        fields = (
            "title",
            "issuer",
            "document_number",
            "issue_date",
            "effective_date",
            "repeal_date",
            "status",
            "level",
            "country",
            "province",
            "topics",
            "keywords",
            "language",
            "link",
            "owner_unit",
            "visibility",
            "last_updated",
        )
        order_by = ("-issue_date",)
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_topics(self, record: PolicyDocument) -> str:
        return ", ".join(record.topic_labels())

    def value_topics(self, record: PolicyDocument) -> str:
        return self.render_topics(record)

    def render_keywords(self, value: Any) -> str:
        return ", ".join(value or [])

    def value_keywords(self, value: Any) -> str:
        return ", ".join(value or [])

    def _order_by_language(
        self, queryset: QuerySet[PolicyDocument], name: str, is_descending: bool
    ) -> tuple[Any, bool]:
        first, second = (
            (f"{name}_en", f"{name}_zh_hans")
            if translation.get_language() == "en"
            else (f"{name}_zh_hans", f"{name}_en")
        )
        key = Coalesce(NullIf(F(first), Value("")), F(second))
        ordering = key.desc() if is_descending else key.asc()
        return queryset.order_by(ordering, "pk"), True

    def order_title(
        self, queryset: QuerySet[PolicyDocument], is_descending: bool
    ) -> tuple[Any, bool]:
        """Sort by the title as the viewer reads it (their language, else the other one)."""
        return self._order_by_language(queryset, "title", is_descending)

    def order_issuer(
        self, queryset: QuerySet[PolicyDocument], is_descending: bool
    ) -> tuple[Any, bool]:
        return self._order_by_language(queryset, "issuer", is_descending)
