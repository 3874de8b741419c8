"""The FilterSets of memberships and big-science programmes, used by the list pages and
the API alike."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.filters import YesNoFilter
from stcoop.geo.models import Country
from stcoop.memberships.choices import (
    MembershipRole,
    ParticipationRole,
    ProgrammeKind,
    ProgrammeStatus,
)
from stcoop.memberships.models import (
    BigScienceProgramme,
    InternationalMembership,
    ProgrammeParticipation,
)


def _current(prefix: str = "") -> Q:
    return Q(**{f"{prefix}until__isnull": True}) | Q(
        **{f"{prefix}until__gte": timezone.localdate()}
    )


class MembershipFilterSet(django_filters.FilterSet):
    """Filters: ``q`` (words in the international organisation's or the member's names),
    ``organisation`` (ID of the international organisation), ``member_country`` (ISO
    alpha-2), ``member_organisation`` (ID), ``member_type`` (country or organisation),
    ``role`` (one or more), ``current``, ``owner_unit``, ``visibility``."""

    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        help_text=_("Words in the name of the international organisation or of the member."),
    )
    organisation = django_filters.NumberFilter(
        field_name="organisation_id", label=_("International organisation (ID)")
    )
    member_country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(), to_field_name="iso2", label=_("Member country")
    )
    member_organisation = django_filters.NumberFilter(
        field_name="member_organisation_id", label=_("Member organisation (ID)")
    )
    member_type = django_filters.ChoiceFilter(
        method="filter_member_type",
        choices=(("country", _("Country")), ("organisation", _("Organisation"))),
        label=_("Member is a"),
    )
    role = django_filters.MultipleChoiceFilter(choices=MembershipRole.choices, label=_("Role"))
    current = YesNoFilter(
        method="filter_current", label=_("Current"), help_text=_("Memberships not ended.")
    )
    owner_unit = django_filters.ModelChoiceFilter(
        queryset=OrganisationUnit.objects.all(), label=_("Owning unit")
    )
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices, label=_("Visibility"))

    class Meta:
        model = InternationalMembership
        fields = (
            "q",
            "organisation",
            "member_country",
            "member_organisation",
            "member_type",
            "role",
            "current",
            "owner_unit",
            "visibility",
        )

    def search(
        self, queryset: QuerySet[InternationalMembership], name: str, value: str
    ) -> QuerySet[InternationalMembership]:
        """Every word must occur in a name or acronym of the international organisation,
        the member organisation, or a name of the member country (any case)."""
        for word in value.split():
            folded = word.casefold()
            queryset = queryset.filter(
                Q(organisation__search_text__contains=folded)
                | Q(member_organisation__search_text__contains=folded)
                | Q(member_country__name_zh_hans__icontains=word)
                | Q(member_country__name_en__icontains=word)
                | Q(member_country__iso2__iexact=word)
            )
        return queryset

    def filter_member_type(
        self, queryset: QuerySet[InternationalMembership], name: str, value: str
    ) -> QuerySet[InternationalMembership]:
        if value == "country":
            return queryset.filter(member_country__isnull=False)
        if value == "organisation":
            return queryset.filter(member_organisation__isnull=False)
        return queryset

    def filter_current(
        self, queryset: QuerySet[InternationalMembership], name: str, value: bool | None
    ) -> QuerySet[InternationalMembership]:
        if value is None:
            return queryset
        return queryset.filter(_current()) if value else queryset.exclude(_current())


class ProgrammeFilterSet(django_filters.FilterSet):
    """Filters: ``q`` (words in the acronym or a name), ``kind`` (one or more),
    ``status``, ``host_country`` (ISO alpha-2), ``participant_country`` (ISO alpha-2 of
    a country taking part), ``participant_organisation`` (ID), ``owner_unit``,
    ``visibility``."""

    q = django_filters.CharFilter(
        method="search", label=_("Search"), help_text=_("Words in the acronym or a name.")
    )
    kind = django_filters.MultipleChoiceFilter(choices=ProgrammeKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=ProgrammeStatus.choices, label=_("Status"))
    host_country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(), to_field_name="iso2", label=_("Host country")
    )
    participant_country = django_filters.CharFilter(
        method="filter_participant_country",
        label=_("Participating country (ISO code)"),
        help_text=_("e.g. CN"),
    )
    participant_organisation = django_filters.NumberFilter(
        method="filter_participant_organisation", label=_("Participating organisation (ID)")
    )
    participant_role = django_filters.ChoiceFilter(
        method="filter_participant_role",
        choices=ParticipationRole.choices,
        label=_("Some participant's role"),
    )
    owner_unit = django_filters.ModelChoiceFilter(
        queryset=OrganisationUnit.objects.all(), label=_("Owning unit")
    )
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices, label=_("Visibility"))

    class Meta:
        model = BigScienceProgramme
        fields = (
            "q",
            "kind",
            "status",
            "host_country",
            "participant_country",
            "participant_organisation",
            "participant_role",
            "owner_unit",
            "visibility",
        )

    def search(
        self, queryset: QuerySet[BigScienceProgramme], name: str, value: str
    ) -> QuerySet[BigScienceProgramme]:
        words = Q()
        for word in value.split():
            words &= Q(search_text__contains=word.casefold())
        return queryset.filter(words)

    def _with(
        self, queryset: QuerySet[BigScienceProgramme], **lookup: object
    ) -> QuerySet[BigScienceProgramme]:
        rows = ProgrammeParticipation.objects.filter(programme=OuterRef("pk"), **lookup)
        return queryset.filter(Exists(rows))

    def filter_participant_country(
        self, queryset: QuerySet[BigScienceProgramme], name: str, value: str
    ) -> QuerySet[BigScienceProgramme]:
        code = value.strip().upper()
        return self._with(queryset, country__iso2=code) if code else queryset

    def filter_participant_organisation(
        self, queryset: QuerySet[BigScienceProgramme], name: str, value: int | None
    ) -> QuerySet[BigScienceProgramme]:
        return queryset if value is None else self._with(queryset, organisation_id=value)

    def filter_participant_role(
        self, queryset: QuerySet[BigScienceProgramme], name: str, value: str
    ) -> QuerySet[BigScienceProgramme]:
        return self._with(queryset, role=value) if value else queryset
