"""Programmes, projects, project participants and project outputs as bulk-import specs
(:mod:`stcoop.core.imports`).

Registered as ``programmes``, ``projects``, ``project-participants`` and
``project-outputs`` (``/import/<name>/``, ``stcoop import <name> FILE [--dry-run]``).

* A programme row is matched by its code (else its Chinese or English name); ``parent``
  names the parent programme by code (recorded already, or in an earlier row of the
  file); ``budget`` lists budget lines as ``source:year:amount currency`` separated by
  ``;`` and, when given, replaces the programme's budget lines.
* A project row is matched by its project number (required); ``programme`` names the
  programme by code; ``funding`` is written like ``budget`` and replaces the funding.
* A participant row names its project by number and the organisation by ROR ID, PIC or
  exact name (or only the name as given); it is matched by project and organisation
  (else project and name as given).
* An output row names its project by number and is matched by project, kind and title.

Empty cells leave stored values as they are. A project number, programme code,
organisation or country that matches nothing is an error of that row and column.
Writes go through :mod:`stcoop.projects.services`, which check the permission again.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
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
    owner_columns,
    parse_web_address,
    write_date,
    write_number,
)
from stcoop.core.imports.spec import Column, ImportSpec, RowAction, normalise_header, register
from stcoop.core.permissions import Action, can, require, visible
from stcoop.organisations import identifiers
from stcoop.organisations.choices import IdScheme
from stcoop.organisations.models import ExternalId, Organisation
from stcoop.projects.choices import (
    FundingSource,
    OutputKind,
    ParticipantRole,
    ProgrammeStatus,
    ProjectStatus,
)
from stcoop.projects.models import Output, Participation, Programme, Project, currency_error
from stcoop.projects.services import (
    budget_lines_replace,
    programme_create,
    programme_update,
    project_child_add,
    project_child_update,
    project_children_replace,
    project_create,
    project_update,
)

#: A money line: ``source:year:amount currency`` (year may be empty).
LINE = re.compile(r"^\s*([^:]+?)\s*:\s*(\d{4})?\s*:\s*([0-9.,]+)\s*([A-Za-z]{3})\s*$")


# ---------------------------------------------------------------- cell parsers
def parse_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(
            _("'{value}' is not a date written as YYYY-MM-DD").format(value=text)
        ) from None


def parse_amount(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "").replace(" ", ""))
    except InvalidOperation:
        raise ValueError(_("'{value}' is not an amount").format(value=text)) from None
    if value < 0 or not value.is_finite():
        raise ValueError(_("An amount cannot be negative."))
    return value.quantize(Decimal("0.01"))


def parse_currency(text: str) -> str:
    code = text.strip().upper()
    message = currency_error(code) if len(code) == 3 else None
    if len(code) != 3 or message:
        raise ValueError(message or _("'{value}' is not a currency code").format(value=text))
    return code


def parse_year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        year = 0
    if not 1950 <= year <= timezone.localdate().year + 1:
        raise ValueError(_("'{value}' is not a year between 1950 and next year").format(value=text))
    return year


def parse_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = -1
    if count < 1:
        raise ValueError(_("'{value}' is not a whole number above 0").format(value=text))
    return count


def parse_texts(text: str) -> list[str]:
    found: list[str] = []
    for part in text.replace("；", ";").split(";"):
        item = part.strip()
        if len(item) > 200:
            raise ValueError(_("an item is longer than 200 characters"))
        if item and item not in found:
            found.append(item)
    return found


_sources = choice_parser(FundingSource.choices, gettext_lazy("funding source"))


def parse_money_lines(text: str) -> list[tuple[str, int | None, Decimal, str]]:
    """``source:year:amount currency`` items separated by ``;`` (year may be empty)."""
    lines = []
    for part in text.replace("；", ";").replace("：", ":").split(";"):
        if not part.strip():
            continue
        match = LINE.match(part)
        if match is None:
            raise ValueError(
                _(
                    "'{value}' is not written as source:year:amount currency, "
                    "e.g. central:2024:1000000 CNY"
                ).format(value=part.strip())
            )
        source, year, amount, currency = match.groups()
        lines.append(
            (
                _sources(source),
                parse_year(year) if year else None,
                parse_amount(amount),
                parse_currency(currency),
            )
        )
    return lines


def money_lines_text(lines: Any) -> str:
    """Write budget or funding lines as :func:`parse_money_lines` reads them."""
    return "; ".join(
        f"{line.source}:{line.year or ''}:{line.amount} {line.currency}" for line in lines
    )


def _money_key(lines: Any) -> list[tuple[str, int | None, Decimal, str]]:
    return [(line.source, line.year, line.amount, line.currency) for line in lines]


# ---------------------------------------------------------------- shared behaviour
class _OwnedSpec(OwnedSpecMixin, CountryParser, ImportSpec):
    """Owning unit and visibility columns, defaults, and shared parsers."""

    def __init__(self) -> None:
        self._resolver = None

    def owned_columns(self) -> tuple[Column, ...]:
        return owner_columns(choice_parser(Visibility.choices, gettext_lazy("visibility")))

    def check_owner(
        self, actor: Any, values: Mapping[str, Any], errors: dict[str, list[str]]
    ) -> None:
        unit = values.get("owner_unit")
        if unit is not None and not may_own(actor, unit):
            errors["owner_unit"] = [_("You may not add records for {unit}.").format(unit=unit)]
        if unit is None and self.default_unit(actor) is None:
            errors["owner_unit"] = [_("Choose the unit that will own this record.")]

    def check_existing(self, actor: Any, existing: Any, changes: bool) -> None:
        if not can(actor, Action.VIEW, existing):
            raise ValidationError(_("You do not have permission to do this."))
        if changes:
            require(actor, Action.CHANGE, existing)

    @staticmethod
    def owned_values(record: Any) -> dict[str, str]:
        return {"owner_unit": str(record.owner_unit_id), "visibility": record.visibility}


def _fields(values: Mapping[str, Any], field_of: Mapping[str, str]) -> dict[str, Any]:
    """The model fields a row gives (empty cells left out)."""
    return {
        field_of[column]: value
        for column, value in values.items()
        if column in field_of and value is not None
    }


def _changed(existing: Any, fields: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in fields.items() if getattr(existing, name) != value}


# ---------------------------------------------------------------- programmes
PROGRAMME_FIELD_OF = {
    "code": "code",
    "name_zh": "name_zh_hans",
    "name_en": "name_en",
    "acronym": "acronym",
    "description_zh": "description_zh_hans",
    "description_en": "description_en",
    "framework": "framework",
    "call_identifier": "call_identifier",
    "status": "status",
    "start_date": "start_date",
    "end_date": "end_date",
    "website": "website",
    "owner_unit": "owner_unit",
    "visibility": "visibility",
}


class ProgrammesSpec(_OwnedSpec):
    """One programme per row; see the module docstring."""

    name = "programmes"
    title = gettext_lazy("Programmes")
    description = gettext_lazy(
        "One programme per row. A row updates the programme with the same code (or, "
        "without a code, the same name); other rows add programmes. The parent is named by "
        "its code; budget lines are written as source:year:amount currency separated by ; "
        "and replace the programme's budget lines. Empty cells leave stored values as they are."
    )

    def __init__(self) -> None:
        super().__init__()
        self._codes_in_file: set[str] = set()
        self.columns = (
            Column(
                "code",
                gettext_lazy("Code, e.g. 2021YFE01"),
                aliases=("编号", "计划编号", "代码"),
                parse=limited(100),
                empty=None,
                example="2021YFE01",
            ),
            Column(
                "name_zh",
                gettext_lazy("Name in Chinese"),
                aliases=("中文名称", "名称"),
                parse=limited(500),
                empty=None,
                example="政府间国际科技创新合作",
            ),
            Column(
                "name_en",
                gettext_lazy("Name in English"),
                aliases=("英文名称",),
                parse=limited(500),
                empty=None,
                example="Intergovernmental International S&T Innovation Cooperation",
            ),
            Column(
                "acronym",
                gettext_lazy("Short name"),
                aliases=("简称",),
                parse=limited(100),
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
            Column(
                "framework",
                gettext_lazy("Framework programme, e.g. National Key R&D, H2020"),
                aliases=("框架计划", "计划类别"),
                parse=limited(100),
                empty=None,
                example="National Key R&D",
            ),
            Column(
                "parent",
                gettext_lazy("Code of the programme this one is part of"),
                aliases=("上级计划", "所属计划"),
                parse=limited(100),
                empty=None,
            ),
            Column(
                "funder",
                gettext_lazy("Funder: ROR ID, PIC or exact name of an organisation"),
                aliases=("资助机构", "出资机构"),
                parse=self.parse_organisation,
                empty=None,
            ),
            Column(
                "call_identifier",
                gettext_lazy("Call identifier"),
                aliases=("指南编号", "征集编号"),
                parse=limited(200),
                empty=None,
            ),
            Column(
                "status",
                gettext_lazy("Status: planned, open, running or closed"),
                aliases=("状态",),
                parse=choice_parser(ProgrammeStatus.choices, gettext_lazy("status")),
                empty=None,
                example="running",
            ),
            Column(
                "start_date",
                gettext_lazy("Start date (YYYY-MM-DD)"),
                aliases=("开始日期",),
                parse=parse_date,
                empty=None,
                example="2021-01-01",
            ),
            Column(
                "end_date",
                gettext_lazy("End date (YYYY-MM-DD)"),
                aliases=("结束日期",),
                parse=parse_date,
                empty=None,
            ),
            Column(
                "website",
                gettext_lazy("Website"),
                aliases=("网站", "网址"),
                parse=parse_web_address,
                empty=None,
            ),
            Column(
                "budget",
                gettext_lazy("Budget lines: source:year:amount currency, separated by ;"),
                aliases=("预算", "经费预算"),
                parse=parse_money_lines,
                empty=None,
                example="central:2024:50000000 CNY; local::10000000 CNY",
            ),
            *self.owned_columns(),
        )
        self.natural_key = ("code", "name_zh", "name_en")

    def for_run(self) -> ProgrammesSpec:
        return ProgrammesSpec()

    def parse_organisation(self, text: str) -> Organisation:
        return find_organisation(text)

    def key_of(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        if values.get("code"):
            return ("code", normalise_header(values["code"]))
        return ("name", normalise_header(values.get("name_zh") or values.get("name_en") or ""))

    def duplicate_message(self, values: Mapping[str, Any], first_row: int) -> str:
        return _("the same programme is already in row {row}").format(row=first_row)

    def find_existing(self, values: Mapping[str, Any]) -> Programme | None:
        if values.get("code"):
            return Programme.objects.filter(code=values["code"]).first()
        for column, field in (("name_zh", "name_zh_hans"), ("name_en", "name_en")):
            if values.get(column):
                found = Programme.objects.filter(**{field: values[column]}).first()
                if found is not None:
                    return found
        return None

    def _parent(self, actor: Any, values: Mapping[str, Any]) -> Programme | None:
        code = values.get("parent")
        if not code:
            return None
        parent = Programme.objects.filter(code=code).first()
        if parent is None or not can(actor, Action.VIEW, parent):
            if code in self._codes_in_file:
                return None  # made by an earlier row when applied
            raise ValidationError(
                {"parent": [_("No programme has the code {code}.").format(code=code)]}
            )
        return parent

    def fields(self, actor: Any, values: Mapping[str, Any]) -> dict[str, Any]:
        fields = _fields(values, PROGRAMME_FIELD_OF)
        if values.get("parent"):
            fields["parent"] = self._parent(actor, values)
        if values.get("funder") is not None:
            fields["funder"] = values["funder"]
        return fields

    def changes(self, actor: Any, existing: Programme, values: Mapping[str, Any]) -> dict[str, Any]:
        changes = _changed(existing, self.fields(actor, values))
        budget = values.get("budget")
        if budget is not None and budget != _money_key(existing.budget_lines.all()):
            changes["budget"] = budget
        return changes

    def differs(self, existing: Any, values: Mapping[str, Any]) -> bool:
        return bool(self.changes(self._actor, existing, values))

    def check_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> None:
        self._actor = actor
        errors: dict[str, list[str]] = {}
        funder = values.get("funder")
        if funder is not None and not can(actor, Action.VIEW, funder):
            errors["funder"] = [_("No such organisation.")]
        try:
            self._parent(actor, values)
        except ValidationError as error:
            errors.update(error.message_dict)
        if existing is None:
            if not (values.get("name_zh") or values.get("name_en")):
                errors["name_zh"] = [_("Give the name in Chinese, in English or in both.")]
            self.check_owner(actor, values, errors)
        if errors:
            raise ValidationError(errors)
        if existing is not None:
            self.check_existing(actor, existing, bool(self.changes(actor, existing, values)))
        if values.get("code"):
            self._codes_in_file.add(values["code"])

    def apply_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> RowAction:
        budget = [
            {"source": s, "year": y, "amount": a, "currency": c}
            for s, y, a, c in values.get("budget") or []
        ]
        if existing is None:
            fields = self.fields(actor, values)
            owner = self.owner_of(actor, fields)
            fields.setdefault("visibility", Visibility.INTERNAL)
            programme_create(actor=actor, owner_unit=owner, budget_lines=budget or None, **fields)
            return RowAction.CREATE
        changes = self.changes(actor, existing, values)
        if not changes:
            return RowAction.UNCHANGED
        new_budget = changes.pop("budget", None)
        if changes:
            programme_update(actor=actor, programme=existing, **changes)
        if new_budget is not None:
            budget_lines_replace(actor=actor, programme=existing, lines=budget)
        return RowAction.UPDATE

    def export_queryset(self, actor: Any) -> list[Programme]:
        programmes = list(
            visible(actor, Programme.objects.select_related("parent", "funder")).prefetch_related(
                "budget_lines"
            )
        )
        depth: dict[int, int] = {}
        by_pk = {p.pk: p for p in programmes}

        def level(programme: Programme) -> int:
            if programme.pk not in depth:
                depth[programme.pk] = 0  # guards against loops
                parent = by_pk.get(programme.parent_id) if programme.parent_id else None
                depth[programme.pk] = level(parent) + 1 if parent is not None else 0
            return depth[programme.pk]

        return sorted(programmes, key=lambda p: (level(p), p.code, p.pk))

    def export_values(self, record: Programme) -> dict[str, str]:
        return {
            "code": record.code,
            "name_zh": record.name_zh_hans or "",
            "name_en": record.name_en or "",
            "acronym": record.acronym,
            "description_zh": record.description_zh_hans or "",
            "description_en": record.description_en or "",
            "framework": record.framework,
            "parent": record.parent.code if record.parent is not None else "",
            "funder": organisation_reference(record.funder),
            "call_identifier": record.call_identifier,
            "status": record.status,
            "start_date": write_date(record.start_date),
            "end_date": write_date(record.end_date),
            "website": record.website,
            "budget": money_lines_text(record.budget_lines.all()),
            **self.owned_values(record),
        }


# ---------------------------------------------------------------- organisations
def find_organisation(text: str) -> Organisation:
    """The organisation a cell names by ROR ID, PIC or exact name (any language)."""
    value = text.strip()
    for scheme in (IdScheme.ROR, IdScheme.PIC):
        try:
            normalised = identifiers.normalise(scheme, value)
        except identifiers.IdentifierError:
            continue
        holder = ExternalId.objects.filter(scheme=scheme, value=normalised).first()
        if holder is not None:
            return holder.organisation
    found = list(
        Organisation.objects.filter(
            Q(name_zh_hans=value) | Q(name_en__iexact=value) | Q(name_original__iexact=value),
            merged_into__isnull=True,
        )[:2]
    )
    if len(found) == 1:
        return found[0]
    if found:
        raise ValueError(
            _("several organisations are named '{value}'; give its ROR ID or PIC").format(
                value=text
            )
        )
    raise ValueError(_("no organisation has the ROR ID, PIC or name '{value}'").format(value=text))


def organisation_reference(organisation: Organisation | None) -> str:
    """How :func:`find_organisation` finds ``organisation`` again: ROR ID, PIC or name."""
    if organisation is None:
        return ""
    ids = dict(organisation.external_ids.values_list("scheme", "value"))
    for scheme in (IdScheme.ROR, IdScheme.PIC):
        if ids.get(scheme):
            return str(ids[scheme])
    return organisation.name_en or organisation.name_zh_hans or organisation.name_original


# ---------------------------------------------------------------- projects
PROJECT_FIELD_OF = {
    "code": "code",
    "acronym": "acronym",
    "title_zh": "title_zh_hans",
    "title_en": "title_en",
    "abstract_zh": "abstract_zh_hans",
    "abstract_en": "abstract_en",
    "call_identifier": "call_identifier",
    "topic": "topic",
    "start_date": "start_date",
    "end_date": "end_date",
    "status": "status",
    "disciplines": "disciplines",
    "keywords": "keywords",
    "total_cost": "total_cost",
    "currency": "currency",
    "website": "website",
    "owner_unit": "owner_unit",
    "visibility": "visibility",
}


def _project_column() -> Column:
    return Column(
        "project",
        gettext_lazy("Project number of a recorded project"),
        required=True,
        aliases=("项目编号", "项目号", "project code", "project number"),
        parse=limited(100),
        example="2023YFE0101",
    )


class ProjectsSpec(_OwnedSpec):
    """One project per row; see the module docstring."""

    name = "projects"
    title = gettext_lazy("Projects")
    description = gettext_lazy(
        "One project per row, matched by its project number: a recorded number updates "
        "that project, a new one adds a project. The programme is named by its code; "
        "funding is written as source:year:amount currency separated by ; and replaces the "
        "project's funding. Participants and outputs have imports of their own. Empty cells "
        "leave stored values as they are."
    )

    def __init__(self) -> None:
        super().__init__()
        self.columns = (
            Column(
                "code",
                gettext_lazy("Project number"),
                required=True,
                aliases=("项目编号", "项目号", "project number"),
                parse=limited(100),
                example="2023YFE0101",
            ),
            Column(
                "acronym",
                gettext_lazy("Acronym"),
                aliases=("简称", "缩写"),
                parse=limited(100),
                empty=None,
            ),
            Column(
                "title_zh",
                gettext_lazy("Title in Chinese"),
                aliases=("中文名称", "项目名称", "中文标题"),
                parse=limited(1000),
                empty=None,
                example="中国—东盟热带农业联合研究",
            ),
            Column(
                "title_en",
                gettext_lazy("Title in English"),
                aliases=("英文名称", "英文标题"),
                parse=limited(1000),
                empty=None,
                example="China-ASEAN joint research on tropical agriculture",
            ),
            Column(
                "abstract_zh",
                gettext_lazy("Abstract in Chinese"),
                aliases=("中文摘要", "摘要"),
                empty=None,
            ),
            Column(
                "abstract_en",
                gettext_lazy("Abstract in English"),
                aliases=("英文摘要",),
                empty=None,
            ),
            Column(
                "programme",
                gettext_lazy("Code of the programme"),
                aliases=("所属计划", "计划编号", "计划"),
                parse=limited(100),
                empty=None,
            ),
            Column(
                "call_identifier",
                gettext_lazy("Call identifier"),
                aliases=("指南编号",),
                parse=limited(200),
                empty=None,
            ),
            Column(
                "topic",
                gettext_lazy("Topic"),
                aliases=("主题", "研究方向"),
                parse=limited(500),
                empty=None,
            ),
            Column(
                "start_date",
                gettext_lazy("Start date (YYYY-MM-DD)"),
                aliases=("开始日期", "起始日期"),
                parse=parse_date,
                empty=None,
                example="2023-07-01",
            ),
            Column(
                "end_date",
                gettext_lazy("End date (YYYY-MM-DD)"),
                aliases=("结束日期", "截止日期"),
                parse=parse_date,
                empty=None,
                example="2026-06-30",
            ),
            Column(
                "status",
                gettext_lazy("Status: proposed, signed, ongoing, completed or terminated"),
                aliases=("状态", "项目状态"),
                parse=choice_parser(ProjectStatus.choices, gettext_lazy("status")),
                empty=None,
                example="ongoing",
            ),
            Column(
                "disciplines",
                gettext_lazy("Disciplines, separated by ;"),
                aliases=("学科", "学科领域"),
                parse=parse_texts,
                empty=None,
            ),
            Column(
                "keywords",
                gettext_lazy("Keywords, separated by ;"),
                aliases=("关键词",),
                parse=parse_texts,
                empty=None,
            ),
            Column(
                "total_cost",
                gettext_lazy("Total cost"),
                aliases=("总经费", "总投入"),
                parse=parse_amount,
                empty=None,
                example="3000000",
            ),
            Column(
                "currency",
                gettext_lazy("Currency (ISO 4217, e.g. CNY)"),
                aliases=("币种", "货币"),
                parse=parse_currency,
                empty=None,
                example="CNY",
            ),
            Column(
                "website",
                gettext_lazy("Website"),
                aliases=("网站", "网址"),
                parse=parse_web_address,
                empty=None,
            ),
            Column(
                "funding",
                gettext_lazy("Funding: source:year:amount currency, separated by ;"),
                aliases=("经费来源", "资助"),
                parse=parse_money_lines,
                empty=None,
                example="central:2023:2000000 CNY; local:2023:1000000 CNY",
            ),
            *self.owned_columns(),
        )
        self.natural_key = ("code",)

    def for_run(self) -> ProjectsSpec:
        return ProjectsSpec()

    def duplicate_message(self, values: Mapping[str, Any], first_row: int) -> str:
        return _("the same project is already in row {row}").format(row=first_row)

    def find_existing(self, values: Mapping[str, Any]) -> Project | None:
        return Project.objects.filter(code=values["code"]).first()

    def _programme(self, actor: Any, values: Mapping[str, Any]) -> Programme | None:
        code = values.get("programme")
        if not code:
            return None
        programme = Programme.objects.filter(code=code).first()
        if programme is None or not can(actor, Action.VIEW, programme):
            raise ValidationError(
                {"programme": [_("No programme has the code {code}.").format(code=code)]}
            )
        return programme

    def fields(self, actor: Any, values: Mapping[str, Any]) -> dict[str, Any]:
        fields = _fields(values, PROJECT_FIELD_OF)
        if values.get("programme"):
            fields["programme"] = self._programme(actor, values)
        return fields

    def changes(self, actor: Any, existing: Project, values: Mapping[str, Any]) -> dict[str, Any]:
        changes = _changed(existing, self.fields(actor, values))
        funding = values.get("funding")
        if funding is not None and funding != _money_key(existing.funding.all()):
            changes["funding"] = funding
        return changes

    def differs(self, existing: Any, values: Mapping[str, Any]) -> bool:
        return bool(self.changes(self._actor, existing, values))

    def check_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> None:
        self._actor = actor
        errors: dict[str, list[str]] = {}
        try:
            self._programme(actor, values)
        except ValidationError as error:
            errors.update(error.message_dict)
        if existing is None:
            if not (values.get("title_zh") or values.get("title_en")):
                errors["title_zh"] = [_("Give the title in Chinese, in English or in both.")]
            self.check_owner(actor, values, errors)
        if errors:
            raise ValidationError(errors)
        if existing is not None:
            self.check_existing(actor, existing, bool(self.changes(actor, existing, values)))

    def apply_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> RowAction:
        funding = [
            {"source": s, "year": y, "amount": a, "currency": c}
            for s, y, a, c in values.get("funding") or []
        ]
        if existing is None:
            fields = self.fields(actor, values)
            owner = self.owner_of(actor, fields)
            fields.setdefault("visibility", Visibility.INTERNAL)
            project_create(actor=actor, owner_unit=owner, funding=funding or None, **fields)
            return RowAction.CREATE
        changes = self.changes(actor, existing, values)
        if not changes:
            return RowAction.UNCHANGED
        new_funding = changes.pop("funding", None)
        if changes:
            project_update(actor=actor, project=existing, **changes)
        if new_funding is not None:
            project_children_replace(actor=actor, project=existing, funding=funding)
        return RowAction.UPDATE

    def export_queryset(self, actor: Any) -> QuerySet[Project]:
        return (
            visible(actor, Project.objects.select_related("programme"))
            .prefetch_related("funding")
            .order_by("code", "pk")
        )

    def export_values(self, record: Project) -> dict[str, str]:
        return {
            "code": record.code,
            "acronym": record.acronym,
            "title_zh": record.title_zh_hans or "",
            "title_en": record.title_en or "",
            "abstract_zh": record.abstract_zh_hans or "",
            "abstract_en": record.abstract_en or "",
            "programme": record.programme.code if record.programme is not None else "",
            "call_identifier": record.call_identifier,
            "topic": record.topic,
            "start_date": write_date(record.start_date),
            "end_date": write_date(record.end_date),
            "status": record.status,
            "disciplines": "; ".join(record.disciplines or []),
            "keywords": "; ".join(record.keywords or []),
            "total_cost": write_number(record.total_cost),
            "currency": record.currency,
            "website": record.website,
            "funding": money_lines_text(record.funding.all()),
            **self.owned_values(record),
        }


# ---------------------------------------------------------------- children of projects
class _ProjectChildSpec(OwnedSpecMixin, CountryParser, ImportSpec):
    """Rows that add to or change a child of a recorded project."""

    def __init__(self) -> None:
        self._resolver = None
        self._actor: Any = None

    def project_of(self, actor: Any, values: Mapping[str, Any]) -> Project:
        code = values.get("project") or ""
        project = Project.objects.filter(code=code).first()
        if project is None or not can(actor, Action.VIEW, project):
            raise ValidationError(
                {"project": [_("No project has the number {code}.").format(code=code)]}
            )
        return project

    def fields(self, values: Mapping[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def new_fields(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The fields of a child the row adds."""
        return self.fields(values)

    def differs(self, existing: Any, values: Mapping[str, Any]) -> bool:
        return bool(_changed(existing, self.fields(values)))

    def check_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> None:
        project = self.project_of(actor, values)
        if existing is None or self.differs(existing, values):
            require(actor, Action.CHANGE, project)
        if existing is None:
            child = self.model(project=project, **self.new_fields(values))
            try:
                child.full_clean(exclude=["project"])
            except ValidationError as error:
                raise ValidationError(
                    {self.column_of.get(k, k): v for k, v in error.message_dict.items()}
                ) from None

    model: Any
    relation: str
    column_of: dict[str, str] = {}

    def apply_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> RowAction:
        if existing is None:
            fields = self.new_fields(values)
            project_child_add(actor, self.project_of(actor, values), self.relation, fields)
            return RowAction.CREATE
        changes = _changed(existing, self.fields(values))
        if not changes:
            return RowAction.UNCHANGED
        project_child_update(actor, existing, changes)
        return RowAction.UPDATE

    def describe(self, existing: Any) -> str:
        return f"{existing.project.code}: {existing}"


