"""Filters of the user list (shared with the API once it lists accounts)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.choices import Role
from stcoop.accounts.models import OrganisationUnit, User
from stcoop.accounts.selectors import order_by_name, units_manageable_by
from stcoop.core.filters import YesNoFilter


def _units(request: HttpRequest | None) -> QuerySet[OrganisationUnit]:
    actor = getattr(request, "user", None)
    return order_by_name(units_manageable_by(actor))


class UserFilterSet(django_filters.FilterSet):
    """Search by name or e-mail; narrow by role, unit (with its sub-units) and status."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices)
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit and its sub-units"), queryset=_units, method="in_subtree"
    )
    is_active = YesNoFilter(label=_("Active"))

    class Meta:
        model = User
        fields = ("q", "role", "unit", "is_active")

    def search(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(username__icontains=value)
            | Q(display_name__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(email__icontains=value)
        )

    def in_subtree(self, queryset: QuerySet[User], name: str, value: Any) -> QuerySet[User]:
        if value is None:
            return queryset
        return queryset.filter(unit__path__startswith=value.path)
