"""The shared-resources table of the list page (columns, sorting, export).

Contact columns show a value only where :func:`may_see_contact` allows it ("hidden"
otherwise, empty in exports); :class:`SharedResourceTableNoContact` leaves them out for
viewers who may see no contact at all.
"""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from stcoop.core.permissions import Action, can, may_see_contact
from stcoop.resources.models import SharedResource


class SharedResourceTable(tables.Table):
    """One row per resource; the name links to it."""

    name = tables.Column(
        verbose_name=_("Name"),
        empty_values=(),
        linkify=("resources:detail", {"pk": tables.A("pk")}),
        order_by=("name_en", "name_zh_hans"),
    )
    owner_organisation = tables.Column(
        verbose_name=_("Owner organisation"),
        empty_values=(),
        order_by=("owner_organisation__name_en",),
    )
    country = tables.Column(verbose_name=_("Country or territory"), order_by=("country__name_en",))
    disciplines = tables.Column(verbose_name=_("Disciplines"), orderable=False)
    keywords = tables.Column(verbose_name=_("Keywords"), orderable=False)
    open_to_foreign = tables.BooleanColumn(verbose_name=_("Open to foreign users"))
    contact_name = tables.Column(verbose_name=_("Contact person"), empty_values=(), orderable=False)
    contact_email = tables.Column(verbose_name=_("Contact email"), empty_values=(), orderable=False)
    contact_phone = tables.Column(verbose_name=_("Contact phone"), empty_values=(), orderable=False)
    link = tables.URLColumn(verbose_name=_("Link"), orderable=False)
    last_updated = tables.DateTimeColumn(short=True)

    class Meta:
        model = SharedResource
        fields: tuple[str, ...] = (
            "name",
            "kind",
            "owner_organisation",
            "country",
            "province",
            "city",
            "disciplines",
            "keywords",
            "access_mode",
            "open_to_foreign",
            "status",
            "contact_name",
            "contact_email",
            "contact_phone",
            "link",
            "owner_unit",
            "visibility",
            "last_updated",
        )
        order_by = ("name",)
        attrs = {"class": "table table-sm table-hover align-middle"}

    def _actor(self) -> Any:
        return getattr(getattr(self, "request", None), "user", None)

    def render_name(self, record: SharedResource) -> str:
        return str(record)

    def value_name(self, record: SharedResource) -> str:
        return str(record)

    def value_owner_organisation(self, record: SharedResource) -> str:
        organisation = record.owner_organisation
        if organisation is None or not can(self._actor(), Action.VIEW, organisation):
            return ""
        return str(organisation)

    def render_owner_organisation(self, record: SharedResource) -> str:
        return self.value_owner_organisation(record) or "—"

    def render_disciplines(self, value: Any) -> str:
        return ", ".join(value or [])

    def value_disciplines(self, value: Any) -> str:
        return ", ".join(value or [])

    def render_keywords(self, value: Any) -> str:
        return ", ".join(value or [])

    def value_keywords(self, value: Any) -> str:
        return ", ".join(value or [])

    def _contact(self, record: SharedResource, field: str, hidden: str) -> str:
        if not may_see_contact(self._actor(), record):
            return hidden
        return str(getattr(record, field) or "")

    def render_contact_name(self, record: SharedResource) -> str:
        return self._contact(record, "contact_name", str(_("hidden"))) or "—"

    def value_contact_name(self, record: SharedResource) -> str:
        return self._contact(record, "contact_name", "")

    def render_contact_email(self, record: SharedResource) -> str:
        return self._contact(record, "contact_email", str(_("hidden"))) or "—"

    def value_contact_email(self, record: SharedResource) -> str:
        return self._contact(record, "contact_email", "")

    def render_contact_phone(self, record: SharedResource) -> str:
        return self._contact(record, "contact_phone", str(_("hidden"))) or "—"

    def value_contact_phone(self, record: SharedResource) -> str:
        return self._contact(record, "contact_phone", "")


class SharedResourceTableNoContact(SharedResourceTable):
    """The same table without the contact columns."""

    class Meta(SharedResourceTable.Meta):
        fields = tuple(
            f
            for f in SharedResourceTable.Meta.fields
            if f not in ("contact_name", "contact_email", "contact_phone")
        )
        exclude = ("contact_name", "contact_email", "contact_phone")
