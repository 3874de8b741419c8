"""REST endpoints for programmes (``/api/programmes/``) and projects (``/api/projects/``);
reads via selectors, writes via services.

Child rows are nested: a programme's ``budget_lines``, a project's ``participations``,
``funding`` and ``outputs``. Sending one of these lists on create or update replaces
that list (leaving it out keeps it); they are read and written with the permission of
their programme or project, and each change is written into its history.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_serializer
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
from stcoop.organisations.models import Organisation
from stcoop.projects.choices import (
    FundingSource,
    OutputKind,
    ParticipantRole,
    ProgrammeStatus,
    ProjectStatus,
)
from stcoop.projects.filtersets import ProgrammeFilterSet, ProjectFilterSet
from stcoop.projects.models import (
    BudgetLine,
    Output,
    Participation,
    Programme,
    Project,
    ProjectFunding,
)
from stcoop.projects.selectors import programme_list, project_list
from stcoop.projects.services import (
    programme_create,
    programme_delete,
    programme_update,
    project_create,
    project_delete,
    project_update,
)


def _organisation_name(context: dict[str, Any], organisation: Organisation | None) -> str:
    """The name, empty when the client may not see the organisation."""
    request = context.get("request")
    if organisation is None or not can(getattr(request, "user", None), Action.VIEW, organisation):
        return ""
    return str(organisation)


# ---------------------------------------------------------------- output
@extend_schema_serializer(component_name="BudgetLine")
class BudgetLineSerializer(serializers.ModelSerializer[BudgetLine]):
    class Meta:
        model = BudgetLine
        fields = ("id", "source", "year", "amount", "currency", "note")
        read_only_fields = fields


@extend_schema_serializer(component_name="ProjectParticipation")
class ParticipationSerializer(serializers.ModelSerializer[Participation]):
    organisation_name = serializers.SerializerMethodField()
    country: Any = serializers.SlugRelatedField(slug_field="iso2", read_only=True)

    class Meta:
        model = Participation
        fields = (
            "id",
            "organisation",
            "organisation_name",
            "name_as_given",
            "role",
            "country",
            "city",
            "funding_amount",
            "currency",
            "order",
        )
        read_only_fields = fields

    def get_organisation_name(self, participation: Participation) -> str:
        """The linked organisation's name, empty when the client may not see it."""
        return _organisation_name(self.context, participation.organisation)

    def to_representation(self, instance: Participation) -> dict[str, Any]:
        data = super().to_representation(instance)
        if instance.organisation_id is not None and not data["organisation_name"]:
            data["organisation"] = None  # not seen: no ID either
        return data


@extend_schema_serializer(component_name="ProjectFunding")
class FundingSerializer(serializers.ModelSerializer[ProjectFunding]):
    class Meta:
        model = ProjectFunding
        fields = ("id", "source", "funder", "year", "amount", "currency", "note")
        read_only_fields = fields


@extend_schema_serializer(component_name="ProjectOutput")
class OutputSerializer(serializers.ModelSerializer[Output]):
    partner_country: Any = serializers.SlugRelatedField(slug_field="iso2", read_only=True)

    class Meta:
        model = Output
        fields = (
            "id",
            "kind",
            "title",
            "year",
            "identifier",
            "value",
            "currency",
            "quantity",
            "partner_country",
            "description",
            "url",
        )
        read_only_fields = fields


class _OwnedOutput(serializers.ModelSerializer[Any]):
    owner_unit_name = serializers.CharField(source="owner_unit.name", read_only=True)
    created_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    shared_with: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    bilingual: tuple[str, ...] = ()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        for name in self.bilingual:
            data[name] = data[name] or ""
        return data


OWNED_FIELDS = (
    "owner_unit",
    "owner_unit_name",
    "visibility",
    "shared_with",
    "created_by",
    "created",
    "last_updated",
)


