"""The one FilterSet for notices, used by the list page and the API alike."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.filters import YesNoFilter
from stcoop.notices.choices import NoticeCategory
from stcoop.notices.models import Notice

_TEXT_FIELDS = ("title_zh_hans", "title_en", "body_zh_hans", "body_en")


class NoticeFilterSet(django_filters.FilterSet):
    """Filters: ``q`` (words in the title or text, either language), ``category`` (one or
    more), ``owner_unit``, ``visibility``, ``published_on_after``/``_before`` and
    ``current`` (published and not expired today)."""

    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        help_text=_("Words in the title or text, in Chinese or English."),
    )
    category = django_filters.MultipleChoiceFilter(
        choices=NoticeCategory.choices, label=_("Category")
    )
    owner_unit = django_filters.ModelChoiceFilter(
        queryset=OrganisationUnit.objects.all(), label=_("Owning unit")
    )
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices, label=_("Visibility"))
    published_on = django_filters.DateFromToRangeFilter(
        label=_("Published between"),
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    current = YesNoFilter(
        method="filter_current",
        label=_("Current"),
        help_text=_("Published and not yet expired."),
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = Notice
        fields = ("q", "category", "owner_unit", "visibility", "published_on", "current")

    def search(self, queryset: QuerySet[Notice], name: str, value: str) -> QuerySet[Notice]:
        """Every word must occur in some title or text field, in either language."""
        for word in value.split():
            match = Q()
            for field in _TEXT_FIELDS:
                match |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(match)
        return queryset

    def filter_current(
        self, queryset: QuerySet[Notice], name: str, value: bool | None
    ) -> QuerySet[Notice]:
        if value is None:
            return queryset
        today = timezone.localdate()
        current = Q(published_on__lte=today) & (
            Q(expires_on__isnull=True) | Q(expires_on__gte=today)
        )
        return queryset.filter(current) if value else queryset.exclude(current)
