"""REST endpoints for people (``/api/people/``), affiliations (``/api/affiliations/``)
and publications (``/api/publications/``); reads via selectors, writes via services.

``email``, ``phone`` and ``user`` (the linked account) are left out of a person for
clients that :func:`stcoop.core.permissions.may_see_contact` does not allow.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from stcoop.accounts.models import OrganisationUnit, User
from stcoop.api.schema import WRITE_ERRORS, crud_schema
from stcoop.api.serializers import StrictInputSerializer
from stcoop.core.choices import Visibility
from stcoop.core.permissions import Action, can, may_see_contact, visible
from stcoop.geo.models import Country
from stcoop.organisations.models import Organisation
from stcoop.people.choices import Gender
from stcoop.people.filtersets import PersonFilterSet
from stcoop.people.models import Affiliation, Person, Publication
from stcoop.people.selectors import person_list
from stcoop.people.services import (
    affiliation_add,
    affiliation_end,
    affiliation_remove,
    person_create,
    person_delete,
    person_update,
    publication_add,
    publication_remove,
)

CONTACT_FIELDS = ("email", "phone")


class AffiliationSerializer(serializers.ModelSerializer[Affiliation]):
    organisation_name = serializers.SerializerMethodField()
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = Affiliation
        fields = (
            "id",
            "person",
            "organisation",
            "organisation_name",
            "role",
            "start_date",
            "end_date",
            "is_primary",
            "is_current",
        )
        read_only_fields = fields

    def get_organisation_name(self, affiliation: Affiliation) -> str:
        """The name, empty when the client may not see the organisation."""
        request = self.context.get("request")
        if not can(getattr(request, "user", None), Action.VIEW, affiliation.organisation):
            return ""
        return str(affiliation.organisation)


class PublicationSerializer(serializers.ModelSerializer[Publication]):
    class Meta:
        model = Publication
        fields = ("id", "person", "title", "abstract", "year", "venue", "doi", "coauthors")
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer[Person]):
    """A person as the API shows it; ``bio`` is in the client's language. ``email`` and
    ``phone`` are present only for clients allowed to see them."""

    bio = serializers.CharField(read_only=True)
    bio_zh_hans = serializers.CharField(read_only=True, default="")
    bio_en = serializers.CharField(read_only=True, default="")
    nationality: Any = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    affiliations = AffiliationSerializer(many=True, read_only=True)
    publications = PublicationSerializer(many=True, read_only=True)
    owner_unit_name = serializers.CharField(source="owner_unit.name", read_only=True)
    created_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    shared_with: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    user: Any = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Person
        fields = (
            "id",
            "name_zh",
            "family_name",
            "given_names",
            "name_latin",
            "gender",
            "nationality",
            "languages",
            "keywords",
            "disciplines",
            "is_expert",
            "orcid",
            "email",
            "phone",
            "user",
            "bio",
            "bio_zh_hans",
            "bio_en",
            "affiliations",
            "publications",
            "owner_unit",
            "owner_unit_name",
            "visibility",
            "shared_with",
            "created_by",
            "created",
            "last_updated",
        )
        read_only_fields = fields

    def to_representation(self, instance: Person) -> dict[str, Any]:
        data = super().to_representation(instance)
        for name in ("bio", "bio_zh_hans", "bio_en"):
            data[name] = data[name] or ""
        request = self.context.get("request")
        if not may_see_contact(getattr(request, "user", None), instance):
            for name in (*CONTACT_FIELDS, "user"):
                data.pop(name, None)
        return data


class PersonInputSerializer(StrictInputSerializer):
    """What a client sends to create (POST, PUT) or change (PATCH) a person."""

    ignored_fields = (
        "id",
        "bio",
        "affiliations",
        "publications",
        "owner_unit_name",
        "created_by",
        "created",
        "last_updated",
    )

    name_zh = serializers.CharField(max_length=100, required=False, allow_blank=True)
    family_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    given_names = serializers.CharField(max_length=150, required=False, allow_blank=True)
    name_latin = serializers.CharField(max_length=300, required=False, allow_blank=True)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    nationality: Any = serializers.SlugRelatedField(
        slug_field="iso2", queryset=Country.objects.all(), required=False, allow_null=True
    )
    languages = serializers.ListField(child=serializers.CharField(max_length=8), required=False)
    keywords = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    disciplines = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    is_expert = serializers.BooleanField(required=False)
    orcid = serializers.CharField(max_length=60, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=50, required=False, allow_blank=True)
    user: Any = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
        help_text="The person's own account (platform and ministry administrators and unit "
        "administrators over the owning unit; an account is linked to one person only).",
    )
    bio_zh_hans = serializers.CharField(required=False, allow_blank=True)
    bio_en = serializers.CharField(required=False, allow_blank=True)
    owner_unit = serializers.PrimaryKeyRelatedField(queryset=OrganisationUnit.objects.all())
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    shared_with = serializers.PrimaryKeyRelatedField(
        queryset=OrganisationUnit.objects.all(), many=True, required=False
    )


class AffiliationInputSerializer(StrictInputSerializer):
    ignored_fields = ("id", "organisation_name", "is_current")

    person: Any = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    organisation: Any = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    role = serializers.CharField(max_length=200, required=False, allow_blank=True)
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    is_primary = serializers.BooleanField(required=False)


class AffiliationEndSerializer(StrictInputSerializer):
    end_date = serializers.DateField(required=False, allow_null=True)


class PublicationInputSerializer(StrictInputSerializer):
    ignored_fields = ("id",)

    person: Any = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    title = serializers.CharField(max_length=1000)
    abstract = serializers.CharField(required=False, allow_blank=True)
    year = serializers.IntegerField(required=False, allow_null=True)
    venue = serializers.CharField(max_length=500, required=False, allow_blank=True)
    doi = serializers.CharField(max_length=255, required=False, allow_blank=True)
    coauthors = serializers.ListField(child=serializers.CharField(max_length=300), required=False)


def _visible_person(request: Request, person: Person) -> Person:
    """``person`` if the client may see them; otherwise an input error (no existence leak)."""
    found = visible(request.user, Person.objects.filter(pk=person.pk)).first()
    if found is None:
        raise serializers.ValidationError({"person": [_("No such person.")]})
    return found


@crud_schema(PersonInputSerializer, PersonSerializer)
class PersonViewSet(viewsets.ModelViewSet[Person]):
    """People the client may see, with their affiliations and publications. Writes follow
    the web pages' rules: one the client cannot see answers 404, one it sees but may not
    change answers 403. Affiliations and publications are added and removed at
    ``/api/affiliations/`` and ``/api/publications/``."""

    queryset = Person.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    ordering_fields = ("name_latin", "name_zh", "family_name", "created", "last_updated", "id")
    ordering = ("name_latin", "id")

    def get_queryset(self) -> Any:
        return person_list(actor=self.request.user)

    def _output(self, person: Person, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().filter(pk=person.pk).first() or person
        return Response(
            PersonSerializer(fresh, context=self.get_serializer_context()).data,
            status=status_code,
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = PersonInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = person_create(actor=request.user, **serializer.validated_data)
        return self._output(person, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        person = self.get_object()
        serializer = PersonInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        if not may_see_contact(request.user, person):
            # A client that may not read the contact may not overwrite it either.
            for name in CONTACT_FIELDS:
                fields.pop(name, None)
        shared_with = fields.pop("shared_with", None)
        person = person_update(actor=request.user, person=person, shared_with=shared_with, **fields)
        return self._output(person)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person_delete(actor=request.user, person=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class _ChildViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Any],
):
    """Children of people the client may see; the services check the right to change."""

    # Object permission is the person's, checked by the services.
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    filterset_fields = ("person",)
    ordering_fields = ("id",)
    ordering = ("id",)


@extend_schema_view(
    create=extend_schema(
        request=AffiliationInputSerializer, responses={201: AffiliationSerializer, **WRITE_ERRORS}
    ),
    destroy=extend_schema(responses={204: None, 403: WRITE_ERRORS[403]}),
)
class AffiliationViewSet(_ChildViewSet):
    """Affiliations of the people the client may see (``?person=ID`` narrows). ``POST
    /api/affiliations/{id}/end/`` with an optional ``end_date`` ends one."""

    queryset = Affiliation.objects.none()
    serializer_class = AffiliationSerializer

    def get_queryset(self) -> QuerySet[Affiliation]:
        people = visible(self.request.user, Person.objects.all())
        return Affiliation.objects.filter(person__in=people).select_related("organisation")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = AffiliationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["person"] = _visible_person(request, data["person"])
        affiliation = affiliation_add(actor=request.user, **data)
        return Response(
            AffiliationSerializer(affiliation, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        affiliation_remove(actor=request.user, affiliation=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=AffiliationEndSerializer, responses={200: AffiliationSerializer, **WRITE_ERRORS}
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: Any = None) -> Response:
        """End the affiliation on ``end_date`` (today if not given)."""
        affiliation = self.get_object()
        serializer = AffiliationEndSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        affiliation = affiliation_end(
            actor=request.user,
            affiliation=affiliation,
            end_date=serializer.validated_data.get("end_date"),
        )
        return Response(AffiliationSerializer(affiliation, context={"request": request}).data)


@extend_schema_view(
    create=extend_schema(
        request=PublicationInputSerializer, responses={201: PublicationSerializer, **WRITE_ERRORS}
    ),
    destroy=extend_schema(responses={204: None, 403: WRITE_ERRORS[403]}),
)
class PublicationViewSet(_ChildViewSet):
    """Publications of the people the client may see (``?person=ID`` narrows)."""

    queryset = Publication.objects.none()
    serializer_class = PublicationSerializer

    def get_queryset(self) -> QuerySet[Publication]:
        people = visible(self.request.user, Person.objects.all())
        return Publication.objects.filter(person__in=people)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = PublicationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        person = _visible_person(request, data.pop("person"))
        publication = publication_add(actor=request.user, person=person, **data)
        return Response(PublicationSerializer(publication).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        publication_remove(actor=request.user, publication=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router: BaseRouter) -> None:
    """Add the people endpoints to the API router."""
    router.register("people", PersonViewSet, basename="person")
    router.register("affiliations", AffiliationViewSet, basename="affiliation")
    router.register("publications", PublicationViewSet, basename="publication")