@extend_schema_serializer(component_name="FundingProgramme")
class ProgrammeSerializer(_OwnedOutput):
    """A programme as the API shows it; ``name`` and ``description`` are in the client's
    language, with both languages beside them."""

    name = serializers.CharField(read_only=True)
    name_zh_hans = serializers.CharField(read_only=True, default="")
    name_en = serializers.CharField(read_only=True, default="")
    description = serializers.CharField(read_only=True)
    description_zh_hans = serializers.CharField(read_only=True, default="")
    description_en = serializers.CharField(read_only=True, default="")
    budget_lines = BudgetLineSerializer(many=True, read_only=True)

    bilingual = (
        "name",
        "name_zh_hans",
        "name_en",
        "description",
        "description_zh_hans",
        "description_en",
    )

    class Meta:
        model = Programme
        fields = (
            "id",
            "code",
            "name",
            "name_zh_hans",
            "name_en",
            "acronym",
            "description",
            "description_zh_hans",
            "description_en",
            "framework",
            "parent",
            "funder",
            "call_identifier",
            "status",
            "start_date",
            "end_date",
            "website",
            "budget_lines",
            *OWNED_FIELDS,
        )
        read_only_fields = fields

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        if instance.funder_id is not None and not _organisation_name(self.context, instance.funder):
            data["funder"] = None
        return data


@extend_schema_serializer(component_name="Project")
class ProjectSerializer(_OwnedOutput):
    """A project as the API shows it, with its participants, funding and outputs;
    ``title`` and ``abstract`` are in the client's language, with both beside them."""

    title = serializers.CharField(read_only=True)
    title_zh_hans = serializers.CharField(read_only=True, default="")
    title_en = serializers.CharField(read_only=True, default="")
    abstract = serializers.CharField(read_only=True)
    abstract_zh_hans = serializers.CharField(read_only=True, default="")
    abstract_en = serializers.CharField(read_only=True, default="")
    participations = ParticipationSerializer(many=True, read_only=True)
    funding = FundingSerializer(many=True, read_only=True)
    outputs = OutputSerializer(many=True, read_only=True)

    bilingual = (
        "title",
        "title_zh_hans",
        "title_en",
        "abstract",
        "abstract_zh_hans",
        "abstract_en",
    )

    class Meta:
        model = Project
        fields = (
            "id",
            "code",
            "acronym",
            "title",
            "title_zh_hans",
            "title_en",
            "abstract",
            "abstract_zh_hans",
            "abstract_en",
            "programme",
            "call_identifier",
            "topic",
            "start_date",
            "end_date",
            "status",
            "disciplines",
            "keywords",
            "total_cost",
            "currency",
            "website",
            "source",
            "participations",
            "funding",
            "outputs",
            *OWNED_FIELDS,
        )
        read_only_fields = fields


# ---------------------------------------------------------------- input
@extend_schema_serializer(component_name="BudgetLineInput")
class BudgetLineInputSerializer(StrictInputSerializer):
    ignored_fields = ("id",)

    source = serializers.ChoiceField(choices=FundingSource.choices)  # type: ignore[assignment]
    year = serializers.IntegerField(required=False, allow_null=True, min_value=1900, max_value=2100)
    amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    currency = serializers.CharField(max_length=3, required=False)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


@extend_schema_serializer(component_name="ProjectParticipationInput")
class ParticipationInputSerializer(StrictInputSerializer):
    ignored_fields = ("id", "organisation_name")

    organisation: Any = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    name_as_given = serializers.CharField(max_length=500, required=False, allow_blank=True)
    role = serializers.ChoiceField(choices=ParticipantRole.choices, required=False)
    country: Any = serializers.SlugRelatedField(
        slug_field="iso2", queryset=Country.objects.all(), required=False, allow_null=True
    )
    city = serializers.CharField(max_length=200, required=False, allow_blank=True)
    funding_amount = serializers.DecimalField(
        max_digits=18, decimal_places=2, required=False, allow_null=True
    )
    currency = serializers.CharField(max_length=3, required=False)
    order = serializers.IntegerField(required=False, min_value=0)


