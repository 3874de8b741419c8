"""Memberships, big-science programmes and their participations as bulk-import specs
(:mod:`stcoop.core.imports`).

* ``memberships``: one membership per row, matched by international organisation,
  member and start date.
* ``big-science-programmes``: one programme per row, matched by acronym, else name.
* ``big-science-participations``: one participant of a programme per row, matched by
  programme, participant and role; recorded in the programme's history.

Rows are written through :mod:`stcoop.memberships.services` (which check the permission
again); empty cells leave stored values as they are. Each spec exports what the actor
may see in the same layout, so exporting and importing again changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stcoop.core.choices import Visibility
from stcoop.core.imports.parsers import (
    limited,
    parse_web_address,
    write_date,
    write_number,
)
from stcoop.core.imports.spec import Column, RowAction, register
from stcoop.core.permissions import Action, can, require, visible
from stcoop.memberships.choices import (
    MembershipRole,
    ParticipationRole,
    ProgrammeKind,
    ProgrammeStatus,
)
from stcoop.memberships.importing import (
    FieldSpec,
    choice_parser,
    decimal_parser,
    owner_columns,
    parse_currency,
    parse_date,
)
from stcoop.memberships.models import (
    BigScienceProgramme,
    InternationalMembership,
    ProgrammeParticipation,
)
from stcoop.memberships.selectors import membership_list, programme_list
from stcoop.memberships.services import (
    membership_create,
    membership_update,
    participation_add,
    participation_update,
    programme_create,
    programme_update,
)


def _pk(record: Any) -> str:
    return str(record.pk) if record is not None else ""


def _iso2(country: Any) -> str:
    return country.iso2 if country is not None else ""


# ---------------------------------------------------------------- memberships
class MembershipsSpec(FieldSpec):
    """One membership per row; see the module docstring."""

    name = "memberships"
    title = gettext_lazy("International organisation memberships")
    description = gettext_lazy(
        "One membership per row: the international organisation, the member (a country or "
        "an organisation), role, dates and contribution. Organisations are given by ID, "
        "exact name or acronym. A row updates the membership with the same organisation, "
        "member and start date; other rows add memberships. Empty cells leave stored "
        "values as they are."
    )
    field_of = {
        "organisation": "organisation",
        "member_country": "member_country",
        "member_organisation": "member_organisation",
        "role": "role",
        "since": "since",
        "until": "until",
        "annual_contribution": "annual_contribution",
        "currency": "currency",
        "in_kind": "in_kind",
        "representative": "representative",
        "notes_zh": "notes_zh_hans",
        "notes_en": "notes_en",
        "owner_unit": "owner_unit",
        "visibility": "visibility",
    }

    def __init__(self) -> None:
        super().__init__()
        self.columns = (
            Column(
                "organisation",
                gettext_lazy("International organisation: ID, exact name or acronym"),
                required=True,
                aliases=("国际组织", "international organisation", "组织"),
                parse=self.parse_organisation,
                example="IAEA",
            ),
            Column(
                "member_country",
                gettext_lazy("Member country: ISO code or name (or give a member organisation)"),
                aliases=("成员国", "成员国家", "member country", "country"),
                parse=self.parse_country,
                empty=None,
                example="CN",
            ),
            Column(
                "member_organisation",
                gettext_lazy("Member organisation: ID, exact name or acronym"),
                aliases=("成员机构", "成员组织", "member organisation"),
                parse=self.parse_organisation,
                empty=None,
            ),
            Column(
                "role",
                gettext_lazy("Role: a code such as full, or its name in Chinese or English"),
                aliases=("角色", "身份", "成员身份"),
                parse=choice_parser(MembershipRole.choices, _("role")),
                empty=None,
                example="full",
            ),
            Column(
                "since",
                gettext_lazy("Member since (YYYY-MM-DD)"),
                aliases=("加入日期", "起始日期", "加入时间"),
                parse=parse_date,
                empty=None,
                example="1984-01-01",
            ),
            Column(
                "until",
                gettext_lazy("Member until (YYYY-MM-DD; empty while it lasts)"),
                aliases=("截止日期", "退出日期", "终止日期"),
                parse=parse_date,
                empty=None,
            ),
            Column(
                "annual_contribution",
                gettext_lazy("Annual contribution (a number)"),
                aliases=("年度会费", "年度贡献", "会费"),
                parse=decimal_parser(),
                empty=None,
            ),
            Column(
                "currency",
                gettext_lazy("Currency (ISO 4217 code, e.g. EUR)"),
                aliases=("币种", "货币"),
                parse=parse_currency,
                empty=None,
            ),
            Column(
                "in_kind",
                gettext_lazy("In-kind contribution"),
                aliases=("实物贡献", "非现金贡献"),
                empty=None,
            ),
            Column(
                "representative",
                gettext_lazy("Representative body"),
                aliases=("代表机构", "代表单位"),
                parse=limited(500),
                empty=None,
                example="国家原子能机构",
            ),
            Column(
                "notes_zh",
                gettext_lazy("Notes in Chinese"),
                aliases=("中文备注", "备注"),
                empty=None,
            ),
            Column(
                "notes_en",
                gettext_lazy("Notes in English"),
                aliases=("英文备注",),
                empty=None,
            ),
            *owner_columns(self),
        )
        self.natural_key = ("organisation", "member_country", "member_organisation", "since")

    def for_run(self) -> MembershipsSpec:
        return MembershipsSpec()

    def duplicate_message(self, values: Mapping[str, Any], first_row: int) -> str:
        return _("the same membership is already in row {row}").format(row=first_row)

    def find_existing(self, values: Mapping[str, Any]) -> InternationalMembership | None:
        return InternationalMembership.objects.filter(
            organisation=values["organisation"],
            member_country=values.get("member_country"),
            member_organisation=values.get("member_organisation"),
            since=values.get("since"),
        ).first()

    def check_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> None:
        errors: dict[str, list[str]] = {}
        for column in ("organisation", "member_organisation"):
            organisation = values.get(column)
            if organisation is not None and not can(actor, Action.VIEW, organisation):
                errors[column] = [_("No such organisation.")]
        if errors:
            raise ValidationError(errors)
        self.check_owned(actor, InternationalMembership, values, existing)
        self.check_model(InternationalMembership, values, existing)

    def apply_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> RowAction:
        if existing is None:
            fields = self.fields_of(values)
            owner = self.owner_of(actor, fields)
            visibility = fields.pop("visibility", Visibility.INTERNAL)
            membership_create(actor=actor, owner_unit=owner, visibility=visibility, **fields)
            return RowAction.CREATE
        changes = self.changed_fields(existing, values)
        if not changes:
            return RowAction.UNCHANGED
        membership_update(actor=actor, membership=existing, **changes)
        return RowAction.UPDATE

    def export_queryset(self, actor: Any) -> QuerySet[InternationalMembership]:
        return membership_list(actor=actor).order_by("pk")

    def export_values(self, record: InternationalMembership) -> Mapping[str, str]:
        return {
            "organisation": _pk(record.organisation),
            "member_country": _iso2(record.member_country),
            "member_organisation": _pk(record.member_organisation),
            "role": record.role,
            "since": write_date(record.since),
            "until": write_date(record.until),
            "annual_contribution": write_number(record.annual_contribution),
            "currency": record.currency,
            "in_kind": record.in_kind,
            "representative": record.representative,
            "notes_zh": record.notes_zh_hans or "",
            "notes_en": record.notes_en or "",
            "owner_unit": str(record.owner_unit_id),
            "visibility": record.visibility,
        }


# ---------------------------------------------------------------- programmes
def parse_programme(text: str) -> BigScienceProgramme:
    """A programme by its ID, acronym or exact name."""
    value = text.strip()
    if value.isdigit():
        found = BigScienceProgramme.objects.filter(pk=int(value)).first()
        if found is None:
            raise ValueError(_("no programme has the ID {value}").format(value=value))
        return found
    named = list(BigScienceProgramme.objects.filter(acronym__iexact=value)[:2]) or list(
        BigScienceProgramme.objects.filter(Q(name_en__iexact=value) | Q(name_zh_hans=value))[:2]
    )
    if len(named) != 1:
        if named:
            raise ValueError(
                _("several programmes are named '{value}'; give its ID").format(value=value)
            )
        raise ValueError(
            _("no programme has the ID, acronym or name '{value}'").format(value=value)
        )
    return named[0]


def write_programme(programme: BigScienceProgramme) -> str:
    """The programme's acronym when only it has that acronym, else its ID."""
    if programme.acronym and (
        BigScienceProgramme.objects.filter(acronym__iexact=programme.acronym).count() == 1
    ):
        return programme.acronym
    return str(programme.pk)


