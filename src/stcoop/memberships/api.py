"""REST endpoints for memberships (``/api/memberships/``) and big-science programmes
(``/api/big-science-programmes/``, participations nested and writable); reads via
selectors, writes via services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from stcoop.accounts.models import OrganisationUnit
from stcoop.api.schema import crud_schema
from stcoop.api.serializers import StrictInputSerializer
from stcoop.core.choices import Visibility
from stcoop.core.permissions import Action, can
from stcoop.geo.models import Country
from stcoop.memberships.choices import (
    MembershipRole,
    ParticipationRole,
    ProgrammeKind,
    ProgrammeStatus,
)
from stcoop.memberships.filtersets import MembershipFilterSet, ProgrammeFilterSet
from stcoop.memberships.models import (
    BigScienceProgramme,
    InternationalMembership,
    ProgrammeParticipation,
)
from stcoop.memberships.selectors import membership_list, programme_list
from stcoop.memberships.services import (
    membership_create,
    membership_delete,
    membership_update,
    programme_create,
    programme_delete,
    programme_update,
)
from stcoop.organisations.models import Organisation


def _organisation_name(context: dict[str, Any], organisation: Organisation | None) -> str:
    """The name, empty when the client may not see the organisation."""
    if organisation is None:
        return ""
    request = context.get("request")
    if not can(getattr(request, "user", None), Action.VIEW, organisation):
        return ""
    return str(organisation)


class _OwnedOutput(serializers.ModelSerializer[Any]):
    owner_unit_name = serializers.CharField(source="owner_unit.name", read_only=True)
    created_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    shared_with: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)


OWNED_FIELDS = (
    "owner_unit",
    "owner_unit_name",
    "visibility",
    "shared_with",
    "created_by",
    "created",
    "last_updated",
)
OWNED_IGNORED = ("id", "owner_unit_name", "created_by", "created", "last_updated")


class MembershipSerializer(_OwnedOutput):
    """A membership as the API shows it; ``notes`` is in the client's language."""

    organisation_name = serializers.SerializerMethodField()
    member_country: Any = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    member_organisation_name = serializers.SerializerMethodField()
    notes = serializers.CharField(read_only=True)
    notes_zh_hans = serializers.CharField(read_only=True, default="")
    notes_en = serializers.CharField(read_only=True, default="")
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = InternationalMembership
        fields = (
            "id",
            "organisation",
            "organisation_name",
            "member_country",
            "member_organisation",
            "member_organisation_name",
            "role",
            "since",
            "until",
            "is_current",
            "annual_contribution",
            "currency",
            "in_kind",
            "representative",
            "notes",
            "notes_zh_hans",
            "notes_en",
            *OWNED_FIELDS,
        )
        read_only_fields = fields

    def get_organisation_name(self, membership: InternationalMembership) -> str:
        return _organisation_name(self.context, membership.organisation)

    def get_member_organisation_name(self, membership: InternationalMembership) -> str:
        return _organisation_name(self.context, membership.member_organisation)

    def to_representation(self, instance: InternationalMembership) -> dict[str, Any]:
        data = super().to_representation(instance)
        for name in ("notes", "notes_zh_hans", "notes_en"):
            data[name] = data[name] or ""
        return data


