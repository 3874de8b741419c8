"""Tables of the accounts pages."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.models import User


def _unit_url(record: User) -> str | None:
    return reverse("accounts:unit_detail", args=[record.unit_id]) if record.unit_id else None


class UserTable(tables.Table):
    """User accounts, linked to their edit pages and units."""

    username = tables.Column(linkify=("accounts:user_edit", {"pk": tables.A("pk")}))
    email = tables.EmailColumn()
    unit = tables.Column(linkify=_unit_url)
    is_active = tables.BooleanColumn(verbose_name=_("Active"))
    last_login = tables.DateTimeColumn(format="Y-m-d H:i")

    class Meta:
        model = User
        fields = (
            "username",
            "display_name",
            "email",
            "role",
            "unit",
            "language",
            "is_active",
            "last_login",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("username",)
