"""The FilterSets of bases and self-reports, used by the list pages and the API alike."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.bases.choices import BaseKind, BaseStatus, ReportStatus
from stcoop.bases.models import CooperationBase, SelfReport
from stcoop.core.choices import Visibility
from stcoop.geo.models import Country, Grouping, GroupingMembership
from stcoop.geo.provinces import Province
from stcoop.geo.selectors import membership_on_q


class BaseFilterSet(django_filters.FilterSet):
    """Filters: ``q`` (words in a name, short name or city), ``kind`` and ``status`` (one
    or more), ``province`` (ISO 3166-2:CN code), ``partner_country`` (ISO alpha-2 code),
    ``grouping`` (code: bases with a partner country that is a member today), ``field``
    (one field, any case), ``designation_year``, ``host`` (organisation ID),
    ``owner_unit``, ``visibility``."""

    q = django_filters.CharFilter(
        method="search", label=_("Search"), help_text=_("Words in a name, short name or city.")
    )
    kind = django_filters.MultipleChoiceFilter(choices=BaseKind.choices, label=_("Kind"))
    status = django_filters.MultipleChoiceFilter(choices=BaseStatus.choices, label=_("Status"))
    province = django_filters.ChoiceFilter(choices=Province.choices, label=_("Province"))
    partner_country = django_filters.ModelChoiceFilter(
        field_name="partner_countries",
        queryset=Country.objects.all(),
        to_field_name="iso2",
        label=_("Partner country"),
    )
    grouping = django_filters.ModelChoiceFilter(
        queryset=Grouping.objects.all(),
        to_field_name="code",
        method="filter_grouping",
        label=_("Partner countries in grouping"),
        help_text=_("Bases with at least one partner country that is a member today."),
    )
    field = django_filters.CharFilter(method="filter_field", label=_("Field"))
    designation_year = django_filters.NumberFilter(label=_("Designation year"))
    host = django_filters.NumberFilter(
        field_name="host_organisation_id", label=_("Host organisation (ID)")
    )
    owner_unit = django_filters.ModelChoiceFilter(
        queryset=OrganisationUnit.objects.all(), label=_("Owning unit")
    )
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices, label=_("Visibility"))

    class Meta:
        model = CooperationBase
        fields = (
            "q",
            "kind",
            "status",
            "province",
            "partner_country",
            "grouping",
            "field",
            "designation_year",
            "host",
            "owner_unit",
            "visibility",
        )

    @property
    def qs(self) -> QuerySet[CooperationBase]:
        # A partner-country filter joins the partners; one row per base all the same.
        queryset: QuerySet[CooperationBase] = super().qs
        return queryset.distinct()

    def search(
        self, queryset: QuerySet[CooperationBase], name: str, value: str
    ) -> QuerySet[CooperationBase]:
        """Every word must occur in a name, the short name or the city (any case)."""
        words = Q()
        for word in value.split():
            words &= Q(search_text__contains=word.casefold())
        return queryset.filter(words)

    def filter_field(
        self, queryset: QuerySet[CooperationBase], name: str, value: str
    ) -> QuerySet[CooperationBase]:
        text = value.strip().casefold()
        if not text:
            return queryset
        return queryset.filter(discipline_text__contains=f"\n{text}\n")

    def filter_grouping(
        self, queryset: QuerySet[CooperationBase], name: str, value: Grouping | None
    ) -> QuerySet[CooperationBase]:
        if value is None:
            return queryset
        through = CooperationBase.partner_countries.through
        members = GroupingMembership.objects.filter(membership_on_q(), grouping=value).values(
            "country_id"
        )
        partners = through.objects.filter(cooperationbase_id=OuterRef("pk"), country_id__in=members)
        return queryset.filter(Exists(partners))


class SelfReportFilterSet(django_filters.FilterSet):
    """Filters: ``base`` (ID), ``year``, ``status`` (one or more), ``kind`` and
    ``province`` of the base, ``owner_unit``."""

    base = django_filters.NumberFilter(field_name="base_id", label=_("Cooperation base (ID)"))
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.MultipleChoiceFilter(choices=ReportStatus.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(
        field_name="base__kind", choices=BaseKind.choices, label=_("Kind of base")
    )
    province = django_filters.ChoiceFilter(
        field_name="base__province", choices=Province.choices, label=_("Province")
    )
    owner_unit = django_filters.ModelChoiceFilter(
        queryset=OrganisationUnit.objects.all(), label=_("Owning unit")
    )

    class Meta:
        model = SelfReport
        fields = ("base", "year", "status", "kind", "province", "owner_unit")