class ProgrammesSpec(FieldSpec):
    """One big-science programme per row; see the module docstring."""

    name = "big-science-programmes"
    title = gettext_lazy("Big-science programmes")
    description = gettext_lazy(
        "One programme, facility or infrastructure network per row, with its names, kind, "
        "status and host country. A row updates the programme with the same acronym (or, "
        "without one, the same name); other rows add programmes. Participants are imported "
        "separately. Empty cells leave stored values as they are."
    )
    field_of = {
        "name_zh": "name_zh_hans",
        "name_en": "name_en",
        "acronym": "acronym",
        "description_zh": "description_zh_hans",
        "description_en": "description_en",
        "kind": "kind",
        "status": "status",
        "host_country": "host_country",
        "website": "website",
        "owner_unit": "owner_unit",
        "visibility": "visibility",
    }

    def __init__(self) -> None:
        super().__init__()
        self.columns = (
            Column(
                "name_zh",
                gettext_lazy("Name in Chinese"),
                aliases=("中文名称", "中文名", "名称"),
                parse=limited(500),
                empty=None,
                example="平方公里阵列射电望远镜",
            ),
            Column(
                "name_en",
                gettext_lazy("Name in English"),
                aliases=("英文名称", "英文名"),
                parse=limited(500),
                empty=None,
                example="Square Kilometre Array",
            ),
            Column(
                "acronym",
                gettext_lazy("Acronym"),
                aliases=("简称", "缩写"),
                parse=limited(100),
                empty=None,
                example="SKA",
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
            Column(
                "kind",
                gettext_lazy("Kind: programme, facility or network (or the name)"),
                aliases=("类型",),
                parse=choice_parser(ProgrammeKind.choices, _("kind")),
                empty=None,
                example="facility",
            ),
            Column(
                "status",
                gettext_lazy("Status: planned, construction, operating or completed"),
                aliases=("状态",),
                parse=choice_parser(ProgrammeStatus.choices, _("status")),
                empty=None,
                example="construction",
            ),
            Column(
                "host_country",
                gettext_lazy("Host country: ISO code or name"),
                aliases=("所在国", "东道国", "host country"),
                parse=self.parse_country,
                empty=None,
                example="GB",
            ),
            Column(
                "website",
                gettext_lazy("Website"),
                aliases=("网站", "网址"),
                parse=parse_web_address,
                empty=None,
                example="https://www.skao.int",
            ),
            *owner_columns(self),
        )
        self.natural_key = ("acronym", "name_en", "name_zh")

    def for_run(self) -> ProgrammesSpec:
        return ProgrammesSpec()

    def key_of(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        if values.get("acronym"):
            return ("acronym", str(values["acronym"]).casefold())
        return ("name", str(values.get("name_en") or values.get("name_zh") or "").casefold())

    def duplicate_message(self, values: Mapping[str, Any], first_row: int) -> str:
        return _("the same programme is already in row {row}").format(row=first_row)

    def find_existing(self, values: Mapping[str, Any]) -> BigScienceProgramme | None:
        programmes = BigScienceProgramme.objects.all()
        if values.get("acronym"):
            return programmes.filter(acronym__iexact=values["acronym"]).first()
        if values.get("name_en"):
            found = programmes.filter(name_en__iexact=values["name_en"]).first()
            if found is not None:
                return found
        if values.get("name_zh"):
            return programmes.filter(name_zh_hans=values["name_zh"]).first()
        return None

    def check_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> None:
        if existing is None and not (values.get("name_zh") or values.get("name_en")):
            raise ValidationError(
                {"name_zh": [_("Give the name in Chinese, in English or in both.")]}
            )
        self.check_owned(actor, BigScienceProgramme, values, existing)

    def apply_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> RowAction:
        if existing is None:
            fields = self.fields_of(values)
            owner = self.owner_of(actor, fields)
            visibility = fields.pop("visibility", Visibility.INTERNAL)
            programme_create(actor=actor, owner_unit=owner, visibility=visibility, **fields)
            return RowAction.CREATE
        changes = self.changed_fields(existing, values)
        if not changes:
            return RowAction.UNCHANGED
        programme_update(actor=actor, programme=existing, **changes)
        return RowAction.UPDATE

    def export_queryset(self, actor: Any) -> QuerySet[BigScienceProgramme]:
        return programme_list(actor=actor).order_by("pk")

    def export_values(self, record: BigScienceProgramme) -> Mapping[str, str]:
        return {
            "name_zh": record.name_zh_hans or "",
            "name_en": record.name_en or "",
            "acronym": record.acronym,
            "description_zh": record.description_zh_hans or "",
            "description_en": record.description_en or "",
            "kind": record.kind,
            "status": record.status,
            "host_country": _iso2(record.host_country),
            "website": record.website,
            "owner_unit": str(record.owner_unit_id),
            "visibility": record.visibility,
        }


class ParticipationsSpec(FieldSpec):
    """One participant of a big-science programme per row; see the module docstring."""

    name = "big-science-participations"
    title = gettext_lazy("Big-science programme participants")
    description = gettext_lazy(
        "One participant per row: the programme (ID, acronym or name), the participating "
        "country or organisation, role, dates and contribution (share in percent, amount "
        "and currency, in kind). A row updates the participant with the same programme, "
        "participant and role; other rows add participants. Empty cells leave stored "
        "values as they are."
    )
    field_of = {
        "country": "country",
        "organisation": "organisation",
        "role": "role",
        "since": "since",
        "until": "until",
        "share": "share",
        "amount": "amount",
        "currency": "currency",
        "in_kind": "in_kind",
    }

    def __init__(self) -> None:
        super().__init__()
        self.columns = (
            Column(
                "programme",
                gettext_lazy("Programme: ID, acronym or exact name"),
                required=True,
                aliases=("计划", "项目", "大科学计划", "programme name"),
                parse=parse_programme,
                example="SKA",
            ),
            Column(
                "country",
                gettext_lazy("Participating country: ISO code or name"),
                aliases=("国家", "参与国"),
                parse=self.parse_country,
                empty=None,
                example="CN",
            ),
            Column(
                "organisation",
                gettext_lazy("Participating organisation: ID, exact name or acronym"),
                aliases=("机构", "参与机构"),
                parse=self.parse_organisation,
                empty=None,
            ),
            Column(
                "role",
                gettext_lazy("Role: member, partner, observer, host or contributor"),
                aliases=("角色", "身份"),
                parse=choice_parser(ParticipationRole.choices, _("role")),
                empty=None,
                example="member",
            ),
            Column(
                "since",
                gettext_lazy("Since (YYYY-MM-DD)"),
                aliases=("起始日期", "加入日期"),
                parse=parse_date,
                empty=None,
                example="2019-03-12",
            ),
            Column(
                "until",
                gettext_lazy("Until (YYYY-MM-DD)"),
                aliases=("截止日期", "退出日期"),
                parse=parse_date,
                empty=None,
            ),
            Column(
                "share",
                gettext_lazy("Contribution share in percent"),
                aliases=("份额", "贡献份额", "share %"),
                parse=decimal_parser(Decimal(100)),
                empty=None,
            ),
            Column(
                "amount",
                gettext_lazy("Contribution amount"),
                aliases=("金额", "贡献金额"),
                parse=decimal_parser(),
                empty=None,
            ),
            Column(
                "currency",
                gettext_lazy("Currency (ISO 4217 code)"),
                aliases=("币种", "货币"),
                parse=parse_currency,
                empty=None,
            ),
            Column(
                "in_kind",
                gettext_lazy("In-kind contribution"),
                aliases=("实物贡献",),
                empty=None,
            ),
        )
        self.natural_key = ("programme", "country", "organisation", "role")

    def for_run(self) -> ParticipationsSpec:
        return ParticipationsSpec()

    def duplicate_message(self, values: Mapping[str, Any], first_row: int) -> str:
        return _("the same participant is already in row {row}").format(row=first_row)

    def find_existing(self, values: Mapping[str, Any]) -> ProgrammeParticipation | None:
        return ProgrammeParticipation.objects.filter(
            programme=values["programme"],
            country=values.get("country"),
            organisation=values.get("organisation"),
            role=values.get("role") or ParticipationRole.MEMBER,
        ).first()

    def check_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> None:
        programme = values["programme"]
        if not can(actor, Action.VIEW, programme):
            raise ValidationError({"programme": [_("No such programme.")]})
        organisation = values.get("organisation")
        if organisation is not None and not can(actor, Action.VIEW, organisation):
            raise ValidationError({"organisation": [_("No such organisation.")]})
        if existing is None or self.differs(existing, values):
            require(actor, Action.CHANGE, programme)
        self.check_model(ProgrammeParticipation, values, existing)

    def apply_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> RowAction:
        if existing is None:
            participation_add(actor=actor, programme=values["programme"], **self.fields_of(values))
            return RowAction.CREATE
        changes = self.changed_fields(existing, values)
        if not changes:
            return RowAction.UNCHANGED
        participation_update(actor=actor, participation=existing, **changes)
        return RowAction.UPDATE

    def describe(self, existing: Any) -> str:
        return f"{existing.programme}: {existing}"

    def export_queryset(self, actor: Any) -> QuerySet[ProgrammeParticipation]:
        programmes = visible(actor, BigScienceProgramme.objects.all())
        return (
            ProgrammeParticipation.objects.filter(programme__in=programmes)
            .select_related("programme", "country", "organisation")
            .order_by("programme_id", "pk")
        )

    def export_values(self, record: ProgrammeParticipation) -> Mapping[str, str]:
        return {
            "programme": write_programme(record.programme),
            "country": _iso2(record.country),
            "organisation": _pk(record.organisation),
            "role": record.role,
            "since": write_date(record.since),
            "until": write_date(record.until),
            "share": write_number(record.share),
            "amount": write_number(record.amount),
            "currency": record.currency,
            "in_kind": record.in_kind,
        }


register(MembershipsSpec())
register(ProgrammesSpec())
register(ParticipationsSpec())
