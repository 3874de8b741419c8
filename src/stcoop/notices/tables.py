"""The notices table of the list page (columns, sorting, export)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation

from stcoop.notices.models import Notice


class NoticeTable(tables.Table):
    """One row per notice; the title links to the notice."""

    # Headers come from the model's field names (capitalised by django-tables2).
    title = tables.Column(linkify=("notices:detail", {"pk": tables.A("pk")}))
    published_on = tables.DateColumn(short=False)
    expires_on = tables.DateColumn(short=False)
    link = tables.URLColumn(orderable=False)
    last_updated = tables.DateTimeColumn(short=True)

    class Meta:
        model = Notice
        fields = (
            "title",
            "category",
            "owner_unit",
            "published_on",
            "expires_on",
            "visibility",
            "link",
            "last_updated",
        )
        order_by = ("-published_on",)
        attrs = {"class": "table table-sm table-hover align-middle"}

    def order_title(self, queryset: QuerySet[Notice], is_descending: bool) -> tuple[Any, bool]:
        """Sort by the title as the viewer reads it (their language, else the other one)."""
        first, second = (
            ("title_en", "title_zh_hans")
            if translation.get_language() == "en"
            else ("title_zh_hans", "title_en")
        )
        key = Coalesce(NullIf(F(first), Value("")), F(second))
        ordering = key.desc() if is_descending else key.asc()
        return queryset.order_by(ordering, "-pk"), True
