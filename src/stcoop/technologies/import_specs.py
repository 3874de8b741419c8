"""Technology profiles as a bulk-import spec (:mod:`stcoop.core.imports`).

Registered as ``technologies``: ``/import/technologies/`` and
``stcoop import technologies FILE [--dry-run]``. A row with a reference updates that
profile; a row without one updates the profile of the same organisation with the same
title, or adds a profile. Kinds, sectors, IP statuses and kinds of cooperation are given
by code or by their Chinese or English label; lists are separated by ``;``. Empty cells
leave stored values as they are. Writes go through :mod:`stcoop.technologies.services`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stcoop.core.choices import Visibility
from stcoop.core.imports import parsers
from stcoop.core.imports.parsers import limited, may_see
from stcoop.core.imports.spec import Column, ImportSpec, RowAction, normalise_header, register
from stcoop.core.permissions import Action, can, require, visible
from stcoop.geo.models import Grouping
from stcoop.organisations.models import Organisation
from stcoop.people.models import Person
from stcoop.technologies.choices import (
    CHINESE_NAMES,
    REFERENCE_PREFIX,
    Cooperation,
    IpStatus,
    ProfileKind,
    ProfileStatus,
    ReadinessLevel,
    Sector,
)
from stcoop.technologies.models import TechnologyProfile
from stcoop.technologies.services import profile_create, profile_update

_SEPARATORS = re.compile(r"[;；\n]+")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")

#: Import column → model field, for the columns stored on the profile itself.
FIELD_OF = {
    "kind": "kind",
    "title_zh": "title_zh_hans",
    "title_en": "title_en",
    "description_zh": "description_zh_hans",
    "description_en": "description_en",
    "organisation": "organisation",
    "contact_person": "contact_person",
    "trl": "trl",
    "ip_status": "ip_status",
    "patent_numbers": "patent_numbers",
    "sectors": "sectors",
    "keywords": "keywords",
    "cooperation": "cooperation",
    "languages": "languages",
    "publication_date": "publication_date",
    "expiry_date": "expiry_date",
    "status": "status",
    "owner_unit": "owner_unit",
    "visibility": "visibility",
}
#: Import columns of many-to-many targets.
TARGET_COLUMNS = ("target_countries", "target_groupings")


# ---------------------------------------------------------------- shared parsers
def _names(
    choices: Any, extra: Mapping[str, str] | None, chinese: Mapping[str, str] | None
) -> dict[str, str]:
    """The names in ``chinese`` (by code) of ``choices``, then ``extra`` (name → code)."""
    names = {chinese[code]: code for code, _label in choices if chinese and code in chinese}
    return {**names, **(extra or {})}


def split_cell(text: str) -> list[str]:
    """The items of a cell separated by ``;`` (or ``；`` or new lines), without repeats."""
    found: list[str] = []
    for part in _SEPARATORS.split(text):
        item = part.strip()
        if item and item not in found:
            found.append(item)
    return found


def join_cell(items: Any) -> str:
    """Items as one cell, the way :func:`split_cell` reads them back."""
    return "; ".join(str(item) for item in items)


def choice_parser(
    choices: Any,
    what: Any,
    extra: Mapping[str, str] | None = None,
    chinese: Mapping[str, str] | None = CHINESE_NAMES,
) -> Any:
    """A parser of one code or label of ``choices``; ``what`` names them in messages."""
    return parsers.choice_parser(choices, what, extra=_names(choices, extra, chinese))


def choice_list_parser(
    choices: Any,
    what: Any,
    extra: Mapping[str, str] | None = None,
    chinese: Mapping[str, str] | None = CHINESE_NAMES,
) -> Any:
    """A parser of several codes or labels of ``choices`` separated by ``;``."""
    one = choice_parser(choices, what, extra, chinese)

    def parse(text: str) -> list[str]:
        codes: list[str] = []
        for item in split_cell(text):
            code = one(item)
            if code not in codes:
                codes.append(code)
        return codes

    return parse


def parse_date(text: str) -> datetime.date:
    """``2026-03-01``, ``2026/3/1`` or ``2026年3月1日``."""
    match = _DATE.match(text.strip())
    try:
        if match is None:
            raise ValueError(text)
        return datetime.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise ValueError(_("'{value}' is not a date (use YYYY-MM-DD)").format(value=text)) from None


def parse_languages(text: str) -> list[str]:
    codes = [code.lower() for code in split_cell(text.replace(",", ";").replace("，", ";"))]
    bad = [code for code in codes if not _LANGUAGE.match(code)]
    if bad:
        raise ValueError(
            _("'{value}' is not a language code such as zh or en").format(value=", ".join(bad))
        )
    return codes


def limited_list(limit: int) -> Any:
    def parse(text: str) -> list[str]:
        items = split_cell(text)
        if any(len(item) > limit for item in items):
            raise ValueError(_("an item is longer than {limit} characters").format(limit=limit))
        return items

    return parse


def parse_organisation(text: str) -> Organisation:
    """An organisation by its ID or exact Chinese or English name."""
    organisations = Organisation.objects.all()
    found = list(organisations.filter(pk=int(text))) if text.isdigit() else []
    if not found:
        found = list(organisations.filter(name_zh_hans=text)[:2]) or list(
            organisations.filter(name_en__iexact=text)[:2]
        )
    if len(found) != 1:
        if found:
            raise ValueError(
                _("several organisations are named '{value}'; give its ID").format(value=text)
            )
        raise ValueError(_("no organisation has the ID or name '{value}'").format(value=text))
    return found[0]


#: Chinese names of the visibilities, accepted whatever the interface language.
VISIBILITY_NAMES = {
    "公开": Visibility.PUBLIC,
    "共享": Visibility.SHARED,
    "指定单位共享": Visibility.SHARED,
    "内部": Visibility.INTERNAL,
    "单位内部": Visibility.INTERNAL,
}


def visibility_parser() -> Any:
    return choice_parser(Visibility.choices, gettext_lazy("visibility"), VISIBILITY_NAMES)


# ---------------------------------------------------------------- the spec
class TechnologiesSpec(parsers.OwnedSpecMixin, parsers.CountryParser, ImportSpec):
    """One technology profile per row; see the module docstring."""

    name = "technologies"
    title = gettext_lazy("Technology offers and requests")
    description = gettext_lazy(
        "One profile per row. A row with a reference updates that profile; a row without "
        "one updates the profile of the same organisation with the same title, or adds a "
        "profile. Give kinds, sectors, intellectual property and cooperation by code or by "
        "their Chinese or English name; separate several values with ;. Empty cells leave "
        "stored values as they are. New profiles are drafts unless a status is given."
    )

    def __init__(self) -> None:
        self._resolver = None
        prefixes = {prefix: kind for kind, prefix in REFERENCE_PREFIX.items()}
        self.columns = (
            Column(
                "reference",
                gettext_lazy("Reference (empty for a new profile)"),
                aliases=("编号", "参考编号", "档案编号"),
                parse=self.parse_reference,
                empty=None,
            ),
            Column(
                "kind",
                gettext_lazy("Kind: a code such as technology_offer, TO, or its name"),
                aliases=("类型", "档案类型"),
                parse=choice_parser(ProfileKind.choices, gettext_lazy("kind"), prefixes),
                empty=None,
                example="technology_offer",
            ),
            Column(
                "title_zh",
                gettext_lazy("Title in Chinese"),
                aliases=("中文标题", "标题"),
                parse=limited(300),
                empty=None,
                example="高效钙钛矿太阳能电池制备技术",
            ),
            Column(
                "title_en",
                gettext_lazy("Title in English"),
                aliases=("英文标题",),
                parse=limited(300),
                empty=None,
                example="High-efficiency perovskite solar cells",
            ),
            Column(
                "description_zh",
                gettext_lazy("Description in Chinese"),
                aliases=("中文描述", "描述", "简介"),
                empty=None,
            ),
            Column(
                "description_en",
                gettext_lazy("Description in English"),
                aliases=("英文描述",),
                empty=None,
            ),
            Column(
                "organisation",
                gettext_lazy("Organisation: its ID or exact name"),
                aliases=("机构", "单位", "所属机构", "组织"),
                parse=parse_organisation,
                empty=None,
                example="清华大学",
            ),
            Column(
                "contact_person",
                gettext_lazy("Contact person: the ID of the person"),
                aliases=("联系人", "联系人编号"),
                parse=self.parse_person,
                empty=None,
            ),
            Column(
                "trl",
                gettext_lazy("Technology readiness level, 1 to 9"),
                aliases=("技术成熟度", "TRL", "成熟度"),
                parse=self.parse_trl,
                empty=None,
                example="6",
            ),
            Column(
                "ip_status",
                gettext_lazy("Intellectual property: a code such as granted_patent, or its name"),
                aliases=("知识产权", "知识产权状态"),
                parse=choice_parser(
                    IpStatus.choices, gettext_lazy("status of intellectual property")
                ),
                empty=None,
                example="granted_patent",
            ),
            Column(
                "patent_numbers",
                gettext_lazy("Patent numbers, separated by ;"),
                aliases=("专利号",),
                parse=limited_list(100),
                empty=None,
            ),
            Column(
                "sectors",
                gettext_lazy("Sectors: codes or names, separated by ;"),
                aliases=("领域", "技术领域", "行业"),
                parse=choice_list_parser(Sector.choices, gettext_lazy("sector")),
                empty=None,
                example="新能源; new_materials",
            ),
            Column(
                "keywords",
                gettext_lazy("Keywords, separated by ;"),
                aliases=("关键词",),
                parse=limited_list(200),
                empty=None,
            ),
            Column(
                "cooperation",
                gettext_lazy("Cooperation sought: codes or names, separated by ;"),
                aliases=("合作方式", "寻求合作方式"),
                parse=choice_list_parser(Cooperation.choices, gettext_lazy("kind of cooperation")),
                empty=None,
                example="licence; 技术合作",
            ),
            Column(
                "target_countries",
                gettext_lazy("Target countries: ISO codes or names, separated by ;"),
                aliases=("目标国家", "目标国别"),
                parse=self.parse_countries,
                empty=None,
                example="DE; 泰国",
            ),
            Column(
                "target_groupings",
                gettext_lazy("Target country groupings: codes, separated by ;"),
                aliases=("目标国家组", "目标区域"),
                parse=self.parse_groupings,
                empty=None,
            ),
            Column(
                "languages",
                gettext_lazy("Languages of the profile: ISO codes, separated by ;"),
                aliases=("语言", "档案语言"),
                parse=parse_languages,
                empty=None,
            ),
            Column(
                "publication_date",
                gettext_lazy("Publication date (YYYY-MM-DD)"),
                aliases=("发布日期",),
                parse=parse_date,
                empty=None,
            ),
            Column(
                "expiry_date",
                gettext_lazy("Expiry date (YYYY-MM-DD; default twelve months after publication)"),
                aliases=("截止日期", "有效期至", "失效日期"),
                parse=parse_date,
                empty=None,
            ),
            Column(
                "status",
                gettext_lazy("Status: draft, published or withdrawn (default: draft)"),
                aliases=("状态",),
                parse=choice_parser(ProfileStatus.choices, gettext_lazy("status")),
                empty=None,
                example="published",
            ),
            *parsers.owner_columns(
                visibility_parser(),
                gettext_lazy("Visibility: public, shared or internal (default: public)"),
            ),
        )
        self.natural_key = ("reference", "organisation", "title_zh", "title_en")

    def for_run(self) -> TechnologiesSpec:
        return TechnologiesSpec()

    # ------------------------------------------------------------ parsers
    split_items = staticmethod(split_cell)

    @staticmethod
    def parse_groupings(text: str) -> list[Grouping]:
        codes = [item.lower() for item in split_cell(text)]
        groupings = {g.code: g for g in Grouping.objects.filter(code__in=codes)}
        missing = [code for code in codes if code not in groupings]
        if missing:
            raise ValueError(
                _("'{value}' is not a known grouping code").format(value=", ".join(missing))
            )
        return [groupings[code] for code in codes]

    @staticmethod
    def parse_reference(text: str) -> str:
        return text.strip().upper()

    @staticmethod
    def parse_trl(text: str) -> int:
        value = text.strip().upper().removeprefix("TRL").strip()
        if not value.isdigit() or int(value) not in ReadinessLevel.values:
            raise ValueError(_("'{value}' is not a readiness level from 1 to 9").format(value=text))
        return int(value)

    @staticmethod
    def parse_person(text: str) -> Person:
        person = Person.objects.filter(pk=int(text)).first() if text.isdigit() else None
        if person is None:
            raise ValueError(_("no person has the ID '{value}'").format(value=text))
        return person

    # ------------------------------------------------------------ matching
    def key_of(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        if values.get("reference"):
            return ("reference", values["reference"])
        organisation = values.get("organisation")
        return (
            "title",
            organisation.pk if organisation else None,
            normalise_header(values.get("title_zh") or ""),
            normalise_header(values.get("title_en") or ""),
        )

    def duplicate_message(self, values: Mapping[str, Any], first_row: int) -> str:
        return _("the same profile is already in row {row}").format(row=first_row)

    def find_existing(self, values: Mapping[str, Any]) -> TechnologyProfile | None:
        if values.get("reference"):
            found = TechnologyProfile.objects.filter(reference=values["reference"]).first()
            if found is None:
                message = _("No profile has the reference {reference}.").format(
                    reference=values["reference"]
                )
                raise ValidationError({"reference": [message]})
            return found
        organisation = values.get("organisation")
        if organisation is None:
            return None
        profiles = TechnologyProfile.objects.filter(organisation=organisation)
        if values.get("title_zh"):
            found = profiles.filter(title_zh_hans=values["title_zh"]).first()
            if found is not None:
                return found
        if values.get("title_en"):
            return profiles.filter(title_en__iexact=values["title_en"]).first()
        return None

    # ------------------------------------------------------------ rows
    def fields_of(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The model fields a row gives (empty cells left out)."""
        return {
            FIELD_OF[column]: value
            for column, value in values.items()
            if column in FIELD_OF and value is not None
        }

    def changed_fields(
        self, existing: TechnologyProfile, values: Mapping[str, Any]
    ) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.fields_of(values).items()
            if getattr(existing, name) != value
        }

    def changed_targets(
        self, existing: TechnologyProfile, values: Mapping[str, Any]
    ) -> dict[str, list[Any]]:
        changes: dict[str, list[Any]] = {}
        for column in TARGET_COLUMNS:
            wanted = values.get(column)
            if wanted is None:
                continue
            have = set(getattr(existing, column).values_list("pk", flat=True))
            if have != {item.pk for item in wanted}:
                changes[column] = wanted
        return changes

    def differs(self, existing: Any, values: Mapping[str, Any]) -> bool:
        return bool(self.changed_fields(existing, values) or self.changed_targets(existing, values))

    def check_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> None:
        errors: dict[str, list[str]] = {}
        unit = values.get("owner_unit")
        if (
            unit is not None
            and not parsers.may_own(actor, unit)
            and (existing is None or unit.pk != existing.owner_unit_id)
        ):
            errors["owner_unit"] = [_("You may not add profiles for {unit}.").format(unit=unit)]
        organisation = values.get("organisation")
        if (
            organisation is not None
            and (existing is None or organisation.pk != existing.organisation_id)
            and not can(actor, Action.VIEW, organisation)
        ):
            errors["organisation"] = [
                _("no organisation has the ID or name '{value}'").format(value=organisation.pk)
            ]
        person = values.get("contact_person")
        if (
            person is not None
            and (existing is None or person.pk != existing.contact_person_id)
            and not can(actor, Action.VIEW, person)
        ):
            errors["contact_person"] = [_("no person has the ID '{value}'").format(value=person.pk)]
        if existing is None:
            if not (values.get("title_zh") or values.get("title_en")):
                errors["title_zh"] = [_("Give the title in Chinese, in English or in both.")]
            if not values.get("kind"):
                errors["kind"] = [_("The kind is required for a new profile.")]
            if organisation is None:
                errors["organisation"] = [_("The organisation is required for a new profile.")]
            if unit is None and self.default_unit(actor) is None:
                errors["owner_unit"] = [_("Choose the unit that will own this record.")]
        elif not may_see(actor, existing):
            errors["reference"] = [
                _("No profile has the reference {reference}.").format(reference=existing.reference)
            ]
        elif self.differs(existing, values):
            require(actor, Action.CHANGE, existing)
        if not errors:
            errors = self.rule_errors(values, existing)
        if errors:
            raise ValidationError(errors)

    def rule_errors(self, values: Mapping[str, Any], existing: Any | None) -> dict[str, list[str]]:
        """What the record's own rules (dates in order, province and country ...) say
        about the row applied to ``existing`` (or to a new record), keyed by column."""
        return parsers.rule_errors(TechnologyProfile, existing, self.fields_of(values), FIELD_OF)

    def apply_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> RowAction:
        targets = {c: values[c] for c in TARGET_COLUMNS if values.get(c) is not None}
        if existing is None:
            fields = self.fields_of(values)
            owner = self.owner_of(actor, fields)
            profile_create(
                actor=actor,
                owner_unit=owner,
                kind=fields.pop("kind"),
                visibility=fields.pop("visibility", Visibility.PUBLIC),
                **fields,
                **targets,
            )
            return RowAction.CREATE
        changes = self.changed_fields(existing, values)
        target_changes = self.changed_targets(existing, values)
        if not changes and not target_changes:
            return RowAction.UNCHANGED
        profile_update(actor=actor, profile=existing, **changes, **target_changes)
        return RowAction.UPDATE

    def describe(self, existing: Any) -> str:
        return str(existing)

    # ------------------------------------------------------------ export
    def export_queryset(self, actor: Any) -> QuerySet[TechnologyProfile]:
        """Every profile ``actor`` may see, expired ones included, by reference."""
        return (
            visible(actor, TechnologyProfile.objects.all())
            .select_related("organisation", "contact_person", "owner_unit")
            .prefetch_related("target_countries", "target_groupings")
            .order_by("reference")
        )

    def export_values(self, record: Any) -> dict[str, str]:
        profile: TechnologyProfile = record
        values = {
            "reference": profile.reference,
            "kind": profile.kind,
            "title_zh": profile.title_zh_hans or "",
            "title_en": profile.title_en or "",
            "description_zh": profile.description_zh_hans or "",
            "description_en": profile.description_en or "",
            "organisation": str(profile.organisation_id or ""),
            "contact_person": str(profile.contact_person_id or ""),
            "trl": str(profile.trl or ""),
            "ip_status": profile.ip_status,
            "patent_numbers": join_cell(profile.patent_numbers or []),
            "sectors": join_cell(profile.sectors or []),
            "keywords": join_cell(profile.keywords or []),
            "cooperation": join_cell(profile.cooperation or []),
            "target_countries": join_cell(sorted(c.iso2 for c in profile.target_countries.all())),
            "target_groupings": join_cell(sorted(g.code for g in profile.target_groupings.all())),
            "languages": join_cell(profile.languages or []),
            "publication_date": profile.publication_date.isoformat()
            if profile.publication_date
            else "",
            "expiry_date": profile.expiry_date.isoformat() if profile.expiry_date else "",
            "status": profile.status,
            "owner_unit": str(profile.owner_unit_id),
            "visibility": profile.visibility,
        }
        return values


register(TechnologiesSpec())
