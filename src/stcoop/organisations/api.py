"""REST endpoints for organisations (``/api/organisations/``) with ``merge``; reads via
selectors, writes via services."""

from __future__ import annotations

from typing import Any

from django.urls import re_path, reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from stcoop.accounts.models import OrganisationUnit
from stcoop.api.schema import WRITE_ERRORS, crud_schema
from stcoop.api.serializers import StrictInputSerializer
from stcoop.core.choices import Visibility
from stcoop.geo.models import Country
from stcoop.organisations import identifiers
from stcoop.organisations.choices import (
    IdScheme,
    OrganisationKind,
    OrganisationStatus,
    ServiceKind,
)
from stcoop.organisations.filtersets import OrganisationFilterSet
from stcoop.organisations.models import ExternalId, Organisation
from stcoop.organisations.selectors import organisation_list
from stcoop.organisations.services import (
    external_id_add,
    external_id_remove,
    organisation_create,
    organisation_delete,
    organisation_merge,
    organisation_update,
)


class ExternalIdSerializer(serializers.ModelSerializer[ExternalId]):
    link = serializers.CharField(read_only=True)

    class Meta:
        model = ExternalId
        fields = ("scheme", "value", "link")
        read_only_fields = fields


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    """An organisation as the API shows it; ``name`` is in the client's language."""

    name = serializers.CharField(read_only=True, help_text="Name in the client's language.")
    name_zh_hans = serializers.CharField(read_only=True, default="")
    name_en = serializers.CharField(read_only=True, default="")
    country: Any = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    external_ids = ExternalIdSerializer(many=True, read_only=True)
    owner_unit_name = serializers.CharField(source="owner_unit.name", read_only=True)
    created_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    shared_with: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = (
            "id",
            "name",
            "name_zh_hans",
            "name_en",
            "name_original",
            "name_language",
            "acronyms",
            "aliases",
            "kind",
            "service_kinds",
            "country",
            "city",
            "address",
            "website",
            "parent",
            "status",
            "established",
            "merged_into",
            "external_ids",
            "owner_unit",
            "owner_unit_name",
            "visibility",
            "shared_with",
            "created_by",
            "created",
            "last_updated",
        )
        read_only_fields = fields

    def to_representation(self, instance: Organisation) -> dict[str, Any]:
        data = super().to_representation(instance)
        for name in ("name_zh_hans", "name_en"):
            data[name] = data[name] or ""
        return data


class AliasSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=500)
    language = serializers.CharField(max_length=16, required=False, allow_blank=True, default="")


class OrganisationInputSerializer(StrictInputSerializer):
    """What a client sends to create (POST, PUT) or change (PATCH) an organisation.

    ``external_ids`` is accepted on create only (``[{"scheme": "ror", "value": ...}]``);
    afterwards identifiers are added and removed with the ``ids`` endpoints.
    """

    ignored_fields = (
        "id",
        "name",
        "owner_unit_name",
        "merged_into",
        "created_by",
        "created",
        "last_updated",
    )

    name_zh_hans = serializers.CharField(max_length=500, required=False, allow_blank=True)
    name_en = serializers.CharField(max_length=500, required=False, allow_blank=True)
    name_original = serializers.CharField(max_length=500, required=False, allow_blank=True)
    name_language = serializers.CharField(max_length=16, required=False, allow_blank=True)
    acronyms = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    aliases = AliasSerializer(many=True, required=False)
    kind = serializers.ChoiceField(choices=OrganisationKind.choices)
    service_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=ServiceKind.choices), required=False
    )
    country: Any = serializers.SlugRelatedField(
        slug_field="iso2", queryset=Country.objects.all(), required=False, allow_null=True
    )
    city = serializers.CharField(max_length=200, required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True)
    website = serializers.URLField(max_length=500, required=False, allow_blank=True)
    parent: Any = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    status = serializers.ChoiceField(choices=OrganisationStatus.choices, required=False)
    established = serializers.IntegerField(required=False, allow_null=True)
    owner_unit = serializers.PrimaryKeyRelatedField(queryset=OrganisationUnit.objects.all())
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    shared_with = serializers.PrimaryKeyRelatedField(
        queryset=OrganisationUnit.objects.all(), many=True, required=False
    )
    external_ids = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()), required=False
    )


