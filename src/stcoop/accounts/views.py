"""Pages for signing in, the user's own profile, organisation units and user accounts.

Views stay thin: they check that the viewer may open the page, hand valid form data to
:mod:`stcoop.accounts.services` and show its :class:`ValidationError` on the form. A
:class:`PermissionDenied` from a service becomes the 403 page.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from stcoop.accounts import selectors, services
from stcoop.accounts.filtersets import UserFilterSet
from stcoop.accounts.forms import (
    LanguageForm,
    UnitCreateForm,
    UnitEditForm,
    UnitMoveForm,
    UserCreateForm,
    UserEditForm,
    add_service_errors,
)
from stcoop.accounts.models import OrganisationUnit, User
from stcoop.accounts.tables import UserTable
from stcoop.core.permissions import Action, can, role_of
from stcoop.core.views.lists import RecordListView


def _account(request: HttpRequest) -> User:
    """The signed-in user as a plain model instance (``request.user`` is a lazy proxy,
    which the change log cannot name)."""
    pk: Any = request.user.pk
    return User.objects.select_related("unit").get(pk=pk)


def _remember_language(response: HttpResponse, language: str) -> HttpResponse:
    """Set the language cookie, so the choice outlives the session (and signing out)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


# ------------------------------------------------------------------ signing in and out
class LoginView(auth_views.LoginView):
    """Sign in; a signed-in visitor is sent on. Wrong credentials re-show the form (200)."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        with translation.override(user.language or None):
            messages.success(
                self.request, _("Welcome, {name}. You are signed in.").format(name=user)
            )
        return _remember_language(response, user.language) if user.language else response


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only, as Django requires) and say so."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have signed out."))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language: the cookie for everyone, the profile when signed in.

    Takes ``language`` and ``next`` like Django's ``set_language``; ``next`` must stay on
    this site, and only the platform's languages are accepted.
    """
    code = request.POST.get("language", "")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if code not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated and getattr(request.user, "language", code) != code:
        user = _account(request)
        services.user_set_language(actor=user, user=user, language=code)
    return _remember_language(response, code)


class ProfileView(LoginRequiredMixin, FormView[Any]):
    """The signed-in user's own account: role, unit and language preference."""

    template_name = "accounts/profile.html"
    form_class = LanguageForm

    def get_initial(self) -> dict[str, Any]:
        return {"language": getattr(self.request.user, "language", "")}

    def form_valid(self, form: LanguageForm) -> HttpResponse:
        language = form.cleaned_data["language"]
        user = _account(self.request)
        services.user_set_language(actor=user, user=user, language=language)
        with translation.override(language):
            messages.success(self.request, _("Your language preference has been saved."))
        return _remember_language(HttpResponseRedirect(reverse("accounts:profile")), language)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return super().get_context_data(
            profile=user,
            may_manage_users=selectors.user_may_manage_users(user),
            **kwargs,
        )


# ------------------------------------------------------------------ organisation units
def _unit_or_404(pk: int) -> OrganisationUnit:
    return get_object_or_404(OrganisationUnit, pk=pk)


def _may_move(actor: Any, unit: OrganisationUnit) -> bool:
    """Whether ``actor`` may change ``unit`` and has somewhere to move it."""
    if not can(actor, Action.CHANGE, unit):
        return False
    if role_of(actor) == "platform_admin":
        return True
    targets = selectors.units_manageable_by(actor).exclude(path__startswith=unit.path)
    return targets.exists()


class UnitListView(LoginRequiredMixin, TemplateView):
    """Every organisation unit as an indented tree with kind and member count."""

    template_name = "accounts/unit_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        units = selectors.unit_tree()
        return super().get_context_data(
            units=units,
            may_add=selectors.units_manageable_by(self.request.user).exists()
            or role_of(self.request.user) == "platform_admin",
            **kwargs,
        )


class UnitDetailView(LoginRequiredMixin, TemplateView):
    """One unit: where it sits, the units below it and, for administrators, its members."""

    template_name = "accounts/unit_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        unit = _unit_or_404(self.kwargs["pk"])
        actor = self.request.user
        return super().get_context_data(
            unit=unit,
            ancestors=unit.ancestors(),
            children=selectors.unit_children(unit),
            members=selectors.unit_members(actor=actor, unit=unit).select_related("unit"),
            may_change=can(actor, Action.CHANGE, unit),
            may_add_child=can(actor, Action.ADD, OrganisationUnit, owner_unit=unit),
            may_add_user=can(actor, Action.ADD, User, owner_unit=unit),
            may_move=_may_move(actor, unit),
            **kwargs,
        )


class _ServiceFormView(LoginRequiredMixin, FormView[Any]):
    """A form page whose valid data goes to one service call."""

    error_field_names: dict[str, str] = {}
    success_message: Any = ""

    def call_service(self, form: Any) -> Any:
        raise NotImplementedError

    def success_url_for(self, result: Any) -> str:
        raise NotImplementedError

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            result = self.call_service(form)
        except ValidationError as error:
            add_service_errors(form, error, self.error_field_names)
            return self.form_invalid(form)
        messages.success(self.request, str(self.success_message).format(record=result))
        return redirect(self.success_url_for(result))


