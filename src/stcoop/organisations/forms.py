"""Organisation forms: collect input for :mod:`stcoop.organisations.services`, never save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.permissions import owner_units, visible
from stcoop.geo.models import Country
from stcoop.organisations.choices import (
    IdScheme,
    OrganisationKind,
    OrganisationStatus,
    ServiceKind,
)
from stcoop.organisations.models import Organisation


class _ErrorsMixin:
    def apply_errors(self, error: ValidationError) -> None:
        """Show a service's validation errors beside the fields they name."""
        form: Any = self
        if not hasattr(error, "error_dict"):
            form.add_error(None, error)
            return
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class OrganisationForm(_ErrorsMixin, forms.Form):
    """Fields of an organisation; ``owner_unit`` offers only units the actor may add for.

    Acronyms are entered one per line; other names one per line, optionally followed by
    ``|`` and a language code (``Universität Wien | de``).
    """

    name_zh_hans = forms.CharField(label=_("Name (Chinese)"), max_length=500, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=500, required=False)
    name_original = forms.CharField(
        label=_("Name in its own language"), max_length=500, required=False
    )
    name_language = forms.CharField(
        label=_("Language of that name"),
        max_length=16,
        required=False,
        help_text=_("ISO 639-1 code, e.g. de."),
    )
    acronyms = forms.CharField(
        label=_("Acronyms"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    aliases = forms.CharField(
        label=_("Other names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line; add | and a language code if known, e.g. Uni Wien | de."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    service_kinds = forms.MultipleChoiceField(
        label=_("Services offered"),
        choices=ServiceKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For service organisations only."),
    )
    country: forms.ModelChoiceField[Country] = forms.ModelChoiceField(
        label=_("Country or territory"), queryset=Country.objects.all(), required=False
    )
    city = forms.CharField(label=_("City"), max_length=200, required=False)
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    website = forms.URLField(
        label=_("Website"), required=False, max_length=500, assume_scheme="https"
    )
    parent: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Parent organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.NumberInput,
        help_text=_("ID of the organisation this one belongs to."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=OrganisationStatus.choices)
    established = forms.IntegerField(
        label=_("Established (year)"), required=False, min_value=1000, max_value=2100
    )
    owner_unit = forms.ModelChoiceField(
        label=_("Owning unit"), queryset=OrganisationUnit.objects.none()
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Visibility.choices, widget=forms.RadioSelect
    )
    shared_with = forms.ModelMultipleChoiceField(
        label=_("Shared with units"),
        queryset=OrganisationUnit.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(
        self, *args: Any, actor: Any, organisation: Organisation | None = None, **kwargs: Any
    ) -> None:
        if organisation is not None and "initial" not in kwargs:
            kwargs["initial"] = organisation_initial(organisation)
        super().__init__(*args, **kwargs)
        choices = owner_units(actor, OrganisationUnit.objects.all())
        if organisation is not None:
            choices = choices | OrganisationUnit.objects.filter(pk=organisation.owner_unit_id)
        owner = self.fields["owner_unit"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = choices.distinct()
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parent.queryset = visible(actor, Organisation.objects.all())

    def clean_acronyms(self) -> list[str]:
        return _lines(self.cleaned_data.get("acronyms", ""))

    def clean_aliases(self) -> list[dict[str, str]]:
        aliases = []
        for line in _lines(self.cleaned_data.get("aliases", "")):
            name, _sep, language = line.partition("|")
            if not name.strip():
                raise ValidationError(gettext("Each other name needs a name before the |."))
            aliases.append({"name": name.strip(), "language": language.strip().lower()})
        return aliases


def organisation_initial(organisation: Organisation) -> dict[str, Any]:
    """The form's starting values for an existing organisation."""
    return {
        "name_zh_hans": organisation.name_zh_hans,
        "name_en": organisation.name_en,
        "name_original": organisation.name_original,
        "name_language": organisation.name_language,
        "acronyms": "\n".join(organisation.acronyms or []),
        "aliases": "\n".join(
            f"{a['name']} | {a['language']}" if a.get("language") else a["name"]
            for a in organisation.aliases or []
        ),
        "kind": organisation.kind,
        "service_kinds": organisation.service_kinds,
        "country": organisation.country_id,
        "city": organisation.city,
        "address": organisation.address,
        "website": organisation.website,
        "parent": organisation.parent_id,
        "status": organisation.status,
        "established": organisation.established,
        "owner_unit": organisation.owner_unit_id,
        "visibility": organisation.visibility,
        "shared_with": list(organisation.shared_with.values_list("pk", flat=True)),
    }


class ExternalIdForm(_ErrorsMixin, forms.Form):
    """Add an identifier to an organisation."""

    scheme = forms.ChoiceField(
        label=_("Scheme"),
        choices=IdScheme.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    value = forms.CharField(
        label=_("Identifier"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )


class MergeForm(_ErrorsMixin, forms.Form):
    """Choose the record that stays; the other is merged into it."""

    other: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("The other record (ID)"),
        queryset=Organisation.objects.none(),
        widget=forms.NumberInput,
    )
    keep = forms.ChoiceField(
        label=_("Record to keep"),
        choices=(("this", _("This record")), ("other", _("The other record"))),
        widget=forms.RadioSelect,
        initial="this",
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        other = self.fields["other"]
        assert isinstance(other, forms.ModelChoiceField)
        other.queryset = visible(actor, Organisation.objects.all())
