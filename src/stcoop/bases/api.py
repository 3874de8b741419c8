"""REST endpoints for cooperation bases (``/api/bases/``, with the decision action
``POST /api/bases/{id}/status/``) and their self-reports (``/api/base-reports/``, with
``submit`` and ``review`` actions); reads via selectors, writes via services, the same
rules as the web pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from stcoop.accounts.models import OrganisationUnit
from stcoop.api.schema import WRITE_ERRORS, crud_schema
from stcoop.api.serializers import StrictInputSerializer
from stcoop.bases.choices import BaseKind, BaseStatus
from stcoop.bases.filtersets import BaseFilterSet, SelfReportFilterSet
from stcoop.bases.models import (
    COUNT_FIELDS,
    MONEY_FIELDS,
    BaseStatusChange,
    CooperationBase,
    SelfReport,
)
from stcoop.bases.selectors import base_list, report_list
from stcoop.bases.services import (
    base_create,
    base_delete,
    base_status_change,
    base_update,
    report_create,
    report_delete,
    report_review,
    report_submit,
    report_update,
)
from stcoop.core.choices import Visibility
from stcoop.core.permissions import Action, can, visible
from stcoop.geo.models import Country
from stcoop.geo.provinces import Province
from stcoop.organisations.models import Organisation

#: Actions whose rules the services check in full (deciders, authors, reviewers): the
#: object-level check is theirs, with their clearer messages.
SERVICE_CHECKED_ACTIONS = frozenset({"decide", "submit", "review"})


class _ServiceChecked:
    def get_permissions(self) -> list[Any]:
        if getattr(self, "action", None) in SERVICE_CHECKED_ACTIONS:
            return [permissions.IsAuthenticatedOrReadOnly()]
        found: list[Any] = super().get_permissions()  # type: ignore[misc]
        return found


class StatusChangeSerializer(serializers.ModelSerializer[BaseStatusChange]):
    class Meta:
        model = BaseStatusChange
        fields = ("id", "from_status", "to_status", "date", "reason", "decided_by_name", "recorded")
        read_only_fields = fields


#: Texts shown as "" rather than null.
TEXT_FIELDS = (
    "name",
    "name_zh_hans",
    "name_en",
    "description",
    "description_zh_hans",
    "description_en",
)


class BaseSerializer(serializers.ModelSerializer[CooperationBase]):
    """A base as the API shows it; ``name`` and ``description`` are in the client's
    language. Partner organisations the client may not see are left out."""

    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    country: Any = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    partner_countries: Any = serializers.SlugRelatedField(
        slug_field="iso2", many=True, read_only=True
    )
    partner_organisations = serializers.SerializerMethodField()
    host_organisation = serializers.SerializerMethodField()
    timeline = StatusChangeSerializer(source="status_changes", many=True, read_only=True)
    owner_unit_name = serializers.CharField(source="owner_unit.name", read_only=True)
    created_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    shared_with: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = CooperationBase
        fields = (
            "id",
            "kind",
            "name",
            "name_zh_hans",
            "name_en",
            "acronym",
            "host_organisation",
            "province",
            "city",
            "country",
            "partner_countries",
            "partner_organisations",
            "disciplines",
            "description",
            "description_zh_hans",
            "description_en",
            "website",
            "designating_body",
            "designation_date",
            "designation_year",
            "batch",
            "status",
            "timeline",
            "owner_unit",
            "owner_unit_name",
            "visibility",
            "shared_with",
            "created_by",
            "created",
            "last_updated",
        )
        read_only_fields = fields

    def _actor(self) -> Any:
        return getattr(self.context.get("request"), "user", None)

    def get_host_organisation(self, base: CooperationBase) -> int | None:
        """The host's ID, ``null`` when the client may not see it."""
        host = base.host_organisation
        if host is None or not can(self._actor(), Action.VIEW, host):
            return None
        return host.pk

    def get_partner_organisations(self, base: CooperationBase) -> list[int]:
        ids = [o.pk for o in base.partner_organisations.all()]
        return sorted(
            visible(self._actor(), Organisation.objects.filter(pk__in=ids)).values_list(
                "pk", flat=True
            )
        )

    def to_representation(self, instance: CooperationBase) -> dict[str, Any]:
        data = super().to_representation(instance)
        for name in TEXT_FIELDS:
            data[name] = data[name] or ""
        return data


