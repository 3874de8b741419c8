"""REST API of reference data: countries and groupings (read), grouping members (write).

``register(router)`` adds the viewsets to the platform's router:

* ``countries/`` and ``countries/{iso2}/``: filters as on the list page (``q``,
  ``region``, ``sub_region``, ``income_group``, ``grouping``, ``is_independent``);
* ``groupings/`` and ``groupings/{code}/`` with its members (``?on=YYYY-MM-DD`` for the
  members on a day, ``?history=1`` for every membership row);
* ``POST groupings/{code}/members/`` adds a member, ``DELETE
  groupings/{code}/members/{iso2}/`` ends a membership (``?valid_to=YYYY-MM-DD``), ``POST
  groupings/{code}/members/import/`` imports a CSV/XLSX file (``dry_run`` to preview).
  Only platform and ministry administrators may write; the services check it again.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from stcoop.geo import selectors, services
from stcoop.geo.filtersets import CountryFilterSet, GroupingFilterSet
from stcoop.geo.imports import ImportReport, parse_day, read_member_file
from stcoop.geo.models import Country, Grouping, GroupingMembership, Region


# ---------------------------------------------------------------- serializers
class RegionSerializer(serializers.ModelSerializer[Region]):
    """An M49 region, by code, with its names."""

    class Meta:
        model = Region
        fields = ("code", "level", "name_zh_hans", "name_en")


class CountrySerializer(serializers.ModelSerializer[Country]):
    """A country or territory; ``name`` is in the request's language."""

    region = RegionSerializer(read_only=True)
    sub_region = RegionSerializer(read_only=True)
    intermediate_region = RegionSerializer(read_only=True)

    class Meta:
        model = Country
        fields: tuple[str, ...] = (
            "iso2",
            "iso3",
            "numeric",
            "name",
            "name_zh_hans",
            "name_en",
            "official_name",
            "region",
            "sub_region",
            "intermediate_region",
            "income_group",
            "is_independent",
            "is_active",
            "latitude",
            "longitude",
        )


class CountryMembershipSerializer(serializers.ModelSerializer[GroupingMembership]):
    """A grouping the country belongs to, with the period."""

    grouping: serializers.SlugRelatedField[Grouping] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    grouping_name = serializers.CharField(source="grouping.name", read_only=True)

    class Meta:
        model = GroupingMembership
        fields = ("grouping", "grouping_name", "valid_from", "valid_to", "note")


class CountryDetailSerializer(CountrySerializer):
    """A country with the groupings it belongs to today."""

    groupings = serializers.SerializerMethodField()

    class Meta(CountrySerializer.Meta):
        fields = (*CountrySerializer.Meta.fields, "groupings")

    @extend_schema_field(CountryMembershipSerializer(many=True))
    def get_groupings(self, country: Country) -> list[dict[str, Any]]:
        rows = selectors.country_memberships(country)
        return list(CountryMembershipSerializer(rows, many=True).data)


class MemberSerializer(serializers.ModelSerializer[GroupingMembership]):
    """One membership row of a grouping."""

    iso2 = serializers.CharField(source="country.iso2", read_only=True)
    iso3 = serializers.CharField(source="country.iso3", read_only=True)
    name_zh_hans = serializers.CharField(source="country.name_zh_hans", read_only=True)
    name_en = serializers.CharField(source="country.name_en", read_only=True)

    class Meta:
        model = GroupingMembership
        fields = ("iso2", "iso3", "name_zh_hans", "name_en", "valid_from", "valid_to", "note")


class GroupingSerializer(serializers.ModelSerializer[Grouping]):
    """A grouping with its source, validity and number of members today."""

    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Grouping
        fields: tuple[str, ...] = (
            "code",
            "acronym",
            "name",
            "name_zh_hans",
            "name_en",
            "kind",
            "description_zh_hans",
            "description_en",
            "rule_zh_hans",
            "rule_en",
            "source_name",
            "source_url",
            "source_version",
            "source_date",
            "valid_from",
            "valid_to",
            "is_editable",
            "last_reviewed",
            "member_count",
        )


class GroupingDetailSerializer(GroupingSerializer):
    """A grouping with its members (today, on ``?on=``, or every row with ``?history=1``)."""

    members = serializers.SerializerMethodField()

    class Meta(GroupingSerializer.Meta):
        fields = (*GroupingSerializer.Meta.fields, "members")

    @extend_schema_field(MemberSerializer(many=True))
    def get_members(self, grouping: Grouping) -> list[dict[str, Any]]:
        options = self.context.get("members", {})
        rows = selectors.grouping_memberships(grouping, **options)
        return list(MemberSerializer(rows, many=True).data)


class MemberAddSerializer(serializers.Serializer[Any]):
    """Input of "add a member": the country by ISO alpha-2 or alpha-3 code."""

    country = serializers.CharField(max_length=3)
    valid_from = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")

    def validate_country(self, value: str) -> Country:
        code = value.strip().upper()
        country = (
            Country.objects.filter(iso2=code).first() or Country.objects.filter(iso3=code).first()
        )
        if country is None:
            raise serializers.ValidationError(
                _("'{value}' is not a known country code").format(value=value)
            )
        return country


class MemberImportSerializer(serializers.Serializer[Any]):
    """Input of a member-file import."""

    file = serializers.FileField()
    dry_run = serializers.BooleanField(required=False, default=False)


class ImportRowErrorSerializer(serializers.Serializer[Any]):
    """A row-level problem of an import."""

    row = serializers.IntegerField()
    column = serializers.CharField()
    message = serializers.CharField()


