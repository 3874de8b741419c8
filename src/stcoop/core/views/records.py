"""Declarative add, edit and delete pages for records and for the rows they hold.

A domain app declares, once per kind of record, a subclass of :class:`RecordMixin`
naming the record (``"agreement"``: the template's context name and the keyword its
form and services take), its selector and the refusals; its pages then subclass that
and one of the views here, naming the form, template, title, service and message.

The rules are those of every registry page: signing in is required; a record the viewer
may not see answers 404, like one that does not exist (the selector raises it); one it
sees but may not change (or delete) answers 403; a form with errors answers 400; a
service that refuses with a :class:`~django.core.exceptions.ValidationError` puts its
messages on the form; a saved change adds a success message and redirects.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View

from stcoop.core.permissions import Action, can


def render_form(
    request: HttpRequest, template: str, form: Form, title: Any, **context: Any
) -> HttpResponse:
    """The form page: 400 when the submitted form has errors, 200 otherwise."""
    return render(
        request,
        template,
        {"form": form, "title": title, **context},
        status=400 if form.is_bound else 200,
    )


class RecordMixin(LoginRequiredMixin, View):
    """One kind of record as its changing pages reach it.

    Attributes:
        record_name: context name of the record, and the keyword its form and services
            take it by.
        selector: ``selector(actor=, pk=)``: the record, or 404 when the viewer may not
            see it.
        may_not_change: the 403 message when the viewer may not change it.
        may_not_delete: the 403 message when the viewer may not delete it.
        detail_url: name of the record's page (it takes the record's pk).
        action: what the page does to the record, checked by :meth:`get_record`.

    The other attributes are those of the pages below, declared here so that a mixin
    for one kind of record may set those its pages share (say the form and template).
    """

    record_name: ClassVar[str]
    selector: ClassVar[Callable[..., Any]]
    may_not_change: ClassVar[Any]
    may_not_delete: ClassVar[Any] = ""
    detail_url: ClassVar[str]
    action: ClassVar[Action] = Action.CHANGE
    form_class: ClassVar[type[Any]]
    #: whether the form takes the viewer as ``actor``
    form_takes_actor: ClassVar[bool] = True
    template_name: ClassVar[str]
    title: ClassVar[Any] = ""
    service: ClassVar[Callable[..., Any]]
    success_message: ClassVar[Any]
    child_model: ClassVar[type[Model]]
    child_name: ClassVar[str]
    child_pk: ClassVar[str]

    def get_record(self, pk: int, action: Action | None = None) -> Any:
        """The record ``pk``: 404 if the viewer may not see it, 403 if it may not act."""
        action = action or self.action
        record = self.selector(actor=self.request.user, pk=pk)
        if not can(self.request.user, action, record):
            refusal = self.may_not_delete if action == Action.DELETE else self.may_not_change
            raise PermissionDenied(str(refusal))
        return record

    def record_context(self, record: Any) -> dict[str, Any]:
        """What the templates get besides the form and title: the record by its name."""
        return {self.record_name: record}

    def redirect_to_record(self, pk: int) -> HttpResponseRedirect:
        """Back to the record's page."""
        return HttpResponseRedirect(reverse(self.detail_url, args=[pk]))


