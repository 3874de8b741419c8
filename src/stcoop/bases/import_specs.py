"""Cooperation bases and their self-reports as bulk-import specs (:mod:`stcoop.core.imports`).

``bases`` (``/import/bases/``, ``stcoop import bases FILE``): one base per row, matched to
a stored base by its Chinese name, else its English name. A row with another status
than the stored one records a decision (allowed moves only, deciders only); the
designation fields are the deciders' too.

``base-reports`` (``/import/base-reports/``): one self-report per row, matched by base and
year. A status column submits, accepts or returns reports along the allowed steps.

Both write through :mod:`stcoop.bases.services` (which check the permission again);
empty cells leave stored values as they are. Each exports what the actor may see in
the form its importer reads back unchanged.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stcoop.bases.choices import REPORT_EDITABLE, BaseKind, BaseStatus, ReportStatus
from stcoop.bases.models import (
    COUNT_FIELDS,
    FIRST_YEAR,
    MONEY_FIELDS,
    CooperationBase,
    SelfReport,
    figure_label,
)
from stcoop.bases.services import (
    DECISION_FIELDS,
    base_create,
    base_status_change,
    base_update,
    decision_refusal,
    report_create,
    report_needs_review,
    report_not_editable,
    report_set_status,
    report_status_refusal,
    report_update,
    transition_refusal,
)
from stcoop.core.choices import Visibility
from stcoop.core.imports.parsers import (
    CountryParser,
    OwnedSpecMixin,
    choice_parser,
    limited,
    may_own,
    may_see,
    owner_columns,
    split_list,
)
from stcoop.core.imports.spec import Column, ImportSpec, RowAction, normalise_header, register
from stcoop.core.permissions import (
    Action,
    can,
    may_decide,
    may_review,
    require,
    visible,
)
from stcoop.geo.models import Country
from stcoop.geo.provinces import parse_province
from stcoop.organisations.models import Organisation


def parse_year(text: str) -> int:
    """A year from :data:`FIRST_YEAR` to this year."""
    try:
        year = int(text)
    except ValueError:
        year = 0
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise ValueError(
            _("'{value}' is not a year between {first} and this year").format(
                value=text, first=FIRST_YEAR
            )
        )
    return year


def parse_date(text: str) -> datetime.date:
    """An ISO date (``2023-06-30``), not in the future."""
    try:
        day = datetime.date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise ValueError(
            _("'{value}' is not a date written as YYYY-MM-DD").format(value=text)
        ) from None
    if day > timezone.localdate():
        raise ValueError(_("'{value}' is in the future").format(value=text))
    return day


def parse_count(text: str) -> int:
    """A whole number, zero or more (``1,200`` and ``1 200`` too)."""
    cleaned = text.replace(",", "").replace(" ", "").replace("，", "")
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    if not cleaned.isdigit():
        raise ValueError(_("'{value}' is not a whole number of 0 or more").format(value=text))
    return int(cleaned)


def parse_money(text: str) -> decimal.Decimal:
    """An amount in CNY, zero or more, with at most two decimals."""
    cleaned = text.replace(",", "").replace(" ", "").replace("，", "").removeprefix("¥")
    try:
        amount = decimal.Decimal(cleaned)
    except decimal.InvalidOperation:
        amount = decimal.Decimal("-1")
    if not amount.is_finite() or amount < 0 or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError(
            _("'{value}' is not an amount of 0 or more with at most two decimals").format(
                value=text
            )
        )
    if amount >= decimal.Decimal("1e14"):
        raise ValueError(_("'{value}' is too large an amount").format(value=text))
    return amount.quantize(decimal.Decimal("0.01"))


def money_text(value: decimal.Decimal | None) -> str:
    """An amount as an import reads it back (``1234.50``)."""
    return f"{value or decimal.Decimal('0'):.2f}"


class _ChoiceParsers:
    """Parsers of coded choices by code or label in either language."""

    def choice(self, key: str, choices: Any, what: str) -> Any:
        """A parser of ``choices`` (``key`` names them; each call makes a new parser)."""
        return choice_parser(choices, what)


# ---------------------------------------------------------------- bases
#: Import column → model field, for the columns stored on the base itself.
BASE_FIELD_OF = {
    "name_zh": "name_zh_hans",
    "name_en": "name_en",
    "acronym": "acronym",
    "kind": "kind",
    "host_organisation": "host_organisation",
    "province": "province",
    "city": "city",
    "country": "country",
    "fields": "disciplines",
    "designating_body": "designating_body",
    "designation_date": "designation_date",
    "designation_year": "designation_year",
    "batch": "batch",
    "website": "website",
    "description_zh": "description_zh_hans",
    "description_en": "description_en",
    "owner_unit": "owner_unit",
    "visibility": "visibility",
}


class BasesSpec(OwnedSpecMixin, CountryParser, ImportSpec, _ChoiceParsers):
    """One base per row; see the module docstring for matching and writing."""

    name = "bases"
    title = gettext_lazy("Cooperation bases")
    description = gettext_lazy(
        "One cooperation base per row, with its kind, host, place, partners and "
        "designation. A row updates the base with the same Chinese (else English) name; "
        "other rows add bases, as applications unless you may decide on bases. A "
        "different status records a decision. Empty cells leave stored values as they are."
    )

    def __init__(self) -> None:
        self._resolver = None
        self.columns = (
            Column(
                "name_zh",
                gettext_lazy("Name in Chinese"),
                aliases=("中文名称", "基地名称", "名称"),
                parse=limited(300),
                empty=None,
                example="中国—东盟技术转移中心",
            ),
            Column(
                "name_en",
                gettext_lazy("Name in English"),
                aliases=("英文名称",),
                parse=limited(300),
                empty=None,
                example="China-ASEAN Technology Transfer Center",
            ),
            Column(
                "acronym",
                gettext_lazy("Short name"),
                aliases=("简称",),
                parse=limited(100),
                empty=None,
            ),
            Column(
                "kind",
                gettext_lazy("Kind: a code such as joint_research_centre, or its name"),
                aliases=("类型", "基地类型"),
                parse=self.choice("kind", BaseKind.choices, _("kind of base")),
                empty=None,
                example="tech_transfer_centre",
            ),
            Column(
                "host_organisation",
                gettext_lazy("Host organisation: its ID or exact name"),
                aliases=("依托单位", "承建单位", "host"),
                parse=self.parse_organisation,
                empty=None,
            ),
            Column(
                "province",
                gettext_lazy("Province: code (CN-GX) or name"),
                aliases=("省份", "所在省份", "省"),
                parse=self.parse_province,
                empty=None,
                example="广西",
            ),
            Column(
                "city",
                gettext_lazy("City"),
                aliases=("城市", "所在城市"),
                parse=limited(200),
                empty=None,
                example="南宁",
            ),
            Column(
                "country",
                gettext_lazy("Country abroad (overseas centres): ISO code or name"),
                aliases=("所在国家", "国家"),
                parse=self.parse_country,
                empty=None,
            ),
            Column(
                "partner_countries",
                gettext_lazy("Partner countries, separated by ;"),
                aliases=("合作国家", "合作国别"),
                parse=self.parse_countries,
                empty=None,
                example="TH; VN; MY",
            ),
            Column(
                "partner_organisations",
                gettext_lazy("Partner organisations (IDs or exact names), separated by ;"),
                aliases=("合作机构", "合作单位"),
                parse=self.parse_organisations,
                empty=None,
            ),
            Column(
                "fields",
                gettext_lazy("Fields, separated by ;"),
                aliases=("领域", "合作领域", "disciplines"),
                parse=split_list,
                empty=None,
                example="技术转移; 农业科技",
            ),
            Column(
                "designating_body",
                gettext_lazy("Designating body"),
                aliases=("认定单位", "认定部门"),
                parse=limited(300),
                empty=None,
            ),
            Column(
                "designation_date",
                gettext_lazy("Designation date (YYYY-MM-DD)"),
                aliases=("认定日期", "认定时间"),
                parse=parse_date,
                empty=None,
            ),
            Column(
                "designation_year",
                gettext_lazy("Designation year"),
                aliases=("认定年份",),
                parse=parse_year,
                empty=None,
            ),
            Column(
                "batch",
                gettext_lazy("Batch"),
                aliases=("批次",),
                parse=limited(100),
                empty=None,
            ),
            Column(
                "status",
                gettext_lazy("Status: applied, designated, under_evaluation, warned or revoked"),
                aliases=("状态",),
                parse=self.choice("status", BaseStatus.choices, _("status of a base")),
                empty=None,
                example="applied",
            ),
            Column(
                "website",
                gettext_lazy("Website"),
                aliases=("网站", "网址"),
                parse=self.parse_website,
                empty=None,
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
            *owner_columns(
                self.choice("visibility", Visibility.choices, _("visibility")), example=""
            ),
        )
        self.natural_key = ("name_zh", "name_en")

    def for_run(self) -> BasesSpec:
        return BasesSpec()

    # ------------------------------------------------------------ parsers
    def parse_countries(self, text: str) -> list[Country]:
        return [self.parse_country(item) for item in split_list(text)]

    @staticmethod
    def parse_province(text: str) -> str:
        try:
            return parse_province(text)
        except ValueError:
            raise ValueError(_("'{value}' is not a province of China").format(value=text)) from None

    @staticmethod
    def parse_organisation(text: str) -> Organisation:
        organisations = Organisation.objects.all()
        found = list(organisations.filter(pk=int(text))) if text.isdigit() else []
        if not found:
            found = list(organisations.filter(Q(name_zh_hans=text) | Q(name_en=text))[:2])
        if len(found) != 1:
            if found:
                raise ValueError(
                    _("several organisations are named '{value}'; give its ID").format(value=text)
                )
            raise ValueError(_("no organisation has the ID or name '{value}'").format(value=text))
        return found[0]

    def parse_organisations(self, text: str) -> list[Organisation]:
        return [self.parse_organisation(item) for item in split_list(text)]

    @staticmethod
    def parse_website(text: str) -> str:
        url = text if "://" in text else f"https://{text}"
        try:
            URLValidator()(url)
        except ValidationError:
            raise ValueError(_("'{value}' is not a web address").format(value=text)) from None
        return url

    # ------------------------------------------------------------ matching
    def key_of(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        if values.get("name_zh"):
            return ("zh", normalise_header(values["name_zh"]))
        return ("en", normalise_header(values.get("name_en") or ""))

    def duplicate_message(self, values: Mapping[str, Any], first_row: int) -> str:
        return _("the same base is already in row {row}").format(row=first_row)

    def find_existing(self, values: Mapping[str, Any]) -> CooperationBase | None:
        if values.get("name_zh"):
            found = CooperationBase.objects.filter(name_zh_hans__iexact=values["name_zh"]).first()
            if found is not None or not values.get("name_en"):
                return found
        if values.get("name_en"):
            return CooperationBase.objects.filter(name_en__iexact=values["name_en"]).first()
        return None

    # ------------------------------------------------------------ rows
    def fields_of(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The model fields a row gives (empty cells left out)."""
        return {
            BASE_FIELD_OF[column]: value
            for column, value in values.items()
            if column in BASE_FIELD_OF and value is not None
        }

    def changed_fields(
        self, existing: CooperationBase, values: Mapping[str, Any]
    ) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.fields_of(values).items()
            if getattr(existing, name) != value
        }

    @staticmethod
    def _pks(items: Any) -> set[Any]:
        return {item.pk for item in items}

    def changed_partners(
        self, existing: CooperationBase, values: Mapping[str, Any]
    ) -> dict[str, list[Any]]:
        changed: dict[str, list[Any]] = {}
        for column in ("partner_countries", "partner_organisations"):
            given = values.get(column)
            if given is not None and self._pks(given) != self._pks(getattr(existing, column).all()):
                changed[column] = given
        return changed

    def differs(self, existing: Any, values: Mapping[str, Any]) -> bool:
        status = values.get("status")
        return bool(
            self.changed_fields(existing, values)
            or self.changed_partners(existing, values)
            or (status is not None and status != existing.status)
        )

    def _check_links(
        self, actor: Any, values: Mapping[str, Any], existing: CooperationBase | None
    ) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        host = values.get("host_organisation")
        if (
            host is not None
            and (existing is None or existing.host_organisation_id != host.pk)
            and not can(actor, Action.VIEW, host)
        ):
            errors["host_organisation"] = [_("No such organisation.")]
        partners = values.get("partner_organisations") or []
        have = self._pks(existing.partner_organisations.all()) if existing is not None else set()
        hidden = [
            str(o.pk) for o in partners if o.pk not in have and not can(actor, Action.VIEW, o)
        ]
        if hidden:
            errors["partner_organisations"] = [
                _("No such organisation: {ids}").format(ids=", ".join(hidden))
            ]
        return errors

    def check_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> None:
        errors: dict[str, list[str]] = {}
        unit = values.get("owner_unit")
        if (
            unit is not None
            and (existing is None or existing.owner_unit_id != unit.pk)
            and not may_own(actor, unit)
        ):
            errors["owner_unit"] = [_("You may not add bases for {unit}.").format(unit=unit)]
        status = values.get("status")
        deciding = may_decide(actor, existing)
        if existing is None:
            if not (values.get("name_zh") or values.get("name_en")):
                errors["name_zh"] = [_("Give the name in Chinese, in English or in both.")]
            if not values.get("kind"):
                errors["kind"] = [_("The kind is required for a new base.")]
            if unit is None and self.default_unit(actor) is None:
                errors["owner_unit"] = [_("Choose the unit that will own this record.")]
            if status not in (None, BaseStatus.APPLIED) and not deciding:
                errors["status"] = [decision_refusal()]
            for column in DECISION_FIELDS:
                if values.get(column) and not deciding:
                    errors[column] = [decision_refusal()]
        else:
            if not may_see(actor, existing):
                raise ValidationError({"__all__": [_("You do not have permission to do this.")]})
            changes = self.changed_fields(existing, values)
            if changes or self.changed_partners(existing, values):
                require(actor, Action.CHANGE, existing)
            for column in DECISION_FIELDS & set(changes):
                if not deciding:
                    errors[column] = [decision_refusal()]
            if status is not None and status != existing.status:
                refusal = transition_refusal(existing, status) if deciding else decision_refusal()
                if refusal:
                    errors["status"] = [refusal]
        errors.update(self._check_links(actor, values, existing))
        if errors:
            raise ValidationError(errors)

    def apply_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> RowAction:
        if existing is None:
            fields = self.fields_of(values)
            owner = self.owner_of(actor, fields)
            base_create(
                actor=actor,
                owner_unit=owner,
                kind=fields.pop("kind"),
                visibility=fields.pop("visibility", Visibility.INTERNAL),
                partner_countries=values.get("partner_countries") or [],
                partner_organisations=values.get("partner_organisations") or [],
                status=values.get("status") or BaseStatus.APPLIED,
                **fields,
            )
            return RowAction.CREATE
        changes = self.changed_fields(existing, values)
        partners = self.changed_partners(existing, values)
        status = values.get("status")
        if not changes and not partners and (status is None or status == existing.status):
            return RowAction.UNCHANGED
        if changes or partners:
            base_update(actor=actor, base=existing, **partners, **changes)
        if status is not None and status != existing.status:
            base_status_change(
                actor=actor, base=existing, status=status, reason=_("Recorded by a file import.")
            )
        return RowAction.UPDATE

    # ------------------------------------------------------------ export
    def export_queryset(self, actor: Any) -> QuerySet[CooperationBase]:
        return (
            visible(actor, CooperationBase.objects.all())
            .select_related("country", "owner_unit")
            .prefetch_related("partner_countries", "partner_organisations")
            .order_by("pk")
        )

    def export_values(self, record: Any) -> Mapping[str, str]:
        base: CooperationBase = record
        return {
            "name_zh": base.name_zh_hans or "",
            "name_en": base.name_en or "",
            "acronym": base.acronym,
            "kind": base.kind,
            "host_organisation": str(base.host_organisation_id or ""),
            "province": base.province,
            "city": base.city,
            "country": base.country.iso2 if base.country else "",
            "partner_countries": "; ".join(sorted(c.iso2 for c in base.partner_countries.all())),
            "partner_organisations": "; ".join(
                str(pk) for pk in sorted(o.pk for o in base.partner_organisations.all())
            ),
            "fields": "; ".join(base.disciplines or []),
            "designating_body": base.designating_body,
            "designation_date": base.designation_date.isoformat() if base.designation_date else "",
            "designation_year": str(base.designation_year or ""),
            "batch": base.batch,
            "status": base.status,
            "website": base.website,
            "description_zh": base.description_zh_hans or "",
            "description_en": base.description_en or "",
            "owner_unit": str(base.owner_unit_id),
            "visibility": base.visibility,
        }


