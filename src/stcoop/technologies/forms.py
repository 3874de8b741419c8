"""Technology profile form: collects input for :mod:`stcoop.technologies.services`."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.permissions import owner_units, visible
from stcoop.core.widgets import DateInput
from stcoop.geo.models import Country, Grouping
from stcoop.organisations.models import Organisation
from stcoop.people.models import Person
from stcoop.technologies.choices import (
    Cooperation,
    IpStatus,
    ProfileKind,
    ProfileStatus,
    ReadinessLevel,
    Sector,
)
from stcoop.technologies.models import TechnologyProfile

_SPLIT = re.compile(r"[\n;；,，]+")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


def split_list(text: str) -> list[str]:
    """Items of a text separated by new lines, commas or semicolons (Chinese ones too)."""
    found: list[str] = []
    for part in _SPLIT.split(text or ""):
        item = part.strip()
        if item and item not in found:
            found.append(item)
    return found


class TechnologyProfileForm(forms.Form):
    """Fields of a profile; ``owner_unit`` offers only units the actor may add for."""

    #: Bilingual fields shown side by side (Chinese, English).
    pairs = (("title_zh_hans", "title_en"), ("description_zh_hans", "description_en"))

    kind = forms.ChoiceField(label=_("Kind"), choices=ProfileKind.choices)
    title_zh_hans = forms.CharField(label=_("Title (Chinese)"), max_length=300, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    description_zh_hans = forms.CharField(
        label=_("Description (Chinese)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    description_en = forms.CharField(
        label=_("Description (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        widget=forms.NumberInput,
        help_text=_("ID of the organisation offering or seeking (see its page)."),
    )
    contact_person: forms.ModelChoiceField[Person] = forms.ModelChoiceField(
        label=_("Contact person"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.NumberInput,
        help_text=_("ID of the person to contact (optional)."),
    )
    trl = forms.TypedChoiceField(
        label=_("Technology readiness level"),
        choices=[("", "—"), *ReadinessLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_(
            "How far the technology has come, from basic principles (1) to a system "
            "proven in operation (9)."
        ),
    )
    ip_status = forms.ChoiceField(
        label=_("Intellectual property"), choices=[("", "—"), *IpStatus.choices], required=False
    )
    patent_numbers = forms.CharField(
        label=_("Patent numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line, e.g. CN112345678A."),
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Separated by commas, semicolons or new lines."),
    )
    cooperation = forms.MultipleChoiceField(
        label=_("Cooperation sought"),
        choices=Cooperation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_countries: forms.ModelMultipleChoiceField[Country] = forms.ModelMultipleChoiceField(
        label=_("Target countries"),
        queryset=Country.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    target_groupings: forms.ModelMultipleChoiceField[Grouping] = forms.ModelMultipleChoiceField(
        label=_("Target country groupings"),
        queryset=Grouping.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    languages = forms.CharField(
        label=_("Languages of the profile"),
        required=False,
        max_length=100,
        help_text=_("ISO 639-1 codes such as zh, en; empty: the languages of the title."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ProfileStatus.choices)
    publication_date = forms.DateField(
        label=_("Publication date"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: the day it is published."),
    )
    expiry_date = forms.DateField(
        label=_("Expiry date"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: twelve months after publication."),
    )
    owner_unit = forms.ModelChoiceField(
        label=_("Owning unit"), queryset=OrganisationUnit.objects.none()
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        help_text=_("Drafts and withdrawn profiles are seen only inside the owning unit."),
    )
    shared_with = forms.ModelMultipleChoiceField(
        label=_("Shared with units"),
        queryset=OrganisationUnit.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(
        self, *args: Any, actor: Any, profile: TechnologyProfile | None = None, **kwargs: Any
    ) -> None:
        if profile is not None and "initial" not in kwargs:
            kwargs["initial"] = profile_initial(profile)
        super().__init__(*args, **kwargs)
        choices = owner_units(actor, OrganisationUnit.objects.all())
        if profile is not None:
            choices = choices | OrganisationUnit.objects.filter(pk=profile.owner_unit_id)
        owner: Any = self.fields["owner_unit"]
        owner.queryset = choices.distinct()
        organisation: Any = self.fields["organisation"]
        organisation.queryset = visible(actor, Organisation.objects.all())
        person: Any = self.fields["contact_person"]
        person.queryset = visible(actor, Person.objects.all())

    def clean_patent_numbers(self) -> list[str]:
        return split_list(self.cleaned_data.get("patent_numbers", ""))

    def clean_keywords(self) -> list[str]:
        return split_list(self.cleaned_data.get("keywords", ""))

    def clean_languages(self) -> list[str]:
        codes = [c.lower() for c in split_list(self.cleaned_data.get("languages", ""))]
        bad = [c for c in codes if not _LANGUAGE.match(c)]
        if bad:
            raise ValidationError(
                gettext("Not a language code: {codes}").format(codes=", ".join(bad))
            )
        return codes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("title_zh_hans", "").strip() or data.get("title_en", "").strip()):
            message = gettext("Give the title in Chinese, in English or in both.")
            self.add_error("title_zh_hans", message)
            self.add_error("title_en", message)
        return data

    def apply_errors(self, error: ValidationError) -> None:
        """Show a service's validation errors beside the fields they name."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)

    def rows(self) -> list[list[forms.BoundField]]:
        """The visible fields in display order, bilingual pairs in one row."""
        paired = {name: pair for pair in self.pairs for name in pair}
        rows: list[list[forms.BoundField]] = []
        done: set[str] = set()
        for field in self.visible_fields():
            if field.name in done:
                continue
            names = paired.get(field.name, (field.name,))
            rows.append([self[name] for name in names])
            done.update(names)
        return rows


def profile_initial(profile: TechnologyProfile) -> dict[str, Any]:
    """The form's starting values for an existing profile."""
    return {
        "kind": profile.kind,
        "title_zh_hans": profile.title_zh_hans,
        "title_en": profile.title_en,
        "description_zh_hans": profile.description_zh_hans,
        "description_en": profile.description_en,
        "organisation": profile.organisation_id,
        "contact_person": profile.contact_person_id,
        "trl": profile.trl,
        "ip_status": profile.ip_status,
        "patent_numbers": "\n".join(profile.patent_numbers or []),
        "sectors": profile.sectors,
        "keywords": "; ".join(profile.keywords or []),
        "cooperation": profile.cooperation,
        "target_countries": list(profile.target_countries.values_list("pk", flat=True)),
        "target_groupings": list(profile.target_groupings.values_list("pk", flat=True)),
        "languages": ", ".join(profile.languages or []),
        "status": profile.status,
        "publication_date": profile.publication_date,
        "expiry_date": profile.expiry_date,
        "owner_unit": profile.owner_unit_id,
        "visibility": profile.visibility,
        "shared_with": list(profile.shared_with.values_list("pk", flat=True)),
    }
