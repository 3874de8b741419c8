"""The upload form of the generic import pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stcoop.core.imports.reading import SUFFIXES, max_upload_bytes, size_limit_text


class ImportUploadForm(forms.Form):
    """A CSV, XLSX or JSON file to check."""

    file = forms.FileField(label=gettext_lazy("File (CSV, XLSX or JSON)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "UTF-8 CSV (comma or semicolon), XLSX or JSON (a list of objects), at most {limit}; "
            "row 1 names the columns."
        ).format(limit=size_limit_text())

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(_("Upload a .csv, .xlsx or .json file."))
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                _("The file is {size} large; the limit is {limit}.").format(
                    size=size_limit_text(upload.size), limit=size_limit_text()
                )
            )
        return upload
