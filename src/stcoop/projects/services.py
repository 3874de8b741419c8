"""Writes to programmes and projects, their budget lines, participants, funding and outputs.

Each checks the actor's permission first, runs in one transaction and records the change
(through :mod:`stcoop.core.services` and :func:`stcoop.core.changelog.log_change`).
Budget lines belong to their programme, participations, funding and outputs to their
project: changing them needs the right to change the parent, and each change is written
into the parent's history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.changelog import log_change
from stcoop.core.choices import ChangeAction, Visibility
from stcoop.core.permissions import Action, can, require
from stcoop.core.services import record_create, record_delete, record_update
from stcoop.organisations.models import Organisation
from stcoop.projects.models import (
    BudgetLine,
    Output,
    Participation,
    Programme,
    Project,
    ProjectFunding,
)

#: Fields :func:`programme_create` and :func:`programme_update` accept.
PROGRAMME_FIELDS = frozenset(
    {
        "code",
        "name_zh_hans",
        "name_en",
        "acronym",
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
        "owner_unit",
        "visibility",
    }
)

#: Fields :func:`project_create` and :func:`project_update` accept.
PROJECT_FIELDS = frozenset(
    {
        "code",
        "acronym",
        "title_zh_hans",
        "title_en",
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
        "owner_unit",
        "visibility",
    }
)

#: Fields of each child row, by model.
BUDGET_LINE_FIELDS = frozenset({"source", "year", "amount", "currency", "note"})
PARTICIPATION_FIELDS = frozenset(
    {
        "organisation",
        "name_as_given",
        "role",
        "country",
        "city",
        "funding_amount",
        "currency",
        "order",
    }
)
FUNDING_FIELDS = frozenset({"source", "funder", "year", "amount", "currency", "note"})
OUTPUT_FIELDS = frozenset(
    {
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
    }
)

#: Project child models: relation name → (model, accepted fields).
PROJECT_CHILDREN: dict[str, tuple[type[models.Model], frozenset[str]]] = {
    "participations": (Participation, PARTICIPATION_FIELDS),
    "funding": (ProjectFunding, FUNDING_FIELDS),
    "outputs": (Output, OUTPUT_FIELDS),
}


def _check_fields(fields: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise ValidationError(
            {
                name: [_("This field cannot be changed: {name}").format(name=name)]
                for name in unknown
            }
        )


def _nullable_code(fields: dict[str, Any]) -> None:
    if "code" in fields:
        fields["code"] = (fields["code"] or "").strip()


def _check_code_free(model: type[Programme | Project], code: str, pk: int | None) -> None:
    """A clear message for a code another record has (before the database refuses it)."""
    if not code:
        return
    others = model._default_manager.filter(code=code)
    if pk is not None:
        others = others.exclude(pk=pk)
    if others.exists():
        raise ValidationError(
            {"code": [_("Another record already has the code {code}.").format(code=code)]}
        )


def _check_organisation(actor: Any, organisation: Organisation | None, field: str) -> None:
    """Only an organisation the actor may see can be linked."""
    if organisation is not None and not can(actor, Action.VIEW, organisation):
        raise ValidationError({field: [_("No such organisation.")]})


def _check_programme(actor: Any, programme: Programme | None, field: str) -> None:
    if programme is not None and not can(actor, Action.VIEW, programme):
        raise ValidationError({field: [_("No such programme.")]})


# ---------------------------------------------------------------- programmes
def programme_create(
    *,
    actor: Any,
    owner_unit: OrganisationUnit,
    visibility: str = Visibility.INTERNAL,
    shared_with: Iterable[OrganisationUnit | int] = (),
    budget_lines: Sequence[Mapping[str, Any]] | None = None,
    **fields: Any,
) -> Programme:
    """Add a programme owned by ``owner_unit``; ``fields`` are any of
    :data:`PROGRAMME_FIELDS`; ``budget_lines`` (field dicts) are added with it.

    Raises:
        PermissionDenied: the actor may not add records for ``owner_unit``.
        ValidationError: a field is invalid (messages keyed by field).
    """
    _check_fields(fields, PROGRAMME_FIELDS)
    _nullable_code(fields)
    _check_code_free(Programme, fields.get("code", ""), None)
    _check_programme(actor, fields.get("parent"), "parent")
    _check_organisation(actor, fields.get("funder"), "funder")
    data = {"owner_unit": owner_unit, "visibility": visibility, **fields}
    with transaction.atomic():
        programme = record_create(
            actor=actor, model=Programme, fields=data, shared_with=shared_with
        )
        if budget_lines:
            budget_lines_replace(actor=actor, programme=programme, lines=budget_lines)
    return programme


def programme_update(
    *,
    actor: Any,
    programme: Programme,
    shared_with: Iterable[OrganisationUnit | int] | None = None,
    budget_lines: Sequence[Mapping[str, Any]] | None = None,
    **fields: Any,
) -> Programme:
    """Change some of a programme's :data:`PROGRAMME_FIELDS`; ``budget_lines``, when
    given, replace its budget lines.

    Raises:
        PermissionDenied: the actor may not change the programme, or not move it there.
        ValidationError: a field is unknown or invalid (messages keyed by field).
    """
    _check_fields(fields, PROGRAMME_FIELDS)
    require(actor, Action.CHANGE, programme)
    _nullable_code(fields)
    if "code" in fields:
        _check_code_free(Programme, fields["code"], programme.pk)
    if fields.get("parent") is not None and fields["parent"].pk != programme.parent_id:
        _check_programme(actor, fields["parent"], "parent")
    if fields.get("funder") is not None and fields["funder"].pk != programme.funder_id:
        _check_organisation(actor, fields["funder"], "funder")
    with transaction.atomic():
        programme = record_update(
            actor=actor, record=programme, fields=fields, shared_with=shared_with
        )
        if budget_lines is not None:
            budget_lines_replace(actor=actor, programme=programme, lines=budget_lines)
    return programme


def programme_delete(*, actor: Any, programme: Programme) -> None:
    """Delete a programme with its budget lines; its sub-programmes lose their parent.

    Raises:
        PermissionDenied: the actor may not delete it.
        ValidationError: projects still belong to it.
    """
    require(actor, Action.DELETE, programme)
    count = Project.objects.filter(programme=programme).count()
    if count:
        raise ValidationError(
            _("{count} project(s) belong to this programme; move or delete them first.").format(
                count=count
            )
        )
    record_delete(actor=actor, record=programme)


def _new_child(model: type[Any], parent_field: str, parent: Any, fields: Mapping[str, Any]) -> Any:
    child = model(**{parent_field: parent}, **fields)
    child.full_clean(exclude=[parent_field])
    child.save()
    return child


def _indexed(errors: ValidationError, name: str, index: int | None) -> ValidationError:
    """Key a child row's errors as ``name.index.field`` (or leave them as they are)."""
    if index is None or not hasattr(errors, "error_dict"):
        return errors
    return ValidationError(
        {f"{name}.{index}.{field}": messages for field, messages in errors.message_dict.items()}
    )


