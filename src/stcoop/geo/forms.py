"""Forms administrators use to maintain a grouping's members and sources."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from stcoop.core.widgets import DateInput
from stcoop.geo.models import Country


class CountryChoiceField(forms.ModelChoiceField[Country]):
    """A country chosen by ISO code, shown as ``CN – 中国``."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.iso2} – {obj.name}"


class MemberAddForm(forms.Form):
    """Add one country to a grouping."""

    country = CountryChoiceField(
        label=_("Country or territory"),
        queryset=Country.objects.filter(is_active=True).order_by("iso2"),
        to_field_name="iso2",
    )
    valid_from = forms.DateField(
        label=_("Member from"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty if the date is not known."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class MemberRemoveForm(forms.Form):
    """End a country's membership (the row stays in the history)."""

    valid_to = forms.DateField(
        label=_("No longer a member from"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: today."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class MemberFileForm(forms.Form):
    """Upload a CSV or XLSX member file for a preview."""

    file = forms.FileField(
        label=_("Member file (CSV or XLSX)"),
        help_text=_(
            "Columns: iso (ISO code, or the name in Chinese or English), valid_from "
            "(YYYY-MM-DD, optional), note (optional)."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in {".csv", ".xlsx"}:
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return upload


class GroupingSourceForm(forms.Form):
    """Where an administrator-maintained list comes from, and when it was last checked."""

    source_name = forms.CharField(label=_("Source"), required=False, max_length=300)
    source_url = forms.URLField(
        label=_("Source address"), required=False, max_length=500, assume_scheme="https"
    )
    source_version = forms.CharField(label=_("Source version"), required=False, max_length=100)
    source_date = forms.DateField(label=_("Source date"), required=False, widget=DateInput())
    last_reviewed = forms.DateField(label=_("Last reviewed"), required=False, widget=DateInput())
    description_zh_hans = forms.CharField(
        label=_("Description (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
