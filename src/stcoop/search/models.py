"""The durable search store: one derived row per searchable record.

:class:`SearchDocument` holds what the engine needs to rebuild its in-memory index
without reading the records or encoding text again: the fields, facets, date and the
sentence vector (float32 bytes). Every write takes the next number of the change counter
(:class:`SearchState`), so each process brings its index up to date by reading the rows
with a larger ``seq`` than it has seen. A deleted or hidden record keeps a tombstone
(``deleted``) so other processes learn to drop it.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


def _new_generation() -> str:
    return uuid.uuid4().hex


class SearchState(models.Model):
    """The one row of counters: the change counter ``seq``, the ``generation`` (a new
    value whenever the store is emptied, telling processes to reload everything) and
    ``change_watermark``, the last change-history entry the catch-up task has read."""

    seq = models.BigIntegerField(default=0)
    generation = models.CharField(max_length=32, default=_new_generation)
    change_watermark = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("search index state")
        verbose_name_plural = _("search index state")

    def __str__(self) -> str:
        return f"seq {self.seq} ({self.generation})"


class SearchDocument(models.Model):
    """The search document of one record (``doc_id`` ``"<type>:<pk>"``)."""

    doc_id = models.CharField(_("document"), max_length=80, unique=True)
    type = models.CharField(_("type"), max_length=32, db_index=True)
    model_label = models.CharField(_("model"), max_length=100)
    object_id = models.CharField(_("record ID"), max_length=64)
    fields = models.JSONField(_("fields"), default=dict)
    facets = models.JSONField(_("facets"), default=dict)
    date = models.DateField(_("date"), null=True, blank=True)
    vector = models.BinaryField(_("vector"), null=True, blank=True)
    # Hash of the text the encoder saw: an unchanged text keeps its vector.
    text_hash = models.CharField(max_length=64, blank=True)
    seq = models.BigIntegerField(_("change number"), db_index=True)
    deleted = models.BooleanField(_("deleted"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("seq",)
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return self.doc_id
