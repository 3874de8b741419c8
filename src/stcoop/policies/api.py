"""REST endpoints for policy documents (``/api/policies/``); reads via selectors, writes
via services, the list page's filters."""

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
from stcoop.core.permissions import Action, can
from stcoop.geo.models import Country
from stcoop.geo.provinces import Province
from stcoop.organisations.models import Organisation
from stcoop.policies.choices import PolicyLevel, PolicyStatus, PolicyTopic
from stcoop.policies.filtersets import PolicyDocumentFilterSet
from stcoop.policies.models import PolicyDocument
from stcoop.policies.selectors import policy_list
from stcoop.policies.services import policy_create, policy_delete, policy_update

_BILINGUAL = ("title", "summary", "issuer")


class PolicyDocumentSerializer(serializers.ModelSerializer[PolicyDocument]):
    """A policy document as the API shows it; ``title``, ``summary`` and ``issuer`` are in
    the client's language. Lists leave ``full_text`` out; one document has it."""

    title = serializers.CharField(read_only=True)
    title_zh_hans = serializers.CharField(read_only=True, default="")
    title_en = serializers.CharField(read_only=True, default="")
    summary = serializers.CharField(read_only=True)
    summary_zh_hans = serializers.CharField(read_only=True, default="")
    summary_en = serializers.CharField(read_only=True, default="")
    issuer = serializers.CharField(read_only=True)
    issuer_zh_hans = serializers.CharField(read_only=True, default="")
    issuer_en = serializers.CharField(read_only=True, default="")
    country: Any = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    issuing_organisation_name = serializers.SerializerMethodField()
    owner_unit_name = serializers.CharField(source="owner_unit.name", read_only=True)
    created_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    shared_with: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = PolicyDocument
        fields = (
            "id",
            "title",
            "title_zh_hans",
            "title_en",
            "summary",
            "summary_zh_hans",
            "summary_en",
            "issuer",
            "issuer_zh_hans",
            "issuer_en",
            "issuing_organisation",
            "issuing_organisation_name",
            "document_number",
            "issue_date",
            "effective_date",
            "repeal_date",
            "status",
            "level",
            "country",
            "province",
            "topics",
            "keywords",
            "full_text",
            "link",
            "language",
            "owner_unit",
            "owner_unit_name",
            "visibility",
            "shared_with",
            "created_by",
            "created",
            "last_updated",
        )
        read_only_fields = fields

    def get_issuing_organisation_name(self, policy: PolicyDocument) -> str | None:
        organisation = policy.issuing_organisation
        actor = getattr(self.context.get("request"), "user", None)
        if organisation is None or not can(actor, Action.VIEW, organisation):
            return None
        return str(organisation)

    def to_representation(self, instance: PolicyDocument) -> dict[str, Any]:
        data = super().to_representation(instance)
        for name in _BILINGUAL:
            for suffix in ("", "_zh_hans", "_en"):
                data[f"{name}{suffix}"] = data[f"{name}{suffix}"] or ""
        if data["issuing_organisation_name"] is None:
            data["issuing_organisation"] = None
        if self.context.get("list"):
            data.pop("full_text", None)
        return data


class PolicyDocumentInputSerializer(StrictInputSerializer):
    """What a client sends to create (POST, PUT) or change (PATCH) a policy document."""

    ignored_fields = (
        "id",
        "title",
        "summary",
        "issuer",
        "issuing_organisation_name",
        "owner_unit_name",
        "created_by",
        "created",
        "last_updated",
    )

    title_zh_hans = serializers.CharField(max_length=500, required=False, allow_blank=True)
    title_en = serializers.CharField(max_length=500, required=False, allow_blank=True)
    summary_zh_hans = serializers.CharField(required=False, allow_blank=True)
    summary_en = serializers.CharField(required=False, allow_blank=True)
    issuer_zh_hans = serializers.CharField(max_length=300, required=False, allow_blank=True)
    issuer_en = serializers.CharField(max_length=300, required=False, allow_blank=True)
    issuing_organisation: Any = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    document_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
    issue_date = serializers.DateField(required=False, allow_null=True)
    effective_date = serializers.DateField(required=False, allow_null=True)
    repeal_date = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=PolicyStatus.choices, required=False)
    level = serializers.ChoiceField(choices=PolicyLevel.choices)
    country: Any = serializers.SlugRelatedField(
        slug_field="iso2", queryset=Country.objects.all(), required=False, allow_null=True
    )
    province = serializers.ChoiceField(choices=Province.choices, required=False, allow_blank=True)
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=PolicyTopic.choices), required=False
    )
    keywords = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    full_text = serializers.CharField(required=False, allow_blank=True)
    link = serializers.URLField(max_length=500, required=False, allow_blank=True)
    language = serializers.CharField(max_length=16, required=False, allow_blank=True)
    owner_unit = serializers.PrimaryKeyRelatedField(queryset=OrganisationUnit.objects.all())
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    shared_with = serializers.PrimaryKeyRelatedField(
        queryset=OrganisationUnit.objects.all(), many=True, required=False
    )

    def validate_issuing_organisation(self, value: Any) -> Any:
        actor = getattr(self.context.get("request"), "user", None)
        if value is not None and not can(actor, Action.VIEW, value):
            raise serializers.ValidationError(_("No such organisation."))
        return value


@crud_schema(PolicyDocumentInputSerializer, PolicyDocumentSerializer)
class PolicyDocumentViewSet(viewsets.ModelViewSet[PolicyDocument]):
    """Policy documents the client may see; the list leaves the full text out. Writes
    follow the web pages' rules: one the client cannot see answers 404, one it sees but
    may not change answers 403."""

    queryset = PolicyDocument.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = PolicyDocumentSerializer
    filterset_class = PolicyDocumentFilterSet
    ordering_fields = ("issue_date", "effective_date", "level", "status", "created", "id")
    ordering = ("-issue_date", "-id")

    def get_queryset(self) -> Any:
        queryset = policy_list(actor=self.request.user)
        return queryset.defer("full_text") if self.action == "list" else queryset

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "list": self.action == "list"}

    def _output(self, policy: PolicyDocument, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = policy_list(actor=self.request.user).filter(pk=policy.pk).first() or policy
        context = {**self.get_serializer_context(), "list": False}
        return Response(PolicyDocumentSerializer(fresh, context=context).data, status=status_code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = PolicyDocumentInputSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        policy = policy_create(actor=request.user, **serializer.validated_data)
        return self._output(policy, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        policy = self.get_object()
        serializer = PolicyDocumentInputSerializer(
            data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        shared_with = fields.pop("shared_with", None)
        policy = policy_update(actor=request.user, policy=policy, shared_with=shared_with, **fields)
        return self._output(policy)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        policy_delete(actor=request.user, policy=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router: BaseRouter) -> None:
    """Add the policy document endpoints to the API router."""
    router.register("policies", PolicyDocumentViewSet, basename="policydocument")
