"""REST endpoints for technology profiles (``/api/technologies/``); reads via selectors,
writes via services, the list page's filters."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from stcoop.accounts.models import OrganisationUnit
from stcoop.api.schema import crud_schema
from stcoop.api.serializers import StrictInputSerializer
from stcoop.core.choices import Visibility
from stcoop.core.permissions import Action, can, may_see_contact
from stcoop.geo.models import Country, Grouping
from stcoop.organisations.models import Organisation
from stcoop.people.models import Person
from stcoop.technologies.choices import (
    Cooperation,
    IpStatus,
    ProfileKind,
    ProfileStatus,
    ReadinessLevel,
    Sector,
)
from stcoop.technologies.filtersets import TechnologyProfileFilterSet
from stcoop.technologies.models import TechnologyProfile
from stcoop.technologies.selectors import profile_list
from stcoop.technologies.services import profile_create, profile_delete, profile_update


class TechnologyProfileSerializer(serializers.ModelSerializer[TechnologyProfile]):
    """A profile as the API shows it; ``title`` and ``description`` are in the client's
    language. ``contact`` holds the contact person's name, and email and phone only for
    clients allowed to see them; it is null when the client may not see the person."""

    title = serializers.CharField(read_only=True)
    title_zh_hans = serializers.CharField(read_only=True, default="")
    title_en = serializers.CharField(read_only=True, default="")
    description = serializers.CharField(read_only=True)
    description_zh_hans = serializers.CharField(read_only=True, default="")
    description_en = serializers.CharField(read_only=True, default="")
    target_countries: Any = serializers.SlugRelatedField(
        slug_field="iso2", many=True, read_only=True
    )
    target_groupings: Any = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    is_expired = serializers.BooleanField(read_only=True)
    organisation_name = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()
    owner_unit_name = serializers.CharField(source="owner_unit.name", read_only=True)
    created_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    shared_with: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = TechnologyProfile
        fields = (
            "id",
            "reference",
            "kind",
            "title",
            "title_zh_hans",
            "title_en",
            "description",
            "description_zh_hans",
            "description_en",
            "organisation",
            "organisation_name",
            "contact_person",
            "contact",
            "trl",
            "ip_status",
            "patent_numbers",
            "sectors",
            "keywords",
            "target_countries",
            "target_groupings",
            "cooperation",
            "languages",
            "publication_date",
            "expiry_date",
            "is_expired",
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

    def _actor(self) -> Any:
        return getattr(self.context.get("request"), "user", None)

    def get_organisation_name(self, profile: TechnologyProfile) -> str | None:
        organisation = profile.organisation
        if organisation is None or not can(self._actor(), Action.VIEW, organisation):
            return None
        return str(organisation)

    def get_contact(self, profile: TechnologyProfile) -> dict[str, str] | None:
        person = profile.contact_person
        actor = self._actor()
        if person is None or not can(actor, Action.VIEW, person):
            return None
        contact = {"name": str(person)}
        if may_see_contact(actor, person):
            contact.update(email=person.email, phone=person.phone)
        return contact

    def to_representation(self, instance: TechnologyProfile) -> dict[str, Any]:
        data = super().to_representation(instance)
        for name in (
            "title",
            "title_zh_hans",
            "title_en",
            "description",
            "description_zh_hans",
            "description_en",
        ):
            data[name] = data[name] or ""
        if data["contact"] is None:
            data["contact_person"] = None
        return data


class TechnologyProfileInputSerializer(StrictInputSerializer):
    """What a client sends to create (POST, PUT) or change (PATCH) a profile."""

    ignored_fields = (
        "id",
        "reference",
        "title",
        "description",
        "organisation_name",
        "contact",
        "is_expired",
        "owner_unit_name",
        "created_by",
        "created",
        "last_updated",
    )

    kind = serializers.ChoiceField(choices=ProfileKind.choices)
    title_zh_hans = serializers.CharField(max_length=300, required=False, allow_blank=True)
    title_en = serializers.CharField(max_length=300, required=False, allow_blank=True)
    description_zh_hans = serializers.CharField(required=False, allow_blank=True)
    description_en = serializers.CharField(required=False, allow_blank=True)
    organisation: Any = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    contact_person: Any = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    trl = serializers.ChoiceField(choices=ReadinessLevel.choices, required=False, allow_null=True)
    ip_status = serializers.ChoiceField(choices=IpStatus.choices, required=False, allow_blank=True)
    patent_numbers = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False
    )
    sectors = serializers.ListField(
        child=serializers.ChoiceField(choices=Sector.choices), required=False
    )
    keywords = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    target_countries: Any = serializers.SlugRelatedField(
        slug_field="iso2", queryset=Country.objects.all(), many=True, required=False
    )
    target_groupings: Any = serializers.SlugRelatedField(
        slug_field="code", queryset=Grouping.objects.all(), many=True, required=False
    )
    cooperation = serializers.ListField(
        child=serializers.ChoiceField(choices=Cooperation.choices), required=False
    )
    languages = serializers.ListField(child=serializers.CharField(max_length=3), required=False)
    publication_date = serializers.DateField(required=False, allow_null=True)
    expiry_date = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=ProfileStatus.choices, required=False)
    owner_unit = serializers.PrimaryKeyRelatedField(queryset=OrganisationUnit.objects.all())
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    shared_with = serializers.PrimaryKeyRelatedField(
        queryset=OrganisationUnit.objects.all(), many=True, required=False
    )

    def _visible(self, value: Any, message: str) -> Any:
        actor = getattr(self.context.get("request"), "user", None)
        if value is not None and not can(actor, Action.VIEW, value):
            raise serializers.ValidationError(message)
        return value

    def validate_organisation(self, value: Any) -> Any:
        return self._visible(value, _("No such organisation."))

    def validate_contact_person(self, value: Any) -> Any:
        return self._visible(value, _("No such person."))


@crud_schema(TechnologyProfileInputSerializer, TechnologyProfileSerializer)
class TechnologyProfileViewSet(viewsets.ModelViewSet[TechnologyProfile]):
    """Technology offers and requests the client may see (drafts only inside their unit;
    expired ones only with ``include_expired=true``, or by ID). Writes follow the web
    pages' rules: one the client cannot see answers 404, one it sees but may not change
    answers 403."""

    queryset = TechnologyProfile.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = TechnologyProfileSerializer
    filterset_class = TechnologyProfileFilterSet
    ordering_fields = (
        "reference",
        "kind",
        "trl",
        "status",
        "publication_date",
        "expiry_date",
        "created",
        "last_updated",
        "id",
    )
    ordering = ("-publication_date", "-id")

    def get_queryset(self) -> Any:
        return profile_list(actor=self.request.user)

    def filter_queryset(self, queryset: Any) -> Any:
        if self.action != "list":  # a profile is found by ID even when expired
            return queryset
        return super().filter_queryset(queryset)

    def _output(
        self, profile: TechnologyProfile, status_code: int = status.HTTP_200_OK
    ) -> Response:
        fresh = self.get_queryset().filter(pk=profile.pk).first() or profile
        return Response(
            TechnologyProfileSerializer(fresh, context=self.get_serializer_context()).data,
            status=status_code,
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = TechnologyProfileInputSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        profile = profile_create(actor=request.user, **serializer.validated_data)
        return self._output(profile, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        profile = self.get_object()
        serializer = TechnologyProfileInputSerializer(
            data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        shared_with = fields.pop("shared_with", None)
        profile = profile_update(
            actor=request.user, profile=profile, shared_with=shared_with, **fields
        )
        return self._output(profile)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        profile_delete(actor=request.user, profile=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router: BaseRouter) -> None:
    """Add the technology profile endpoints to the API router."""
    router.register("technologies", TechnologyProfileViewSet, basename="technologyprofile")
