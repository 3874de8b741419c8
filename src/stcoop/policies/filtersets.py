"""The one FilterSet for policy documents, used by the list page and the API alike."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.geo.models import Country
from stcoop.geo.provinces import Province
from stcoop.policies.choices import PolicyLevel, PolicyStatus, PolicyTopic
from stcoop.policies.models import PolicyDocument


class PolicyDocumentFilterSet(django_filters.FilterSet):
    """Filters: ``q`` (every word in the title, issuer, number, keywords, summary or full
    text), ``level`` and ``status`` (one or more), ``country`` (ISO alpha-2),
    ``province`` (ISO 3166-2:CN), ``topic``, ``issued_from``/``issued_to``,
    ``organisation`` (issuing organisation ID), ``language``, ``owner_unit``,
    ``visibility``."""

    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        help_text=_("Words in the title, issuer, number, keywords, summary or full text."),
    )
    level = django_filters.MultipleChoiceFilter(choices=PolicyLevel.choices, label=_("Level"))
    status = django_filters.MultipleChoiceFilter(choices=PolicyStatus.choices, label=_("Status"))
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(), to_field_name="iso2", label=_("Jurisdiction")
    )
    province = django_filters.ChoiceFilter(choices=Province.choices, label=_("Province"))
    topic = django_filters.ChoiceFilter(
        choices=PolicyTopic.choices, method="filter_topic", label=_("Topic")
    )
    issued_from = django_filters.DateFilter(
        field_name="issue_date", lookup_expr="gte", label=_("Issued on or after")
    )
    issued_to = django_filters.DateFilter(
        field_name="issue_date", lookup_expr="lte", label=_("Issued on or before")
    )
    organisation = django_filters.NumberFilter(
        field_name="issuing_organisation_id", label=_("Issuing organisation (ID)")
    )
    language = django_filters.CharFilter(field_name="language", label=_("Language"))
    owner_unit = django_filters.ModelChoiceFilter(
        queryset=OrganisationUnit.objects.all(), label=_("Owning unit")
    )
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices, label=_("Visibility"))

    class Meta:
        model = PolicyDocument
        fields = (
            "q",
            "level",
            "status",
            "country",
            "province",
            "topic",
            "issued_from",
            "issued_to",
            "organisation",
            "language",
            "owner_unit",
            "visibility",
        )

    def search(
        self, queryset: QuerySet[PolicyDocument], name: str, value: str
    ) -> QuerySet[PolicyDocument]:
        """Every word must occur (any case) in the names and keywords, the summary or the
        full text."""
        condition = Q()
        for word in value.split():
            condition &= (
                Q(search_text__contains=word.casefold())
                | Q(summary_zh_hans__icontains=word)
                | Q(summary_en__icontains=word)
                | Q(full_text__icontains=word)
            )
        return queryset.filter(condition)

    def filter_topic(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(topic_text__contains=f"\n{value}\n") if value else queryset
