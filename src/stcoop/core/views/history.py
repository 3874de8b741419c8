"""Change history of one record: who changed what, when, with each field before and after.

The URL names the model as ``app_label.model_name`` and the record's primary key. Only
change-logged models have a history. The page needs a signed-in viewer who may see the
record; a deleted record's history remains readable to platform and ministry
administrators.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from stcoop.core.models import ChangeLoggedModel, ObjectChange
from stcoop.core.permissions import ADMIN_ROLES, Action, can, role_of

PAGE_SIZE = 25


@dataclass(frozen=True)
class FieldChange:
    """One row of a diff table, ready to print."""

    label: str
    before: str | None
    after: str | None


def history_model(label: str) -> type[ChangeLoggedModel]:
    """The change-logged model named ``app_label.model_name``; 404 for anything else."""
    app_label, _dot, model_name = label.partition(".")
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        raise Http404(_("Unknown record type.")) from None
    if not issubclass(model, ChangeLoggedModel):
        raise Http404(_("Unknown record type."))
    return model


def _normalised_pk(model: type[models.Model], raw: str) -> str:
    try:
        value = model._meta.pk.to_python(raw)
    except (ValidationError, ValueError, TypeError):
        raise Http404(_("No such record.")) from None
    if value is None:
        raise Http404(_("No such record."))
    return str(value)


class _Formatter:
    """Turns the JSON values of a snapshot into readable text for one model.

    Foreign keys are shown by the name of the record they point to, looked up once per
    related model for the whole page; choices by their translated label.
    """

    def __init__(self, model: type[models.Model], changes: list[ObjectChange]) -> None:
        self.fields: dict[str, Any] = {}
        for field in model._meta.concrete_fields:
            self.fields[field.attname] = field
            self.fields.setdefault(field.name, field)
        for m2m in model._meta.many_to_many:
            self.fields[m2m.name] = m2m
        wanted: dict[Any, set[Any]] = defaultdict(set)
        for change in changes:
            for snapshot in (change.before or {}, change.after or {}):
                for key, value in snapshot.items():
                    related = self._related_model(key)
                    if related is None or value in (None, []):
                        continue
                    wanted[related].update(value if isinstance(value, list) else [value])
        self.related: dict[Any, dict[Any, models.Model]] = {
            related: related._default_manager.in_bulk(list(pks)) for related, pks in wanted.items()
        }

    def _related_model(self, key: str) -> Any:
        field = self.fields.get(key)
        return field.related_model if field is not None and field.is_relation else None

    def label(self, key: str) -> str:
        field = self.fields.get(key)
        return str(field.verbose_name) if field is not None else key

    def _one(self, field: models.Field[Any, Any] | None, value: Any) -> str:
        if field is not None and field.is_relation:
            record = self.related.get(field.related_model, {}).get(value)
            if record is None:
                return _("#{id} (deleted)").format(id=value)
            return str(record)
        if field is not None and field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        return str(value)

    def text(self, key: str, value: Any) -> str | None:
        if value is None or value == "":
            return None
        field = self.fields.get(key)
        if isinstance(value, list):
            return ", ".join(self._one(field, item) for item in value) or None
        return self._one(field, value)

    def diff(self, change: ObjectChange) -> list[FieldChange]:
        rows = [
            FieldChange(self.label(key), self.text(key, before), self.text(key, after))
            for key, before, after in change.diff()
        ]
        # None and "" differ in JSON but read the same; such a "change" is noise.
        return [row for row in rows if row.before is not None or row.after is not None]


class HistoryView(LoginRequiredMixin, TemplateView):
    """Paginated change entries of one record, newest first."""

    template_name = "core/history.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        model = history_model(self.kwargs["model"])
        object_id = _normalised_pk(model, self.kwargs["pk"])
        record = model._default_manager.filter(pk=object_id).first()
        changes = ObjectChange.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=object_id
        ).select_related("actor")
        user = self.request.user
        if record is None:
            # Only the administrators who see everything may read what is left of a
            # deleted record; for anyone else it does not exist.
            if role_of(user) not in ADMIN_ROLES or not changes.exists():
                raise Http404(_("No such record."))
        elif not can(user, Action.VIEW, record):
            raise PermissionDenied(_("You do not have permission to see this record's history."))
        page = Paginator(changes, PAGE_SIZE).get_page(self.request.GET.get("page"))
        entries = list(page.object_list)
        formatter = _Formatter(model, entries)
        latest = entries[0] if entries else None
        return super().get_context_data(
            record=record,
            record_name=str(record)
            if record is not None
            else (latest.object_repr if latest else ""),
            record_type=model._meta.verbose_name,
            record_url=_record_url(record),
            deleted=record is None,
            page_obj=page,
            entries=[(entry, formatter.diff(entry)) for entry in entries],
            **kwargs,
        )


def _record_url(record: Any) -> str | None:
    get_url = getattr(record, "get_absolute_url", None)
    return get_url() if callable(get_url) else None