class MembershipInputSerializer(StrictInputSerializer):
    """What a client sends to create (POST, PUT) or change (PATCH) a membership."""

    ignored_fields = (
        *OWNED_IGNORED,
        "organisation_name",
        "member_organisation_name",
        "notes",
        "is_current",
    )

    organisation: Any = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    member_country: Any = serializers.SlugRelatedField(
        slug_field="iso2", queryset=Country.objects.all(), required=False, allow_null=True
    )
    member_organisation: Any = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    role = serializers.ChoiceField(choices=MembershipRole.choices, required=False)
    since = serializers.DateField(required=False, allow_null=True)
    until = serializers.DateField(required=False, allow_null=True)
    annual_contribution = serializers.DecimalField(
        max_digits=18, decimal_places=2, required=False, allow_null=True
    )
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True)
    in_kind = serializers.CharField(required=False, allow_blank=True)
    representative = serializers.CharField(max_length=500, required=False, allow_blank=True)
    notes_zh_hans = serializers.CharField(required=False, allow_blank=True)
    notes_en = serializers.CharField(required=False, allow_blank=True)
    owner_unit = serializers.PrimaryKeyRelatedField(queryset=OrganisationUnit.objects.all())
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    shared_with = serializers.PrimaryKeyRelatedField(
        queryset=OrganisationUnit.objects.all(), many=True, required=False
    )