@transaction.atomic
def budget_line_add(*, actor: Any, programme: Programme, **fields: Any) -> BudgetLine:
    """Add a budget line (any of :data:`BUDGET_LINE_FIELDS`; source and amount required).

    Raises:
        PermissionDenied: the actor may not change the programme.
        ValidationError: a field is unknown or invalid.
    """
    _check_fields(fields, BUDGET_LINE_FIELDS)
    require(actor, Action.CHANGE, programme)
    before = programme.snapshot()
    line: BudgetLine = _new_child(BudgetLine, "programme", programme, fields)
    log_change(actor=actor, instance=programme, action=ChangeAction.UPDATE, before=before)
    return line


@transaction.atomic
def budget_line_update(*, actor: Any, line: BudgetLine, **fields: Any) -> BudgetLine:
    """Change a budget line (any of :data:`BUDGET_LINE_FIELDS`)."""
    _check_fields(fields, BUDGET_LINE_FIELDS)
    programme = line.programme
    require(actor, Action.CHANGE, programme)
    before = programme.snapshot()
    for key, value in fields.items():
        setattr(line, key, value)
    line.full_clean(exclude=["programme"])
    line.save()
    log_change(actor=actor, instance=programme, action=ChangeAction.UPDATE, before=before)
    return line


@transaction.atomic
def budget_line_remove(*, actor: Any, line: BudgetLine) -> None:
    """Remove a budget line from its programme."""
    programme = line.programme
    require(actor, Action.CHANGE, programme)
    before = programme.snapshot()
    line.delete()
    log_change(actor=actor, instance=programme, action=ChangeAction.UPDATE, before=before)