class BaseInputSerializer(StrictInputSerializer):
    """What a client sends to create (POST, PUT) or change (PATCH) a base. ``status``
    is only taken when creating (a base already designated: deciders only); afterwards
    it changes through ``POST /api/bases/{id}/status/``."""

    ignored_fields = (
        "id",
        "name",
        "description",
        "timeline",
        "owner_unit_name",
        "created_by",
        "created",
        "last_updated",
    )

    kind = serializers.ChoiceField(choices=BaseKind.choices)
    name_zh_hans = serializers.CharField(max_length=300, required=False, allow_blank=True)
    name_en = serializers.CharField(max_length=300, required=False, allow_blank=True)
    acronym = serializers.CharField(max_length=100, required=False, allow_blank=True)
    host_organisation: Any = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    province = serializers.ChoiceField(choices=Province.choices, required=False, allow_blank=True)
    city = serializers.CharField(max_length=200, required=False, allow_blank=True)
    country: Any = serializers.SlugRelatedField(
        slug_field="iso2", queryset=Country.objects.all(), required=False, allow_null=True
    )
    partner_countries: Any = serializers.SlugRelatedField(
        slug_field="iso2", queryset=Country.objects.all(), many=True, required=False
    )
    partner_organisations: Any = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), many=True, required=False
    )
    disciplines = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    description_zh_hans = serializers.CharField(required=False, allow_blank=True)
    description_en = serializers.CharField(required=False, allow_blank=True)
    website = serializers.URLField(max_length=500, required=False, allow_blank=True)
    designating_body = serializers.CharField(max_length=300, required=False, allow_blank=True)
    designation_date = serializers.DateField(required=False, allow_null=True)
    designation_year = serializers.IntegerField(required=False, allow_null=True)
    batch = serializers.CharField(max_length=100, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=BaseStatus.choices, required=False)
    owner_unit = serializers.PrimaryKeyRelatedField(queryset=OrganisationUnit.objects.all())
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    shared_with = serializers.PrimaryKeyRelatedField(
        queryset=OrganisationUnit.objects.all(), many=True, required=False
    )


class StatusInputSerializer(StrictInputSerializer):
    """A decision: the new status, its date (today if not given) and the reason."""

    status = serializers.ChoiceField(choices=BaseStatus.choices)
    date = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True)


