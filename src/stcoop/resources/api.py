"""REST endpoints for shared resources (``/api/shared-resources/``); reads via
selectors, writes via services.

The contact fields are left out of a resource for clients that
:func:`stcoop.core.permissions.may_see_contact` does not allow, and such clients may not
overwrite them either.
"""

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
from stcoop.core.permissions import Action, can, may_see_contact
from stcoop.geo.models import Country
from stcoop.geo.provinces import Province
from stcoop.organisations.models import Organisation
from stcoop.resources.choices import AccessMode, ResourceKind, ResourceStatus
from stcoop.resources.filtersets import SharedResourceFilterSet
from stcoop.resources.models import CONTACT_FIELDS, SharedResource
from stcoop.resources.selectors import resource_list
from stcoop.resources.services import resource_create, resource_delete, resource_update

TRANSLATED = (
    "name",
    "name_zh_hans",
    "name_en",
    "description",
    "description_zh_hans",
    "description_en",
    "access_conditions",
    "access_conditions_zh_hans",
    "access_conditions_en",
)


class SharedResourceSerializer(serializers.ModelSerializer[SharedResource]):
    """A resource as the API shows it; ``name``, ``description`` and
    ``access_conditions`` are in the client's language. The contact fields are present
    only for clients allowed to see them."""

    name = serializers.CharField(read_only=True)
    name_zh_hans = serializers.CharField(read_only=True, default="")
    name_en = serializers.CharField(read_only=True, default="")
    description = serializers.CharField(read_only=True)
    description_zh_hans = serializers.CharField(read_only=True, default="")
    description_en = serializers.CharField(read_only=True, default="")
    access_conditions = serializers.CharField(read_only=True)
    access_conditions_zh_hans = serializers.CharField(read_only=True, default="")
    access_conditions_en = serializers.CharField(read_only=True, default="")
    owner_organisation_name = serializers.SerializerMethodField()
    country: Any = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    owner_unit_name = serializers.CharField(source="owner_unit.name", read_only=True)
    created_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    shared_with: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = SharedResource
        fields = (
            "id",
            "kind",
            *TRANSLATED[:6],
            "owner_organisation",
            "owner_organisation_name",
            "country",
            "province",
            "city",
            "disciplines",
            "keywords",
            "access_mode",
            *TRANSLATED[6:],
            "open_to_foreign",
            *CONTACT_FIELDS,
            "link",
            "status",
            "owner_unit",
            "owner_unit_name",
            "visibility",
            "shared_with",
            "created_by",
            "created",
            "last_updated",
        )
        read_only_fields = fields

    def get_owner_organisation_name(self, resource: SharedResource) -> str:
        """The name, empty when the client may not see the organisation."""
        request = self.context.get("request")
        organisation = resource.owner_organisation
        if organisation is None or not can(
            getattr(request, "user", None), Action.VIEW, organisation
        ):
            return ""
        return str(organisation)

    def to_representation(self, instance: SharedResource) -> dict[str, Any]:
        data = super().to_representation(instance)
        for name in TRANSLATED:
            data[name] = data[name] or ""
        request = self.context.get("request")
        if not may_see_contact(getattr(request, "user", None), instance):
            for name in CONTACT_FIELDS:
                data.pop(name, None)
        return data


class SharedResourceInputSerializer(StrictInputSerializer):
    """What a client sends to create (POST, PUT) or change (PATCH) a resource."""

    ignored_fields = (
        "id",
        "name",
        "description",
        "access_conditions",
        "owner_organisation_name",
        "owner_unit_name",
        "created_by",
        "created",
        "last_updated",
    )

    kind = serializers.ChoiceField(choices=ResourceKind.choices)
    name_zh_hans = serializers.CharField(max_length=500, required=False, allow_blank=True)
    name_en = serializers.CharField(max_length=500, required=False, allow_blank=True)
    description_zh_hans = serializers.CharField(required=False, allow_blank=True)
    description_en = serializers.CharField(required=False, allow_blank=True)
    owner_organisation: Any = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    country: Any = serializers.SlugRelatedField(
        slug_field="iso2", queryset=Country.objects.all(), required=False, allow_null=True
    )
    province = serializers.ChoiceField(choices=Province.choices, required=False, allow_blank=True)
    city = serializers.CharField(max_length=200, required=False, allow_blank=True)
    disciplines = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    keywords = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    access_mode = serializers.ChoiceField(choices=AccessMode.choices, required=False)
    access_conditions_zh_hans = serializers.CharField(required=False, allow_blank=True)
    access_conditions_en = serializers.CharField(required=False, allow_blank=True)
    open_to_foreign = serializers.BooleanField(required=False)
    contact_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=50, required=False, allow_blank=True)
    link = serializers.URLField(max_length=500, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=ResourceStatus.choices, required=False)
    owner_unit = serializers.PrimaryKeyRelatedField(queryset=OrganisationUnit.objects.all())
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    shared_with = serializers.PrimaryKeyRelatedField(
        queryset=OrganisationUnit.objects.all(), many=True, required=False
    )


@crud_schema(SharedResourceInputSerializer, SharedResourceSerializer)
class SharedResourceViewSet(viewsets.ModelViewSet[SharedResource]):
    """Shared resources the client may see. Writes follow the web pages' rules: one the
    client cannot see answers 404, one it sees but may not change answers 403."""

    queryset = SharedResource.objects.none()  # for the schema
    serializer_class = SharedResourceSerializer
    filterset_class = SharedResourceFilterSet
    ordering_fields = ("name_en", "name_zh_hans", "kind", "status", "created", "last_updated", "id")
    ordering = ("name_en", "id")

    def get_queryset(self) -> Any:
        return resource_list(actor=self.request.user)

    def _output(self, resource: SharedResource, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().filter(pk=resource.pk).first() or resource
        return Response(
            SharedResourceSerializer(fresh, context=self.get_serializer_context()).data,
            status=status_code,
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = SharedResourceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        resource = resource_create(actor=request.user, **serializer.validated_data)
        return self._output(resource, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        resource = self.get_object()
        serializer = SharedResourceInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        if not may_see_contact(request.user, resource):
            # A client that may not read the contact may not overwrite it either.
            for name in CONTACT_FIELDS:
                fields.pop(name, None)
        shared_with = fields.pop("shared_with", None)
        resource = resource_update(
            actor=request.user, resource=resource, shared_with=shared_with, **fields
        )
        return self._output(resource)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        resource_delete(actor=request.user, resource=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router: BaseRouter) -> None:
    """Add the shared-resource endpoints to the API router."""
    router.register("shared-resources", SharedResourceViewSet, basename="shared-resource")