@transaction.atomic
def budget_lines_replace(
    *, actor: Any, programme: Programme, lines: Sequence[Mapping[str, Any]]
) -> list[BudgetLine]:
    """Replace every budget line of ``programme`` with ``lines`` (one history entry).

    Raises:
        PermissionDenied: the actor may not change the programme.
        ValidationError: a line is invalid (keyed ``budget_lines.N.field``).
    """
    require(actor, Action.CHANGE, programme)
    before = programme.snapshot()
    programme.budget_lines.all().delete()
    made = []
    for index, fields in enumerate(lines):
        _check_fields(fields, BUDGET_LINE_FIELDS)
        try:
            made.append(_new_child(BudgetLine, "programme", programme, fields))
        except ValidationError as error:
            raise _indexed(error, "budget_lines", index) from None
    log_change(actor=actor, instance=programme, action=ChangeAction.UPDATE, before=before)
    return made


# ---------------------------------------------------------------- projects
def project_create(
    *,
    actor: Any,
    owner_unit: OrganisationUnit,
    visibility: str = Visibility.INTERNAL,
    shared_with: Iterable[OrganisationUnit | int] = (),
    participations: Sequence[Mapping[str, Any]] | None = None,
    funding: Sequence[Mapping[str, Any]] | None = None,
    outputs: Sequence[Mapping[str, Any]] | None = None,
    **fields: Any,
) -> Project:
    """Add a project owned by ``owner_unit``; ``fields`` are any of :data:`PROJECT_FIELDS`;
    ``participations``, ``funding`` and ``outputs`` (field dicts) are added with it.

    Raises:
        PermissionDenied: the actor may not add records for ``owner_unit``.
        ValidationError: a field or child row is invalid (messages keyed by field).
    """
    _check_fields(fields, PROJECT_FIELDS)
    _nullable_code(fields)
    _check_code_free(Project, fields.get("code", ""), None)
    _check_programme(actor, fields.get("programme"), "programme")
    data = {"owner_unit": owner_unit, "visibility": visibility, **fields}
    with transaction.atomic():
        project = record_create(actor=actor, model=Project, fields=data, shared_with=shared_with)
        if participations or funding or outputs:
            project_children_replace(
                actor=actor,
                project=project,
                participations=participations or None,
                funding=funding or None,
                outputs=outputs or None,
            )
    return project


def project_update(
    *,
    actor: Any,
    project: Project,
    shared_with: Iterable[OrganisationUnit | int] | None = None,
    participations: Sequence[Mapping[str, Any]] | None = None,
    funding: Sequence[Mapping[str, Any]] | None = None,
    outputs: Sequence[Mapping[str, Any]] | None = None,
    **fields: Any,
) -> Project:
    """Change some of a project's :data:`PROJECT_FIELDS`; each child list given replaces
    that list.

    Raises:
        PermissionDenied: the actor may not change the project, or not move it there.
        ValidationError: a field is unknown or invalid (messages keyed by field).
    """
    _check_fields(fields, PROJECT_FIELDS)
    require(actor, Action.CHANGE, project)
    _nullable_code(fields)
    if "code" in fields:
        _check_code_free(Project, fields["code"], project.pk)
    if fields.get("programme") is not None and fields["programme"].pk != project.programme_id:
        _check_programme(actor, fields["programme"], "programme")
    with transaction.atomic():
        project = record_update(actor=actor, record=project, fields=fields, shared_with=shared_with)
        if participations is not None or funding is not None or outputs is not None:
            project_children_replace(
                actor=actor,
                project=project,
                participations=participations,
                funding=funding,
                outputs=outputs,
            )
    return project


