"""REST endpoints for agreements (``/api/agreements/``) and mechanisms
(``/api/mechanisms/``, sessions nested and writable as a list); reads via selectors,
writes via services, the same filters as the list pages.

Linked organisations are listed only when the client may see them.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from stcoop.accounts.models import OrganisationUnit
from stcoop.agreements.choices import (
    AgreementKind,
    AgreementStatus,
    MechanismKind,
    MechanismStatus,
    MeetingFrequency,
)
from stcoop.agreements.filtersets import AgreementFilterSet, MechanismFilterSet
from stcoop.agreements.models import Agreement, Mechanism, MechanismMeeting
from stcoop.agreements.selectors import agreement_list, mechanism_list
from stcoop.agreements.services import (
    agreement_create,
    agreement_delete,
    agreement_update,
    mechanism_create,
    mechanism_delete,
    mechanism_update,
)
from stcoop.api.schema import crud_schema
from stcoop.api.serializers import StrictInputSerializer
from stcoop.core.choices import Visibility
from stcoop.core.permissions import visible
from stcoop.geo.models import Country
from stcoop.organisations.models import Organisation


def _visible_ids(serializer: serializers.Serializer[Any], organisations: Any) -> list[int]:
    """IDs of the (prefetched) organisations the client may see."""
    request = serializer.context.get("request")
    records = list(organisations.all())
    if not records:
        return []
    allowed = set(
        visible(
            getattr(request, "user", None),
            Organisation.objects.filter(pk__in=[o.pk for o in records]),
        ).values_list("pk", flat=True)
    )
    return [o.pk for o in records if o.pk in allowed]


def _blank_strings(data: dict[str, Any], names: tuple[str, ...]) -> None:
    for name in names:
        data[name] = data[name] or ""


class _OwnedOutput(serializers.ModelSerializer[Any]):
    countries: Any = serializers.SlugRelatedField(slug_field="iso2", many=True, read_only=True)
    owner_unit_name = serializers.CharField(source="owner_unit.name", read_only=True)
    created_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    shared_with: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)


OWNED_OUTPUT = (
    "owner_unit",
    "owner_unit_name",
    "visibility",
    "shared_with",
    "created_by",
    "created",
    "last_updated",
)


class AgreementSerializer(_OwnedOutput):
    """An agreement as the API shows it; ``title`` and ``summary`` are in the client's
    language; ``effective_status`` reads "expired" once the expiry date has passed."""

    title = serializers.CharField(read_only=True)
    title_zh_hans = serializers.CharField(read_only=True, default="")
    title_en = serializers.CharField(read_only=True, default="")
    summary = serializers.CharField(read_only=True)
    summary_zh_hans = serializers.CharField(read_only=True, default="")
    summary_en = serializers.CharField(read_only=True, default="")
    signatories = serializers.SerializerMethodField()
    effective_status = serializers.CharField(read_only=True)

    class Meta:
        model = Agreement
        fields = (
            "id",
            "kind",
            "title",
            "title_zh_hans",
            "title_en",
            "parent",
            "countries",
            "signatories",
            "signed_date",
            "effective_date",
            "expiry_date",
            "status",
            "effective_status",
            "reference_number",
            "summary",
            "summary_zh_hans",
            "summary_en",
            "full_text",
            "link",
            *OWNED_OUTPUT,
        )
        read_only_fields = fields

    def get_signatories(self, agreement: Agreement) -> list[int]:
        """IDs of the signing bodies the client may see."""
        return _visible_ids(self, agreement.signatories)

    def to_representation(self, instance: Agreement) -> dict[str, Any]:
        data = super().to_representation(instance)
        _blank_strings(
            data, ("title", "title_zh_hans", "title_en", "summary", "summary_zh_hans", "summary_en")
        )
        return data


def _owned_input_fields() -> dict[str, Any]:
    return {
        "owner_unit": serializers.PrimaryKeyRelatedField(queryset=OrganisationUnit.objects.all()),
        "visibility": serializers.ChoiceField(choices=Visibility.choices, required=False),
        "shared_with": serializers.PrimaryKeyRelatedField(
            queryset=OrganisationUnit.objects.all(), many=True, required=False
        ),
    }


def _countries_input() -> Any:
    return serializers.SlugRelatedField(
        slug_field="iso2", queryset=Country.objects.all(), many=True, required=False
    )


def _organisations_input() -> Any:
    return serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), many=True, required=False
    )


OWNED_IGNORED = ("id", "owner_unit_name", "created_by", "created", "last_updated")


class AgreementInputSerializer(StrictInputSerializer):
    """What a client sends to create (POST, PUT) or change (PATCH) an agreement:
    ``countries`` as ISO alpha-2 codes, ``signatories`` and ``parent`` as IDs."""

    ignored_fields = (*OWNED_IGNORED, "title", "summary", "effective_status")

    kind = serializers.ChoiceField(choices=AgreementKind.choices)
    title_zh_hans = serializers.CharField(max_length=500, required=False, allow_blank=True)
    title_en = serializers.CharField(max_length=500, required=False, allow_blank=True)
    parent: Any = serializers.PrimaryKeyRelatedField(
        queryset=Agreement.objects.all(), required=False, allow_null=True
    )
    countries = _countries_input()
    signatories = _organisations_input()
    signed_date = serializers.DateField(required=False, allow_null=True)
    effective_date = serializers.DateField(required=False, allow_null=True)
    expiry_date = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=AgreementStatus.choices, required=False)
    reference_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
    summary_zh_hans = serializers.CharField(required=False, allow_blank=True)
    summary_en = serializers.CharField(required=False, allow_blank=True)
    full_text = serializers.CharField(required=False, allow_blank=True)
    link = serializers.URLField(max_length=500, required=False, allow_blank=True)
    owner_unit = _owned_input_fields()["owner_unit"]
    visibility = _owned_input_fields()["visibility"]
    shared_with = _owned_input_fields()["shared_with"]


class _WriteMixin:
    """Create, update and delete through services; answers read the record again."""

    output_class: Any
    input_class: Any

    def _output(self, record: Any, status_code: int = status.HTTP_200_OK) -> Response:
        view: Any = self
        fresh = view.get_queryset().filter(pk=record.pk).first() or record
        return Response(
            self.output_class(fresh, context=view.get_serializer_context()).data,
            status=status_code,
        )


@crud_schema(AgreementInputSerializer, AgreementSerializer)
class AgreementViewSet(_WriteMixin, viewsets.ModelViewSet[Agreement]):
    """Agreements the client may see. Writes follow the web pages' rules: one the client
    cannot see answers 404, one it sees but may not change answers 403."""

    queryset = Agreement.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = AgreementSerializer
    output_class = AgreementSerializer
    filterset_class = AgreementFilterSet
    ordering_fields = (
        "signed_date",
        "effective_date",
        "expiry_date",
        "title_en",
        "title_zh_hans",
        "kind",
        "status",
        "created",
        "last_updated",
        "id",
    )
    ordering = ("-signed_date", "id")

    def get_queryset(self) -> Any:
        return agreement_list(actor=self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = AgreementInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        agreement = agreement_create(actor=request.user, **serializer.validated_data)
        return self._output(agreement, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        agreement = self.get_object()
        serializer = AgreementInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        agreement = agreement_update(
            actor=request.user, agreement=agreement, **serializer.validated_data
        )
        return self._output(agreement)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        agreement_delete(actor=request.user, agreement=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- mechanisms
class MeetingSerializer(serializers.ModelSerializer[MechanismMeeting]):
    outcomes = serializers.CharField(read_only=True)
    outcomes_zh_hans = serializers.CharField(read_only=True, default="")
    outcomes_en = serializers.CharField(read_only=True, default="")
    country: Any = serializers.SlugRelatedField(slug_field="iso2", read_only=True)

    class Meta:
        model = MechanismMeeting
        fields = (
            "id",
            "session_number",
            "date",
            "city",
            "country",
            "outcomes",
            "outcomes_zh_hans",
            "outcomes_en",
            "documents_link",
        )
        read_only_fields = fields

    def to_representation(self, instance: MechanismMeeting) -> dict[str, Any]:
        data = super().to_representation(instance)
        _blank_strings(data, ("outcomes", "outcomes_zh_hans", "outcomes_en"))
        return data


class MechanismSerializer(_OwnedOutput):
    """A mechanism with its sessions (by number); ``name`` and ``description`` are in the
    client's language. ``last_met`` is the latest session held; ``next_expected`` the
    next one scheduled or estimated from the frequency."""

    name = serializers.CharField(read_only=True)
    name_zh_hans = serializers.CharField(read_only=True, default="")
    name_en = serializers.CharField(read_only=True, default="")
    description = serializers.CharField(read_only=True)
    description_zh_hans = serializers.CharField(read_only=True, default="")
    description_en = serializers.CharField(read_only=True, default="")
    chinese_leads = serializers.SerializerMethodField()
    partner_leads = serializers.SerializerMethodField()
    meetings = serializers.SerializerMethodField()
    last_met = serializers.SerializerMethodField()
    next_expected = serializers.SerializerMethodField()

    class Meta:
        model = Mechanism
        fields = (
            "id",
            "kind",
            "name",
            "name_zh_hans",
            "name_en",
            "agreement",
            "countries",
            "chinese_leads",
            "partner_leads",
            "established_date",
            "frequency",
            "status",
            "description",
            "description_zh_hans",
            "description_en",
            "meetings",
            "last_met",
            "next_expected",
            *OWNED_OUTPUT,
        )
        read_only_fields = fields

    def get_chinese_leads(self, mechanism: Mechanism) -> list[int]:
        return _visible_ids(self, mechanism.chinese_leads)

    def get_partner_leads(self, mechanism: Mechanism) -> list[int]:
        return _visible_ids(self, mechanism.partner_leads)

    @extend_schema_field(MeetingSerializer(many=True))
    def get_meetings(self, mechanism: Mechanism) -> list[dict[str, Any]]:
        rows = sorted(mechanism.meetings.all(), key=lambda m: m.session_number)
        return [dict(MeetingSerializer(m).data) for m in rows]

    def get_last_met(self, mechanism: Mechanism) -> str | None:
        last = mechanism.last_meeting()
        return last.date.isoformat() if last else None

    def get_next_expected(self, mechanism: Mechanism) -> str | None:
        day, _scheduled = mechanism.next_expected()
        return day.isoformat() if day else None

    def to_representation(self, instance: Mechanism) -> dict[str, Any]:
        data = super().to_representation(instance)
        _blank_strings(
            data,
            (
                "name",
                "name_zh_hans",
                "name_en",
                "description",
                "description_zh_hans",
                "description_en",
            ),
        )
        return data


class MeetingInputSerializer(StrictInputSerializer):
    """One session in a mechanism's ``meetings`` list; ``country`` as ISO alpha-2 code."""

    ignored_fields = ("id", "outcomes")

    session_number = serializers.IntegerField(min_value=1, max_value=32767)
    date = serializers.DateField()
    city = serializers.CharField(max_length=200, required=False, allow_blank=True)
    country: Any = serializers.SlugRelatedField(
        slug_field="iso2", queryset=Country.objects.all(), required=False, allow_null=True
    )
    outcomes_zh_hans = serializers.CharField(required=False, allow_blank=True)
    outcomes_en = serializers.CharField(required=False, allow_blank=True)
    documents_link = serializers.URLField(max_length=500, required=False, allow_blank=True)