@crud_schema(BaseInputSerializer, BaseSerializer)
class BaseViewSet(_ServiceChecked, viewsets.ModelViewSet[CooperationBase]):
    """Cooperation bases the client may see, with their timeline of decisions (same
    filters as the list page). A base the client cannot see answers 404, one it sees but
    may not change answers 403. Decisions on the status go to ``status``."""

    queryset = CooperationBase.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = BaseSerializer
    filterset_class = BaseFilterSet
    ordering_fields = (
        "name_zh_hans",
        "name_en",
        "designation_year",
        "created",
        "last_updated",
        "id",
    )
    ordering = ("name_zh_hans", "id")

    def get_queryset(self) -> Any:
        return base_list(actor=self.request.user).prefetch_related("status_changes")

    def _output(self, base: CooperationBase, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().filter(pk=base.pk).first() or base
        return Response(
            BaseSerializer(fresh, context=self.get_serializer_context()).data, status=status_code
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = BaseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        base = base_create(actor=request.user, **serializer.validated_data)
        return self._output(base, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        base = self.get_object()
        serializer = BaseInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        new_status = fields.pop("status", None)
        if new_status is not None and new_status != base.status:
            raise serializers.ValidationError(
                {"status": [_("The status changes only by a decision (designate, warn, revoke).")]}
            )
        shared_with = fields.pop("shared_with", None)
        base = base_update(actor=request.user, base=base, shared_with=shared_with, **fields)
        return self._output(base)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        base_delete(actor=request.user, base=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=StatusInputSerializer, responses={200: BaseSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path="status")
    def decide(self, request: Request, pk: Any = None) -> Response:
        """Designate, evaluate, warn, lift a warning or revoke (deciders only; allowed
        moves only); the decision joins the base's timeline."""
        base = self.get_object()
        serializer = StatusInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        base_status_change(
            actor=request.user,
            base=base,
            status=data["status"],
            date=data.get("date"),
            reason=data.get("reason", ""),
        )
        return self._output(base)


class SelfReportSerializer(serializers.ModelSerializer[SelfReport]):
    """A self-report; ``narrative`` is in the client's language, amounts in CNY."""

    narrative = serializers.CharField(read_only=True)
    base_name = serializers.CharField(source="base.__str__", read_only=True)
    funding_total = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True)
    submitted_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    reviewed_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    owner_unit_name = serializers.CharField(source="owner_unit.name", read_only=True)

    class Meta:
        model = SelfReport
        fields = (
            "id",
            "base",
            "base_name",
            "year",
            *COUNT_FIELDS,
            *MONEY_FIELDS,
            "funding_total",
            "narrative",
            "narrative_zh_hans",
            "narrative_en",
            "status",
            "review_comment",
            "submitted_at",
            "submitted_by",
            "reviewed_at",
            "reviewed_by",
            "owner_unit",
            "owner_unit_name",
            "visibility",
            "created",
            "last_updated",
        )
        read_only_fields = fields

    def to_representation(self, instance: SelfReport) -> dict[str, Any]:
        data = super().to_representation(instance)
        for name in ("narrative", "narrative_zh_hans", "narrative_en"):
            data[name] = data[name] or ""
        return data


class SelfReportInputSerializer(StrictInputSerializer):
    """What a client sends to start (POST) or change (PUT, PATCH) a report; the base is
    given when starting only."""

    ignored_fields = (
        "id",
        "base_name",
        "funding_total",
        "narrative",
        "status",
        "review_comment",
        "submitted_at",
        "submitted_by",
        "reviewed_at",
        "reviewed_by",
        "owner_unit",
        "owner_unit_name",
        "created",
        "last_updated",
    )

    base: Any = serializers.PrimaryKeyRelatedField(
        queryset=CooperationBase.objects.all(), required=False
    )
    year = serializers.IntegerField()
    narrative_zh_hans = serializers.CharField(required=False, allow_blank=True)
    narrative_en = serializers.CharField(required=False, allow_blank=True)
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        for name in COUNT_FIELDS:
            fields[name] = serializers.IntegerField(min_value=0, required=False)
        for name in MONEY_FIELDS:
            fields[name] = serializers.DecimalField(
                max_digits=16, decimal_places=2, min_value=0, required=False
            )
        return fields


class ReviewInputSerializer(StrictInputSerializer):
    """A reviewer's decision: ``accept`` true or false (return), with a comment
    (required to return)."""

    accept = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True)


@crud_schema(SelfReportInputSerializer, SelfReportSerializer)
class SelfReportViewSet(_ServiceChecked, viewsets.ModelViewSet[SelfReport]):
    """Self-reports the client may see. Authors change drafts and returned reports and
    ``submit`` them; reviewers ``review`` (accept or return) submitted ones."""

    queryset = SelfReport.objects.none()
    serializer_class = SelfReportSerializer
    filterset_class = SelfReportFilterSet
    ordering_fields = ("year", "created", "last_updated", "id")
    ordering = ("-year", "id")

    def get_queryset(self) -> Any:
        return report_list(actor=self.request.user)

    def _output(self, report: SelfReport, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().filter(pk=report.pk).first() or report
        return Response(
            SelfReportSerializer(fresh, context=self.get_serializer_context()).data,
            status=status_code,
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = SelfReportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        base = data.pop("base", None)
        if base is None:
            raise serializers.ValidationError({"base": [_("This field is required.")]})
        report = report_create(actor=request.user, base=base, **data)
        return self._output(report, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        report = self.get_object()
        serializer = SelfReportInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        base = data.pop("base", None)
        if base is not None and base.pk != report.base_id:
            raise serializers.ValidationError(
                {"base": [_("A report stays with its base; start a new one for another base.")]}
            )
        report = report_update(actor=request.user, report=report, **data)
        return self._output(report)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report_delete(actor=request.user, report=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={200: SelfReportSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        """Send a draft or returned report for review."""
        report = report_submit(actor=request.user, report=self.get_object())
        return self._output(report)

    @extend_schema(
        request=ReviewInputSerializer, responses={200: SelfReportSerializer, **WRITE_ERRORS}
    )
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: Any = None) -> Response:
        """Accept or return a submitted report (reviewers above the base only)."""
        report = self.get_object()
        serializer = ReviewInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = report_review(
            actor=request.user,
            report=report,
            accept=serializer.validated_data["accept"],
            comment=serializer.validated_data.get("comment", ""),
        )
        return self._output(report)


def register(router: BaseRouter) -> None:
    """Add the base endpoints to the API router."""
    router.register("bases", BaseViewSet, basename="cooperationbase")
    router.register("base-reports", SelfReportViewSet, basename="selfreport")
