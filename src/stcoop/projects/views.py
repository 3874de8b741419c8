"""Programme and project pages: lists, details, add, edit, delete, and the child rows
(budget lines of a programme; participants, funding and outputs of a project).

Thin: reads via selectors, writes via services. A record the viewer may not see answers
404, like one that does not exist; one it sees but may not change answers 403 on the
pages that change it. Child rows are changed with the right to change their parent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.permissions import Action, can, owner_units
from stcoop.core.views.lists import RecordListView
from stcoop.projects.filtersets import ProgrammeFilterSet, ProjectFilterSet
from stcoop.projects.forms import (
    BudgetLineForm,
    FundingForm,
    OutputForm,
    ParticipationForm,
    ProgrammeForm,
    ProjectForm,
    child_initial,
)
from stcoop.projects.models import BudgetLine, Output, Participation, Programme, Project
from stcoop.projects.models import ProjectFunding as Funding
from stcoop.projects.selectors import (
    outputs_by_kind,
    programme_children,
    programme_get,
    programme_list,
    project_get,
    project_list,
    totals_by_source,
    visible_organisation_ids,
)
from stcoop.projects.services import (
    budget_line_add,
    budget_line_remove,
    budget_line_update,
    programme_create,
    programme_delete,
    programme_update,
    project_child_add,
    project_child_remove,
    project_child_update,
    project_create,
    project_delete,
    project_update,
)
from stcoop.projects.tables import ProgrammeTable, ProjectTable

PROJECTS_PER_PAGE = 20


def may_add_records(actor: Any) -> bool:
    """Whether ``actor`` may add a programme or project for at least one unit."""
    return owner_units(actor, OrganisationUnit.objects.all()).exists()


def _shared_with(record: Any) -> list[Any]:
    return list(record.shared_with.all()) if record.visibility == Visibility.SHARED else []


# ---------------------------------------------------------------- lists
class ProjectListView(RecordListView):
    """Projects the viewer may see, with filters, sorting, columns and export."""

    model = Project
    filterset_class = ProjectFilterSet
    table_class = ProjectTable
    title = gettext_lazy("Projects")
    help_text = gettext_lazy(
        "Cooperation projects with their participants, funding by source and outputs. "
        "Filter by programme (sub-programmes included), participant country or "
        "organisation, discipline or start year."
    )
    empty_text = gettext_lazy("No projects match these filters.")
    add_url = reverse_lazy("projects:add")  # type: ignore[assignment]
    import_spec = "projects"
    default_columns = (
        "title",
        "code",
        "programme",
        "status",
        "coordinator",
        "countries",
        "start_date",
    )

    def get_queryset(self) -> QuerySet[Project]:
        return project_list(actor=self.request.user)

    def may_add(self) -> bool:
        return may_add_records(self.request.user)


class ProgrammeListView(RecordListView):
    """Programmes the viewer may see, with filters, sorting, columns and export."""

    model = Programme
    filterset_class = ProgrammeFilterSet
    table_class = ProgrammeTable
    title = gettext_lazy("Programmes")
    help_text = gettext_lazy(
        "Funding programmes and calls, national and international, with their budget by "
        "source and their sub-programmes."
    )
    empty_text = gettext_lazy("No programmes match these filters.")
    add_url = reverse_lazy("projects:programme_add")  # type: ignore[assignment]
    import_spec = "programmes"
    default_columns = ("name", "code", "framework", "parent", "status", "budget")

    def get_queryset(self) -> QuerySet[Programme]:
        return programme_list(actor=self.request.user)

    def may_add(self) -> bool:
        return may_add_records(self.request.user)


# ---------------------------------------------------------------- details
class ProjectDetailView(View):
    """One project: titles, abstract, participants, funding by source, outputs by kind."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = project_get(actor=request.user, pk=pk)
        participations = list(project.participations.all())
        funding = list(project.funding.all())
        programme = project.programme
        if programme is not None and not can(request.user, Action.VIEW, programme):
            programme = None
        organisation_ids = {
            pk
            for pk in [p.organisation_id for p in participations] + [f.funder_id for f in funding]
            if pk is not None
        }
        participant_totals: dict[str, Any] = {}
        for participation in participations:
            if participation.funding_amount is not None:
                currency = participation.currency
                participant_totals[currency] = (
                    participant_totals.get(currency, 0) + participation.funding_amount
                )
        context = {
            "project": project,
            "programme": programme,
            "participations": participations,
            "participant_totals": dict(sorted(participant_totals.items())),
            "visible_organisations": visible_organisation_ids(
                actor=request.user, ids=organisation_ids
            ),
            "funding": funding,
            "funding_totals": totals_by_source(funding),
            "output_groups": outputs_by_kind(project.outputs.all()),
            "shared_with": _shared_with(project),
            "may_change": can(request.user, Action.CHANGE, project),
            "may_delete": can(request.user, Action.DELETE, project),
        }
        return render(request, "projects/project_detail.html", context)


