"""Form widgets shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker. Its value is always ISO (``2026-11-25``): the browser
    discards any other form, so a localised date (``2026/11/25``) would be lost on save."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