class MechanismInputSerializer(StrictInputSerializer):
    """What a client sends to create or change a mechanism. ``meetings``, when sent, is
    the whole list of sessions: sessions are matched by number, those left out removed."""

    ignored_fields = (*OWNED_IGNORED, "name", "description", "last_met", "next_expected")

    kind = serializers.ChoiceField(choices=MechanismKind.choices)
    name_zh_hans = serializers.CharField(max_length=300, required=False, allow_blank=True)
    name_en = serializers.CharField(max_length=300, required=False, allow_blank=True)
    agreement: Any = serializers.PrimaryKeyRelatedField(
        queryset=Agreement.objects.all(), required=False, allow_null=True
    )
    countries = _countries_input()
    chinese_leads = _organisations_input()
    partner_leads = _organisations_input()
    established_date = serializers.DateField(required=False, allow_null=True)
    frequency = serializers.ChoiceField(
        choices=MeetingFrequency.choices, required=False, allow_blank=True
    )
    status = serializers.ChoiceField(choices=MechanismStatus.choices, required=False)
    description_zh_hans = serializers.CharField(required=False, allow_blank=True)
    description_en = serializers.CharField(required=False, allow_blank=True)
    meetings = MeetingInputSerializer(many=True, required=False)
    owner_unit = _owned_input_fields()["owner_unit"]
    visibility = _owned_input_fields()["visibility"]
    shared_with = _owned_input_fields()["shared_with"]


