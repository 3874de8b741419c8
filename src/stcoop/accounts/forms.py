"""Forms of the accounts pages. They validate input; the services in
:mod:`stcoop.accounts.services` do the writes and the permission checks."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import pycountry
from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.choices import Language, Role
from stcoop.accounts.models import OrganisationUnit, User
from stcoop.accounts.selectors import units_manageable_by
from stcoop.core.permissions import grantable_roles, role_of

NO_PARENT_LABEL = _("— none (top-level unit) —")
NO_UNIT_LABEL = _("— no unit (platform administrators only) —")


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, rename: Mapping[str, str] | None = None
) -> None:
    """Show a service's :class:`ValidationError` on ``form``, by field where the form has it.

    ``rename`` maps a model field name to the form field that edits it (``parent`` →
    ``new_parent``); messages for fields the form lacks become form-wide messages.
    """
    rename = rename or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = rename.get(name, name)
        if target == NON_FIELD_ERRORS or target not in form.fields:
            form.add_error(None, errors)
        else:
            form.add_error(target, errors)


def _clean_country(value: str) -> str:
    code = (value or "").strip().upper()
    if pycountry.countries.get(alpha_2=code) is None:
        raise ValidationError(
            _("“{code}” is not an ISO 3166 two-letter country code.").format(code=value)
        )
    return code


def _tree_key(unit: OrganisationUnit) -> list[int]:
    return unit.ancestor_ids()


class _TreeOrderIterator(forms.models.ModelChoiceIterator):
    """Lists units depth-first (parents before children) on every database."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for unit in sorted(self.queryset, key=_tree_key):
            yield self.choice(unit)


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A choice of organisation unit, indented by depth."""

    iterator = _TreeOrderIterator

    def label_from_instance(self, obj: OrganisationUnit) -> str:
        return "\u2003" * obj.depth + obj.name


def _unit_choice(
    queryset: Any, *, label: Any, allow_root: bool, none_label: Any = NO_PARENT_LABEL
) -> UnitChoiceField:
    return UnitChoiceField(
        queryset=queryset,
        required=not allow_root,
        label=capfirst(label),
        empty_label=none_label if allow_root else "---------",
    )


# ------------------------------------------------------------------ sign-in and profile
class LanguageForm(forms.Form):
    """The interface language a user prefers."""

    language = forms.ChoiceField(
        label=_("Interface language"),
        choices=Language.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )


# ------------------------------------------------------------------ organisation units
_UNIT_LABELS = {
    "name_zh_hans": _("Name (Chinese)"),
    "name_en": _("Name (English)"),
    "description_zh_hans": _("Description (Chinese)"),
    "description_en": _("Description (English)"),
}
_UNIT_HELP_TEXTS = {"name_zh_hans": _("Give the name in Chinese, in English or in both.")}
_UNIT_WIDGETS = {
    "name_zh_hans": forms.TextInput(attrs={"lang": "zh-Hans"}),
    "name_en": forms.TextInput(attrs={"lang": "en"}),
    "description_zh_hans": forms.Textarea(attrs={"rows": 3, "lang": "zh-Hans"}),
    "description_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
}


class UnitCreateForm(forms.ModelForm):  # type: ignore[type-arg]
    """A new unit: its names, kind and the unit above it (one the actor manages)."""

    class Meta:
        model = OrganisationUnit
        fields = (
            "name_zh_hans",
            "name_en",
            "acronym",
            "kind",
            "parent",
            "country",
            "region",
            "description_zh_hans",
            "description_en",
        )
        labels = _UNIT_LABELS
        help_texts = _UNIT_HELP_TEXTS
        widgets = _UNIT_WIDGETS

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"] = _unit_choice(
            units_manageable_by(actor),
            label=OrganisationUnit._meta.get_field("parent").verbose_name,
            allow_root=role_of(actor) == "platform_admin",
        )
        self.fields["country"].help_text = _("Two letters, for example CN, DE or KE.")

    def clean_country(self) -> str:
        return _clean_country(self.cleaned_data.get("country", ""))


class UnitEditForm(forms.ModelForm):  # type: ignore[type-arg]
    """A unit's descriptive fields; moving it is :class:`UnitMoveForm`."""

    class Meta:
        model = OrganisationUnit
        fields = (
            "name_zh_hans",
            "name_en",
            "acronym",
            "kind",
            "country",
            "region",
            "description_zh_hans",
            "description_en",
            "is_active",
        )
        labels = _UNIT_LABELS
        help_texts = _UNIT_HELP_TEXTS
        widgets = _UNIT_WIDGETS

    def __init__(self, *args: Any, instance: OrganisationUnit, **kwargs: Any) -> None:
        # Validate against a copy: the service snapshots the real record before changing it.
        kwargs["instance"] = copy.copy(instance)
        super().__init__(*args, **kwargs)

    def clean_country(self) -> str:
        return _clean_country(self.cleaned_data.get("country", ""))


