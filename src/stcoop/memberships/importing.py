"""Cell parsers and owner handling shared by the bulk-import specs of memberships,
programmes and shared resources (:mod:`stcoop.core.imports`).

Each parser turns a non-empty cell into a value or raises :class:`ValueError` with a
translated message naming the value; exports write values these parsers read back.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import pycountry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stcoop.core.choices import Visibility
from stcoop.core.imports import parsers
from stcoop.core.imports.parsers import may_own, may_see
from stcoop.core.imports.spec import Column, ImportSpec, normalise_header
from stcoop.core.permissions import Action, require
from stcoop.organisations.models import Organisation


def choice_parser(choices: Any, what: Any) -> Any:
    """A parser accepting a choice's code or its English or Chinese label."""
    return parsers.choice_parser(
        choices, what, gettext_lazy("'{value}' is not a valid {what}; use one of: {codes}")
    )


def parse_date(text: str) -> datetime.date:
    """``YYYY-MM-DD`` (or ``YYYY/MM/DD``)."""
    try:
        return datetime.date.fromisoformat(text.strip().replace("/", "-"))
    except ValueError:
        raise ValueError(_("'{value}' is not a date like 2024-05-31").format(value=text)) from None


def decimal_parser(limit: Decimal | None = None) -> Any:
    """A parser for a non-negative number (at most ``limit``), ``,`` allowed as thousands."""

    def parse(text: str) -> Decimal:
        try:
            value = Decimal(text.replace(",", "").replace("%", "").strip())
        except InvalidOperation:
            raise ValueError(_("'{value}' is not a number").format(value=text)) from None
        if not value.is_finite() or value < 0 or (limit is not None and value > limit):
            raise ValueError(_("'{value}' is out of range").format(value=text))
        return value.quantize(Decimal("0.01"))

    return parse


def parse_currency(text: str) -> str:
    code = text.strip().upper()
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise ValueError(
            _("'{value}' is not an ISO 4217 currency code (e.g. CNY, EUR, USD)").format(value=text)
        )
    return code


def parse_yes_no(text: str) -> bool:
    value = normalise_header(text)
    if value in {"yes", "y", "true", "1", "是", "对"}:
        return True
    if value in {"no", "n", "false", "0", "否"}:
        return False
    raise ValueError(_("'{value}' is not yes or no").format(value=text))


class OwnedSpec(parsers.OwnedSpecMixin, parsers.CountryParser, ImportSpec):
    """An import of owned records: country and organisation lookups, owning unit and
    visibility columns, and the default owner of a row without one."""

    def __init__(self) -> None:
        self._resolver = None
        self.parse_visibility = choice_parser(Visibility.choices, _("visibility"))

    @staticmethod
    def parse_organisation(text: str) -> Organisation:
        """An organisation by its ID, its exact Chinese or English name, or an acronym
        only one organisation has."""
        value = text.strip()
        if value.isdigit():
            found = Organisation.objects.filter(pk=int(value)).first()
            if found is None:
                raise ValueError(_("no organisation has the ID {value}").format(value=value))
            return found
        named = list(
            Organisation.objects.filter(Q(name_zh_hans=value) | Q(name_en__iexact=value))[:2]
        )
        if not named:
            named = [
                o
                for o in Organisation.objects.filter(search_text__contains=value.casefold())
                if value.casefold() in {a.casefold() for a in o.acronyms or []}
            ][:2]
        if len(named) != 1:
            if named:
                raise ValueError(
                    _("several organisations are named '{value}'; give its ID").format(value=value)
                )
            raise ValueError(_("no organisation has the ID or name '{value}'").format(value=value))
        return named[0]

    def check_owner(
        self, actor: Any, values: Mapping[str, Any], existing: Any | None
    ) -> dict[str, list[str]]:
        """Errors about the owning unit of the row (empty when it is fine)."""
        unit = values.get("owner_unit")
        if unit is not None and not may_own(actor, unit):
            if existing is None or existing.owner_unit_id != unit.pk:
                return {"owner_unit": [_("You may not add records for {unit}.").format(unit=unit)]}
        if existing is None and unit is None and self.default_unit(actor) is None:
            return {"owner_unit": [_("Choose the unit that will own this record.")]}
        return {}


def owner_columns(spec: OwnedSpec) -> tuple[Column, ...]:
    return parsers.owner_columns(spec.parse_visibility)


class FieldSpec(OwnedSpec):
    """Rows map columns onto model fields (:attr:`field_of`); ``None`` values (empty
    cells) are left out, so they leave stored values alone."""

    field_of: Mapping[str, str] = {}

    def fields_of(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return {
            self.field_of[column]: value
            for column, value in values.items()
            if column in self.field_of and value is not None
        }

    def changed_fields(self, existing: Any, values: Mapping[str, Any]) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.fields_of(values).items()
            if getattr(existing, name) != value
        }

    def differs(self, existing: Any, values: Mapping[str, Any]) -> bool:
        return bool(self.changed_fields(existing, values))

    def column_errors(self, error: ValidationError) -> ValidationError:
        """A model's errors keyed by the import's column names."""
        columns = {field: column for column, field in self.field_of.items()}
        if not hasattr(error, "error_dict"):
            return error
        return ValidationError(
            {columns.get(key, key): messages for key, messages in error.message_dict.items()}
        )

    def check_model(self, model: Any, values: Mapping[str, Any], existing: Any | None) -> None:
        """The model's own rules (``clean``) for the record the row would store, with
        errors keyed by column."""
        candidate = copy.copy(existing) if existing is not None else model()
        for name, value in self.fields_of(values).items():
            setattr(candidate, name, value)
        try:
            candidate.clean()
        except ValidationError as error:
            raise self.column_errors(error) from None

    def check_owned(
        self, actor: Any, model: Any, values: Mapping[str, Any], existing: Any | None
    ) -> None:
        """Owner, visibility and permission of an owned record's row."""
        errors = self.check_owner(actor, values, existing)
        if errors:
            raise ValidationError(errors)
        if existing is None:
            owner = values.get("owner_unit") or self.default_unit(actor)
            require(actor, Action.ADD, model, owner_unit=owner)
            return
        if not may_see(actor, existing):
            raise PermissionDenied(_("You do not have permission to do this."))
        if self.differs(existing, values):
            require(actor, Action.CHANGE, existing)
