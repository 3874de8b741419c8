"""The choices of the country page: which country, partner, grouping and years."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stcoop.geo.models import Country, Grouping

TOP_CHOICES = (10, 20, 50, 100)


class CountryViewForm(forms.Form):
    """Query parameters of the country page; every one is optional."""

    country: forms.ModelChoiceField[Country] = forms.ModelChoiceField(
        queryset=Country.objects.all(), to_field_name="iso2", required=False, label=_("Country")
    )
    partner: forms.ModelChoiceField[Country] = forms.ModelChoiceField(
        queryset=Country.objects.all(),
        to_field_name="iso2",
        required=False,
        label=_("Partner country"),
        help_text=_("Show the yearly works of the two countries together."),
    )
    grouping: forms.ModelChoiceField[Grouping] = forms.ModelChoiceField(
        queryset=Grouping.objects.all(),
        to_field_name="code",
        required=False,
        label=_("Partners in grouping"),
    )
    year_from = forms.IntegerField(
        required=False, min_value=1900, max_value=2100, label=_("From year")
    )
    year_to = forms.IntegerField(required=False, min_value=1900, max_value=2100, label=_("To year"))
    top = forms.TypedChoiceField(
        choices=[(n, n) for n in TOP_CHOICES],
        coerce=int,
        required=False,
        empty_value=None,
        label=_("Partners shown"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("year_from"), data.get("year_to")
        if first is not None and last is not None and first > last:
            self.add_error("year_to", _("The last year comes before the first."))
        if data.get("partner") is not None and data.get("partner") == data.get("country"):
            self.add_error("partner", _("Choose a partner other than the country."))
        return data
