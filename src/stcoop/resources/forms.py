"""Shared-resource forms: collect input for :mod:`stcoop.resources.services`, never save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.permissions import owner_units, visible
from stcoop.geo.models import Country
from stcoop.geo.provinces import Province
from stcoop.organisations.forms import _ErrorsMixin
from stcoop.organisations.models import Organisation
from stcoop.resources.choices import AccessMode, ResourceKind, ResourceStatus
from stcoop.resources.models import SharedResource

#: The contact fields, left out of the form for those who may not see them.
CONTACT_FORM_FIELDS = ("contact_name", "contact_email", "contact_phone")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class SharedResourceForm(_ErrorsMixin, forms.Form):
    """Fields of a shared resource; ``owner_unit`` offers only units the actor may add
    for. Disciplines and keywords are entered one per line."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ResourceKind.choices)
    name_zh_hans = forms.CharField(label=_("Name (Chinese)"), max_length=500, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=500, required=False)
    description_zh_hans = forms.CharField(
        label=_("Description (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    owner_organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Owner organisation (ID)"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.NumberInput,
        help_text=_("The ID shown in the organisation's address, e.g. 12 in /organisations/12/."),
    )
    country: forms.ModelChoiceField[Country] = forms.ModelChoiceField(
        label=_("Country or territory"), queryset=Country.objects.all(), required=False
    )
    province = forms.ChoiceField(
        label=_("Province"),
        choices=[("", "—"), *Province.choices],
        required=False,
        help_text=_("For resources in China."),
    )
    city = forms.CharField(label=_("City"), max_length=200, required=False)
    disciplines = forms.CharField(
        label=_("Disciplines"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    access_mode = forms.ChoiceField(label=_("Access"), choices=AccessMode.choices)
    access_conditions_zh_hans = forms.CharField(
        label=_("Conditions of access (Chinese)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    access_conditions_en = forms.CharField(
        label=_("Conditions of access (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    open_to_foreign = forms.BooleanField(label=_("Open to foreign users"), required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=50, required=False)
    link = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    status = forms.ChoiceField(label=_("Status"), choices=ResourceStatus.choices)
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
        self, *args: Any, actor: Any, resource: SharedResource | None = None, **kwargs: Any
    ) -> None:
        if resource is not None and "initial" not in kwargs:
            kwargs["initial"] = resource_initial(resource)
        super().__init__(*args, **kwargs)
        choices = owner_units(actor, OrganisationUnit.objects.all())
        if resource is not None:
            choices = choices | OrganisationUnit.objects.filter(pk=resource.owner_unit_id)
        owner = self.fields["owner_unit"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = choices.distinct()
        organisation = self.fields["owner_organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = visible(actor, Organisation.objects.all())

    def clean_disciplines(self) -> list[str]:
        return _lines(self.cleaned_data.get("disciplines", ""))

    def clean_keywords(self) -> list[str]:
        return _lines(self.cleaned_data.get("keywords", ""))


def resource_initial(resource: SharedResource) -> dict[str, Any]:
    """The form's starting values for an existing resource."""
    return {
        "kind": resource.kind,
        "name_zh_hans": resource.name_zh_hans,
        "name_en": resource.name_en,
        "description_zh_hans": resource.description_zh_hans,
        "description_en": resource.description_en,
        "owner_organisation": resource.owner_organisation_id,
        "country": resource.country_id,
        "province": resource.province,
        "city": resource.city,
        "disciplines": "\n".join(resource.disciplines or []),
        "keywords": "\n".join(resource.keywords or []),
        "access_mode": resource.access_mode,
        "access_conditions_zh_hans": resource.access_conditions_zh_hans,
        "access_conditions_en": resource.access_conditions_en,
        "open_to_foreign": resource.open_to_foreign,
        "contact_name": resource.contact_name,
        "contact_email": resource.contact_email,
        "contact_phone": resource.contact_phone,
        "link": resource.link,
        "status": resource.status,
        "owner_unit": resource.owner_unit_id,
        "visibility": resource.visibility,
        "shared_with": list(resource.shared_with.values_list("pk", flat=True)),
    }
