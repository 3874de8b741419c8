"""The people table of the list page (columns, sorting, export).

Contact columns show a value only where :func:`may_see_contact` allows it ("hidden"
otherwise, empty in exports); :class:`PersonTableNoContact` leaves them out for viewers
who may see no contact at all.
"""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from stcoop.core.permissions import Action, can, may_see_contact
from stcoop.people.models import Person


class PersonTable(tables.Table):
    """One row per person; the name links to them."""

    name = tables.Column(
        verbose_name=_("Name"),
        accessor="pk",
        linkify=("people:detail", {"pk": tables.A("pk")}),
        order_by=("name_latin", "name_zh"),
    )
    name_zh = tables.Column(verbose_name=_("Chinese name"))
    name_latin = tables.Column(verbose_name=_("Latin-script name"))
    nationality = tables.Column(verbose_name=_("Nationality"))
    organisation = tables.Column(
        verbose_name=_("Current organisation"), empty_values=(), orderable=False
    )
    keywords = tables.Column(verbose_name=_("Keywords"), orderable=False)
    disciplines = tables.Column(verbose_name=_("Disciplines"), orderable=False)
    is_expert = tables.BooleanColumn(verbose_name=_("Expert"))
    orcid = tables.Column(verbose_name=_("ORCID iD"))
    email = tables.Column(verbose_name=_("Email"), empty_values=(), orderable=False)
    phone = tables.Column(verbose_name=_("Phone"), empty_values=(), orderable=False)
    last_updated = tables.DateTimeColumn(short=True)

    class Meta:
        model = Person
        fields: tuple[str, ...] = (
            "name",
            "name_zh",
            "name_latin",
            "nationality",
            "organisation",
            "keywords",
            "disciplines",
            "is_expert",
            "orcid",
            "email",
            "phone",
            "owner_unit",
            "visibility",
            "last_updated",
        )
        order_by = ("name",)
        attrs = {"class": "table table-sm table-hover align-middle"}

    def _actor(self) -> Any:
        request = getattr(self, "request", None)
        return getattr(request, "user", None)

    def render_name(self, record: Person) -> str:
        return str(record)

    def value_name(self, record: Person) -> str:
        return str(record)

    def render_keywords(self, value: Any) -> str:
        return ", ".join(value or [])

    def value_keywords(self, value: Any) -> str:
        return ", ".join(value or [])

    def render_disciplines(self, value: Any) -> str:
        return ", ".join(value or [])

    def value_disciplines(self, value: Any) -> str:
        return ", ".join(value or [])

    def value_organisation(self, record: Person) -> str:
        actor = self._actor()
        names = [
            str(a.organisation)
            for a in record.affiliations.all()  # prefetched by the selector
            if a.is_current and can(actor, Action.VIEW, a.organisation)
        ]
        return "; ".join(names)

    def render_organisation(self, record: Person) -> str:
        return self.value_organisation(record) or "—"

    def _contact(self, record: Person, field: str, hidden: str) -> str:
        if not may_see_contact(self._actor(), record):
            return hidden
        return str(getattr(record, field) or "")

    def render_email(self, record: Person) -> str:
        return self._contact(record, "email", str(_("hidden"))) or "—"

    def value_email(self, record: Person) -> str:
        return self._contact(record, "email", "")

    def render_phone(self, record: Person) -> str:
        return self._contact(record, "phone", str(_("hidden"))) or "—"

    def value_phone(self, record: Person) -> str:
        return self._contact(record, "phone", "")


class PersonTableNoContact(PersonTable):
    """The same table without the contact columns."""

    class Meta(PersonTable.Meta):
        fields = tuple(f for f in PersonTable.Meta.fields if f not in ("email", "phone"))
        exclude = ("email", "phone")
