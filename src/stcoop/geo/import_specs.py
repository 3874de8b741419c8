"""Grouping members as a bulk-import spec (:mod:`stcoop.core.imports`).

:class:`GroupingMembersSpec` checks and applies member rows for
:func:`stcoop.geo.services.grouping_members_import` (one grouping, the member-file
pages and API) and, registered as ``countries-groupings`` with a ``grouping`` column,
for ``/import/countries-groupings/`` and ``stcoop import countries-groupings FILE``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stcoop.core.imports.parsers import CountryParser
from stcoop.core.imports.spec import Column, ImportSpec, RowAction, register
from stcoop.core.permissions import Action, can, require
from stcoop.geo import services
from stcoop.geo.imports import HEADER_ALIASES, ImportRow, parse_day
from stcoop.geo.models import Grouping, GroupingMembership
from stcoop.geo.selectors import grouping_get

NOTE_MAX = 500


def _aliases(column: str) -> tuple[str, ...]:
    return tuple(alias for alias, name in HEADER_ALIASES.items() if name == column)


class GroupingMembersSpec(CountryParser, ImportSpec):
    """Member rows: a country (code or name), an optional start date and note.

    Bound to a grouping, the file has no grouping column; unbound, each row names the
    grouping by its code. Existing current members are found by (grouping, country); a
    row updates the start date and note only where it gives them.
    """

    name = "countries-groupings"
    title = gettext_lazy("Members of country groupings")
    description = gettext_lazy(
        "One country per row: the grouping's code, the country (ISO code, or the name in "
        "Chinese or English), the day it became a member and a note. Members a file does "
        "not list stay as they are."
    )

    def __init__(self, grouping: Grouping | None = None) -> None:
        self.grouping = grouping
        self._resolver = None
        columns = [
            Column(
                "iso",
                gettext_lazy("Country: ISO code, or the name in Chinese or English"),
                required=True,
                aliases=_aliases("iso"),
                parse=self.parse_country,
                example="KZ",
            ),
            Column(
                "valid_from",
                gettext_lazy("Member from (YYYY-MM-DD)"),
                aliases=_aliases("valid_from"),
                parse=self.parse_date,
                empty=None,
                example="2013-09-07",
            ),
            Column(
                "note",
                gettext_lazy("Note"),
                aliases=_aliases("note"),
                parse=self.parse_note,
                example="",
            ),
        ]
        if grouping is None:
            columns.insert(
                0,
                Column(
                    "grouping",
                    gettext_lazy("Code of the grouping, e.g. bri"),
                    required=True,
                    aliases=("grouping code", "组织", "国家集团", "集团代码"),
                    parse=self.parse_grouping,
                    example="bri",
                ),
            )
        self.columns = tuple(columns)
        self.natural_key = ("iso",) if grouping is not None else ("iso", "grouping")

    def for_run(self) -> GroupingMembersSpec:
        return GroupingMembersSpec(self.grouping)

    def may_import(self, actor: Any) -> bool:
        return can(actor, Action.CHANGE, self.grouping or Grouping)

    # ------------------------------------------------------------ parsers
    tell_codes = True

    @staticmethod
    def parse_date(text: str) -> Any:
        try:
            return parse_day(text)
        except ValueError:
            raise ValueError(
                _("'{value}' is not a date (use YYYY-MM-DD)").format(value=text)
            ) from None

    @staticmethod
    def parse_note(text: str) -> str:
        if len(text) > NOTE_MAX:
            raise ValueError(_("the note is longer than 500 characters"))
        return text

    @staticmethod
    def parse_grouping(text: str) -> Grouping:
        grouping = grouping_get(text.strip().lower())
        if grouping is None:
            raise ValueError(_("'{value}' is not a known grouping code").format(value=text))
        return grouping

    def required_message(self, column: Column) -> str:
        if column.name == "iso":
            return _("a country code or name is required")
        return super().required_message(column)

    def duplicate_message(self, values: Mapping[str, Any], first_row: int) -> str:
        return _("{country} is already listed in row {row}").format(
            country=values["iso"].name, row=first_row
        )

    # ------------------------------------------------------------ rows
    def grouping_of(self, values: Mapping[str, Any]) -> Grouping:
        """The grouping a row is about."""
        return self.grouping if self.grouping is not None else values["grouping"]

    def find_existing(self, values: Mapping[str, Any]) -> GroupingMembership | None:
        return GroupingMembership.objects.filter(
            grouping=self.grouping_of(values), country=values["iso"], valid_to__isnull=True
        ).first()

    def differs(self, existing: Any, values: Mapping[str, Any]) -> bool:
        valid_from = values.get("valid_from")
        note = values.get("note") or ""
        same_start = valid_from is None or valid_from == existing.valid_from
        same_note = not note or note == existing.note
        return not (same_start and same_note)

    def check_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> None:
        grouping = self.grouping_of(values)
        if self.grouping is None:  # a bound grouping is checked once, before the rows
            if actor is not None:
                require(actor, Action.CHANGE, grouping)
            if not grouping.is_editable:
                raise ValidationError(
                    {
                        "grouping": [
                            _("The members of {name} are loaded from {source}.").format(
                                name=grouping.name, source=grouping.source_name or grouping.code
                            )
                        ]
                    }
                )
        if self.plan(values, existing) == RowAction.UNCHANGED:
            return
        valid_from = values.get("valid_from")
        start = valid_from if valid_from is not None or existing is None else existing.valid_from
        overlap = services.overlap_error(grouping, values["iso"], start)
        if overlap:
            raise ValidationError({"valid_from": [overlap]})

    def apply_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> RowAction:
        action = self.plan(values, existing)
        row = ImportRow(
            0,
            values["iso"],
            values.get("valid_from"),
            values.get("note") or "",
            str(action),
        )
        services.apply_member_row(actor, self.grouping_of(values), row)
        return action

    def describe(self, existing: Any) -> str:
        return f"{existing.country.iso2} – {existing.country.name}"

    # ------------------------------------------------------------ export
    def export_queryset(self, actor: Any) -> Any:
        """Current members of the groupings this file may change (reference data: every
        actor sees them); groupings loaded from a source are left out, since their
        members cannot be imported."""
        members = GroupingMembership.objects.filter(valid_to__isnull=True)
        if self.grouping is not None:
            members = members.filter(grouping=self.grouping)
        else:
            members = members.filter(grouping__is_editable=True)
        return members.select_related("grouping", "country").order_by(
            "grouping__position", "grouping__code", "country__iso2"
        )

    def export_values(self, record: Any) -> dict[str, str]:
        values = {
            "iso": record.country.iso2,
            "valid_from": record.valid_from.isoformat() if record.valid_from else "",
            "note": record.note,
        }
        if self.grouping is None:
            values["grouping"] = record.grouping.code
        return values


register(GroupingMembersSpec())
