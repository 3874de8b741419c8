"""Agreements, mechanisms and their sessions as bulk-import specs (:mod:`stcoop.core.imports`).

Registered as ``agreements``, ``mechanisms`` and ``mechanism-meetings``
(``/import/<name>/``, ``stcoop import <name> FILE [--dry-run]``). Countries are given by
ISO alpha-2 or alpha-3 code or by their Chinese or English name, several separated by
``;``; organisations by ID or exact name; an agreement by its reference number or title;
a mechanism by its ID or name. A value that names nothing is an error in its row and
column. Empty cells leave stored values as they are. Rows are written through
:mod:`stcoop.agreements.services`, which check the permission again; each spec exports
what the actor may see in the same columns, so a file exported and imported again
changes nothing.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stcoop.agreements.choices import (
    AgreementKind,
    AgreementStatus,
    MechanismKind,
    MechanismStatus,
    MeetingFrequency,
)
from stcoop.agreements.models import Agreement, Mechanism, MechanismMeeting
from stcoop.agreements.services import (
    agreement_create,
    agreement_update,
    mechanism_create,
    mechanism_update,
    meeting_add,
    meeting_update,
)
from stcoop.core.choices import Visibility
from stcoop.core.imports.parsers import (
    CountryParser,
    OwnedSpecMixin,
    choice_lookup,
    limited,
    may_own,
    may_see,
    owner_columns,
    parse_web_address,
    write_date,
)
from stcoop.core.imports.spec import Column, ImportSpec, RowAction, normalise_header, register
from stcoop.core.permissions import Action, can, require, visible
from stcoop.organisations.models import Organisation

SEPARATORS = re.compile(r"\s*[;；、]\s*")


#: Chinese (and other common) names of choices, accepted whatever the message catalogue says.
CHOICE_ALIASES: dict[str, dict[str, str]] = {
    "AgreementKind": {
        "政府间协定": "intergovernmental",
        "政府间科技合作协定": "intergovernmental",
        "谅解备忘录": "mou",
        "备忘录": "mou",
        "议定书": "protocol",
        "附件": "protocol",
        "议定书或附件": "protocol",
        "联合声明": "joint_statement",
        "其他": "other",
    },
    "AgreementStatus": {
        "谈判中": "negotiation",
        "已签署": "signed",
        "生效": "in_force",
        "有效": "in_force",
        "已生效": "in_force",
        "已到期": "expired",
        "已失效": "expired",
        "已终止": "terminated",
    },
    "MechanismKind": {
        "创新对话": "innovation_dialogue",
        "联合委员会": "joint_committee",
        "联委会": "joint_committee",
        "论坛": "forum",
        "双边创新基金": "innovation_fund",
        "科技伙伴计划": "partnership",
        "其他": "other",
    },
    "MechanismStatus": {"活跃": "active", "运行中": "active", "休眠": "dormant", "已结束": "ended"},
    "MeetingFrequency": {
        "每年两次": "twice_yearly",
        "每年一次": "annual",
        "每年": "annual",
        "两年一次": "biennial",
        "不定期": "irregular",
    },
    "Visibility": {"公开": "public", "共享": "shared", "内部": "internal"},
}


def _split(text: str) -> list[str]:
    return [part for part in SEPARATORS.split(text.strip()) if part]


def parse_date(text: str) -> datetime.date:
    """``YYYY-MM-DD`` (also with ``/`` or ``.``)."""
    parts = text.strip().replace("/", "-").replace(".", "-").split("-")
    try:
        if len(parts) != 3 or not all(p.isdigit() for p in parts):
            raise ValueError
        return datetime.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise ValueError(
            _("'{value}' is not a date written as YYYY-MM-DD").format(value=text)
        ) from None


def _unique_name(record: Any, field_names: tuple[str, ...], queryset: QuerySet[Any]) -> str:
    """A name of ``record`` that names it alone, else its ID."""
    for name in field_names:
        value = getattr(record, name, "") or ""
        if value and queryset.filter(**{f"{name}__iexact": value}).count() == 1:
            return str(value)
    return str(record.pk)


class _RegistrySpec(OwnedSpecMixin, CountryParser, ImportSpec):
    """Parsers and rules shared by the specs of this module."""

    #: Import column → model field, for the values stored on the record itself.
    field_of: dict[str, str] = {}
    #: Import columns holding many-to-many links.
    link_columns: tuple[str, ...] = ()

    def __init__(self) -> None:
        self._resolver = None
        self._lookups: dict[str, dict[str, str]] = {}

    # ------------------------------------------------------------ parsers
    tell_codes = True
    split_items = staticmethod(_split)

    def choice_parser(self, choices: Any, what: Any) -> Any:
        key = str(choices)

        def parse(text: str) -> str:
            if key not in self._lookups:
                lookup = choice_lookup(choices.choices)
                for alias, code in CHOICE_ALIASES.get(choices.__name__, {}).items():
                    lookup.setdefault(normalise_header(alias), code)
                self._lookups[key] = lookup
            value = self._lookups[key].get(normalise_header(text))
            if value is None:
                raise ValueError(
                    _("'{value}' is not a {what}; use one of: {codes}").format(
                        value=text, what=what, codes=", ".join(choices.values)
                    )
                )
            return value

        return parse

    def parse_visibility(self, text: str) -> str:
        return self.choice_parser(Visibility, _("visibility"))(text)  # type: ignore[no-any-return]

    @staticmethod
    def parse_organisations(text: str) -> list[Organisation]:
        found: list[Organisation] = []
        for part in _split(text):
            matches = (
                list(Organisation.objects.filter(pk=int(part)))
                if part.isdigit()
                else list(
                    Organisation.objects.filter(
                        Q(name_zh_hans__iexact=part) | Q(name_en__iexact=part)
                    )[:2]
                )
            )
            if len(matches) != 1:
                if matches:
                    raise ValueError(
                        _("several organisations are named '{value}'; give its ID").format(
                            value=part
                        )
                    )
                raise ValueError(
                    _("no organisation has the ID or name '{value}'").format(value=part)
                )
            if matches[0] not in found:
                found.append(matches[0])
        return found

    @staticmethod
    def parse_agreement(text: str) -> Agreement:
        value = text.strip()
        matches = list(Agreement.objects.filter(reference_number=value)[:1])
        if not matches:
            matches = list(
                Agreement.objects.filter(
                    Q(title_zh_hans__iexact=value) | Q(title_en__iexact=value)
                )[:2]
            )
        if len(matches) != 1:
            if matches:
                raise ValueError(
                    _(
                        "several agreements have the title '{value}'; give its reference number"
                    ).format(value=text)
                )
            raise ValueError(
                _("no agreement has the reference number or title '{value}'").format(value=text)
            )
        return matches[0]

    # ------------------------------------------------------------ exporting
    @staticmethod
    def organisation_labels(organisations: Iterable[Organisation]) -> str:
        return "; ".join(
            _unique_name(o, ("name_en", "name_zh_hans"), Organisation.objects.all())
            for o in organisations
        )

    @staticmethod
    def agreement_label(agreement: Agreement | None) -> str:
        if agreement is None:
            return ""
        if agreement.reference_number:
            return agreement.reference_number
        return _unique_name(agreement, ("title_en", "title_zh_hans"), Agreement.objects.all())

    # ------------------------------------------------------------ rows
    def fields_of(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The model fields a row gives (empty cells left out)."""
        return {
            self.field_of[column]: value
            for column, value in values.items()
            if column in self.field_of and value is not None
        }

    def links_of(self, values: Mapping[str, Any]) -> dict[str, list[Any]]:
        return {
            column: list(values[column])
            for column in self.link_columns
            if values.get(column) is not None
        }

    def changed_fields(self, existing: Any, values: Mapping[str, Any]) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.fields_of(values).items()
            if getattr(existing, name) != value
        }

    def changed_links(self, existing: Any, values: Mapping[str, Any]) -> dict[str, list[Any]]:
        changed: dict[str, list[Any]] = {}
        for column, records in self.links_of(values).items():
            stored = set(getattr(existing, column).values_list("pk", flat=True))
            if stored != {r.pk for r in records}:
                changed[column] = records
        return changed

    def differs(self, existing: Any, values: Mapping[str, Any]) -> bool:
        return bool(self.changed_fields(existing, values) or self.changed_links(existing, values))

    def check_links(self, actor: Any, values: Mapping[str, Any]) -> dict[str, list[str]]:
        """Linked organisations and agreements must be ones the actor may see."""
        errors: dict[str, list[str]] = {}
        for column, records in values.items():
            items = records if isinstance(records, list) else [records]
            hidden = [
                r
                for r in items
                if isinstance(r, Organisation | Agreement) and not can(actor, Action.VIEW, r)
            ]
            if hidden and isinstance(hidden[0], Agreement):
                errors[column] = [
                    _("no agreement has the reference number or title '{value}'").format(
                        value=hidden[0].pk
                    )
                ]
            elif hidden:
                errors[column] = [
                    _("no organisation has the ID or name '{value}'").format(value=hidden[0].pk)
                ]
        return errors

    def check_owned(
        self,
        actor: Any,
        values: Mapping[str, Any],
        existing: Any,
        name_columns: tuple[str, str],
        name_message: str,
    ) -> None:
        """Owning unit, visibility of the record and its links, required values of a new
        record, and the model's own rules for the values the row would store."""
        errors = self.check_links(actor, values)
        unit = values.get("owner_unit")
        if unit is not None and not may_own(actor, unit):
            errors["owner_unit"] = [_("You may not add records for {unit}.").format(unit=unit)]
        model = self.model
        if existing is None:
            if not (values.get(name_columns[0]) or values.get(name_columns[1])):
                errors[name_columns[0]] = [name_message]
            if not values.get("kind"):
                errors["kind"] = [_("The kind is required for a new record.")]
            if unit is None and self.default_unit(actor) is None:
                errors["owner_unit"] = [_("Choose the unit that will own this record.")]
            record = model()
        else:
            if not may_see(actor, existing):
                errors["__all__"] = [_("You do not have permission to do this.")]
            elif self.differs(existing, values):
                require(actor, Action.CHANGE, existing)
            record = model.objects.get(pk=existing.pk)
        if errors:
            raise ValidationError(errors)
        for name, value in self.fields_of(values).items():
            if name != "owner_unit":
                setattr(record, name, value)
        try:
            record.clean()
        except ValidationError as error:
            reverse = {field: column for column, field in self.field_of.items()}
            raise ValidationError(
                {reverse.get(k, k): v for k, v in error.message_dict.items()}
            ) from None

    model: Any = None