@extend_schema_serializer(component_name="ProjectFundingInput")
class FundingInputSerializer(StrictInputSerializer):
    ignored_fields = ("id",)

    source = serializers.ChoiceField(choices=FundingSource.choices)  # type: ignore[assignment]
    funder: Any = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    year = serializers.IntegerField(required=False, allow_null=True, min_value=1900, max_value=2100)
    amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    currency = serializers.CharField(max_length=3, required=False)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


@extend_schema_serializer(component_name="ProjectOutputInput")
class OutputInputSerializer(StrictInputSerializer):
    ignored_fields = ("id",)

    kind = serializers.ChoiceField(choices=OutputKind.choices)
    title = serializers.CharField(max_length=1000)
    year = serializers.IntegerField(required=False, allow_null=True)
    identifier = serializers.CharField(max_length=200, required=False, allow_blank=True)
    value = serializers.DecimalField(
        max_digits=18, decimal_places=2, required=False, allow_null=True
    )
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True)
    quantity = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    partner_country: Any = serializers.SlugRelatedField(
        slug_field="iso2", queryset=Country.objects.all(), required=False, allow_null=True
    )
    description = serializers.CharField(required=False, allow_blank=True)
    url = serializers.URLField(max_length=500, required=False, allow_blank=True)


class _OwnedInput(StrictInputSerializer):
    owner_unit = serializers.PrimaryKeyRelatedField(queryset=OrganisationUnit.objects.all())
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    shared_with = serializers.PrimaryKeyRelatedField(
        queryset=OrganisationUnit.objects.all(), many=True, required=False
    )


@extend_schema_serializer(component_name="FundingProgrammeInput")
class ProgrammeInputSerializer(_OwnedInput):
    """What a client sends to create (POST, PUT) or change (PATCH) a programme;
    ``budget_lines``, when sent, replace the programme's budget lines."""

    ignored_fields = (
        "id",
        "name",
        "description",
        "owner_unit_name",
        "created_by",
        "created",
        "last_updated",
    )

    code = serializers.CharField(max_length=100, required=False, allow_blank=True)
    name_zh_hans = serializers.CharField(max_length=500, required=False, allow_blank=True)
    name_en = serializers.CharField(max_length=500, required=False, allow_blank=True)
    acronym = serializers.CharField(max_length=100, required=False, allow_blank=True)
    description_zh_hans = serializers.CharField(required=False, allow_blank=True)
    description_en = serializers.CharField(required=False, allow_blank=True)
    framework = serializers.CharField(max_length=100, required=False, allow_blank=True)
    parent: Any = serializers.PrimaryKeyRelatedField(
        queryset=Programme.objects.all(), required=False, allow_null=True
    )
    funder: Any = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    call_identifier = serializers.CharField(max_length=200, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=ProgrammeStatus.choices, required=False)
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    website = serializers.URLField(max_length=500, required=False, allow_blank=True)
    budget_lines = BudgetLineInputSerializer(many=True, required=False)


@extend_schema_serializer(component_name="ProjectInput")
class ProjectInputSerializer(_OwnedInput):
    """What a client sends to create (POST, PUT) or change (PATCH) a project;
    ``participations``, ``funding`` and ``outputs``, when sent, replace those lists."""

    ignored_fields = (
        "id",
        "title",
        "abstract",
        "source",
        "owner_unit_name",
        "created_by",
        "created",
        "last_updated",
    )

    code = serializers.CharField(max_length=100, required=False, allow_blank=True)
    acronym = serializers.CharField(max_length=100, required=False, allow_blank=True)
    title_zh_hans = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    title_en = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    abstract_zh_hans = serializers.CharField(required=False, allow_blank=True)
    abstract_en = serializers.CharField(required=False, allow_blank=True)
    programme: Any = serializers.PrimaryKeyRelatedField(
        queryset=Programme.objects.all(), required=False, allow_null=True
    )
    call_identifier = serializers.CharField(max_length=200, required=False, allow_blank=True)
    topic = serializers.CharField(max_length=500, required=False, allow_blank=True)
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=ProjectStatus.choices, required=False)
    disciplines = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    keywords = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    total_cost = serializers.DecimalField(
        max_digits=18, decimal_places=2, required=False, allow_null=True
    )
    currency = serializers.CharField(max_length=3, required=False)
    website = serializers.URLField(max_length=500, required=False, allow_blank=True)
    participations = ParticipationInputSerializer(many=True, required=False)
    funding = FundingInputSerializer(many=True, required=False)
    outputs = OutputInputSerializer(many=True, required=False)


