"""Organisations as a bulk-import spec (:mod:`stcoop.core.imports`).

Registered as ``organisations``: ``/import/organisations/`` and
``stcoop import organisations FILE [--dry-run]``. A row is matched to a stored
organisation by its ROR ID, else its PIC, else its USCC, else its Chinese or English
name with its country; it is created or updated through
:mod:`stcoop.organisations.services` (which check the permission again). Empty cells
leave a stored value as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stcoop.core.choices import Visibility
from stcoop.core.imports.parsers import (
    CountryParser,
    OwnedSpecMixin,
    choice_parser,
    limited,
    may_own,
    may_see,
    owner_columns,
    parse_web_address,
)
from stcoop.core.imports.spec import Column, ImportSpec, RowAction, normalise_header, register
from stcoop.core.permissions import Action, require, visible
from stcoop.organisations import identifiers
from stcoop.organisations.choices import IdScheme, OrganisationKind
from stcoop.organisations.models import ExternalId, Organisation
from stcoop.organisations.services import (
    external_id_add,
    organisation_create,
    organisation_update,
)

#: Import column → model field, for the columns stored on the organisation itself.
FIELD_OF = {
    "name_zh": "name_zh_hans",
    "name_en": "name_en",
    "name_original": "name_original",
    "name_language": "name_language",
    "acronyms": "acronyms",
    "kind": "kind",
    "country": "country",
    "city": "city",
    "address": "address",
    "website": "website",
    "established": "established",
    "owner_unit": "owner_unit",
    "visibility": "visibility",
}
#: Import column → identifier scheme.
ID_COLUMNS = {"ror": IdScheme.ROR, "pic": IdScheme.PIC, "uscc": IdScheme.USCC}


class OrganisationsSpec(OwnedSpecMixin, CountryParser, ImportSpec):
    """One organisation per row; see the module docstring for matching and writing."""

    name = "organisations"
    title = gettext_lazy("Organisations")
    description = gettext_lazy(
        "One organisation per row, with its names, kind, country and identifiers. A row "
        "updates the organisation with the same ROR ID, PIC or unified social credit code, "
        "or else the same name in the same country; other rows add organisations. Empty "
        "cells leave stored values as they are."
    )

    def __init__(self) -> None:
        self._resolver = None
        self.parse_kind = choice_parser(
            OrganisationKind.choices,
            None,
            gettext_lazy("'{value}' is not a kind of organisation; use one of: {codes}"),
        )
        self.parse_visibility = choice_parser(
            Visibility.choices,
            None,
            gettext_lazy("'{value}' is not a visibility; use one of: {codes}"),
        )
        self.columns = (
            Column(
                "name_zh",
                gettext_lazy("Name in Chinese"),
                aliases=("中文名称", "中文名", "名称", "机构名称"),
                parse=limited(500),
                empty=None,
                example="中山大学",
            ),
            Column(
                "name_en",
                gettext_lazy("Name in English"),
                aliases=("英文名称", "英文名"),
                parse=limited(500),
                empty=None,
                example="Sun Yat-sen University",
            ),
            Column(
                "name_original",
                gettext_lazy("Name in the organisation's own language"),
                aliases=("原文名称", "原名"),
                parse=limited(500),
                empty=None,
            ),
            Column(
                "name_language",
                gettext_lazy("Language of that name (ISO 639-1 code, e.g. de)"),
                aliases=("原文语言", "语言"),
                parse=self.parse_language,
                empty=None,
            ),
            Column(
                "acronyms",
                gettext_lazy("Acronyms, separated by ;"),
                aliases=("简称", "缩写"),
                parse=self.parse_acronyms,
                empty=None,
                example="SYSU",
            ),
            Column(
                "kind",
                gettext_lazy("Kind: a code such as university, or its name in Chinese or English"),
                aliases=("类型", "机构类型"),
                parse=self.parse_kind,
                empty=None,
                example="university",
            ),
            Column(
                "country",
                gettext_lazy("Country: ISO code, or the name in Chinese or English"),
                aliases=("国家", "国家或地区", "国别"),
                parse=self.parse_country,
                empty=None,
                example="CN",
            ),
            Column(
                "city",
                gettext_lazy("City"),
                aliases=("城市",),
                parse=limited(200),
                empty=None,
                example="广州",
            ),
            Column(
                "address",
                gettext_lazy("Address"),
                aliases=("地址",),
                empty=None,
            ),
            Column(
                "website",
                gettext_lazy("Website"),
                aliases=("网站", "网址"),
                parse=parse_web_address,
                empty=None,
                example="https://www.sysu.edu.cn",
            ),
            Column(
                "established",
                gettext_lazy("Year established"),
                aliases=("成立年份", "成立时间"),
                parse=self.parse_year,
                empty=None,
                example="1924",
            ),
            Column(
                "ror",
                gettext_lazy("ROR ID"),
                aliases=("ROR ID", "ROR编号"),
                parse=self.identifier_parser(IdScheme.ROR),
                empty=None,
            ),
            Column(
                "pic",
                gettext_lazy("EU Participant Identification Code (PIC)"),
                aliases=("PIC编号", "欧盟PIC"),
                parse=self.identifier_parser(IdScheme.PIC),
                empty=None,
            ),
            Column(
                "uscc",
                gettext_lazy("Unified social credit code"),
                aliases=("统一社会信用代码", "信用代码"),
                parse=self.identifier_parser(IdScheme.USCC),
                empty=None,
            ),
            *owner_columns(self.parse_visibility),
        )
        self.natural_key = ("ror", "pic", "uscc", "name_zh", "name_en", "country")

    def for_run(self) -> OrganisationsSpec:
        return OrganisationsSpec()

    # ------------------------------------------------------------ parsers
    tell_codes = True

    @staticmethod
    def parse_language(text: str) -> str:
        code = text.strip().lower()
        if not (2 <= len(code) <= 16) or not code.replace("-", "").isalpha():
            raise ValueError(_("'{value}' is not a language code such as de").format(value=text))
        return code

    @staticmethod
    def parse_acronyms(text: str) -> list[str]:
        found: list[str] = []
        for part in text.replace("；", ";").split(";"):
            acronym = part.strip()
            if len(acronym) > 100:
                raise ValueError(_("an acronym is longer than 100 characters"))
            if acronym and acronym not in found:
                found.append(acronym)
        return found

    @staticmethod
    def parse_year(text: str) -> int:
        try:
            year = int(text)
        except ValueError:
            year = 0
        if not 1000 <= year <= timezone.localdate().year + 1:
            raise ValueError(
                _("'{value}' is not a year between 1000 and next year").format(value=text)
            )
        return year

    @staticmethod
    def identifier_parser(scheme: str) -> Any:
        def parse(text: str) -> str:
            try:
                return identifiers.normalise(scheme, text)
            except identifiers.IdentifierError as error:
                raise ValueError(_(str(error))) from None

        return parse

    # ------------------------------------------------------------ matching
    def key_of(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        for column in ID_COLUMNS:
            if values.get(column):
                return (column, values[column])
        name = values.get("name_zh") or values.get("name_en") or ""
        country = values.get("country")
        return ("name", normalise_header(name), country.pk if country else None)

    def duplicate_message(self, values: Mapping[str, Any], first_row: int) -> str:
        return _("the same organisation is already in row {row}").format(row=first_row)

    def find_existing(self, values: Mapping[str, Any]) -> Organisation | None:
        for column, scheme in ID_COLUMNS.items():
            if values.get(column):
                holder = (
                    ExternalId.objects.filter(scheme=scheme, value=values[column])
                    .select_related("organisation")
                    .first()
                )
                if holder is not None:
                    return holder.organisation
                return None  # an identifier not yet stored names a new organisation
        organisations = Organisation.objects.filter(country=values.get("country"))
        if values.get("name_zh"):
            found = organisations.filter(name_zh_hans__iexact=values["name_zh"]).first()
            if found is not None:
                return found
        if values.get("name_en"):
            return organisations.filter(name_en__iexact=values["name_en"]).first()
        return None

    # ------------------------------------------------------------ rows
    def fields_of(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The model fields a row gives (empty cells left out)."""
        return {
            FIELD_OF[column]: value
            for column, value in values.items()
            if column in FIELD_OF and value is not None
        }

    def new_ids(
        self, values: Mapping[str, Any], existing: Organisation | None
    ) -> list[tuple[str, str]]:
        """``(scheme, value)`` of the row's identifiers the record does not have yet."""
        have: set[tuple[str, str]] = set()
        if existing is not None:
            have = set(existing.external_ids.values_list("scheme", "value"))
        return [
            (str(scheme), values[column])
            for column, scheme in ID_COLUMNS.items()
            if values.get(column) and (str(scheme), values[column]) not in have
        ]

    def changed_fields(self, existing: Organisation, values: Mapping[str, Any]) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.fields_of(values).items()
            if getattr(existing, name) != value
        }

    def differs(self, existing: Any, values: Mapping[str, Any]) -> bool:
        return bool(self.changed_fields(existing, values) or self.new_ids(values, existing))

    def check_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> None:
        errors: dict[str, list[str]] = {}
        unit = values.get("owner_unit")
        if unit is not None and not may_own(actor, unit):
            errors["owner_unit"] = [
                _("You may not add organisations for {unit}.").format(unit=unit)
            ]
        if existing is None:
            if not (values.get("name_zh") or values.get("name_en") or values.get("name_original")):
                errors["name_zh"] = [_("Give the name in Chinese, in English or in both.")]
            if not values.get("kind"):
                errors["kind"] = [_("The kind is required for a new organisation.")]
            if unit is None and self.default_unit(actor) is None:
                errors["owner_unit"] = [_("Choose the unit that will own this record.")]
        else:
            if not may_see(actor, existing):
                errors["__all__"] = [_("You do not have permission to do this.")]
            elif self.differs(existing, values):
                require(actor, Action.CHANGE, existing)
        if errors:
            raise ValidationError(errors)
        if values.get("name_original") and not (
            values.get("name_language") or (existing is not None and existing.name_language)
        ):
            raise ValidationError(
                {"name_language": [_("Say which language the original name is in.")]}
            )

    def apply_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> RowAction:
        if existing is None:
            fields = self.fields_of(values)
            owner = self.owner_of(actor, fields)
            kind = fields.pop("kind")
            visibility = fields.pop("visibility", Visibility.INTERNAL)
            organisation_create(
                actor=actor,
                owner_unit=owner,
                kind=kind,
                visibility=visibility,
                external_ids=self.new_ids(values, None),
                **fields,
            )
            return RowAction.CREATE
        changes = self.changed_fields(existing, values)
        ids = self.new_ids(values, existing)
        if not changes and not ids:
            return RowAction.UNCHANGED
        if changes:
            organisation_update(actor=actor, organisation=existing, **changes)
        for scheme, value in ids:
            external_id_add(actor=actor, organisation=existing, scheme=scheme, value=value)
        return RowAction.UPDATE

    def describe(self, existing: Any) -> str:
        return str(existing)

    # ------------------------------------------------------------ export
    def export_queryset(self, actor: Any) -> Any:
        """The organisations ``actor`` may see, oldest first (merged ones left out)."""
        return (
            visible(actor, Organisation.objects.filter(merged_into__isnull=True))
            .select_related("country", "owner_unit")
            .prefetch_related("external_ids")
            .order_by("pk")
        )

    def export_values(self, record: Any) -> dict[str, str]:
        ids: dict[str, str] = {}
        for external in sorted(record.external_ids.all(), key=lambda e: e.pk):
            ids.setdefault(str(external.scheme), external.value)
        return {
            "name_zh": record.name_zh_hans or "",
            "name_en": record.name_en or "",
            "name_original": record.name_original or "",
            "name_language": record.name_language or "",
            "acronyms": "; ".join(record.acronyms or []),
            "kind": record.kind or "",
            "country": record.country.iso2 if record.country else "",
            "city": record.city or "",
            "address": record.address or "",
            "website": record.website or "",
            "established": str(record.established) if record.established else "",
            **{column: ids.get(str(scheme), "") for column, scheme in ID_COLUMNS.items()},
            "owner_unit": str(record.owner_unit_id),
            "visibility": record.visibility,
        }


register(OrganisationsSpec())