@crud_schema(MechanismInputSerializer, MechanismSerializer)
class MechanismViewSet(_WriteMixin, viewsets.ModelViewSet[Mechanism]):
    """Mechanisms the client may see, with their sessions. Sessions are written as the
    ``meetings`` list of a create or update (all in the mechanism's history)."""

    queryset = Mechanism.objects.none()
    serializer_class = MechanismSerializer
    output_class = MechanismSerializer
    filterset_class = MechanismFilterSet
    ordering_fields = (
        "name_en",
        "name_zh_hans",
        "kind",
        "status",
        "established_date",
        "created",
        "last_updated",
        "id",
    )
    ordering = ("name_en", "id")

    def get_queryset(self) -> Any:
        return mechanism_list(actor=self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = MechanismInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["meetings"] = [dict(m) for m in data.get("meetings", [])]
        mechanism = mechanism_create(actor=request.user, **data)
        return self._output(mechanism, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        mechanism = self.get_object()
        serializer = MechanismInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "meetings" in data:
            # The list replaces every session, so each needs its required fields even in
            # a PATCH (DRF skips missing nested fields of a partial update).
            sessions = MeetingInputSerializer(data=request.data["meetings"], many=True)
            if not sessions.is_valid():
                raise serializers.ValidationError({"meetings": sessions.errors})
            data["meetings"] = [dict(m) for m in sessions.validated_data]
        mechanism = mechanism_update(actor=request.user, mechanism=mechanism, **data)
        return self._output(mechanism)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        mechanism_delete(actor=request.user, mechanism=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router: BaseRouter) -> None:
    """Add the agreement and mechanism endpoints to the API router."""
    router.register("agreements", AgreementViewSet, basename="agreement")
    router.register("mechanisms", MechanismViewSet, basename="mechanism")