class UnitCreateView(_ServiceFormView):
    template_name = "accounts/unit_form.html"
    form_class = UnitCreateForm
    success_message = gettext_lazy("Unit “{record}” created.")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not (
            role_of(request.user) == "platform_admin"
            or selectors.units_manageable_by(request.user).exists()
        ):
            raise PermissionDenied(_("You may not add organisation units."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "actor": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        parent = self.request.GET.get("parent", "")
        return {"parent": int(parent)} if parent.isdigit() else {}

    def call_service(self, form: UnitCreateForm) -> OrganisationUnit:
        return services.unit_create(actor=self.request.user, **form.cleaned_data)

    def success_url_for(self, result: OrganisationUnit) -> str:
        return reverse("accounts:unit_detail", args=[result.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(title=_("Add an organisation unit"), **kwargs)


class _UnitChangeView(_ServiceFormView):
    template_name = "accounts/unit_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.unit = _unit_or_404(kwargs["pk"])
        if not can(request.user, Action.CHANGE, self.unit):
            raise PermissionDenied(_("You may not change this organisation unit."))
        return super().dispatch(request, *args, **kwargs)

    def success_url_for(self, result: OrganisationUnit) -> str:
        return reverse("accounts:unit_detail", args=[result.pk])


class UnitEditView(_UnitChangeView):
    form_class = UnitEditForm
    success_message = gettext_lazy("Unit “{record}” saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": self.unit}

    def call_service(self, form: UnitEditForm) -> OrganisationUnit:
        return services.unit_update(actor=self.request.user, unit=self.unit, **form.cleaned_data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        title = _("Edit “{name}”").format(name=self.unit)
        return super().get_context_data(title=title, unit=self.unit, **kwargs)


class UnitMoveView(_UnitChangeView):
    form_class = UnitMoveForm
    error_field_names = {"parent": "new_parent"}
    success_message = gettext_lazy("Unit “{record}” moved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "actor": self.request.user, "unit": self.unit}

    def call_service(self, form: UnitMoveForm) -> OrganisationUnit:
        return services.unit_move(
            actor=self.request.user, unit=self.unit, new_parent=form.cleaned_data["new_parent"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        title = _("Move “{name}”").format(name=self.unit)
        return super().get_context_data(title=title, unit=self.unit, moving=True, **kwargs)


# ------------------------------------------------------------------ user accounts
class _UserManagerMixin(LoginRequiredMixin):
    """Only for those who administer user accounts."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not selectors.user_may_manage_users(request.user):
            raise PermissionDenied(_("Only administrators manage user accounts."))
        return super().dispatch(request, *args, **kwargs)


class UserListView(_UserManagerMixin, RecordListView):
    """The accounts the viewer may see, with search, filters and export."""

    model = User
    filterset_class = UserFilterSet
    table_class = UserTable
    title = gettext_lazy("Users")
    help_text = gettext_lazy("Accounts in the units you administer.")
    add_url = reverse_lazy("accounts:user_create")  # type: ignore[assignment]

    def get_queryset(self) -> Any:
        return selectors.users_visible(self.request.user)

    def may_add(self) -> bool:
        return True


class UserCreateView(_UserManagerMixin, _ServiceFormView):
    template_name = "accounts/user_form.html"
    form_class = UserCreateForm
    success_message = gettext_lazy("Account “{record}” created.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "actor": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        unit = self.request.GET.get("unit", "")
        return {"unit": int(unit)} if unit.isdigit() else {}

    def call_service(self, form: UserCreateForm) -> User:
        data = form.cleaned_data
        return services.user_create(
            actor=self.request.user,
            username=data["username"],
            password=data["password1"],
            role=data["role"],
            unit=data["unit"],
            email=data["email"],
            display_name=data["display_name"],
            language=data["language"],
        )

    def success_url_for(self, result: User) -> str:
        return reverse("accounts:user_edit", args=[result.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(title=_("Add a user account"), **kwargs)


class _ManagedUserMixin(_UserManagerMixin):
    """Loads the account from the URL; the viewer must administer it (or be it)."""

    allow_self = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.target = get_object_or_404(User.objects.select_related("unit"), pk=kwargs["pk"])
        is_self = self.target.pk == request.user.pk
        if not (is_self and self.allow_self) and not selectors.user_may_manage(
            request.user, self.target
        ):
            raise PermissionDenied(_("You may not change this account."))
        return super().dispatch(request, *args, **kwargs)


class UserEditView(_ManagedUserMixin, _ServiceFormView):
    template_name = "accounts/user_form.html"
    form_class = UserEditForm
    success_message = gettext_lazy("Account “{record}” saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "actor": self.request.user, "instance": self.target}

    def call_service(self, form: UserEditForm) -> User:
        fields = {name: form.cleaned_data[name] for name in form.fields}
        if self.target.pk == self.request.user.pk:
            for name in ("role", "unit", "is_active"):
                fields.pop(name, None)
        return services.user_update(actor=self.request.user, user=self.target, **fields)

    def success_url_for(self, result: User) -> str:
        return reverse("accounts:user_edit", args=[result.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=_("Account “{name}”").format(name=self.target.username),
            target=self.target,
            may_reset_password=self.target.pk != self.request.user.pk,
            **kwargs,
        )


class UserPasswordView(_ManagedUserMixin, _ServiceFormView):
    """An administrator sets a new password for someone else's account."""

    template_name = "accounts/user_password.html"
    form_class = SetPasswordForm
    allow_self = False
    success_message = gettext_lazy("The password of “{record}” has been reset.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.target}

    def call_service(self, form: SetPasswordForm[User]) -> User:
        return services.user_set_password(
            actor=self.request.user, user=self.target, password=form.cleaned_data["new_password1"]
        )

    def success_url_for(self, result: User) -> str:
        return reverse("accounts:user_edit", args=[result.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=_("Reset the password of “{name}”").format(name=self.target.username),
            target=self.target,
            **kwargs,
        )