class UnitMoveForm(forms.Form):
    """Where to move a unit: any unit the actor manages outside the unit's own sub-tree."""

    def __init__(self, *args: Any, actor: Any, unit: OrganisationUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = units_manageable_by(actor).exclude(path__startswith=unit.path)
        self.fields["new_parent"] = _unit_choice(
            choices,
            label=_("New parent unit"),
            allow_root=role_of(actor) == "platform_admin",
        )
        self.initial.setdefault("new_parent", unit.parent_id)


# ------------------------------------------------------------------ user accounts
def _role_field(form: forms.BaseForm, actor: Any) -> None:
    allowed = grantable_roles(actor)
    field = form.fields["role"]
    assert isinstance(field, forms.ChoiceField)
    field.choices = [(v, label) for v, label in Role.choices if v in allowed]


def _unit_field(form: forms.BaseForm, actor: Any) -> None:
    form.fields["unit"] = _unit_choice(
        units_manageable_by(actor),
        label=User._meta.get_field("unit").verbose_name,
        allow_root=role_of(actor) == "platform_admin",
        none_label=NO_UNIT_LABEL,
    )


def _check_role_unit(form: forms.BaseForm, cleaned: dict[str, Any]) -> None:
    if cleaned.get("role") not in (None, Role.PLATFORM_ADMIN) and cleaned.get("unit") is None:
        form.add_error("unit", _("Choose the unit this account belongs to."))


class UserCreateForm(forms.ModelForm):  # type: ignore[type-arg]
    """A new account with its first password, in a unit the actor manages."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ("username", "display_name", "email", "role", "unit", "language")

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _role_field(self, actor)
        _unit_field(self, actor)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            candidate = User(
                username=cleaned.get("username", ""),
                email=cleaned.get("email", ""),
                display_name=cleaned.get("display_name", ""),
            )
            try:
                password_validation.validate_password(first, user=candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        _check_role_unit(self, cleaned)
        return cleaned


class UserEditForm(forms.ModelForm):  # type: ignore[type-arg]
    """An account's contact fields and, unless it is the actor's own, role, unit and status."""

    class Meta:
        model = User
        fields = ("display_name", "email", "role", "unit", "language", "is_active")

    def __init__(self, *args: Any, actor: Any, instance: User, **kwargs: Any) -> None:
        kwargs["instance"] = copy.copy(instance)
        super().__init__(*args, **kwargs)
        _role_field(self, actor)
        _unit_field(self, actor)
        if instance.pk == actor.pk:
            for name in ("role", "unit", "is_active"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Another administrator must change this.")
        if instance.role not in grantable_roles(actor):
            # Keep the current role selectable so an unchanged form stays valid.
            role = self.fields["role"]
            assert isinstance(role, forms.ChoiceField)
            role.choices = [(instance.role, instance.get_role_display())]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _check_role_unit(self, cleaned)
        return cleaned
