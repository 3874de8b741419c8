"""Filters shared by the FilterSets of every app."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import BooleanWidget


class AnyYesNoWidget(BooleanWidget):
    """A yes/no select whose empty choice reads "Any" (django-filter's says "Unknown")."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("", _("Any")), ("true", _("Yes")), ("false", _("No"))]


class YesNoFilter(django_filters.BooleanFilter):
    """A boolean filter offered as Any / Yes / No, accepting ``true``/``false`` in URLs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", AnyYesNoWidget)
        super().__init__(*args, **kwargs)