class ExternalIdInputSerializer(StrictInputSerializer):
    scheme = serializers.ChoiceField(choices=IdScheme.choices)
    value = serializers.CharField(max_length=200)


class MergeInputSerializer(StrictInputSerializer):
    """``merge``: the ID of the record merged into the one addressed (which is kept)."""

    merge: Any = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())


def _id_pairs(items: list[dict[str, str]]) -> list[tuple[str, str]]:
    pairs = []
    for item in items:
        if set(item) != {"scheme", "value"}:
            raise serializers.ValidationError(
                {"external_ids": [_("Each identifier needs exactly a scheme and a value.")]}
            )
        pairs.append((item["scheme"], item["value"]))
    return pairs


class MatchOrganisationSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    name_zh = serializers.CharField()
    country = serializers.CharField(allow_null=True)
    ror_id = serializers.CharField(allow_null=True)
    url = serializers.CharField()


class MatchItemSerializer(serializers.Serializer[Any]):
    score = serializers.FloatField()
    chosen = serializers.BooleanField()
    matching_type = serializers.CharField()
    substring = serializers.CharField()
    organisation = MatchOrganisationSerializer()


class MatchResponseSerializer(serializers.Serializer[Any]):
    items = MatchItemSerializer(many=True)
    number_of_results = serializers.IntegerField()