class ProgrammeDetailView(View):
    """One programme: budget by source, sub-programmes and its projects (paginated)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        programme = programme_get(actor=request.user, pk=pk)
        parent = programme.parent
        if parent is not None and not can(request.user, Action.VIEW, parent):
            parent = None
        funder = programme.funder
        if funder is not None and not can(request.user, Action.VIEW, funder):
            funder = None
        lines = list(programme.budget_lines.all())
        projects = project_list(actor=request.user).filter(programme=programme)
        page = Paginator(projects, PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
        context = {
            "programme": programme,
            "parent": parent,
            "funder": funder,
            "budget_lines": lines,
            "budget_totals": totals_by_source(lines),
            "children": list(programme_children(actor=request.user, programme=programme)),
            "page_obj": page,
            "all_projects_url": reverse("projects:list") + f"?programme={programme.pk}",
            "shared_with": _shared_with(programme),
            "may_change": can(request.user, Action.CHANGE, programme),
            "may_delete": can(request.user, Action.DELETE, programme),
        }
        return render(request, "projects/programme_detail.html", context)


# ---------------------------------------------------------------- add / edit / delete
@dataclass(frozen=True)
class _Kind:
    """What differs between the programme and the project pages."""

    model: type[Programme] | type[Project]
    form: type[ProgrammeForm] | type[ProjectForm]
    form_arg: str
    get: Any
    create: Any
    update: Any
    delete: Any
    list_name: str
    detail_name: str
    list_title: Any
    add_title: Any
    edit_title: Any
    delete_title: Any
    added: Any
    saved: Any
    deleted: Any
    may_not_change: Any
    may_not_delete: Any
    intro: Any


PROJECT = _Kind(
    model=Project,
    form=ProjectForm,
    form_arg="project",
    get=project_get,
    create=project_create,
    update=project_update,
    delete=project_delete,
    list_name="projects:list",
    detail_name="projects:detail",
    list_title=gettext_lazy("Projects"),
    add_title=gettext_lazy("Add a project"),
    edit_title=gettext_lazy("Edit project"),
    delete_title=gettext_lazy("Delete project"),
    added=gettext_lazy("The project was added."),
    saved=gettext_lazy("The project was saved."),
    deleted=gettext_lazy("The project was deleted."),
    may_not_change=gettext_lazy("You may not change this project."),
    may_not_delete=gettext_lazy("You may not delete this project."),
    intro=gettext_lazy(
        "Give the title in Chinese, in English or in both. Participants, funding and "
        "outputs are added on the project's page."
    ),
)
PROGRAMME = _Kind(
    model=Programme,
    form=ProgrammeForm,
    form_arg="programme",
    get=programme_get,
    create=programme_create,
    update=programme_update,
    delete=programme_delete,
    list_name="projects:programme_list",
    detail_name="projects:programme_detail",
    list_title=gettext_lazy("Programmes"),
    add_title=gettext_lazy("Add a programme"),
    edit_title=gettext_lazy("Edit programme"),
    delete_title=gettext_lazy("Delete programme"),
    added=gettext_lazy("The programme was added."),
    saved=gettext_lazy("The programme was saved."),
    deleted=gettext_lazy("The programme was deleted."),
    may_not_change=gettext_lazy("You may not change this programme."),
    may_not_delete=gettext_lazy("You may not delete this programme."),
    intro=gettext_lazy(
        "Give the name in Chinese, in English or in both. Budget lines are added on the "
        "programme's page."
    ),
)


def _changeable(kind: _Kind, request: HttpRequest, pk: int, action: Action = Action.CHANGE) -> Any:
    record = kind.get(actor=request.user, pk=pk)
    if not can(request.user, action, record):
        raise PermissionDenied(
            str(kind.may_not_delete if action == Action.DELETE else kind.may_not_change)
        )
    return record


class _RecordFormView(LoginRequiredMixin, View):
    kind: _Kind = PROJECT

    def render_form(
        self, request: HttpRequest, form: forms.Form, record: Any, title: Any
    ) -> HttpResponse:
        return render(
            request,
            "projects/form.html",
            {
                "form": form,
                "record": record,
                "record_url": reverse(self.kind.detail_name, args=[record.pk]) if record else "",
                "list_url": reverse(self.kind.list_name),
                "list_title": self.kind.list_title,
                "title": title,
                "intro": self.kind.intro,
            },
            status=400 if form.is_bound else 200,
        )


class RecordCreateView(_RecordFormView):
    """Add a programme or project for one of the units the viewer may add for."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not may_add_records(request.user):
            raise PermissionDenied(_("You may not add records for any unit."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        initial: dict[str, Any] = {
            "visibility": Visibility.INTERNAL,
            "owner_unit": getattr(request.user, "unit_id", None),
            "status": self.kind.model._meta.get_field("status").default,
        }
        if self.kind is PROJECT and request.GET.get("programme", "").isdigit():
            initial["programme"] = int(request.GET["programme"])
        if self.kind is PROGRAMME and request.GET.get("parent", "").isdigit():
            initial["parent"] = int(request.GET["parent"])
        form = self.kind.form(actor=request.user, initial=initial)
        return self.render_form(request, form, None, self.kind.add_title)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self.kind.form(request.POST, actor=request.user)
        if form.is_valid():
            try:
                record = self.kind.create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, str(self.kind.added))
                return HttpResponseRedirect(reverse(self.kind.detail_name, args=[record.pk]))
        return self.render_form(request, form, None, self.kind.add_title)


class RecordEditView(_RecordFormView):
    """Change a programme or project the viewer may change."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = _changeable(self.kind, request, pk)
        form = self.kind.form(actor=request.user, **{self.kind.form_arg: record})
        return self.render_form(request, form, record, self.kind.edit_title)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = _changeable(self.kind, request, pk)
        form = self.kind.form(request.POST, actor=request.user, **{self.kind.form_arg: record})
        if form.is_valid():
            data = dict(form.cleaned_data)
            shared_with = data.pop("shared_with")
            try:
                self.kind.update(
                    actor=request.user,
                    shared_with=shared_with,
                    **{self.kind.form_arg: record},
                    **data,
                )
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, str(self.kind.saved))
                return HttpResponseRedirect(reverse(self.kind.detail_name, args=[record.pk]))
        return self.render_form(request, form, record, self.kind.edit_title)


class RecordDeleteView(LoginRequiredMixin, View):
    """Ask, then delete a programme or project the viewer may delete."""

    kind: _Kind = PROJECT

    def _render(self, request: HttpRequest, record: Any, blocker: str = "") -> HttpResponse:
        if self.kind is PROJECT:
            question = _(
                "Delete “{name}” with its participants, funding and outputs? Its history is kept."
            ).format(name=record)
        else:
            question = _(
                "Delete “{name}” with its budget lines? Its sub-programmes are kept. "
                "Its history is kept."
            ).format(name=record)
        return render(
            request,
            "projects/confirm_delete.html",
            {
                "title": self.kind.delete_title,
                "question": question,
                "blocker": blocker,
                "record_url": reverse(self.kind.detail_name, args=[record.pk]),
            },
            status=400 if blocker and request.method == "POST" else 200,
        )

    def _blocker(self, record: Any) -> str:
        if self.kind is PROGRAMME:
            count = Project.objects.filter(programme=record).count()
            if count:
                return _(
                    "{count} project(s) belong to this programme; move or delete them first."
                ).format(count=count)
        return ""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = _changeable(self.kind, request, pk, Action.DELETE)
        return self._render(request, record, self._blocker(record))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = _changeable(self.kind, request, pk, Action.DELETE)
        try:
            self.kind.delete(actor=request.user, **{self.kind.form_arg: record})
        except ValidationError as error:
            return self._render(request, record, " ".join(error.messages))
        messages.success(request, str(self.kind.deleted))
        return HttpResponseRedirect(reverse(self.kind.list_name))


# ---------------------------------------------------------------- child rows
@dataclass(frozen=True)
class _Child:
    """A kind of child row: its model, form, relation and labels."""

    model: type[Any]
    form: type[forms.Form]
    relation: str
    add_title: Any
    edit_title: Any
    added: Any
    saved: Any
    removed: Any
    needs_actor: bool = False


CHILDREN: dict[str, _Child] = {
    "participants": _Child(
        Participation,
        ParticipationForm,
        "participations",
        gettext_lazy("Add a participant"),
        gettext_lazy("Edit participant"),
        gettext_lazy("The participant was added."),
        gettext_lazy("The participant was saved."),
        gettext_lazy("The participant was removed."),
        needs_actor=True,
    ),
    "funding": _Child(
        Funding,
        FundingForm,
        "funding",
        gettext_lazy("Add funding"),
        gettext_lazy("Edit funding"),
        gettext_lazy("The funding was added."),
        gettext_lazy("The funding was saved."),
        gettext_lazy("The funding was removed."),
        needs_actor=True,
    ),
    "outputs": _Child(
        Output,
        OutputForm,
        "outputs",
        gettext_lazy("Add an output"),
        gettext_lazy("Edit output"),
        gettext_lazy("The output was added."),
        gettext_lazy("The output was saved."),
        gettext_lazy("The output was removed."),
    ),
    "budget": _Child(
        BudgetLine,
        BudgetLineForm,
        "budget_lines",
        gettext_lazy("Add a budget line"),
        gettext_lazy("Edit budget line"),
        gettext_lazy("The budget line was added."),
        gettext_lazy("The budget line was saved."),
        gettext_lazy("The budget line was removed."),
    ),
}


class ChildView(LoginRequiredMixin, View):
    """Add (no ``child_pk``), change or remove one child row of a record the viewer may
    change: ``kind`` is ``participants``, ``funding`` or ``outputs`` of a project, or
    ``budget`` of a programme."""

    def _setup(self, request: HttpRequest, pk: int, kind: str) -> tuple[_Child, _Kind, Any]:
        child = CHILDREN.get(kind)
        if child is None:
            raise Http404
        parent_kind = PROGRAMME if kind == "budget" else PROJECT
        return child, parent_kind, _changeable(parent_kind, request, pk)

    def _form(self, child: _Child, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if child.needs_actor:
            kwargs["actor"] = request.user
        return child.form(*args, **kwargs)

    def _render(
        self,
        request: HttpRequest,
        parent_kind: _Kind,
        parent: Any,
        form: forms.Form,
        title: Any,
    ) -> HttpResponse:
        return render(
            request,
            "projects/form.html",
            {
                "form": form,
                "record": parent,
                "record_url": reverse(parent_kind.detail_name, args=[parent.pk]),
                "list_url": reverse(parent_kind.list_name),
                "list_title": parent_kind.list_title,
                "title": title,
            },
            status=400 if form.is_bound else 200,
        )

    def _row(self, child: _Child, parent: Any, child_pk: int) -> Any:
        return get_object_or_404(
            child.model,
            pk=child_pk,
            **{"programme" if child.model is BudgetLine else "project": parent},
        )

    def get(
        self, request: HttpRequest, pk: int, kind: str, child_pk: int | None = None
    ) -> HttpResponse:
        child, parent_kind, parent = self._setup(request, pk, kind)
        if child_pk is None:
            return self._render(
                request, parent_kind, parent, self._form(child, request), child.add_title
            )
        row = self._row(child, parent, child_pk)
        form = self._form(child, request, initial=child_initial(row, child.form))
        return self._render(request, parent_kind, parent, form, child.edit_title)

    def post(
        self, request: HttpRequest, pk: int, kind: str, child_pk: int | None = None
    ) -> HttpResponse:
        child, parent_kind, parent = self._setup(request, pk, kind)
        row = self._row(child, parent, child_pk) if child_pk is not None else None
        form = self._form(child, request, request.POST)
        if form.is_valid():
            try:
                if row is not None:
                    if kind == "budget":
                        _budget_line_update(request.user, row, form.cleaned_data)
                    else:
                        project_child_update(request.user, row, form.cleaned_data)
                elif kind == "budget":
                    budget_line_add(actor=request.user, programme=parent, **form.cleaned_data)
                else:
                    project_child_add(request.user, parent, child.relation, form.cleaned_data)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, str(child.saved if row is not None else child.added))
                return HttpResponseRedirect(reverse(parent_kind.detail_name, args=[parent.pk]))
        title = child.edit_title if row is not None else child.add_title
        return self._render(request, parent_kind, parent, form, title)


def _budget_line_update(actor: Any, line: BudgetLine, fields: dict[str, Any]) -> None:
    budget_line_update(actor=actor, line=line, **fields)


class ChildRemoveView(LoginRequiredMixin, View):
    """Remove one child row (a post from the detail page)."""

    def post(self, request: HttpRequest, pk: int, kind: str, child_pk: int) -> HttpResponse:
        child = CHILDREN.get(kind)
        if child is None:
            raise Http404
        parent_kind = PROGRAMME if kind == "budget" else PROJECT
        parent = _changeable(parent_kind, request, pk)
        if kind == "budget":
            line = get_object_or_404(BudgetLine, pk=child_pk, programme=parent)
            budget_line_remove(actor=request.user, line=line)
        else:
            row = get_object_or_404(child.model, pk=child_pk, project=parent)
            project_child_remove(request.user, row)
        messages.success(request, str(child.removed))
        return HttpResponseRedirect(reverse(parent_kind.detail_name, args=[parent.pk]))
