"""Abstract bases every registry model builds on, and the change-history table."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from stcoop.core.choices import ChangeAction, Visibility


def _json_value(value: Any) -> Any:
    """Make a field value JSON-safe for the change history."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


class ChangeLoggedModel(models.Model):
    """A model whose every create, update and delete is recorded as an :class:`ObjectChange`.

    Services call :func:`stcoop.core.changelog.log_change` with a :meth:`snapshot` taken
    before the write; the history page of each record lists those entries.
    """

    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_updated = models.DateTimeField(_("last updated"), auto_now=True)

    # Fields left out of snapshots (they change on every save and say nothing).
    history_exclude: ClassVar[tuple[str, ...]] = ("created", "last_updated")
    # Which rule set of :mod:`stcoop.core.permissions` governs this model.
    permission_scope: ClassVar[str] = "reference"

    class Meta:
        abstract = True

    def snapshot(self) -> dict[str, Any]:
        """Return the record's concrete field values (foreign keys as IDs), JSON-safe."""
        data: dict[str, Any] = {}
        for field in self._meta.concrete_fields:
            if field.name in self.history_exclude:
                continue
            data[field.attname] = _json_value(getattr(self, field.attname))
        for field in self._meta.many_to_many:
            if self.pk is not None:
                data[field.name] = sorted(getattr(self, field.name).values_list("pk", flat=True))
        return data


class OwnedRecord(ChangeLoggedModel):
    """A registry record owned by an organisation unit, with a visibility.

    ``visibility`` decides who besides the owning unit sees it: everyone (public), the
    units named in ``shared_with`` and their sub-units (shared), or only the owning unit
    and the administrators above it (internal). :mod:`stcoop.core.permissions` is the one
    place that applies these rules.
    """

    owner_unit = models.ForeignKey(
        "accounts.OrganisationUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owning unit"),
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    shared_with = models.ManyToManyField(
        "accounts.OrganisationUnit",
        blank=True,
        related_name="+",
        verbose_name=_("shared with units"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    permission_scope: ClassVar[str] = "owned"

    class Meta:
        abstract = True


class ObjectChange(models.Model):
    """One recorded change to a record: who, when, what, and the values before and after."""

    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="changes",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=ChangeAction.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("record type")
    )
    object_id = models.CharField(_("record ID"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=300)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    request_id = models.CharField(_("request ID"), max_length=64, blank=True)

    class Meta:
        ordering = ("-time", "-pk")
        indexes = [
            models.Index(fields=("content_type", "object_id"), name="core_change_object_idx")
        ]
        verbose_name = _("change")
        verbose_name_plural = _("changes")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def diff(self) -> list[tuple[str, Any, Any]]:
        """Return ``(field, before, after)`` for every field whose value changed."""
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
