"""The FilterSets of agreements and mechanisms, used by the list pages and the API alike."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.agreements.choices import AgreementKind, AgreementStatus, MechanismKind, MechanismStatus
from stcoop.agreements.models import EXPIRING_STATUSES, Agreement, Mechanism, expired_q
from stcoop.core.choices import Visibility
from stcoop.geo.models import Country, Grouping, GroupingMembership
from stcoop.geo.selectors import membership_on_q


def _words(value: str, fields: tuple[str, ...]) -> Q:
    """Every word occurs in one of ``fields`` (any case)."""
    condition = Q()
    for word in value.split():
        one = Q()
        for field in fields:
            one |= Q(**{f"{field}__icontains": word})
        condition &= one
    return condition


def _in_grouping(queryset: QuerySet[Any], grouping: Grouping | None) -> QuerySet[Any]:
    """Records with at least one partner country that is now a member of ``grouping``."""
    if grouping is None:
        return queryset
    members = GroupingMembership.objects.filter(membership_on_q(), grouping=grouping).values(
        "country_id"
    )
    through: Any = queryset.model._meta.get_field("countries").remote_field.through
    source = f"{queryset.model._meta.model_name}_id"
    linked = through.objects.filter(**{source: OuterRef("pk")}, country_id__in=members)
    return queryset.filter(Exists(linked))


def _with_country(queryset: QuerySet[Any], country: Country | None) -> QuerySet[Any]:
    if country is None:
        return queryset
    through: Any = queryset.model._meta.get_field("countries").remote_field.through
    source = f"{queryset.model._meta.model_name}_id"
    linked = through.objects.filter(**{source: OuterRef("pk")}, country=country)
    return queryset.filter(Exists(linked))


class AgreementFilterSet(django_filters.FilterSet):
    """Filters: ``q`` (words in the title in either language, the reference number or the
    summary), ``country`` (ISO alpha-2 code of a partner), ``grouping`` (a grouping code:
    agreements with a current member), ``kind`` (one or more), ``status`` (as shown: an
    agreement past its expiry date counts as expired), ``signed_from`` / ``signed_to``
    (years, inclusive), ``parent`` (ID), ``owner_unit``, ``visibility``."""

    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        help_text=_("Words in the title, reference number or summary."),
    )
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(),
        to_field_name="iso2",
        method="filter_country",
        label=_("Partner country"),
    )
    grouping = django_filters.ModelChoiceFilter(
        queryset=Grouping.objects.all(),
        to_field_name="code",
        method="filter_grouping",
        label=_("Country grouping"),
        help_text=_("Agreements with a country that is now a member, e.g. ASEAN."),
    )
    kind = django_filters.MultipleChoiceFilter(choices=AgreementKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(
        choices=AgreementStatus.choices,
        method="filter_status",
        label=_("Status"),
        help_text=_("Agreements past their expiry date count as expired."),
    )
    signed_from = django_filters.NumberFilter(
        field_name="signed_date", lookup_expr="year__gte", label=_("Signed from (year)")
    )
    signed_to = django_filters.NumberFilter(
        field_name="signed_date", lookup_expr="year__lte", label=_("Signed until (year)")
    )
    parent = django_filters.NumberFilter(
        field_name="parent_id", label=_("Belongs to agreement (ID)")
    )
    owner_unit = django_filters.ModelChoiceFilter(
        queryset=OrganisationUnit.objects.all(), label=_("Owning unit")
    )
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices, label=_("Visibility"))

    class Meta:
        model = Agreement
        fields = (
            "q",
            "country",
            "grouping",
            "kind",
            "status",
            "signed_from",
            "signed_to",
            "parent",
            "owner_unit",
            "visibility",
        )

    def search(self, queryset: QuerySet[Agreement], name: str, value: str) -> QuerySet[Agreement]:
        return queryset.filter(
            _words(
                value,
                ("title_zh_hans", "title_en", "reference_number", "summary_zh_hans", "summary_en"),
            )
        )

    def filter_country(
        self, queryset: QuerySet[Agreement], name: str, value: Country | None
    ) -> QuerySet[Agreement]:
        return _with_country(queryset, value)

    def filter_grouping(
        self, queryset: QuerySet[Agreement], name: str, value: Grouping | None
    ) -> QuerySet[Agreement]:
        return _in_grouping(queryset, value)

    def filter_status(
        self, queryset: QuerySet[Agreement], name: str, value: str
    ) -> QuerySet[Agreement]:
        if not value:
            return queryset
        if value == AgreementStatus.EXPIRED:
            return queryset.filter(expired_q())
        if value in EXPIRING_STATUSES:
            return queryset.filter(status=value).exclude(expired_q())
        return queryset.filter(status=value)


class MechanismFilterSet(django_filters.FilterSet):
    """Filters: ``q`` (words in the name or description in either language), ``kind`` (one
    or more), ``country`` (ISO alpha-2 code), ``grouping`` (code), ``status``,
    ``agreement`` (ID), ``owner_unit``, ``visibility``."""

    q = django_filters.CharFilter(
        method="search", label=_("Search"), help_text=_("Words in the name or description.")
    )
    kind = django_filters.MultipleChoiceFilter(choices=MechanismKind.choices, label=_("Kind"))
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(),
        to_field_name="iso2",
        method="filter_country",
        label=_("Partner country"),
    )
    grouping = django_filters.ModelChoiceFilter(
        queryset=Grouping.objects.all(),
        to_field_name="code",
        method="filter_grouping",
        label=_("Country grouping"),
    )
    status = django_filters.ChoiceFilter(choices=MechanismStatus.choices, label=_("Status"))
    agreement = django_filters.NumberFilter(field_name="agreement_id", label=_("Agreement (ID)"))
    owner_unit = django_filters.ModelChoiceFilter(
        queryset=OrganisationUnit.objects.all(), label=_("Owning unit")
    )
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices, label=_("Visibility"))

    class Meta:
        model = Mechanism
        fields = (
            "q",
            "kind",
            "country",
            "grouping",
            "status",
            "agreement",
            "owner_unit",
            "visibility",
        )

    def search(self, queryset: QuerySet[Mechanism], name: str, value: str) -> QuerySet[Mechanism]:
        return queryset.filter(
            _words(value, ("name_zh_hans", "name_en", "description_zh_hans", "description_en"))
        )

    def filter_country(
        self, queryset: QuerySet[Mechanism], name: str, value: Country | None
    ) -> QuerySet[Mechanism]:
        return _with_country(queryset, value)

    def filter_grouping(
        self, queryset: QuerySet[Mechanism], name: str, value: Grouping | None
    ) -> QuerySet[Mechanism]:
        return _in_grouping(queryset, value)
