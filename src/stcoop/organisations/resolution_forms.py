"""Forms of the resolve page, the review queue and the duplicate finder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stcoop.core.imports.reading import (
    ImportFileError,
    Table,
    max_upload_bytes,
    read_table,
    size_limit_text,
)

#: Most lines (or data rows) one list may have.
MAX_LINES = 5000
#: Longest pasted text, in characters.
MAX_PASTE = 1_000_000
SUFFIXES = (".csv", ".xlsx")


class ResolveForm(forms.Form):
    """Lines pasted, or a CSV/XLSX file and the column holding the names."""

    lines = forms.CharField(
        label=gettext_lazy("Names or affiliations, one per line"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=MAX_PASTE,
    )
    file = forms.FileField(label=gettext_lazy("Or a file (CSV or XLSX)"), required=False)
    column = forms.CharField(
        label=gettext_lazy("Column"),
        required=False,
        max_length=200,
        help_text=gettext_lazy(
            "The column of the file that holds the names; may be left empty when the file "
            "has one column."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.table: tuple[list[str], list[list[str]], int, str] | None = None
        self.fields["file"].help_text = _(
            "UTF-8 CSV (comma or semicolon) or XLSX, at most {limit} and {rows} rows; row 1 "
            "names the columns."
        ).format(limit=size_limit_text(), rows=MAX_LINES)

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                _("The file is {size} large; the limit is {limit}.").format(
                    size=size_limit_text(upload.size), limit=size_limit_text()
                )
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        upload = data.get("file")
        lines = [line.strip() for line in (data.get("lines") or "").splitlines()]
        lines = [line for line in lines if line]
        if upload:
            self.table = self._from_file(upload, (data.get("column") or "").strip())
        elif lines:
            if len(lines) > MAX_LINES:
                raise forms.ValidationError(
                    _("Paste at most {limit} lines; this has {count}.").format(
                        limit=MAX_LINES, count=len(lines)
                    )
                )
            self.table = (["text"], [[line] for line in lines], 0, "")
        else:
            raise forms.ValidationError(_("Paste some lines or choose a file."))
        return data

    def _from_file(self, upload: Any, column: str) -> tuple[list[str], list[list[str]], int, str]:
        try:
            table: Table = read_table(upload.read(), upload.name, max_rows=MAX_LINES)
        except ImportFileError as error:
            raise forms.ValidationError({"file": error.message}) from None
        header = table.header
        if column:
            folded = [h.strip().casefold() for h in header]
            if column.casefold() not in folded:
                raise forms.ValidationError(
                    {
                        "column": _(
                            "{file} has no column “{column}”; its columns: {columns}."
                        ).format(file=upload.name, column=column, columns=", ".join(header))
                    }
                )
            index = folded.index(column.casefold())
        elif len(header) == 1:
            index = 0
        else:
            raise forms.ValidationError(
                {
                    "column": _("Name the column to resolve; {file} has: {columns}.").format(
                        file=upload.name, columns=", ".join(header)
                    )
                }
            )
        rows = [row + [""] * (len(header) - len(row)) for row in table.rows if any(row)]
        if not rows:
            raise forms.ValidationError(
                {"file": _("{file} has no data rows.").format(file=upload.name)}
            )
        return header, rows, index, upload.name


class BulkAcceptForm(forms.Form):
    """Accept the top candidate of every open item scoring at least ``min_score``."""

    min_score = forms.FloatField(
        label=gettext_lazy("Lowest score"), min_value=0.0, max_value=1.0, initial=0.9
    )
