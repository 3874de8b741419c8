"""The date widget writes ISO dates whatever the language: the browser's date picker
drops any other form, and the date would then be lost when the form is saved."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.utils import translation

from stcoop.core.widgets import DateInput


class _Form(forms.Form):
    day = forms.DateField(widget=DateInput())


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_value_is_iso_in_every_language(language: str) -> None:
    with translation.override(language):
        html = str(_Form(initial={"day": datetime.date(2024, 1, 31)})["day"])
    assert 'type="date"' in html
    assert 'value="2024-01-31"' in html


def test_every_date_field_of_the_apps_uses_it() -> None:
    from importlib import import_module

    found = 0
    for app in (
        "agreements",
        "bases",
        "memberships",
        "notices",
        "people",
        "policies",
        "projects",
        "technologies",
        "geo",
    ):
        module = import_module(f"stcoop.{app}.forms")
        for form_class in vars(module).values():
            if not (isinstance(form_class, type) and issubclass(form_class, forms.BaseForm)):
                continue
            for name, field in form_class.base_fields.items():
                if isinstance(field, forms.DateField) and not isinstance(
                    field.widget, forms.HiddenInput
                ):
                    assert isinstance(field.widget, DateInput), (
                        f"{module.__name__}.{form_class.__name__}.{name}"
                    )
                    found += 1
    assert found > 10