@crud_schema(MembershipInputSerializer, MembershipSerializer)
class MembershipViewSet(viewsets.ModelViewSet[InternationalMembership]):
    """Memberships in international organisations that the client may see. Writes follow
    the web pages' rules: one the client cannot see answers 404, one it sees but may not
    change answers 403."""

    queryset = InternationalMembership.objects.none()  # for the schema
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilterSet
    ordering_fields = ("since", "until", "role", "created", "last_updated", "id")
    ordering = ("id",)

    def get_queryset(self) -> Any:
        return membership_list(actor=self.request.user)

    def _output(
        self, membership: InternationalMembership, status_code: int = status.HTTP_200_OK
    ) -> Response:
        fresh = self.get_queryset().filter(pk=membership.pk).first() or membership
        return Response(
            MembershipSerializer(fresh, context=self.get_serializer_context()).data,
            status=status_code,
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = MembershipInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = membership_create(actor=request.user, **serializer.validated_data)
        return self._output(membership, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        membership = self.get_object()
        serializer = MembershipInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        shared_with = fields.pop("shared_with", None)
        membership = membership_update(
            actor=request.user, membership=membership, shared_with=shared_with, **fields
        )
        return self._output(membership)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        membership_delete(actor=request.user, membership=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class ParticipationSerializer(serializers.ModelSerializer[ProgrammeParticipation]):
    country: Any = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    organisation_name = serializers.SerializerMethodField()
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = ProgrammeParticipation
        fields = (
            "id",
            "country",
            "organisation",
            "organisation_name",
            "role",
            "since",
            "until",
            "is_current",
            "share",
            "amount",
            "currency",
            "in_kind",
        )
        read_only_fields = fields

    def get_organisation_name(self, participation: ProgrammeParticipation) -> str:
        return _organisation_name(self.context, participation.organisation)


class ProgrammeSerializer(_OwnedOutput):
    """A programme as the API shows it, with its participations; ``name`` and
    ``description`` are in the client's language."""

    name = serializers.CharField(read_only=True)
    name_zh_hans = serializers.CharField(read_only=True, default="")
    name_en = serializers.CharField(read_only=True, default="")
    description = serializers.CharField(read_only=True)
    description_zh_hans = serializers.CharField(read_only=True, default="")
    description_en = serializers.CharField(read_only=True, default="")
    host_country: Any = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    participations = ParticipationSerializer(many=True, read_only=True)

    class Meta:
        model = BigScienceProgramme
        fields = (
            "id",
            "name",
            "name_zh_hans",
            "name_en",
            "acronym",
            "description",
            "description_zh_hans",
            "description_en",
            "kind",
            "status",
            "host_country",
            "website",
            "participations",
            *OWNED_FIELDS,
        )
        read_only_fields = fields

    def to_representation(self, instance: BigScienceProgramme) -> dict[str, Any]:
        data = super().to_representation(instance)
        for name in (
            "name",
            "name_zh_hans",
            "name_en",
            "description",
            "description_zh_hans",
            "description_en",
        ):
            data[name] = data[name] or ""
        return data


class ParticipationInputSerializer(StrictInputSerializer):
    """One participation; sent as the whole list, it replaces the programme's."""

    ignored_fields = ("id", "organisation_name", "is_current")

    country: Any = serializers.SlugRelatedField(
        slug_field="iso2", queryset=Country.objects.all(), required=False, allow_null=True
    )
    organisation: Any = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    role = serializers.ChoiceField(choices=ParticipationRole.choices, required=False)
    since = serializers.DateField(required=False, allow_null=True)
    until = serializers.DateField(required=False, allow_null=True)
    share = serializers.DecimalField(
        max_digits=5, decimal_places=2, required=False, allow_null=True
    )
    amount = serializers.DecimalField(
        max_digits=18, decimal_places=2, required=False, allow_null=True
    )
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True)
    in_kind = serializers.CharField(required=False, allow_blank=True)


class ProgrammeInputSerializer(StrictInputSerializer):
    """What a client sends to create or change a programme. ``participations``, when
    sent, replaces every participation of the programme (send ``[]`` to remove all)."""

    ignored_fields = (*OWNED_IGNORED, "name", "description")

    name_zh_hans = serializers.CharField(max_length=500, required=False, allow_blank=True)
    name_en = serializers.CharField(max_length=500, required=False, allow_blank=True)
    acronym = serializers.CharField(max_length=100, required=False, allow_blank=True)
    description_zh_hans = serializers.CharField(required=False, allow_blank=True)
    description_en = serializers.CharField(required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=ProgrammeKind.choices, required=False)
    status = serializers.ChoiceField(choices=ProgrammeStatus.choices, required=False)
    host_country: Any = serializers.SlugRelatedField(
        slug_field="iso2", queryset=Country.objects.all(), required=False, allow_null=True
    )
    website = serializers.URLField(max_length=500, required=False, allow_blank=True)
    participations = ParticipationInputSerializer(many=True, required=False)
    owner_unit = serializers.PrimaryKeyRelatedField(queryset=OrganisationUnit.objects.all())
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    shared_with = serializers.PrimaryKeyRelatedField(
        queryset=OrganisationUnit.objects.all(), many=True, required=False
    )


@crud_schema(ProgrammeInputSerializer, ProgrammeSerializer)
class ProgrammeViewSet(viewsets.ModelViewSet[BigScienceProgramme]):
    """Big-science programmes the client may see, with their participations. Writes
    follow the web pages' rules (404 unseen, 403 seen but not allowed); sending
    ``participations`` replaces them all, in the programme's history."""

    queryset = BigScienceProgramme.objects.none()  # for the schema
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilterSet
    ordering_fields = ("acronym", "name_en", "name_zh_hans", "kind", "status", "last_updated", "id")
    ordering = ("acronym", "id")

    def get_queryset(self) -> Any:
        return programme_list(actor=self.request.user)

    def _output(
        self, programme: BigScienceProgramme, status_code: int = status.HTTP_200_OK
    ) -> Response:
        fresh = self.get_queryset().filter(pk=programme.pk).first() or programme
        return Response(
            ProgrammeSerializer(fresh, context=self.get_serializer_context()).data,
            status=status_code,
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ProgrammeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["participations"] = [dict(p) for p in data.get("participations", [])]
        programme = programme_create(actor=request.user, **data)
        return self._output(programme, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        programme = self.get_object()
        serializer = ProgrammeInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        shared_with = fields.pop("shared_with", None)
        participations = fields.pop("participations", None)
        if participations is not None:
            participations = [dict(p) for p in participations]
        programme = programme_update(
            actor=request.user,
            programme=programme,
            shared_with=shared_with,
            participations=participations,
            **fields,
        )
        return self._output(programme)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        programme_delete(actor=request.user, programme=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router: BaseRouter) -> None:
    """Add the membership and programme endpoints to the API router."""
    router.register("memberships", MembershipViewSet, basename="membership")
    router.register("big-science-programmes", ProgrammeViewSet, basename="big-science-programme")