class ParticipantsSpec(_ProjectChildSpec):
    """One participant of a recorded project per row; see the module docstring."""

    name = "project-participants"
    title = gettext_lazy("Project participants")
    description = gettext_lazy(
        "One participant per row: the project's number, the organisation by ROR ID, PIC or "
        "exact name (or only its name as given), role, country and funding received. A row "
        "updates the participant of that project with the same organisation (or the same "
        "name as given); other rows add participants."
    )
    model = Participation
    relation = "participations"
    column_of = {"funding_amount": "funding", "organisation": "organisation"}

    def __init__(self) -> None:
        super().__init__()
        self.columns = (
            _project_column(),
            Column(
                "organisation",
                gettext_lazy("Organisation: ROR ID, PIC or exact name of a recorded organisation"),
                aliases=("机构", "参与机构", "organisation id", "ror", "pic"),
                parse=find_organisation,
                empty=None,
                example="03cve4549",
            ),
            Column(
                "name_as_given",
                gettext_lazy("Name as the source writes it"),
                aliases=("原始名称", "单位名称", "name"),
                parse=limited(500),
                empty=None,
                example="Tsinghua University",
            ),
            Column(
                "role",
                gettext_lazy("Role: coordinator, participant, partner, third_party or associated"),
                aliases=("角色", "参与角色"),
                parse=choice_parser(ParticipantRole.choices, gettext_lazy("role")),
                empty=None,
                example="coordinator",
            ),
            Column(
                "country",
                gettext_lazy("Country: ISO code, or the name in Chinese or English"),
                aliases=("国家", "国家或地区", "国别"),
                parse=self.parse_country,
                empty=None,
                example="CN",
            ),
            Column("city", gettext_lazy("City"), aliases=("城市",), parse=limited(200), empty=None),
            Column(
                "funding",
                gettext_lazy("Funding received"),
                aliases=("资助金额", "获得经费", "funding amount", "ec contribution"),
                parse=parse_amount,
                empty=None,
                example="250000",
            ),
            Column(
                "currency",
                gettext_lazy("Currency (ISO 4217, e.g. EUR)"),
                aliases=("币种", "货币"),
                parse=parse_currency,
                empty=None,
                example="EUR",
            ),
        )
        self.natural_key = ("project", "organisation", "name_as_given")

    def for_run(self) -> ParticipantsSpec:
        return ParticipantsSpec()

    def key_of(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        organisation = values.get("organisation")
        if organisation is not None:
            return (values.get("project"), "organisation", organisation.pk)
        return (values.get("project"), "name", normalise_header(values.get("name_as_given") or ""))

    def duplicate_message(self, values: Mapping[str, Any], first_row: int) -> str:
        return _("the same participant is already in row {row}").format(row=first_row)

    def find_existing(self, values: Mapping[str, Any]) -> Participation | None:
        project = Project.objects.filter(code=values.get("project") or "").first()
        if project is None:
            return None
        rows = Participation.objects.filter(project=project)
        if values.get("organisation") is not None:
            return rows.filter(organisation=values["organisation"]).first()
        if values.get("name_as_given"):
            return rows.filter(
                organisation__isnull=True, name_as_given__iexact=values["name_as_given"]
            ).first()
        return None

    def fields(self, values: Mapping[str, Any]) -> dict[str, Any]:
        field_of = {
            "organisation": "organisation",
            "name_as_given": "name_as_given",
            "role": "role",
            "country": "country",
            "city": "city",
            "funding": "funding_amount",
            "currency": "currency",
        }
        return _fields(values, field_of)

    def new_fields(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """A new participant without a country takes its organisation's."""
        fields = self.fields(values)
        organisation = fields.get("organisation")
        if organisation is not None and "country" not in fields and organisation.country_id:
            fields["country"] = organisation.country
        return fields

    def check_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> None:
        organisation = values.get("organisation")
        if organisation is not None and not can(actor, Action.VIEW, organisation):
            raise ValidationError({"organisation": [_("No such organisation.")]})
        if existing is None and organisation is None and not values.get("name_as_given"):
            raise ValidationError({"organisation": [_("Choose an organisation or give its name.")]})
        super().check_row(actor, values, existing)

    def export_queryset(self, actor: Any) -> QuerySet[Participation]:
        projects = visible(actor, Project.objects.exclude(code=""))
        return (
            Participation.objects.filter(project__in=projects)
            .select_related("project", "organisation", "country")
            .order_by("project__code", "order", "pk")
        )

    def export_values(self, record: Participation) -> dict[str, str]:
        return {
            "project": record.project.code,
            "organisation": organisation_reference(record.organisation),
            "name_as_given": record.name_as_given,
            "role": record.role,
            "country": record.country.iso2 if record.country is not None else "",
            "city": record.city,
            "funding": write_number(record.funding_amount),
            "currency": record.currency,
        }


class OutputsSpec(_ProjectChildSpec):
    """One output of a recorded project per row; see the module docstring."""

    name = "project-outputs"
    title = gettext_lazy("Project outputs")
    description = gettext_lazy(
        "One output per row: the project's number, the kind, the title and, by kind, the "
        "contract value (technology-transfer contracts) or number of people (people "
        "trained). A row updates the output of that project with the same kind and title; "
        "other rows add outputs."
    )
    model = Output
    relation = "outputs"

    def __init__(self) -> None:
        super().__init__()
        self.columns = (
            _project_column(),
            Column(
                "kind",
                gettext_lazy(
                    "Kind: publication, patent, standard, transfer_contract, people_trained "
                    "or joint_lab"
                ),
                required=True,
                aliases=("类型", "成果类型"),
                parse=choice_parser(OutputKind.choices, gettext_lazy("kind of output")),
                example="patent",
            ),
            Column(
                "title",
                gettext_lazy("Title"),
                required=True,
                aliases=("名称", "成果名称", "标题"),
                parse=limited(1000),
                example="一种耐盐水稻育种方法",
            ),
            Column(
                "year",
                gettext_lazy("Year"),
                aliases=("年份",),
                parse=parse_year,
                empty=None,
                example="2024",
            ),
            Column(
                "identifier",
                gettext_lazy("DOI, patent or standard number"),
                aliases=("编号", "专利号", "标准号", "DOI"),
                parse=limited(200),
                empty=None,
            ),
            Column(
                "value",
                gettext_lazy("Contract value"),
                aliases=("合同金额",),
                parse=parse_amount,
                empty=None,
            ),
            Column(
                "currency",
                gettext_lazy("Currency of the contract value"),
                aliases=("币种",),
                parse=parse_currency,
                empty=None,
            ),
            Column(
                "quantity",
                gettext_lazy("Number of people trained"),
                aliases=("培训人数", "人数"),
                parse=parse_count,
                empty=None,
            ),
            Column(
                "partner_country",
                gettext_lazy("Partner country: ISO code, or the name in Chinese or English"),
                aliases=("合作国家", "合作国别"),
                parse=self.parse_country,
                empty=None,
            ),
            Column(
                "description", gettext_lazy("Description"), aliases=("说明", "描述"), empty=None
            ),
            Column(
                "url",
                gettext_lazy("Link"),
                aliases=("链接", "网址"),
                parse=parse_web_address,
                empty=None,
            ),
        )
        self.natural_key = ("project", "kind", "title")

    def for_run(self) -> OutputsSpec:
        return OutputsSpec()

    def duplicate_message(self, values: Mapping[str, Any], first_row: int) -> str:
        return _("the same output is already in row {row}").format(row=first_row)

    def find_existing(self, values: Mapping[str, Any]) -> Output | None:
        return Output.objects.filter(
            project__code=values.get("project") or "~",
            kind=values.get("kind"),
            title=values.get("title"),
        ).first()

    def fields(self, values: Mapping[str, Any]) -> dict[str, Any]:
        names = (
            "kind",
            "title",
            "year",
            "identifier",
            "value",
            "currency",
            "quantity",
            "partner_country",
            "description",
            "url",
        )
        return _fields(values, {n: n for n in names})

    def export_queryset(self, actor: Any) -> QuerySet[Output]:
        projects = visible(actor, Project.objects.exclude(code=""))
        return (
            Output.objects.filter(project__in=projects)
            .select_related("project", "partner_country")
            .order_by("project__code", "kind", "pk")
        )

    def export_values(self, record: Output) -> dict[str, str]:
        return {
            "project": record.project.code,
            "kind": record.kind,
            "title": record.title,
            "year": write_number(record.year),
            "identifier": record.identifier,
            "value": write_number(record.value),
            "currency": record.currency,
            "quantity": write_number(record.quantity),
            "partner_country": (
                record.partner_country.iso2 if record.partner_country is not None else ""
            ),
            "description": record.description,
            "url": record.url,
        }


register(ProgrammesSpec())
register(ProjectsSpec())
register(ParticipantsSpec())
register(OutputsSpec())
