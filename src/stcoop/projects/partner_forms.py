"""The partner-suggestion form: what the project is about, who is in it, what is wanted.

Read from the query string (the page is a search: its address can be bookmarked and
shared). Partners already in the consortium are rows of a formset (name and country);
"Add rows" shows more empty rows.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stcoop.engines.partners import Participant, PartnerQuery
from stcoop.geo.models import Country, Grouping
from stcoop.geo.selectors import members_of
from stcoop.organisations.choices import OrganisationKind
from stcoop.projects.partners import PARTNER_SUGGESTIONS_MAX

#: Empty partner rows shown below the filled ones.
BLANK_ROWS = 3


class PartnerQueryForm(forms.Form):
    """The planned project and the optional filters."""

    title = forms.CharField(label=_("Project title"), max_length=1000, required=False)
    description = forms.CharField(
        label=_("Description"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the project will do, in Chinese or English."),
    )
    countries: forms.ModelMultipleChoiceField[Country] = forms.ModelMultipleChoiceField(
        label=_("Partner countries wanted"),
        queryset=Country.objects.all(),
        to_field_name="iso2",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    groupings: forms.ModelMultipleChoiceField[Grouping] = forms.ModelMultipleChoiceField(
        label=_("Or countries of these groupings"),
        queryset=Grouping.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of organisation"),
        choices=OrganisationKind.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    k = forms.IntegerField(
        label=_("Number of suggestions"),
        min_value=1,
        max_value=PARTNER_SUGGESTIONS_MAX,
        initial=20,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("title") or "").strip() and not (data.get("description") or "").strip():
            raise ValidationError(_("Give the project's title or a description."))
        return data

    def wanted_countries(self) -> frozenset[str]:
        """The countries asked for, directly or through a grouping."""
        codes = {c.iso2 for c in self.cleaned_data.get("countries") or []}
        for grouping in self.cleaned_data.get("groupings") or []:
            codes.update(members_of(grouping).values_list("iso2", flat=True))
        return frozenset(codes)


class PartnerRowForm(forms.Form):
    """One partner already in the consortium."""

    name = forms.CharField(label=_("Partner name"), max_length=500, required=False)
    country: forms.ModelChoiceField[Country] = forms.ModelChoiceField(
        label=_("Country or territory"),
        queryset=Country.objects.all(),
        to_field_name="iso2",
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("country") and not (data.get("name") or "").strip():
            self.add_error("name", _("Give the partner's name."))
        return data


PartnerRowFormSet = forms.formset_factory(
    PartnerRowForm, extra=0, max_num=50, validate_max=True, absolute_max=50
)


def partner_rows(formset: Any) -> list[dict[str, str]]:
    """The filled rows of a valid formset as ``{"name", "country"}`` (ISO code)."""
    rows = []
    for form in formset.forms:
        name = (form.cleaned_data.get("name") or "").strip()
        if name:
            country = form.cleaned_data.get("country")
            rows.append({"name": name, "country": country.iso2 if country else ""})
    return rows


def blank_formset(rows: list[dict[str, str]], blank: int = BLANK_ROWS) -> Any:
    """An unbound formset with ``rows`` filled in and ``blank`` empty rows below."""
    factory = forms.formset_factory(PartnerRowForm, extra=blank, max_num=50, absolute_max=50)
    return factory(initial=rows, prefix="p")


def form_query(form: PartnerQueryForm, rows: list[dict[str, str]], **extra: Any) -> PartnerQuery:
    """The engine query of a valid form and its partner rows."""
    return PartnerQuery(
        title=form.cleaned_data.get("title") or "",
        description=form.cleaned_data.get("description") or "",
        participants=tuple(Participant(r["name"], r["country"]) for r in rows),
        countries=form.wanted_countries(),
        kinds=frozenset(form.cleaned_data.get("kinds") or ()),
        **extra,
    )
