"""Policy documents as a bulk-import spec (:mod:`stcoop.core.imports`).

Registered as ``policies``: ``/import/policies/`` and
``stcoop import policies FILE [--dry-run]``. A row updates the document with the same
document number (文号), or else the same title and issue date; other rows add
documents. Levels, statuses and topics are given by code or by their Chinese or English
name; provinces by code or name (``广东``, ``Guangdong``, ``CN-GD``); a province alone
implies China. Empty cells leave stored values as they are. Writes go through
:mod:`stcoop.policies.services`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stcoop.core.choices import Visibility
from stcoop.core.imports import parsers
from stcoop.core.imports.parsers import limited, may_see, parse_web_address
from stcoop.core.imports.spec import Column, ImportSpec, RowAction, normalise_header, register
from stcoop.core.permissions import Action, can, require, visible
from stcoop.geo.models import Country
from stcoop.geo.provinces import parse_province
from stcoop.policies.choices import (
    CHINESE_ALIASES,
    CHINESE_NAMES,
    PolicyLevel,
    PolicyStatus,
    PolicyTopic,
)
from stcoop.policies.models import PolicyDocument
from stcoop.policies.services import policy_create, policy_update
from stcoop.technologies.import_specs import (
    choice_list_parser,
    choice_parser,
    join_cell,
    limited_list,
    parse_date,
    parse_organisation,
    visibility_parser,
)

#: Import column → model field.
FIELD_OF = {
    "title_zh": "title_zh_hans",
    "title_en": "title_en",
    "issuer_zh": "issuer_zh_hans",
    "issuer_en": "issuer_en",
    "issuing_organisation": "issuing_organisation",
    "document_number": "document_number",
    "issue_date": "issue_date",
    "effective_date": "effective_date",
    "repeal_date": "repeal_date",
    "status": "status",
    "level": "level",
    "country": "country",
    "province": "province",
    "topics": "topics",
    "keywords": "keywords",
    "summary_zh": "summary_zh_hans",
    "summary_en": "summary_en",
    "full_text": "full_text",
    "link": "link",
    "language": "language",
    "owner_unit": "owner_unit",
    "visibility": "visibility",
}


def _parse_province(text: str) -> str:
    try:
        return parse_province(text)
    except ValueError:
        raise ValueError(_("'{value}' is not a province of China").format(value=text)) from None


def _parse_language(text: str) -> str:
    code = text.strip().lower()
    if not (2 <= len(code) <= 16) or not code.replace("-", "").isalnum():
        raise ValueError(_("'{value}' is not a language code such as zh or en").format(value=text))
    return code


def _names(*mappings: Mapping[str, str]) -> dict[str, str]:
    """Chinese name → code, from mappings of code → name and name → code."""
    found = {name: code for code, name in CHINESE_NAMES.items()}
    for mapping in mappings:
        found.update(mapping)
    return found


class PoliciesSpec(parsers.OwnedSpecMixin, parsers.CountryParser, ImportSpec):
    """One policy document per row; see the module docstring."""

    name = "policies"
    title = gettext_lazy("Policy documents")
    description = gettext_lazy(
        "One policy document per row. A row updates the document with the same document "
        "number, or else the same title and issue date; other rows add documents. Give "
        "levels, statuses and topics by code or by their Chinese or English name, and "
        "provinces by code or name; separate several topics or keywords with ;. Empty cells "
        "leave stored values as they are."
    )

    def __init__(self) -> None:
        self._resolver = None
        extra = _names(CHINESE_ALIASES)
        self.columns = (
            Column(
                "title_zh",
                gettext_lazy("Title in Chinese"),
                aliases=("中文标题", "标题", "文件名称", "政策名称"),
                parse=limited(500),
                empty=None,
                example="关于进一步加强国际科技合作的若干措施",
            ),
            Column(
                "title_en",
                gettext_lazy("Title in English"),
                aliases=("英文标题",),
                parse=limited(500),
                empty=None,
            ),
            Column(
                "issuer_zh",
                gettext_lazy("Issuer in Chinese"),
                aliases=("发文机关", "发布机构", "发文单位", "中文发布机构"),
                parse=limited(300),
                empty=None,
                example="广东省科学技术厅",
            ),
            Column(
                "issuer_en",
                gettext_lazy("Issuer in English"),
                aliases=("英文发布机构",),
                parse=limited(300),
                empty=None,
            ),
            Column(
                "issuing_organisation",
                gettext_lazy("Issuing organisation: its ID or exact name"),
                aliases=("发文机构编号", "发布机构记录"),
                parse=parse_organisation,
                empty=None,
            ),
            Column(
                "document_number",
                gettext_lazy("Document number"),
                aliases=("文号", "发文字号", "文件编号"),
                parse=limited(100),
                empty=None,
                example="粤科规范字〔2026〕1号",
            ),
            Column(
                "issue_date",
                gettext_lazy("Issue date (YYYY-MM-DD)"),
                aliases=("发布日期", "印发日期", "成文日期"),
                parse=parse_date,
                empty=None,
                example="2026-03-01",
            ),
            Column(
                "effective_date",
                gettext_lazy("Effective date (YYYY-MM-DD)"),
                aliases=("施行日期", "生效日期", "实施日期"),
                parse=parse_date,
                empty=None,
            ),
            Column(
                "repeal_date",
                gettext_lazy("Repeal date (YYYY-MM-DD)"),
                aliases=("废止日期", "失效日期"),
                parse=parse_date,
                empty=None,
            ),
            Column(
                "status",
                gettext_lazy("Status: draft, in_force, amended or repealed (default: in force)"),
                aliases=("状态", "效力状态", "时效性"),
                parse=choice_parser(PolicyStatus.choices, gettext_lazy("status"), extra, None),
                empty=None,
                example="in_force",
            ),
            Column(
                "level",
                gettext_lazy("Level: international, national, provincial or municipal"),
                aliases=("层级", "级别", "政策层级"),
                parse=choice_parser(PolicyLevel.choices, gettext_lazy("level"), extra, None),
                empty=None,
                example="provincial",
            ),
            Column(
                "country",
                gettext_lazy("Jurisdiction: ISO code, or the country's name in Chinese or English"),
                aliases=("国家", "适用国家", "国别"),
                parse=self.parse_country,
                empty=None,
                example="CN",
            ),
            Column(
                "province",
                gettext_lazy("Province of a Chinese document: code or name"),
                aliases=("省份", "省", "地区"),
                parse=_parse_province,
                empty=None,
                example="广东",
            ),
            Column(
                "topics",
                gettext_lazy("Topics: codes or names, separated by ;"),
                aliases=("主题", "政策主题"),
                parse=choice_list_parser(PolicyTopic.choices, gettext_lazy("topic"), extra, None),
                empty=None,
                example="国际合作; talent",
            ),
            Column(
                "keywords",
                gettext_lazy("Keywords, separated by ;"),
                aliases=("关键词",),
                parse=limited_list(200),
                empty=None,
            ),
            Column(
                "summary_zh",
                gettext_lazy("Summary in Chinese"),
                aliases=("中文摘要", "摘要"),
                empty=None,
            ),
            Column(
                "summary_en",
                gettext_lazy("Summary in English"),
                aliases=("英文摘要",),
                empty=None,
            ),
            Column(
                "full_text",
                gettext_lazy("Full text"),
                aliases=("全文", "正文"),
                empty=None,
            ),
            Column(
                "link",
                gettext_lazy("Link to the document"),
                aliases=("链接", "网址", "原文链接"),
                parse=parse_web_address,
                empty=None,
            ),
            Column(
                "language",
                gettext_lazy("Language of the full text (ISO code, e.g. zh)"),
                aliases=("语言", "语种"),
                parse=_parse_language,
                empty=None,
                example="zh",
            ),
            *parsers.owner_columns(
                visibility_parser(),
                gettext_lazy("Visibility: public, shared or internal (default: public)"),
            ),
        )
        self.natural_key = ("document_number", "title_zh", "title_en", "issue_date")

    def for_run(self) -> PoliciesSpec:
        return PoliciesSpec()

    # ------------------------------------------------------------ matching
    def key_of(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        if values.get("document_number"):
            return ("number", normalise_header(values["document_number"]))
        return (
            "title",
            normalise_header(values.get("title_zh") or ""),
            normalise_header(values.get("title_en") or ""),
            values.get("issue_date"),
        )

    def duplicate_message(self, values: Mapping[str, Any], first_row: int) -> str:
        return _("the same document is already in row {row}").format(row=first_row)

    def find_existing(self, values: Mapping[str, Any]) -> PolicyDocument | None:
        if values.get("document_number"):
            return PolicyDocument.objects.filter(document_number=values["document_number"]).first()
        titles = Q(pk__in=[])
        if values.get("title_zh"):
            titles |= Q(title_zh_hans=values["title_zh"])
        if values.get("title_en"):
            titles |= Q(title_en__iexact=values["title_en"])
        return PolicyDocument.objects.filter(titles, issue_date=values.get("issue_date")).first()

    # ------------------------------------------------------------ rows
    def fields_of(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The model fields a row gives (empty cells left out)."""
        fields = {
            FIELD_OF[column]: value
            for column, value in values.items()
            if column in FIELD_OF and value is not None
        }
        if fields.get("province") and "country" not in fields:
            china = Country.objects.filter(iso2="CN").first()
            if china is not None:
                fields["country"] = china
        return fields

    def changed_fields(self, existing: PolicyDocument, values: Mapping[str, Any]) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.fields_of(values).items()
            if getattr(existing, name) != value
        }

    def differs(self, existing: Any, values: Mapping[str, Any]) -> bool:
        return bool(self.changed_fields(existing, values))

    def check_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> None:
        errors: dict[str, list[str]] = {}
        unit = values.get("owner_unit")
        if (
            unit is not None
            and (existing is None or unit.pk != existing.owner_unit_id)
            and not parsers.may_own(actor, unit)
        ):
            errors["owner_unit"] = [
                _("You may not add policy documents for {unit}.").format(unit=unit)
            ]
        organisation = values.get("issuing_organisation")
        if (
            organisation is not None
            and (existing is None or organisation.pk != existing.issuing_organisation_id)
            and not can(actor, Action.VIEW, organisation)
        ):
            errors["issuing_organisation"] = [
                _("no organisation has the ID or name '{value}'").format(value=organisation.pk)
            ]
        if existing is None:
            if not (values.get("title_zh") or values.get("title_en")):
                errors["title_zh"] = [_("Give the title in Chinese, in English or in both.")]
            if not (values.get("issuer_zh") or values.get("issuer_en")):
                errors["issuer_zh"] = [_("Give the issuer in Chinese, in English or in both.")]
            if not values.get("level"):
                errors["level"] = [_("The level is required for a new document.")]
            if unit is None and self.default_unit(actor) is None:
                errors["owner_unit"] = [_("Choose the unit that will own this record.")]
        elif not may_see(actor, existing):
            errors["__all__"] = [_("You do not have permission to do this.")]
        elif self.differs(existing, values):
            require(actor, Action.CHANGE, existing)
        if not errors:
            errors = self.rule_errors(values, existing)
        if errors:
            raise ValidationError(errors)

    def rule_errors(self, values: Mapping[str, Any], existing: Any | None) -> dict[str, list[str]]:
        """What the record's own rules (dates in order, province and country ...) say
        about the row applied to ``existing`` (or to a new record), keyed by column."""
        return parsers.rule_errors(PolicyDocument, existing, self.fields_of(values), FIELD_OF)

    def apply_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> RowAction:
        if existing is None:
            fields = self.fields_of(values)
            owner = self.owner_of(actor, fields)
            policy_create(
                actor=actor,
                owner_unit=owner,
                level=fields.pop("level"),
                visibility=fields.pop("visibility", Visibility.PUBLIC),
                **fields,
            )
            return RowAction.CREATE
        changes = self.changed_fields(existing, values)
        if not changes:
            return RowAction.UNCHANGED
        policy_update(actor=actor, policy=existing, **changes)
        return RowAction.UPDATE

    def describe(self, existing: Any) -> str:
        return str(existing)

    # ------------------------------------------------------------ export
    def export_queryset(self, actor: Any) -> QuerySet[PolicyDocument]:
        """Every document ``actor`` may see, oldest first."""
        return (
            visible(actor, PolicyDocument.objects.all())
            .select_related("country", "owner_unit")
            .order_by("issue_date", "pk")
        )

    def export_values(self, record: Any) -> dict[str, str]:
        policy: PolicyDocument = record

        def day(value: Any) -> str:
            return value.isoformat() if value else ""

        return {
            "title_zh": policy.title_zh_hans or "",
            "title_en": policy.title_en or "",
            "issuer_zh": policy.issuer_zh_hans or "",
            "issuer_en": policy.issuer_en or "",
            "issuing_organisation": str(policy.issuing_organisation_id or ""),
            "document_number": policy.document_number,
            "issue_date": day(policy.issue_date),
            "effective_date": day(policy.effective_date),
            "repeal_date": day(policy.repeal_date),
            "status": policy.status,
            "level": policy.level,
            "country": policy.country.iso2 if policy.country else "",
            "province": policy.province,
            "topics": join_cell(policy.topics or []),
            "keywords": join_cell(policy.keywords or []),
            "summary_zh": policy.summary_zh_hans or "",
            "summary_en": policy.summary_en or "",
            "full_text": policy.full_text,
            "link": policy.link,
            "language": policy.language,
            "owner_unit": str(policy.owner_unit_id),
            "visibility": policy.visibility,
        }


register(PoliciesSpec())