def project_delete(*, actor: Any, project: Project) -> None:
    """Delete a project with its participants, funding and outputs; the history keeps them."""
    record_delete(actor=actor, record=project)


def _check_child(actor: Any, name: str, fields: Mapping[str, Any]) -> None:
    _check_fields(fields, PROJECT_CHILDREN[name][1])
    if name == "participations":
        _check_organisation(actor, fields.get("organisation"), "organisation")
    elif name == "funding":
        _check_organisation(actor, fields.get("funder"), "funder")


@transaction.atomic
def project_child_add(actor: Any, project: Project, name: str, fields: Mapping[str, Any]) -> Any:
    """Add one participation, funding line or output (``name`` is the relation:
    ``participations``, ``funding`` or ``outputs``).

    Raises:
        PermissionDenied: the actor may not change the project.
        ValidationError: a field is unknown or invalid, or names an organisation the
            actor may not see.
    """
    require(actor, Action.CHANGE, project)
    _check_child(actor, name, fields)
    before = project.snapshot()
    model = PROJECT_CHILDREN[name][0]
    data = dict(fields)
    if name == "participations" and "order" not in data:
        last = project.participations.aggregate(models.Max("order"))["order__max"]
        data["order"] = 0 if last is None else last + 1
    child = _new_child(model, "project", project, data)
    log_change(actor=actor, instance=project, action=ChangeAction.UPDATE, before=before)
    return child


@transaction.atomic
def project_child_update(actor: Any, child: Any, fields: Mapping[str, Any]) -> Any:
    """Change a participation, funding line or output of a project."""
    project = child.project
    require(actor, Action.CHANGE, project)
    name = next(n for n, (m, _f) in PROJECT_CHILDREN.items() if isinstance(child, m))
    _check_child(actor, name, fields)
    before = project.snapshot()
    for key, value in fields.items():
        setattr(child, key, value)
    child.full_clean(exclude=["project"])
    child.save()
    log_change(actor=actor, instance=project, action=ChangeAction.UPDATE, before=before)
    return child


@transaction.atomic
def project_child_remove(actor: Any, child: Any) -> None:
    """Remove a participation, funding line or output from its project."""
    project = child.project
    require(actor, Action.CHANGE, project)
    before = project.snapshot()
    child.delete()
    log_change(actor=actor, instance=project, action=ChangeAction.UPDATE, before=before)


@transaction.atomic
def project_children_replace(
    *,
    actor: Any,
    project: Project,
    participations: Sequence[Mapping[str, Any]] | None = None,
    funding: Sequence[Mapping[str, Any]] | None = None,
    outputs: Sequence[Mapping[str, Any]] | None = None,
) -> None:
    """Replace the lists given (``None`` leaves a list as it is), in one history entry.

    Raises:
        PermissionDenied: the actor may not change the project.
        ValidationError: a row is invalid (keyed ``participations.N.field`` and so on).
    """
    require(actor, Action.CHANGE, project)
    before = project.snapshot()
    for name, rows in (
        ("participations", participations),
        ("funding", funding),
        ("outputs", outputs),
    ):
        if rows is None:
            continue
        model = PROJECT_CHILDREN[name][0]
        model._default_manager.filter(project=project).delete()
        for index, fields in enumerate(rows):
            data = dict(fields)
            try:
                _check_child(actor, name, data)
                if name == "participations":
                    data.setdefault("order", index)
                _new_child(model, "project", project, data)
            except ValidationError as error:
                raise _indexed(error, name, index) from None
    log_change(actor=actor, instance=project, action=ChangeAction.UPDATE, before=before)