class _FormPage(RecordMixin):
    """A form whose valid data goes to a service; shared by every form page here."""

    def form_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of the form besides the submitted data."""
        return {"actor": self.request.user} if self.form_takes_actor else {}

    def get_form(self, *args: Any, **kwargs: Any) -> Any:
        """The form, unbound or bound to ``request.POST``; override to drop fields."""
        return self.form_class(*args, **self.form_kwargs(), **kwargs)

    def service_data(self, form: Any) -> dict[str, Any]:
        """What the service gets from a valid form."""
        return dict(form.cleaned_data)

    def get_success_message(self, result: Any) -> str:
        """The message after the service ran; ``result`` is what it returned."""
        return str(self.success_message)

    def render_page(self, form: Form, record: Any) -> HttpResponse:
        return render_form(
            self.request, self.template_name, form, self.title, **self.record_context(record)
        )

    def submit(self, form: Any, record: Any, **target: Any) -> HttpResponse:
        """Run the service on a valid form; redirect, or show the form with its errors."""
        if form.is_valid():
            try:
                result = self.service(actor=self.request.user, **target, **self.service_data(form))
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(self.request, self.get_success_message(result))
                return self.redirect_to_record(record.pk if record is not None else result.pk)
        return self.render_page(form, record)


class RecordCreateView(_FormPage):
    """Add a record for one of the units the viewer may add for.

    Attributes:
        may_add: ``may_add(actor)``: whether the viewer may add for at least one unit.
        may_not_add: the 403 message otherwise.
        initial: the form's starting values; the viewer's unit is the owner.
    """

    may_add: ClassVar[Callable[..., bool]]
    may_not_add: ClassVar[Any]
    initial: ClassVar[dict[str, Any]] = {}

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not self.may_add(request.user):
            raise PermissionDenied(str(self.may_not_add))
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        """The form's starting values; override to read query parameters."""
        return {**self.initial, "owner_unit": getattr(self.request.user, "unit_id", None)}

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(self.get_form(initial=self.get_initial()), None)

    def post(self, request: HttpRequest) -> HttpResponse:
        return self.submit(self.get_form(request.POST), None)


class RecordEditView(_FormPage):
    """Change a record the viewer may change; the form gets it by ``record_name``."""

    def form_kwargs(self) -> dict[str, Any]:
        return {**super().form_kwargs(), self.record_name: self.record}

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.record = self.get_record(pk)
        return self.render_page(self.get_form(), self.record)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.record = self.get_record(pk)
        form = self.get_form(request.POST)
        return self.submit(form, self.record, **{self.record_name: self.record})


class RecordDeleteView(RecordMixin):
    """Ask, then delete a record the viewer may delete, and go back to the list."""

    action = Action.DELETE
    list_url: ClassVar[str]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = self.get_record(pk)
        return render(request, self.template_name, self.record_context(record))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = self.get_record(pk)
        self.service(actor=request.user, **{self.record_name: record})
        messages.success(request, str(self.success_message))
        return HttpResponseRedirect(reverse(self.list_url))


class ChildMixin(RecordMixin):
    """A row held by a record (a session of a mechanism): found within that record.

    Attributes:
        child_model: the row's model; its foreign key to the record is ``record_name``.
        child_name: the keyword the row's form and services take it by.
        child_pk: the URL keyword of the row's pk.
    """

    def get_child(self, pk: int) -> tuple[Any, Any]:
        """The record (which the viewer must be allowed to change) and its row (or 404)."""
        record = self.get_record(pk)
        child = get_object_or_404(
            self.child_model, pk=self.kwargs[self.child_pk], **{self.record_name: record}
        )
        setattr(child, self.record_name, record)
        return record, child


class ChildAddView(ChildMixin, _FormPage):
    """Add a row to a record the viewer may change."""

    def get_initial(self, record: Any) -> dict[str, Any]:
        """The form's starting values."""
        return {}

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = self.get_record(pk)
        initial = self.get_initial(record)
        form = self.get_form(**({"initial": initial} if initial else {}))
        return self.render_page(form, record)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = self.get_record(pk)
        return self.submit(self.get_form(request.POST), record, **{self.record_name: record})


class ChildEditView(ChildMixin, _FormPage):
    """Change a row of a record the viewer may change."""

    def get(self, request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        record, child = self.get_child(pk)
        return self.render_page(self.get_form(**{self.child_name: child}), record)

    def post(self, request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        record, child = self.get_child(pk)
        form = self.get_form(request.POST, **{self.child_name: child})
        return self.submit(form, record, **{self.child_name: child})


class ChildRemoveView(ChildMixin):
    """Remove a row entered by mistake (POST only) and go back to the record."""

    def post(self, request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        record, child = self.get_child(pk)
        self.service(actor=request.user, **{self.child_name: child})
        messages.success(request, str(self.success_message))
        return self.redirect_to_record(record.pk)
