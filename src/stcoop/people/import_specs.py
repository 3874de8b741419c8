"""People as a bulk-import spec (:mod:`stcoop.core.imports`).

Registered as ``people``: ``/import/people/`` and ``stcoop import people FILE
[--dry-run]``. A row is matched to a stored person by the ORCID iD when the row has one,
else by the Chinese name, the Latin-script name and the nationality together; it is
created or updated through :mod:`stcoop.people.services` (which check the permission
again). Empty cells leave stored values as they are. CSV files may be UTF-8 (with or
without a byte-order mark) or GBK/GB18030, as Chinese spreadsheet programs save them.

The "current affiliation" columns name an organisation by its ROR ID, its PIC or its
exact name in Chinese or English, and the role there; a person without a current
affiliation at that organisation (in that role) gets one, as their primary affiliation.
Contact columns (e-mail, phone) are exported only to those
:func:`stcoop.core.permissions.may_see_contact` allows, and only they may change them
by import.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet
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
    split_list,
)
from stcoop.core.imports.spec import Column, ImportSpec, RowAction, normalise_header, register
from stcoop.core.permissions import Action, can, may_see_contact, require, visible
from stcoop.organisations.choices import IdScheme
from stcoop.organisations.identifiers import IdentifierError as OrgIdentifierError
from stcoop.organisations.identifiers import normalise as normalise_org_id
from stcoop.organisations.models import ExternalId, Organisation
from stcoop.people import identifiers
from stcoop.people.choices import Gender
from stcoop.people.models import Affiliation, Person
from stcoop.people.selectors import with_contact_permission
from stcoop.people.services import affiliation_add, person_create, person_update

#: Import column → model field, for the columns stored on the person itself.
FIELD_OF = {
    "name_zh": "name_zh",
    "family_name": "family_name",
    "given_names": "given_names",
    "name_latin": "name_latin",
    "gender": "gender",
    "nationality": "nationality",
    "languages": "languages",
    "keywords": "keywords",
    "disciplines": "disciplines",
    "is_expert": "is_expert",
    "orcid": "orcid",
    "email": "email",
    "phone": "phone",
    "bio_zh": "bio_zh_hans",
    "bio_en": "bio_en",
    "owner_unit": "owner_unit",
    "visibility": "visibility",
}
CONTACT_COLUMNS = ("email", "phone")
_YES = {"1", "yes", "y", "true", "是", "x", "✓"}
_NO = {"0", "no", "n", "false", "否"}


def _text_list(limit: int) -> Any:
    def parse(text: str) -> list[str]:
        items = split_list(text)
        for item in items:
            if len(item) > limit:
                raise ValueError(
                    _("'{value}' is longer than {limit} characters").format(value=item, limit=limit)
                )
        return items

    return parse


def parse_languages(text: str) -> list[str]:
    """ISO 639-1 codes separated by ``;`` (commas accepted too), lower-cased."""
    codes: list[str] = []
    for item in split_list(text.replace(",", ";").replace("，", ";")):
        code = item.lower()
        if len(code) != 2 or pycountry.languages.get(alpha_2=code) is None:
            raise ValueError(
                _("'{value}' is not an ISO 639-1 language code such as zh, en or de").format(
                    value=item
                )
            )
        if code not in codes:
            codes.append(code)
    return codes


def parse_orcid(text: str) -> str:
    try:
        return identifiers.normalise_orcid(text)
    except identifiers.IdentifierError as error:
        raise ValueError(_(str(error))) from None


def parse_email(text: str) -> str:
    try:
        validate_email(text)
    except ValidationError:
        raise ValueError(_("'{value}' is not an e-mail address").format(value=text)) from None
    return text


def parse_bool(text: str) -> bool:
    value = text.strip().casefold()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise ValueError(_("'{value}' is not yes or no (use yes, no, 是 or 否)").format(value=text))


def unknown_organisation(text: str) -> str:
    return _("no organisation you may see has the ROR ID, PIC or name '{value}'").format(value=text)


def parse_organisation(text: str) -> Organisation:
    """The organisation with this ROR ID or PIC, or else exactly this name (the cell's
    text kept as ``import_reference`` for messages)."""
    found = _find_organisation(text)
    found.import_reference = text  # type: ignore[attr-defined]
    return found


def _find_organisation(text: str) -> Organisation:
    for scheme in (IdScheme.ROR, IdScheme.PIC):
        try:
            value = normalise_org_id(scheme, text)
        except OrgIdentifierError:
            continue
        holder = (
            ExternalId.objects.filter(scheme=scheme, value=value)
            .select_related("organisation")
            .first()
        )
        if holder is not None:
            return holder.organisation
    named = list(Organisation.objects.filter(name_zh_hans=text)[:2]) or list(
        Organisation.objects.filter(name_en=text)[:2]
    )
    if len(named) > 1:
        raise ValueError(
            _("several organisations are named '{value}'; give its ROR ID or PIC").format(
                value=text
            )
        )
    if not named:
        raise ValueError(unknown_organisation(text))
    return named[0]


def organisation_reference(organisation: Organisation) -> str:
    """How an export names an organisation: ROR ID, else PIC, else its name."""
    ids = dict(
        organisation.external_ids.filter(scheme__in=(IdScheme.ROR, IdScheme.PIC)).values_list(
            "scheme", "value"
        )
    )
    for scheme in (IdScheme.ROR, IdScheme.PIC):
        if ids.get(scheme):
            return str(ids[scheme])
    return str(organisation.name_zh_hans or organisation.name_en or "")


def _latin(values: Mapping[str, Any]) -> str:
    """The Latin-script name a row gives (as the model makes it from the parts)."""
    if values.get("name_latin"):
        return str(values["name_latin"])
    parts = (values.get("given_names"), values.get("family_name"))
    return " ".join(p for p in parts if p)


class PeopleSpec(OwnedSpecMixin, CountryParser, ImportSpec):
    """One person per row; see the module docstring for matching and writing."""

    name = "people"
    title = gettext_lazy("People")
    description = gettext_lazy(
        "One person per row, with names, nationality, languages, expertise, contact and "
        "current affiliation. A row updates the person with the same ORCID iD, or else "
        "the same Chinese name, Latin-script name and nationality; other rows add people. "
        "Lists (languages, keywords, disciplines) are separated by ;. Empty cells leave "
        "stored values as they are. CSV files may be saved as UTF-8 or GBK."
    )

    def __init__(self) -> None:
        self._resolver = None
        self.parse_visibility = choice_parser(
            Visibility.choices,
            None,
            gettext_lazy("'{value}' is not a visibility; use one of: {codes}"),
        )
        self.parse_gender = choice_parser(
            Gender.choices,
            None,
            gettext_lazy("'{value}' is not a gender; use one of: {codes}"),
            extra={"f": Gender.FEMALE, "m": Gender.MALE, "女": Gender.FEMALE, "男": Gender.MALE},
        )
        self.columns = (
            Column(
                "name_zh",
                gettext_lazy("Name in Chinese script"),
                aliases=("中文姓名", "中文名", "姓名"),
                parse=limited(100),
                empty=None,
                example="李华",
            ),
            Column(
                "family_name",
                gettext_lazy("Family name (Latin script)"),
                aliases=("family name", "surname", "姓（拼音或外文）", "姓"),
                parse=limited(150),
                empty=None,
                example="Li",
            ),
            Column(
                "given_names",
                gettext_lazy("Given names (Latin script)"),
                aliases=("given name", "given names", "名（拼音或外文）", "名"),
                parse=limited(150),
                empty=None,
                example="Hua",
            ),
            Column(
                "name_latin",
                gettext_lazy("Name in Latin script as written (default: given and family names)"),
                aliases=("latin name", "拉丁文姓名", "外文姓名", "英文姓名"),
                parse=limited(300),
                empty=None,
                example="Hua Li",
            ),
            Column(
                "gender",
                gettext_lazy("Gender: female, male or other (or in Chinese)"),
                aliases=("性别",),
                parse=self.parse_gender,
                empty=None,
            ),
            Column(
                "nationality",
                gettext_lazy("Nationality: ISO code, or the country's name in Chinese or English"),
                aliases=("国籍",),
                parse=self.parse_country,
                empty=None,
                example="CN",
            ),
            Column(
                "languages",
                gettext_lazy("Languages: ISO 639-1 codes separated by ;"),
                aliases=("语言", "工作语言"),
                parse=parse_languages,
                empty=None,
                example="zh; en",
            ),
            Column(
                "keywords",
                gettext_lazy("Expertise keywords, separated by ;"),
                aliases=("关键词", "专业关键词", "研究方向"),
                parse=_text_list(200),
                empty=None,
                example="光伏; 储能",
            ),
            Column(
                "disciplines",
                gettext_lazy("Disciplines, separated by ;"),
                aliases=("学科", "学科领域"),
                parse=_text_list(200),
                empty=None,
                example="能源科学",
            ),
            Column(
                "is_expert",
                gettext_lazy("Expert: yes or no"),
                aliases=("expert", "是否专家", "专家"),
                parse=parse_bool,
                empty=None,
                example="yes",
            ),
            Column(
                "orcid",
                gettext_lazy("ORCID iD"),
                aliases=("ORCID iD", "ORCID编号"),
                parse=parse_orcid,
                empty=None,
                example="0000-0002-1825-0097",
            ),
            Column(
                "email",
                gettext_lazy("E-mail"),
                aliases=("e-mail", "电子邮箱", "邮箱", "电子邮件"),
                parse=parse_email,
                empty=None,
            ),
            Column(
                "phone",
                gettext_lazy("Phone"),
                aliases=("telephone", "电话", "联系电话"),
                parse=limited(50),
                empty=None,
            ),
            Column(
                "bio_zh",
                gettext_lazy("Biography in Chinese"),
                aliases=("bio zh hans", "中文简介", "简介"),
                empty=None,
            ),
            Column(
                "bio_en",
                gettext_lazy("Biography in English"),
                aliases=("英文简介",),
                empty=None,
            ),
            Column(
                "organisation",
                gettext_lazy("Current affiliation: the organisation's ROR ID, PIC or exact name"),
                aliases=("organization", "affiliation", "现任单位", "工作单位", "所在机构"),
                parse=parse_organisation,
                empty=None,
                example="Sun Yat-sen University",
            ),
            Column(
                "role",
                gettext_lazy("Role or title at the current affiliation"),
                aliases=("职务", "职称", "职位"),
                parse=limited(200),
                empty=None,
                example="教授",
            ),
            *owner_columns(self.parse_visibility),
        )
        self.natural_key = ("orcid", "name_zh", "name_latin", "nationality")

    def for_run(self) -> PeopleSpec:
        return PeopleSpec()

    # ------------------------------------------------------------ parsers
    tell_codes = True

    # ------------------------------------------------------------ matching
    def key_of(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        if values.get("orcid"):
            return ("orcid", values["orcid"])
        country = values.get("nationality")
        return (
            "name",
            normalise_header(values.get("name_zh") or ""),
            normalise_header(_latin(values)),
            country.pk if country else None,
        )

    def duplicate_message(self, values: Mapping[str, Any], first_row: int) -> str:
        if values.get("orcid"):
            return _("a person with this ORCID iD is already in row {row}").format(row=first_row)
        return _("the same person is already in row {row}").format(row=first_row)

    def find_existing(self, values: Mapping[str, Any]) -> Person | None:
        if values.get("orcid"):
            found = Person.objects.filter(orcid=values["orcid"]).first()
            if found is not None:
                return found
        name_zh = values.get("name_zh") or ""
        latin = _latin(values)
        if not (name_zh or latin):
            return None
        people = Person.objects.filter(
            name_zh__iexact=name_zh,
            name_latin__iexact=latin,
            nationality=values.get("nationality"),
        )
        if values.get("orcid"):
            people = people.filter(orcid="")  # a different iD is a different person
        return people.order_by("pk").first()

    # ------------------------------------------------------------ rows
    def fields_of(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The model fields a row gives (empty cells left out)."""
        return {
            FIELD_OF[column]: value
            for column, value in values.items()
            if column in FIELD_OF and value is not None
        }

    def changed_fields(self, existing: Person, values: Mapping[str, Any]) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.fields_of(values).items()
            if getattr(existing, name) != value
        }

    def new_affiliation(self, existing: Person | None, values: Mapping[str, Any]) -> bool:
        """Whether the row names a current affiliation the person does not have yet."""
        organisation = values.get("organisation")
        if organisation is None:
            return False
        if existing is None:
            return True
        role = values.get("role")
        return not any(
            a.organisation_id == organisation.pk and a.is_current and (not role or a.role == role)
            for a in existing.affiliations.all()
        )

    def differs(self, existing: Any, values: Mapping[str, Any]) -> bool:
        return bool(self.changed_fields(existing, values) or self.new_affiliation(existing, values))

    def check_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> None:
        errors: dict[str, list[str]] = {}
        unit = values.get("owner_unit")
        if (
            unit is not None
            and (existing is None or unit.pk != existing.owner_unit_id)
            and not may_own(actor, unit)
        ):
            errors["owner_unit"] = [_("You may not add people for {unit}.").format(unit=unit)]
        organisation = values.get("organisation")
        if (
            organisation is not None
            and self.new_affiliation(existing, values)
            and not can(actor, Action.VIEW, organisation)
        ):
            errors["organisation"] = [
                unknown_organisation(getattr(organisation, "import_reference", str(organisation)))
            ]
        if values.get("role") and organisation is None:
            errors["role"] = [_("Give the organisation of this role in the organisation column.")]
        if existing is None:
            if not (values.get("name_zh") or _latin(values)):
                message = _("Give the name in Chinese script, in Latin script or in both.")
                errors["name_zh"] = [message]
            if unit is None and self.default_unit(actor) is None:
                errors["owner_unit"] = [_("Choose the unit that will own this record.")]
        elif not may_see(actor, existing):
            errors["__all__"] = [_("You do not have permission to do this.")]
        else:
            changes = self.changed_fields(existing, values)
            if changes or self.new_affiliation(existing, values):
                require(actor, Action.CHANGE, existing)
            hidden = [c for c in CONTACT_COLUMNS if c in changes]
            if hidden and not may_see_contact(actor, existing):
                for column in hidden:
                    errors[column] = [_("You may not change this person's contact details.")]
        if errors:
            raise ValidationError(errors)

    def apply_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> RowAction:
        action = RowAction.UPDATE
        if existing is None:
            fields = self.fields_of(values)
            owner = self.owner_of(actor, fields)
            visibility = fields.pop("visibility", Visibility.INTERNAL)
            person = person_create(actor=actor, owner_unit=owner, visibility=visibility, **fields)
            action = RowAction.CREATE
        else:
            person = existing
            changes = self.changed_fields(existing, values)
            add = self.new_affiliation(existing, values)
            if not changes and not add:
                return RowAction.UNCHANGED
            if changes:
                person = person_update(actor=actor, person=existing, **changes)
        if self.new_affiliation(None if action == RowAction.CREATE else person, values):
            affiliation_add(
                actor=actor,
                person=person,
                organisation=values["organisation"],
                role=values.get("role") or "",
                is_primary=True,
            )
        return action

    def describe(self, existing: Any) -> str:
        return str(existing)

    # ------------------------------------------------------------ export
    def export_queryset(self, actor: Any) -> QuerySet[Person]:
        """The people ``actor`` sees, with ``contact_visible`` set on each (contact cells
        are written only where it is true)."""
        people = visible(
            actor,
            Person.objects.select_related("nationality", "owner_unit").prefetch_related(
                "affiliations__organisation__external_ids"
            ),
        )
        return with_contact_permission(actor, people).order_by("pk")

    def current_affiliation(self, person: Person) -> Affiliation | None:
        """The affiliation exported: the current primary one, else the latest current one."""
        current = [a for a in person.affiliations.all() if a.is_current]
        if not current:
            return None
        primary = [a for a in current if a.is_primary]
        return (primary or current)[0]

    def export_values(self, record: Any) -> Mapping[str, str]:
        person: Person = record
        affiliation = self.current_affiliation(person)
        values = {
            "name_zh": person.name_zh,
            "family_name": person.family_name,
            "given_names": person.given_names,
            "name_latin": person.name_latin,
            "gender": person.gender,
            "nationality": person.nationality.iso2 if person.nationality else "",
            "languages": "; ".join(person.languages or []),
            "keywords": "; ".join(person.keywords or []),
            "disciplines": "; ".join(person.disciplines or []),
            "is_expert": "yes" if person.is_expert else "no",
            "orcid": person.orcid,
            "bio_zh": person.bio_zh_hans or "",
            "bio_en": person.bio_en or "",
            "organisation": organisation_reference(affiliation.organisation) if affiliation else "",
            "role": affiliation.role if affiliation else "",
            "owner_unit": str(person.owner_unit_id),
            "visibility": person.visibility,
        }
        if getattr(person, "contact_visible", False):
            values["email"] = person.email
            values["phone"] = person.phone
        return values


register(PeopleSpec())
