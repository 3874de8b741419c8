"""Declarative list pages: filter, sort, paginate, choose columns, export.

A domain app declares a subclass with its model, FilterSet (the same one its API uses)
and django-tables2 table; this view applies the viewer's visibility, then the filters,
and answers either the page or a CSV/XLSX download of every filtered row.
"""

from __future__ import annotations

from typing import Any, ClassVar

import django_filters
import django_tables2 as tables
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from django.views.generic.base import ContextMixin, TemplateResponseMixin
from django_tables2 import RequestConfig

from stcoop.core.export import EXPORT_FORMATS, csv_response, xlsx_response
from stcoop.core.imports.spec import get_spec
from stcoop.core.permissions import visible

PAGE_SIZES = (25, 50, 100, 200)


class RecordListView(TemplateResponseMixin, ContextMixin, View):
    """List page for one model.

    Query parameters: the FilterSet's fields, ``sort`` (a column name, ``-`` for
    descending), ``page``, ``per_page`` (25, 50, 100 or 200), ``col`` (repeated) or
    ``columns`` (comma-separated) for the columns to show, and ``export`` (``csv`` or
    ``xlsx``: every filtered row, shown columns only, in the chosen order).
    """

    model: ClassVar[type[Model]]
    filterset_class: ClassVar[type[django_filters.FilterSet]]
    table_class: ClassVar[type[tables.Table]]
    template_name = "core/object_list.html"
    title: ClassVar[Any] = ""
    help_text: ClassVar[Any] = ""
    empty_text: ClassVar[Any] = _("No records match these filters.")
    add_url: ClassVar[str | None] = None
    #: name of the bulk-import spec behind the "Import" button (:mod:`stcoop.core.imports`)
    import_spec: ClassVar[str | None] = None
    default_columns: ClassVar[tuple[str, ...] | None] = None

    def get_queryset(self) -> QuerySet[Any]:
        """The records the viewer may see; override to add ``select_related``."""
        return visible(self.request.user, self.model._default_manager.all())

    def may_add(self) -> bool:
        """Whether to show the "add" button; subclasses ask the permission layer."""
        return False

    def import_urls(self) -> tuple[str | None, str | None]:
        """The import page and its CSV template, when the viewer may use the import."""
        spec = get_spec(self.import_spec) if self.import_spec else None
        if spec is None or not spec.may_import(self.request.user):
            return None, None
        return (
            reverse("core:import_upload", kwargs={"spec": spec.name}),
            reverse("core:import_template", kwargs={"spec": spec.name, "fmt": "xlsx"}),
        )

    def _columns(self) -> tuple[list[str], list[str]]:
        all_columns = [name for name in self.table_class.base_columns if name != "actions"]
        chosen = self.request.GET.getlist("col") or self.request.GET.get("columns", "").split(",")
        requested = [c for c in chosen if c in all_columns]
        shown = requested or list(self.default_columns or all_columns)
        return all_columns, shown

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        queryset = self.get_queryset()
        filterset = self.filterset_class(request.GET or None, queryset=queryset, request=request)
        rows = filterset.qs
        all_columns, shown = self._columns()
        exclude = [c for c in all_columns if c not in shown]
        table = self.table_class(rows, exclude=exclude, empty_text=self.empty_text)
        export = request.GET.get("export", "")
        if export in EXPORT_FORMATS:
            RequestConfig(request, paginate=False).configure(table)
            filename = slugify(str(self.model._meta.verbose_name_plural)) or "export"
            values = table.as_values(exclude_columns=["actions"])
            if export == "csv":
                return csv_response(values, filename)
            return xlsx_response(values, filename)
        per_page = _per_page(request.GET.get("per_page"))
        import_url, import_template_url = self.import_urls()
        RequestConfig(request, paginate={"per_page": per_page}).configure(table)
        context = self.get_context_data(
            filterset=filterset,
            table=table,
            title=self.title or self.model._meta.verbose_name_plural,
            help_text=self.help_text,
            all_columns=[
                (
                    c,
                    table.columns[c].header
                    if c in shown
                    else self.table_class.base_columns[c].verbose_name or c,
                )
                for c in all_columns
            ],
            shown_columns=shown,
            page_sizes=PAGE_SIZES,
            per_page=per_page,
            add_url=self.add_url if self.may_add() else None,
            import_url=import_url,
            import_template_url=import_template_url,
            total=table.paginator.count if hasattr(table, "paginator") else len(rows),
            export_formats=EXPORT_FORMATS,
        )
        return self.render_to_response(context)


def _per_page(raw: str | None) -> int:
    try:
        value = int(raw or PAGE_SIZES[0])
    except ValueError:
        return PAGE_SIZES[0]
    return value if value in PAGE_SIZES else PAGE_SIZES[0]