def _rows(data: dict[str, Any], name: str) -> list[dict[str, Any]] | None:
    if name not in data:
        return None
    return [dict(row) for row in data.pop(name)]


# ---------------------------------------------------------------- viewsets
class _RecordViewSet(viewsets.ModelViewSet[Any]):
    output_serializer: Any
    input_serializer: Any

    def _output(self, record: Any, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().filter(pk=record.pk).first() or record
        return Response(
            self.output_serializer(fresh, context=self.get_serializer_context()).data,
            status=status_code,
        )

    def _input(self, request: Request, partial: bool = False) -> dict[str, Any]:
        serializer = self.input_serializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


@crud_schema(ProgrammeInputSerializer, ProgrammeSerializer)
class ProgrammeViewSet(_RecordViewSet):
    """Programmes the client may see, with their budget lines. Writes follow the web
    pages' rules: one the client cannot see answers 404, one it sees but may not change
    answers 403. A programme that still has projects cannot be deleted (400)."""

    queryset = Programme.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = ProgrammeSerializer
    output_serializer = ProgrammeSerializer
    input_serializer = ProgrammeInputSerializer
    filterset_class = ProgrammeFilterSet
    ordering_fields = (
        "code",
        "name_en",
        "name_zh_hans",
        "start_date",
        "created",
        "last_updated",
        "id",
    )
    ordering = ("code", "id")

    def get_queryset(self) -> Any:
        return programme_list(actor=self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._input(request)
        lines = _rows(data, "budget_lines")
        programme = programme_create(actor=request.user, budget_lines=lines, **data)
        return self._output(programme, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        programme = self.get_object()
        data = self._input(request, partial)
        lines = _rows(data, "budget_lines")
        shared_with = data.pop("shared_with", None)
        programme = programme_update(
            actor=request.user,
            programme=programme,
            shared_with=shared_with,
            budget_lines=lines,
            **data,
        )
        return self._output(programme)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        programme_delete(actor=request.user, programme=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@crud_schema(ProjectInputSerializer, ProjectSerializer)
class ProjectViewSet(_RecordViewSet):
    """Projects the client may see, with participants, funding and outputs. Writes
    follow the web pages' rules: one the client cannot see answers 404, one it sees but
    may not change answers 403."""

    queryset = Project.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = ProjectSerializer
    output_serializer = ProjectSerializer
    input_serializer = ProjectInputSerializer
    filterset_class = ProjectFilterSet
    ordering_fields = ("code", "acronym", "start_date", "end_date", "created", "last_updated", "id")
    ordering = ("-start_date", "id")

    def get_queryset(self) -> Any:
        return project_list(actor=self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._input(request)
        project = project_create(
            actor=request.user,
            participations=_rows(data, "participations"),
            funding=_rows(data, "funding"),
            outputs=_rows(data, "outputs"),
            **data,
        )
        return self._output(project, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        project = self.get_object()
        data = self._input(request, partial)
        participations = _rows(data, "participations")
        funding = _rows(data, "funding")
        outputs = _rows(data, "outputs")
        shared_with = data.pop("shared_with", None)
        project = project_update(
            actor=request.user,
            project=project,
            shared_with=shared_with,
            participations=participations,
            funding=funding,
            outputs=outputs,
            **data,
        )
        return self._output(project)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        project_delete(actor=request.user, project=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router: BaseRouter) -> None:
    """Add the programme and project endpoints to the API router."""
    router.register("programmes", ProgrammeViewSet, basename="programme")
    router.register("projects", ProjectViewSet, basename="project")
