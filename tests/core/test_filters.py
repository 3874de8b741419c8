"""The shared yes/no filter: its labels in both languages and what it filters."""

from __future__ import annotations

from typing import Any

import django_filters
import pytest
from django.utils import translation

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.filters import YesNoFilter


class _ActiveUnits(django_filters.FilterSet):
    is_active = YesNoFilter()

    class Meta:
        model = OrganisationUnit
        fields: list[str] = []


@pytest.mark.parametrize(("language", "label"), [("en", "Any"), ("zh-hans", "全部")])
def test_empty_choice_reads_any(language: str, label: str) -> None:
    with translation.override(language):
        html = _ActiveUnits().form["is_active"].as_widget()
    assert f'<option value="" selected>{label}</option>' in html


def test_filters_on_true_false_and_any(units: Any) -> None:
    units.lab.is_active = False
    units.lab.save(update_fields=["is_active"])
    everything = OrganisationUnit.objects.all()
    inactive = _ActiveUnits({"is_active": "false"}, queryset=everything).qs
    active = _ActiveUnits({"is_active": "true"}, queryset=everything).qs
    anything = _ActiveUnits({"is_active": ""}, queryset=everything).qs
    assert list(inactive) == [units.lab]
    assert units.lab not in active and active.count() == everything.count() - 1
    assert anything.count() == everything.count()