# ---------------------------------------------------------------- agreements
class AgreementsSpec(_RegistrySpec):
    """One agreement per row; matched by reference number, else by title."""

    name = "agreements"
    title = gettext_lazy("Agreements")
    description = gettext_lazy(
        "One agreement per row: title, kind, status, partner countries (codes or names, "
        "separated by ;), signing bodies (organisation IDs or names), dates as YYYY-MM-DD. "
        "A row updates the agreement with the same reference number, or else the same "
        "title; the agreement a protocol belongs to must already be recorded. Empty cells "
        "leave stored values as they are."
    )
    model = Agreement
    field_of = {
        "reference_number": "reference_number",
        "title_zh": "title_zh_hans",
        "title_en": "title_en",
        "kind": "kind",
        "status": "status",
        "signed_date": "signed_date",
        "effective_date": "effective_date",
        "expiry_date": "expiry_date",
        "parent": "parent",
        "summary_zh": "summary_zh_hans",
        "summary_en": "summary_en",
        "link": "link",
        "owner_unit": "owner_unit",
        "visibility": "visibility",
    }
    link_columns = ("countries", "signatories")

    def __init__(self) -> None:
        super().__init__()
        self.columns = (
            Column(
                "reference_number",
                gettext_lazy("Reference number"),
                aliases=("编号", "协定编号", "文号", "reference"),
                parse=limited(100),
                empty=None,
                example="CN-IL-STC-01",
            ),
            Column(
                "title_zh",
                gettext_lazy("Title in Chinese"),
                aliases=("中文标题", "标题", "协定名称"),
                parse=limited(500),
                empty=None,
                example="中以科技合作协定",
            ),
            Column(
                "title_en",
                gettext_lazy("Title in English"),
                aliases=("英文标题", "英文名称"),
                parse=limited(500),
                empty=None,
                example="China–Israel Agreement on Scientific and Technological Cooperation",
            ),
            Column(
                "kind",
                gettext_lazy("Kind: a code such as mou, or its name in Chinese or English"),
                aliases=("类型", "协定类型"),
                parse=self.choice_parser(AgreementKind, _("kind of agreement")),
                empty=None,
                example="intergovernmental",
            ),
            Column(
                "status",
                gettext_lazy("Status: a code such as in_force, or its name"),
                aliases=("状态",),
                parse=self.choice_parser(AgreementStatus, _("status")),
                empty=None,
                example="in_force",
            ),
            Column(
                "countries",
                gettext_lazy("Partner countries: ISO codes or names, separated by ;"),
                aliases=("伙伴国家", "国家", "缔约方", "partner countries"),
                parse=self.parse_countries,
                empty=None,
                example="IL",
            ),
            Column(
                "signatories",
                gettext_lazy("Signing bodies: organisation IDs or exact names, separated by ;"),
                aliases=("签署机构", "签署方"),
                parse=self.parse_organisations,
                empty=None,
            ),
            Column(
                "signed_date",
                gettext_lazy("Signed on (YYYY-MM-DD)"),
                aliases=("签署日期", "签订日期"),
                parse=parse_date,
                empty=None,
            ),
            Column(
                "effective_date",
                gettext_lazy("In force from (YYYY-MM-DD)"),
                aliases=("生效日期",),
                parse=parse_date,
                empty=None,
            ),
            Column(
                "expiry_date",
                gettext_lazy("Expires on (YYYY-MM-DD)"),
                aliases=("到期日期", "失效日期"),
                parse=parse_date,
                empty=None,
            ),
            Column(
                "parent",
                gettext_lazy("Belongs to agreement: its reference number or title"),
                aliases=("所属协定", "上级协定"),
                parse=self.parse_agreement,
                empty=None,
            ),
            Column(
                "summary_zh",
                gettext_lazy("Summary in Chinese"),
                aliases=("中文摘要", "摘要"),
                empty=None,
            ),
            Column(
                "summary_en", gettext_lazy("Summary in English"), aliases=("英文摘要",), empty=None
            ),
            Column(
                "link",
                gettext_lazy("Link"),
                aliases=("链接", "网址"),
                parse=parse_web_address,
                empty=None,
            ),
            *owner_columns(self.parse_visibility),
        )
        self.natural_key = ("reference_number", "title_zh", "title_en")

    def for_run(self) -> AgreementsSpec:
        return AgreementsSpec()

    def key_of(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        if values.get("reference_number"):
            return ("ref", values["reference_number"])
        return ("title", normalise_header(values.get("title_zh") or values.get("title_en") or ""))

    def duplicate_message(self, values: Mapping[str, Any], first_row: int) -> str:
        return _("the same agreement is already in row {row}").format(row=first_row)

    def find_existing(self, values: Mapping[str, Any]) -> Agreement | None:
        reference = values.get("reference_number")
        if reference:
            found = Agreement.objects.filter(reference_number=reference).first()
            if found is not None:
                return found
        untitled = Agreement.objects.filter(reference_number="") if reference else None
        candidates = untitled if untitled is not None else Agreement.objects.all()
        for column, field in (("title_zh", "title_zh_hans"), ("title_en", "title_en")):
            if values.get(column):
                found = candidates.filter(**{f"{field}__iexact": values[column]}).first()
                if found is not None:
                    return found
        return None

    def check_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> None:
        self.check_owned(
            actor,
            values,
            existing,
            ("title_zh", "title_en"),
            _("Give the title in Chinese, in English or in both."),
        )

    def apply_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> RowAction:
        if existing is None:
            fields = self.fields_of(values)
            owner = self.owner_of(actor, fields)
            fields.update(self.links_of(values))
            agreement_create(actor=actor, owner_unit=owner, **fields)
            return RowAction.CREATE
        changes = self.changed_fields(existing, values)
        links = self.changed_links(existing, values)
        if not changes and not links:
            return RowAction.UNCHANGED
        agreement_update(actor=actor, agreement=existing, **changes, **links)
        return RowAction.UPDATE

    def export_queryset(self, actor: Any) -> QuerySet[Agreement]:
        return (
            visible(actor, Agreement.objects.all())
            .select_related("parent", "owner_unit")
            .prefetch_related("countries", "signatories")
            .order_by("pk")
        )

    def export_values(self, record: Any) -> Mapping[str, str]:
        agreement: Agreement = record
        return {
            "reference_number": agreement.reference_number,
            "title_zh": agreement.title_zh_hans or "",
            "title_en": agreement.title_en or "",
            "kind": agreement.kind,
            "status": agreement.status,
            "countries": "; ".join(c.iso2 for c in agreement.countries.all()),
            "signatories": self.organisation_labels(agreement.signatories.all()),
            "signed_date": write_date(agreement.signed_date),
            "effective_date": write_date(agreement.effective_date),
            "expiry_date": write_date(agreement.expiry_date),
            "parent": self.agreement_label(agreement.parent),
            "summary_zh": agreement.summary_zh_hans or "",
            "summary_en": agreement.summary_en or "",
            "link": agreement.link,
            "owner_unit": str(agreement.owner_unit_id),
            "visibility": agreement.visibility,
        }


# ---------------------------------------------------------------- mechanisms
class MechanismsSpec(_RegistrySpec):
    """One mechanism per row; matched by its name in Chinese or English."""

    name = "mechanisms"
    title = gettext_lazy("Cooperation mechanisms")
    description = gettext_lazy(
        "One mechanism per row: name, kind, status, the agreement it was set up under "
        "(reference number or title), partner countries, lead organisations on each side, "
        "date established and how often it meets. A row updates the mechanism with the "
        "same name; sessions are imported separately (mechanism-meetings). Empty cells "
        "leave stored values as they are."
    )
    model = Mechanism
    field_of = {
        "name_zh": "name_zh_hans",
        "name_en": "name_en",
        "kind": "kind",
        "status": "status",
        "agreement": "agreement",
        "established_date": "established_date",
        "frequency": "frequency",
        "description_zh": "description_zh_hans",
        "description_en": "description_en",
        "owner_unit": "owner_unit",
        "visibility": "visibility",
    }
    link_columns = ("countries", "chinese_leads", "partner_leads")

    def __init__(self) -> None:
        super().__init__()
        self.columns = (
            Column(
                "name_zh",
                gettext_lazy("Name in Chinese"),
                aliases=("中文名称", "名称", "机制名称"),
                parse=limited(300),
                empty=None,
                example="中以创新合作联合委员会",
            ),
            Column(
                "name_en",
                gettext_lazy("Name in English"),
                aliases=("英文名称",),
                parse=limited(300),
                empty=None,
                example="China–Israel Joint Committee on Innovation Cooperation",
            ),
            Column(
                "kind",
                gettext_lazy("Kind: a code such as joint_committee, or its name"),
                aliases=("类型", "机制类型"),
                parse=self.choice_parser(MechanismKind, _("kind of mechanism")),
                empty=None,
                example="joint_committee",
            ),
            Column(
                "status",
                gettext_lazy("Status: active, dormant or ended"),
                aliases=("状态",),
                parse=self.choice_parser(MechanismStatus, _("status")),
                empty=None,
                example="active",
            ),
            Column(
                "agreement",
                gettext_lazy("Agreement: its reference number or title"),
                aliases=("所属协定", "协定"),
                parse=self.parse_agreement,
                empty=None,
            ),
            Column(
                "countries",
                gettext_lazy("Partner countries: ISO codes or names, separated by ;"),
                aliases=("伙伴国家", "国家", "partner countries"),
                parse=self.parse_countries,
                empty=None,
                example="以色列",
            ),
            Column(
                "chinese_leads",
                gettext_lazy(
                    "Lead organisations, Chinese side: IDs or exact names, separated by ;"
                ),
                aliases=("中方牵头单位", "中方牵头机构"),
                parse=self.parse_organisations,
                empty=None,
            ),
            Column(
                "partner_leads",
                gettext_lazy(
                    "Lead organisations, partner side: IDs or exact names, separated by ;"
                ),
                aliases=("外方牵头单位", "外方牵头机构"),
                parse=self.parse_organisations,
                empty=None,
            ),
            Column(
                "established_date",
                gettext_lazy("Established on (YYYY-MM-DD)"),
                aliases=("成立日期", "建立日期"),
                parse=parse_date,
                empty=None,
            ),
            Column(
                "frequency",
                gettext_lazy("Meets: twice_yearly, annual, biennial or irregular"),
                aliases=("会议频率", "频率"),
                parse=self.choice_parser(MeetingFrequency, _("frequency")),
                empty=None,
                example="annual",
            ),
            Column(
                "description_zh",
                gettext_lazy("Description in Chinese"),
                aliases=("中文简介", "简介"),
                empty=None,
            ),
            Column(
                "description_en",
                gettext_lazy("Description in English"),
                aliases=("英文简介",),
                empty=None,
            ),
            *owner_columns(self.parse_visibility),
        )
        self.natural_key = ("name_zh", "name_en")

    def for_run(self) -> MechanismsSpec:
        return MechanismsSpec()

    def key_of(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        return (normalise_header(values.get("name_zh") or values.get("name_en") or ""),)

    def duplicate_message(self, values: Mapping[str, Any], first_row: int) -> str:
        return _("the same mechanism is already in row {row}").format(row=first_row)

    def find_existing(self, values: Mapping[str, Any]) -> Mechanism | None:
        for column, field in (("name_zh", "name_zh_hans"), ("name_en", "name_en")):
            if values.get(column):
                found = Mechanism.objects.filter(**{f"{field}__iexact": values[column]}).first()
                if found is not None:
                    return found
        return None

    def check_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> None:
        self.check_owned(
            actor,
            values,
            existing,
            ("name_zh", "name_en"),
            _("Give the name in Chinese, in English or in both."),
        )

    def apply_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> RowAction:
        if existing is None:
            fields = self.fields_of(values)
            owner = self.owner_of(actor, fields)
            fields.update(self.links_of(values))
            mechanism_create(actor=actor, owner_unit=owner, **fields)
            return RowAction.CREATE
        changes = self.changed_fields(existing, values)
        links = self.changed_links(existing, values)
        if not changes and not links:
            return RowAction.UNCHANGED
        mechanism_update(actor=actor, mechanism=existing, **changes, **links)
        return RowAction.UPDATE

    def export_queryset(self, actor: Any) -> QuerySet[Mechanism]:
        return (
            visible(actor, Mechanism.objects.all())
            .select_related("agreement", "owner_unit")
            .prefetch_related("countries", "chinese_leads", "partner_leads")
            .order_by("pk")
        )

    def export_values(self, record: Any) -> Mapping[str, str]:
        mechanism: Mechanism = record
        return {
            "name_zh": mechanism.name_zh_hans or "",
            "name_en": mechanism.name_en or "",
            "kind": mechanism.kind,
            "status": mechanism.status,
            "agreement": self.agreement_label(mechanism.agreement),
            "countries": "; ".join(c.iso2 for c in mechanism.countries.all()),
            "chinese_leads": self.organisation_labels(mechanism.chinese_leads.all()),
            "partner_leads": self.organisation_labels(mechanism.partner_leads.all()),
            "established_date": write_date(mechanism.established_date),
            "frequency": mechanism.frequency,
            "description_zh": mechanism.description_zh_hans or "",
            "description_en": mechanism.description_en or "",
            "owner_unit": str(mechanism.owner_unit_id),
            "visibility": mechanism.visibility,
        }


# ---------------------------------------------------------------- sessions
def parse_session(text: str) -> int:
    value = text.strip().removeprefix("第").removesuffix("届").removesuffix("次")
    if not value.isdigit() or not 1 <= int(value) <= 32767:
        raise ValueError(_("'{value}' is not a session number such as 3").format(value=text))
    return int(value)


class MechanismMeetingsSpec(_RegistrySpec):
    """One session per row, matched by mechanism and session number."""

    name = "mechanism-meetings"
    title = gettext_lazy("Sessions of mechanisms")
    description = gettext_lazy(
        "One session per row: the mechanism (ID or name), session number, date "
        "(YYYY-MM-DD), city, country, outcomes and a link to the documents. A row updates "
        "the session of that mechanism with the same number. Empty cells leave stored "
        "values as they are."
    )
    model = MechanismMeeting
    field_of = {
        "date": "date",
        "city": "city",
        "country": "country",
        "outcomes_zh": "outcomes_zh_hans",
        "outcomes_en": "outcomes_en",
        "documents_link": "documents_link",
    }

    def __init__(self) -> None:
        super().__init__()
        self.columns = (
            Column(
                "mechanism",
                gettext_lazy("Mechanism: its ID or name in Chinese or English"),
                required=True,
                aliases=("机制", "机制名称"),
                parse=self.parse_mechanism,
                example="China–Israel Joint Committee on Innovation Cooperation",
            ),
            Column(
                "session_number",
                gettext_lazy("Session number"),
                required=True,
                aliases=("届次", "会议届次", "session"),
                parse=parse_session,
                example="5",
            ),
            Column(
                "date",
                gettext_lazy("Date (YYYY-MM-DD)"),
                aliases=("日期", "会议日期"),
                parse=parse_date,
                empty=None,
                example="2024-05-20",
            ),
            Column("city", gettext_lazy("City"), aliases=("城市",), parse=limited(200), empty=None),
            Column(
                "country",
                gettext_lazy("Country: ISO code, or the name in Chinese or English"),
                aliases=("国家", "举办国"),
                parse=self.parse_country,
                empty=None,
                example="CN",
            ),
            Column(
                "outcomes_zh",
                gettext_lazy("Outcomes in Chinese"),
                aliases=("中文成果", "成果"),
                empty=None,
            ),
            Column(
                "outcomes_en",
                gettext_lazy("Outcomes in English"),
                aliases=("英文成果",),
                empty=None,
            ),
            Column(
                "documents_link",
                gettext_lazy("Documents (link)"),
                aliases=("文件链接", "会议文件"),
                parse=parse_web_address,
                empty=None,
            ),
        )
        self.natural_key = ("mechanism", "session_number")

    def for_run(self) -> MechanismMeetingsSpec:
        return MechanismMeetingsSpec()

    @staticmethod
    def parse_mechanism(text: str) -> Mechanism:
        value = text.strip()
        matches = (
            list(Mechanism.objects.filter(pk=int(value)))
            if value.isdigit()
            else list(
                Mechanism.objects.filter(Q(name_zh_hans__iexact=value) | Q(name_en__iexact=value))[
                    :2
                ]
            )
        )
        if len(matches) != 1:
            if matches:
                raise ValueError(
                    _("several mechanisms are named '{value}'; give its ID").format(value=text)
                )
            raise ValueError(_("no mechanism has the ID or name '{value}'").format(value=text))
        return matches[0]

    def key_of(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        mechanism = values.get("mechanism")
        return (getattr(mechanism, "pk", None), values.get("session_number"))

    def duplicate_message(self, values: Mapping[str, Any], first_row: int) -> str:
        return _("the same session is already in row {row}").format(row=first_row)

    def find_existing(self, values: Mapping[str, Any]) -> MechanismMeeting | None:
        return (
            MechanismMeeting.objects.filter(
                mechanism=values["mechanism"], session_number=values["session_number"]
            )
            .select_related("mechanism")
            .first()
        )

    def differs(self, existing: Any, values: Mapping[str, Any]) -> bool:
        return bool(self.changed_fields(existing, values))

    def check_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> None:
        mechanism: Mechanism = values["mechanism"]
        if not can(actor, Action.VIEW, mechanism):
            raise ValidationError(
                {
                    "mechanism": [
                        _("no mechanism has the ID or name '{value}'").format(value=mechanism.pk)
                    ]
                }
            )
        if existing is None and not values.get("date"):
            raise ValidationError({"date": [_("The date is required for a new session.")]})
        if existing is None or self.differs(existing, values):
            require(actor, Action.CHANGE, mechanism)
        meeting = (
            MechanismMeeting.objects.get(pk=existing.pk)
            if existing is not None
            else MechanismMeeting(mechanism=mechanism, session_number=values["session_number"])
        )
        for name, value in self.fields_of(values).items():
            setattr(meeting, name, value)
        meeting.clean()  # its errors name the columns session_number and date

    def apply_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> RowAction:
        if existing is None:
            meeting_add(
                actor=actor,
                mechanism=values["mechanism"],
                session_number=values["session_number"],
                **self.fields_of(values),
            )
            return RowAction.CREATE
        changes = self.changed_fields(existing, values)
        if not changes:
            return RowAction.UNCHANGED
        meeting_update(actor=actor, meeting=existing, **changes)
        return RowAction.UPDATE

    def describe(self, existing: Any) -> str:
        return f"{existing.mechanism} – {existing}"

    def export_queryset(self, actor: Any) -> QuerySet[MechanismMeeting]:
        mechanisms = visible(actor, Mechanism.objects.all())
        return (
            MechanismMeeting.objects.filter(mechanism__in=mechanisms)
            .select_related("mechanism", "country")
            .order_by("mechanism_id", "session_number")
        )

    def export_values(self, record: Any) -> Mapping[str, str]:
        meeting: MechanismMeeting = record
        return {
            "mechanism": _unique_name(
                meeting.mechanism, ("name_en", "name_zh_hans"), Mechanism.objects.all()
            ),
            "session_number": str(meeting.session_number),
            "date": write_date(meeting.date),
            "city": meeting.city,
            "country": meeting.country.iso2 if meeting.country else "",
            "outcomes_zh": meeting.outcomes_zh_hans or "",
            "outcomes_en": meeting.outcomes_en or "",
            "documents_link": meeting.documents_link,
        }


register(AgreementsSpec())
register(MechanismsSpec())
register(MechanismMeetingsSpec())