def match_response(request: Request) -> Response:
    """The answer of ``GET /api/organisations/match?affiliation=...``."""
    from stcoop.organisations.resolution import MAX_TEXT, organisations_by_id, resolve_for, ror_of

    text = (request.query_params.get("affiliation") or "").strip()
    if not text:
        return Response(
            {"detail": _("Give the text to resolve in the affiliation parameter.")},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if len(text) > MAX_TEXT:
        return Response(
            {
                "detail": _(
                    "The affiliation is {length} characters long; the limit is {limit}."
                ).format(length=len(text), limit=MAX_TEXT)
            },
            status=status.HTTP_400_BAD_REQUEST,
        )
    (resolution,) = resolve_for(request.user, [text])
    organisations = organisations_by_id(m["org_id"] for m in resolution.matches)
    items = []
    for match in resolution.matches:
        organisation = organisations.get(match["org_id"])
        if organisation is None:
            continue
        items.append(
            {
                "score": match["score"],
                "chosen": match["chosen"],
                "matching_type": match["matching_type"],
                "substring": match["substring"],
                "organisation": {
                    "id": organisation.pk,
                    "name": str(organisation),
                    "name_en": organisation.name_en or "",
                    "name_zh": organisation.name_zh_hans or "",
                    "country": organisation.country.iso2 if organisation.country else None,
                    "ror_id": ror_of(organisation) or None,
                    "url": request.build_absolute_uri(
                        reverse("organisations:detail", args=[organisation.pk])
                    ),
                },
            }
        )
    return Response({"items": items, "number_of_results": len(items)})


@crud_schema(OrganisationInputSerializer, OrganisationSerializer)
class OrganisationViewSet(viewsets.ModelViewSet[Organisation]):
    """Organisations the client may see. Writes follow the web pages' rules: one the client
    cannot see answers 404, one it sees but may not change answers 403.

    ``POST /api/organisations/{id}/merge/`` with ``{"merge": ID}`` merges record ``ID``
    into ``{id}``; ``POST .../ids/`` adds an identifier and ``POST .../remove-id/``
    removes one (both take ``scheme`` and ``value``).
    """

    queryset = Organisation.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    ordering_fields = (
        "name_en",
        "name_zh_hans",
        "kind",
        "status",
        "established",
        "created",
        "last_updated",
        "id",
    )
    ordering = ("name_en", "id")

    def get_queryset(self) -> Any:
        return organisation_list(actor=self.request.user)

    def _output(
        self, organisation: Organisation, status_code: int = status.HTTP_200_OK
    ) -> Response:
        fresh = self.get_queryset().filter(pk=organisation.pk).first() or organisation
        return Response(
            OrganisationSerializer(fresh, context=self.get_serializer_context()).data,
            status=status_code,
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = OrganisationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        pairs = _id_pairs(data.pop("external_ids", []))
        organisation = organisation_create(actor=request.user, external_ids=pairs, **data)
        return self._output(organisation, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        organisation = self.get_object()
        serializer = OrganisationInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        if "external_ids" in fields:
            raise serializers.ValidationError(
                {"external_ids": [_("Add or remove identifiers with the ids endpoints.")]}
            )
        shared_with = fields.pop("shared_with", None)
        organisation = organisation_update(
            actor=request.user, organisation=organisation, shared_with=shared_with, **fields
        )
        return self._output(organisation)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        organisation_delete(actor=request.user, organisation=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=MergeInputSerializer, responses={200: OrganisationSerializer, **WRITE_ERRORS}
    )
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: Any = None) -> Response:
        """Merge the record ``merge`` into this one (this one is kept)."""
        keep = self.get_object()
        serializer = MergeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        merge = self.get_queryset().filter(pk=serializer.validated_data["merge"].pk).first()
        if merge is None:
            raise serializers.ValidationError({"merge": [_("No such organisation.")]})
        organisation_merge(actor=request.user, keep=keep, merge=merge)
        return self._output(keep)

    @extend_schema(
        parameters=[
            OpenApiParameter("affiliation", str, required=True, description="The text to resolve.")
        ],
        responses={200: MatchResponseSerializer},
    )
    @action(detail=False, methods=["get"], url_path="match", filterset_class=None)
    def match(self, request: Request) -> Response:
        """Resolve an affiliation string to organisations (the shape of ROR's
        ``/organizations?affiliation=`` answer): candidates best first, ``chosen`` where
        the resolver links the text."""
        return match_response(request)

    @extend_schema(
        request=ExternalIdInputSerializer, responses={201: OrganisationSerializer, **WRITE_ERRORS}
    )
    @action(detail=True, methods=["post"], url_path="ids")
    def add_id(self, request: Request, pk: Any = None) -> Response:
        """Add an identifier (normalised and checked per scheme)."""
        organisation = self.get_object()
        serializer = ExternalIdInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        external_id_add(actor=request.user, organisation=organisation, **serializer.validated_data)
        return self._output(organisation, status.HTTP_201_CREATED)

    @extend_schema(
        request=ExternalIdInputSerializer, responses={200: OrganisationSerializer, **WRITE_ERRORS}
    )
    @action(detail=True, methods=["post"], url_path="remove-id")
    def remove_id(self, request: Request, pk: Any = None) -> Response:
        """Remove an identifier."""
        organisation = self.get_object()
        serializer = ExternalIdInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        scheme = serializer.validated_data["scheme"]
        value = serializer.validated_data["value"]
        try:
            value = identifiers.normalise(scheme, value)
        except identifiers.IdentifierError:
            pass
        external_id = organisation.external_ids.filter(scheme=scheme, value=value).first()
        if external_id is None:
            raise serializers.ValidationError(
                {"value": [_("This organisation has no such identifier.")]}
            )
        external_id_remove(actor=request.user, external_id=external_id)
        return self._output(organisation)


@extend_schema_view(match=extend_schema(exclude=True))
class _MatchWithoutSlash(OrganisationViewSet):
    """The match endpoint again without the slash (documented once, with it)."""


#: ``/api/organisations/match`` without the slash, as ROR's clients call it.
extra_urlpatterns = [
    re_path(
        r"^organisations/match$",
        _MatchWithoutSlash.as_view({"get": "match"}),
        name="organisation-match-no-slash",
    )
]


def register(router: BaseRouter) -> None:
    """Add the organisation endpoints to the API router."""
    router.register("organisations", OrganisationViewSet, basename="organisation")