class ImportReportSerializer(serializers.Serializer[Any]):
    """What an import did or, with ``dry_run``, would do."""

    grouping = serializers.CharField(source="grouping_code")
    dry_run = serializers.BooleanField()
    applied = serializers.BooleanField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    row_errors = ImportRowErrorSerializer(many=True, source="errors")


# ---------------------------------------------------------------- viewsets
class CountryViewSet(viewsets.ReadOnlyModelViewSet[Country]):
    """Countries and territories (ISO 3166-1), looked up by alpha-2 code."""

    queryset = selectors.country_list()
    lookup_field = "iso2"
    lookup_value_regex = "[A-Za-z]{2}"
    filterset_class = CountryFilterSet
    ordering_fields = ("iso2", "iso3", "numeric", "name_zh_hans", "name_en", "income_group")
    ordering = ("iso2",)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Country]]:
        return CountryDetailSerializer if self.action == "retrieve" else CountrySerializer

    def get_object(self) -> Country:
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()


def _members_options(request: Request) -> dict[str, Any]:
    if request.query_params.get("history") == "1":
        return {"history": True}
    raw = request.query_params.get("on", "")
    try:
        return {"on": parse_day(raw)}
    except ValueError:
        raise ValidationError(
            {"on": [_("'{value}' is not a date (use YYYY-MM-DD)").format(value=raw)]}
        ) from None


_MEMBER_PARAMETERS = [
    OpenApiParameter("on", OpenApiTypes.DATE, description="Members on this day (default: today)."),
    OpenApiParameter("history", OpenApiTypes.STR, enum=["1"], description="Every membership row."),
]


class GroupingViewSet(viewsets.ReadOnlyModelViewSet[Grouping]):
    """Country groupings, looked up by code, with their members."""

    lookup_field = "code"
    filterset_class = GroupingFilterSet
    ordering_fields = ("code", "position", "member_count", "valid_from")
    ordering = ("position", "code")

    def get_queryset(self) -> QuerySet[Grouping]:
        return selectors.grouping_list()

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Grouping]]:
        return GroupingDetailSerializer if self.action == "retrieve" else GroupingSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if self.action == "retrieve":
            context["members"] = _members_options(self.request)
        return context

    @extend_schema(parameters=_MEMBER_PARAMETERS)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=MemberAddSerializer, responses={201: MemberSerializer})
    @action(
        detail=True, methods=["post"], url_path="members", parser_classes=[JSONParser, FormParser]
    )
    def members(self, request: Request, code: str) -> Response:
        """Add a member (administrators, administrator-maintained groupings only)."""
        grouping = self.get_object()
        data = MemberAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.grouping_member_add(
            actor=request.user,
            grouping=grouping,
            country=data.validated_data["country"],
            valid_from=data.validated_data.get("valid_from"),
            note=data.validated_data.get("note", ""),
        )
        return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter("valid_to", OpenApiTypes.DATE, description="End day (default: today).")
        ],
        responses={200: MemberSerializer},
    )
    @action(detail=True, methods=["delete"], url_path=r"members/(?P<iso2>[A-Za-z]{2})")
    def member_remove(self, request: Request, code: str, iso2: str) -> Response:
        """End a membership; the row stays, with its end date, in the history."""
        grouping = self.get_object()
        country = selectors.country_get(iso2)
        if country is None:
            raise NotFound(_("No country or territory has the code {code}.").format(code=iso2))
        raw = request.query_params.get("valid_to", "")
        try:
            valid_to: datetime.date | None = parse_day(raw)
        except ValueError:
            raise ValidationError(
                {"valid_to": [_("'{value}' is not a date (use YYYY-MM-DD)").format(value=raw)]}
            ) from None
        membership = services.grouping_member_remove(
            actor=request.user, grouping=grouping, country=country, valid_to=valid_to
        )
        return Response(MemberSerializer(membership).data)

    @extend_schema(
        request=MemberImportSerializer,
        responses={200: ImportReportSerializer, 400: ImportReportSerializer},
    )
    @action(
        detail=True, methods=["post"], url_path="members/import", parser_classes=[MultiPartParser]
    )
    def members_import(self, request: Request, code: str) -> Response:
        """Import members from a CSV/XLSX file, all or nothing; ``dry_run`` only checks."""
        grouping = self.get_object()
        data = MemberImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        rows = read_member_file(upload, upload.name)
        report = services.grouping_members_import(
            actor=request.user, grouping=grouping, rows=rows, dry_run=data.validated_data["dry_run"]
        )
        return _import_response(report)


def _import_response(report: ImportReport) -> Response:
    """The report, with the platform's error fields (``errors`` keyed ``rows.N.column``)."""
    body: dict[str, Any] = dict(ImportReportSerializer(report).data)
    errors: dict[str, list[str]] = {}
    for error in report.errors:
        errors.setdefault(f"rows.{error.row}.{error.column}", []).append(error.message)
    body["errors"] = errors
    if report.ok:
        return Response(body)
    body["detail"] = _("The file has errors; nothing was saved.")
    body["status"] = status.HTTP_400_BAD_REQUEST
    return Response(body, status=status.HTTP_400_BAD_REQUEST)


def register(router: BaseRouter) -> None:
    """Add the reference-data endpoints (``countries``, ``groupings``) to ``router``."""
    router.register("countries", CountryViewSet, basename="country")
    router.register("groupings", GroupingViewSet, basename="grouping")