# ---------------------------------------------------------------- self-reports
#: Chinese headers of the figures.
FIGURE_ALIASES: dict[str, tuple[str, ...]] = {
    "projects_running": ("在研项目数", "在研项目"),
    "new_international_projects": ("新增国际合作项目数", "新增国际合作项目"),
    "foreign_experts_hosted": ("接待外国专家人数", "外国专家"),
    "people_trained": ("培训人数", "培养人才数"),
    "joint_publications": ("合作发表论文数", "联合发表论文"),
    "patents_filed": ("专利申请数", "申请专利"),
    "patents_granted": ("专利授权数", "授权专利"),
    "standards": ("标准数", "制定标准"),
    "transfer_contracts": ("技术转移合同数", "技术合同数"),
    "transfer_value": ("技术转移合同金额", "技术合同金额"),
    "funding_central": ("中央财政经费", "中央经费"),
    "funding_local": ("地方财政经费", "地方经费"),
    "funding_enterprise": ("企业投入经费", "企业经费"),
    "funding_foreign": ("国外经费", "境外经费"),
    "funding_other": ("其他经费",),
}


class BaseReportsSpec(OwnedSpecMixin, ImportSpec, _ChoiceParsers):
    """One self-report per row; see the module docstring."""

    name = "base-reports"
    title = gettext_lazy("Self-reports of cooperation bases")
    description = gettext_lazy(
        "One self-report per row: the base (its ID or exact name), the year and the "
        "figures; amounts in CNY. A row updates the report of the same base and year "
        "while it is a draft or returned. A status column submits, accepts or returns "
        "reports (accepting and returning are for reviewers). Empty cells leave stored "
        "values as they are."
    )

    def __init__(self) -> None:
        figures: list[Column] = []
        for name in COUNT_FIELDS + MONEY_FIELDS:
            label = figure_label(name)
            figures.append(
                Column(
                    name,
                    label,
                    aliases=FIGURE_ALIASES.get(name, ()),
                    parse=parse_money if name in MONEY_FIELDS else parse_count,
                    empty=None,
                    example="0",
                )
            )
        self.columns = (
            Column(
                "base",
                gettext_lazy("Cooperation base: its ID or exact name"),
                required=True,
                aliases=("基地", "基地名称", "合作基地"),
                parse=self.parse_base,
                example="中国—东盟技术转移中心",
            ),
            Column(
                "year",
                gettext_lazy("Year reported on"),
                required=True,
                aliases=("年份", "年度"),
                parse=parse_year,
                example=str(timezone.localdate().year - 1),
            ),
            *figures,
            Column(
                "narrative_zh",
                gettext_lazy("Narrative in Chinese"),
                aliases=("中文总结", "工作总结"),
                empty=None,
            ),
            Column(
                "narrative_en",
                gettext_lazy("Narrative in English"),
                aliases=("英文总结",),
                empty=None,
            ),
            Column(
                "status",
                gettext_lazy("Status: draft, submitted, accepted or returned (default: draft)"),
                aliases=("状态",),
                parse=self.choice("status", ReportStatus.choices, _("status of a report")),
                empty=None,
            ),
            Column(
                "review_comment",
                gettext_lazy("Review comment (when accepting or returning)"),
                aliases=("审核意见",),
                empty=None,
            ),
            Column(
                "visibility",
                gettext_lazy("Visibility: public, shared or internal (default: internal)"),
                aliases=("可见范围",),
                parse=self.choice("visibility", Visibility.choices, _("visibility")),
                empty=None,
            ),
        )
        self.natural_key = ("base", "year")

    def for_run(self) -> BaseReportsSpec:
        return BaseReportsSpec()

    @staticmethod
    def parse_base(text: str) -> CooperationBase:
        bases = CooperationBase.objects.all()
        found = list(bases.filter(pk=int(text))) if text.isdigit() else []
        if not found:
            found = list(bases.filter(Q(name_zh_hans=text) | Q(name_en=text))[:2])
        if len(found) != 1:
            if found:
                raise ValueError(
                    _("several bases are named '{value}'; give its ID").format(value=text)
                )
            raise ValueError(
                _("no cooperation base has the ID or name '{value}'").format(value=text)
            )
        return found[0]

    def key_of(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        base = values.get("base")
        return (base.pk if base is not None else None, values.get("year"))

    def duplicate_message(self, values: Mapping[str, Any], first_row: int) -> str:
        return _("the report of this base and year is already in row {row}").format(row=first_row)

    def find_existing(self, values: Mapping[str, Any]) -> SelfReport | None:
        return SelfReport.objects.filter(base=values["base"], year=values["year"]).first()

    def fields_of(self, values: Mapping[str, Any]) -> dict[str, Any]:
        fields = {
            name: values[name]
            for name in COUNT_FIELDS + MONEY_FIELDS
            if values.get(name) is not None
        }
        for column, field in (
            ("narrative_zh", "narrative_zh_hans"),
            ("narrative_en", "narrative_en"),
            ("visibility", "visibility"),
        ):
            if values.get(column) is not None:
                fields[field] = values[column]
        return fields

    def changed_fields(self, existing: SelfReport, values: Mapping[str, Any]) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.fields_of(values).items()
            if getattr(existing, name) != value
        }

    def differs(self, existing: Any, values: Mapping[str, Any]) -> bool:
        status = values.get("status")
        return bool(
            self.changed_fields(existing, values)
            or (status is not None and status != existing.status)
        )

    def check_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> None:
        base: CooperationBase = values["base"]
        if not visible(actor, CooperationBase.objects.filter(pk=base.pk)).exists():
            raise ValidationError({"base": [_("No such cooperation base.")]})
        errors: dict[str, list[str]] = {}
        status = values.get("status")
        current = existing.status if existing is not None else ReportStatus.DRAFT
        if existing is None:
            if not can(actor, Action.ADD, SelfReport, owner_unit=base.owner_unit):
                errors["base"] = [_("You may not write reports for this base.")]
        else:
            if not may_see(actor, existing):
                raise ValidationError({"__all__": [_("You do not have permission to do this.")]})
            if self.changed_fields(existing, values):
                if existing.status not in REPORT_EDITABLE:
                    errors["__all__"] = [report_not_editable()]
                elif not can(actor, Action.CHANGE, existing):
                    errors["__all__"] = [_("You may not change this report.")]
        if status is not None and status != current:
            refusal = report_status_refusal(current, status)
            probe = existing or SelfReport(base=base, owner_unit=base.owner_unit)
            if refusal is None and report_needs_review(current, status):
                if not may_review(actor, probe):
                    refusal = _(
                        "Only the administrators above a base (its province, the ministry) "
                        "may review its reports."
                    )
                elif status == ReportStatus.RETURNED and not values.get("review_comment"):
                    errors["review_comment"] = [
                        _("Say what should be changed when returning a report.")
                    ]
            if refusal:
                errors["status"] = [refusal]
        if errors:
            raise ValidationError(errors)

    def apply_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> RowAction:
        status = values.get("status")
        comment = values.get("review_comment") or ""
        if existing is None:
            report = report_create(
                actor=actor, base=values["base"], year=values["year"], **self.fields_of(values)
            )
            if status is not None and status != report.status:
                report_set_status(actor=actor, report=report, status=status, comment=comment)
            return RowAction.CREATE
        changes = self.changed_fields(existing, values)
        if not changes and (status is None or status == existing.status):
            return RowAction.UNCHANGED
        if changes:
            existing = report_update(actor=actor, report=existing, **changes)
        if status is not None and status != existing.status:
            report_set_status(actor=actor, report=existing, status=status, comment=comment)
        return RowAction.UPDATE

    def export_queryset(self, actor: Any) -> QuerySet[SelfReport]:
        return (
            visible(actor, SelfReport.objects.all())
            .select_related("base")
            .order_by("base_id", "year", "pk")
        )

    def export_values(self, record: Any) -> Mapping[str, str]:
        report: SelfReport = record
        values = {
            "base": str(report.base_id),
            "year": str(report.year),
            "narrative_zh": report.narrative_zh_hans or "",
            "narrative_en": report.narrative_en or "",
            "status": report.status,
            "review_comment": report.review_comment,
            "visibility": report.visibility,
        }
        for name in COUNT_FIELDS:
            values[name] = str(getattr(report, name))
        for name in MONEY_FIELDS:
            values[name] = money_text(getattr(report, name))
        return values


register(BasesSpec())
register(BaseReportsSpec())
