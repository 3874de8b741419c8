"""A small import spec over organisation units, for the import tests only.

Rows name units directly under a fixed parent unit; ``name_en`` is the natural key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError

from stcoop.accounts import services as unit_services
from stcoop.accounts.choices import UnitKind
from stcoop.accounts.models import OrganisationUnit
from stcoop.core.imports.reading import Table
from stcoop.core.imports.spec import Column, ImportSpec, RowAction
from stcoop.core.permissions import Action, require

SPEC_NAME = "test-units"


def parse_kind(text: str) -> str:
    value = text.strip().lower()
    if value not in UnitKind.values:
        raise ValueError(f"'{text}' is not a unit kind")
    return value


class UnitSpec(ImportSpec):
    name = SPEC_NAME
    title = "Test units"
    columns = (
        Column("name_en", "English name", required=True, aliases=("英文名称",), example="Lab"),
        Column("name_zh_hans", "Chinese name", aliases=("中文名称",), example="实验室"),
        Column("kind", "Kind", required=True, aliases=("类型",), parse=parse_kind, example="lab"),
        Column("acronym", "Acronym", example="L"),
    )
    natural_key = ("name_en",)

    def __init__(self, parent: OrganisationUnit) -> None:
        self.parent = parent

    def find_existing(self, values: Mapping[str, Any]) -> Any:
        return OrganisationUnit.objects.filter(
            parent=self.parent, name_en=values["name_en"]
        ).first()

    def check_row(self, actor: Any, values: Mapping[str, Any], existing: Any) -> None:
        if existing is None:
            require(actor, Action.ADD, OrganisationUnit, owner_unit=self.parent)
        else:
            require(actor, Action.CHANGE, existing)

    def apply_row(self, actor: Any, values: Mapping[str, Any], existing: Any) -> RowAction:
        if existing is None:
            unit_services.unit_create(actor=actor, parent=self.parent, **values)
            return RowAction.CREATE
        unit_services.unit_update(actor=actor, unit=existing, **values)
        return RowAction.UPDATE


class FailingUnitSpec(UnitSpec):
    """Passes every check, then refuses to write a unit called ``Boom`` (atomicity)."""

    def apply_row(self, actor: Any, values: Mapping[str, Any], existing: Any) -> RowAction:
        if values["name_en"] == "Boom":
            raise ValidationError({"name_en": ["refused while writing"]})
        return super().apply_row(actor, values, existing)


def table(*lines: list[str], filename: str = "units.csv") -> Table:
    return Table(filename=filename, header=lines[0], rows=[list(row) for row in lines[1:]])
