"""Shared resources as a bulk-import spec (:mod:`stcoop.core.imports`).

Registered as ``shared-resources``: ``/import/shared-resources/`` and
``stcoop import shared-resources FILE [--dry-run]``. A row is matched to a stored
resource by its Chinese or English name with its owner organisation; it is created or
updated through :mod:`stcoop.resources.services` (which check the permission again).
Empty cells leave stored values as they are. The contact columns are exported only to
those who may see the contact, and only they may change it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stcoop.core.choices import Visibility
from stcoop.core.imports.parsers import (
    limited,
    parse_web_address,
    split_list,
    write_list,
)
from stcoop.core.imports.spec import Column, RowAction, register
from stcoop.core.permissions import Action, can, may_see_contact
from stcoop.geo.provinces import parse_province
from stcoop.memberships.importing import (
    FieldSpec,
    choice_parser,
    owner_columns,
    parse_yes_no,
)
from stcoop.resources.choices import AccessMode, ResourceKind, ResourceStatus
from stcoop.resources.models import SharedResource
from stcoop.resources.selectors import resource_list, with_contact_permission
from stcoop.resources.services import resource_create, resource_update

CONTACT_COLUMNS = ("contact_name", "contact_email", "contact_phone")


def _parse_province(text: str) -> str:
    try:
        return parse_province(text)
    except ValueError:
        raise ValueError(
            _("'{value}' is not a province of China (give its code, e.g. CN-YN, or name)").format(
                value=text
            )
        ) from None


def _parse_email(text: str) -> str:
    from django.core.validators import validate_email

    try:
        validate_email(text)
    except ValidationError:
        raise ValueError(_("'{value}' is not an email address").format(value=text)) from None
    return text


class SharedResourcesSpec(FieldSpec):
    """One shared resource per row; see the module docstring."""

    name = "shared-resources"
    title = gettext_lazy("Shared resources")
    description = gettext_lazy(
        "One resource per row: kind, names, owner organisation, location, disciplines, "
        "keywords, access terms, contact and link. A row updates the resource with the "
        "same name and owner organisation; other rows add resources. Lists are separated "
        "by ;. Empty cells leave stored values as they are."
    )
    field_of = {
        "kind": "kind",
        "name_zh": "name_zh_hans",
        "name_en": "name_en",
        "description_zh": "description_zh_hans",
        "description_en": "description_en",
        "owner_organisation": "owner_organisation",
        "country": "country",
        "province": "province",
        "city": "city",
        "disciplines": "disciplines",
        "keywords": "keywords",
        "access_mode": "access_mode",
        "access_conditions_zh": "access_conditions_zh_hans",
        "access_conditions_en": "access_conditions_en",
        "open_to_foreign": "open_to_foreign",
        "contact_name": "contact_name",
        "contact_email": "contact_email",
        "contact_phone": "contact_phone",
        "link": "link",
        "status": "status",
        "owner_unit": "owner_unit",
        "visibility": "visibility",
    }

    def __init__(self) -> None:
        super().__init__()
        self.columns = (
            Column(
                "kind",
                gettext_lazy("Kind: a code such as instrument, or its name in Chinese or English"),
                aliases=("类型", "资源类型"),
                parse=choice_parser(ResourceKind.choices, _("kind")),
                empty=None,
                example="instrument",
            ),
            Column(
                "name_zh",
                gettext_lazy("Name in Chinese"),
                aliases=("中文名称", "名称", "资源名称"),
                parse=limited(500),
                empty=None,
                example="500米口径球面射电望远镜",
            ),
            Column(
                "name_en",
                gettext_lazy("Name in English"),
                aliases=("英文名称",),
                parse=limited(500),
                empty=None,
                example="Five-hundred-meter Aperture Spherical radio Telescope (FAST)",
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
                "owner_organisation",
                gettext_lazy("Owner organisation: ID, exact name or acronym"),
                aliases=("所属机构", "依托单位", "owner organisation"),
                parse=self.parse_organisation,
                empty=None,
            ),
            Column(
                "country",
                gettext_lazy("Country: ISO code or name"),
                aliases=("国家", "国家或地区"),
                parse=self.parse_country,
                empty=None,
                example="CN",
            ),
            Column(
                "province",
                gettext_lazy("Province (code such as CN-GZ, or name)"),
                aliases=("省份", "省"),
                parse=_parse_province,
                empty=None,
                example="贵州",
            ),
            Column("city", gettext_lazy("City"), aliases=("城市",), parse=limited(200), empty=None),
            Column(
                "disciplines",
                gettext_lazy("Disciplines, separated by ;"),
                aliases=("学科", "学科领域"),
                parse=split_list,
                empty=None,
                example="Astronomy",
            ),
            Column(
                "keywords",
                gettext_lazy("Keywords, separated by ;"),
                aliases=("关键词",),
                parse=split_list,
                empty=None,
                example="radio astronomy; pulsars",
            ),
            Column(
                "access_mode",
                gettext_lazy("Access: open, application, fee or restricted (or the name)"),
                aliases=("开放方式", "访问方式"),
                parse=choice_parser(AccessMode.choices, _("access mode")),
                empty=None,
                example="application",
            ),
            Column(
                "access_conditions_zh",
                gettext_lazy("Conditions of access in Chinese"),
                aliases=("中文开放条件", "开放条件"),
                empty=None,
            ),
            Column(
                "access_conditions_en",
                gettext_lazy("Conditions of access in English"),
                aliases=("英文开放条件",),
                empty=None,
            ),
            Column(
                "open_to_foreign",
                gettext_lazy("Open to foreign users: yes or no"),
                aliases=("对外开放", "向境外用户开放"),
                parse=parse_yes_no,
                empty=None,
                example="yes",
            ),
            Column(
                "contact_name",
                gettext_lazy("Contact person"),
                aliases=("联系人",),
                parse=limited(200),
                empty=None,
            ),
            Column(
                "contact_email",
                gettext_lazy("Contact email"),
                aliases=("联系邮箱", "电子邮箱"),
                parse=_parse_email,
                empty=None,
            ),
            Column(
                "contact_phone",
                gettext_lazy("Contact phone"),
                aliases=("联系电话", "电话"),
                parse=limited(50),
                empty=None,
            ),
            Column(
                "link",
                gettext_lazy("Link"),
                aliases=("链接", "网址"),
                parse=parse_web_address,
                empty=None,
            ),
            Column(
                "status",
                gettext_lazy("Status: available, unavailable or retired"),
                aliases=("状态",),
                parse=choice_parser(ResourceStatus.choices, _("status")),
                empty=None,
                example="available",
            ),
            *owner_columns(self),
        )
        self.natural_key = ("name_zh", "name_en", "owner_organisation")

    def for_run(self) -> SharedResourcesSpec:
        return SharedResourcesSpec()

    def key_of(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        name = str(values.get("name_zh") or values.get("name_en") or "").casefold()
        organisation = values.get("owner_organisation")
        return (name, organisation.pk if organisation else None)

    def duplicate_message(self, values: Mapping[str, Any], first_row: int) -> str:
        return _("the same resource is already in row {row}").format(row=first_row)

    def find_existing(self, values: Mapping[str, Any]) -> SharedResource | None:
        resources = SharedResource.objects.filter(
            owner_organisation=values.get("owner_organisation")
        )
        if values.get("name_zh"):
            found = resources.filter(name_zh_hans=values["name_zh"]).first()
            if found is not None:
                return found
        if values.get("name_en"):
            return resources.filter(name_en__iexact=values["name_en"]).first()
        return None

    def check_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> None:
        errors: dict[str, list[str]] = {}
        organisation = values.get("owner_organisation")
        if organisation is not None and not can(actor, Action.VIEW, organisation):
            errors["owner_organisation"] = [_("No such organisation.")]
        if existing is None:
            if not (values.get("name_zh") or values.get("name_en")):
                errors["name_zh"] = [_("Give the name in Chinese, in English or in both.")]
            if not values.get("kind"):
                errors["kind"] = [_("The kind is required for a new resource.")]
        else:
            changes = self.changed_fields(existing, values)
            hidden = [c for c in CONTACT_COLUMNS if c in changes]
            if hidden and not may_see_contact(actor, existing):
                for column in hidden:
                    errors[column] = [_("You may not change this resource's contact details.")]
        if errors:
            raise ValidationError(errors)
        self.check_owned(actor, SharedResource, values, existing)
        self.check_model(SharedResource, values, existing)

    def apply_row(self, actor: Any, values: Mapping[str, Any], existing: Any | None) -> RowAction:
        if existing is None:
            fields = self.fields_of(values)
            owner = self.owner_of(actor, fields)
            visibility = fields.pop("visibility", Visibility.INTERNAL)
            kind = fields.pop("kind")
            resource_create(
                actor=actor, owner_unit=owner, kind=kind, visibility=visibility, **fields
            )
            return RowAction.CREATE
        changes = self.changed_fields(existing, values)
        if not changes:
            return RowAction.UNCHANGED
        resource_update(actor=actor, resource=existing, **changes)
        return RowAction.UPDATE

    def export_queryset(self, actor: Any) -> QuerySet[SharedResource]:
        """The resources ``actor`` sees, with ``contact_visible`` set on each (contact
        cells stay empty where it is false)."""
        return with_contact_permission(actor, resource_list(actor=actor)).order_by("pk")

    def export_values(self, record: SharedResource) -> Mapping[str, str]:
        contact = bool(getattr(record, "contact_visible", False))
        return {
            "kind": record.kind,
            "name_zh": record.name_zh_hans or "",
            "name_en": record.name_en or "",
            "description_zh": record.description_zh_hans or "",
            "description_en": record.description_en or "",
            "owner_organisation": str(record.owner_organisation_id or ""),
            "country": record.country.iso2 if record.country is not None else "",
            "province": record.province,
            "city": record.city,
            "disciplines": write_list(record.disciplines),
            "keywords": write_list(record.keywords),
            "access_mode": record.access_mode,
            "access_conditions_zh": record.access_conditions_zh_hans or "",
            "access_conditions_en": record.access_conditions_en or "",
            "open_to_foreign": "yes" if record.open_to_foreign else "no",
            "contact_name": record.contact_name if contact else "",
            "contact_email": record.contact_email if contact else "",
            "contact_phone": record.contact_phone if contact else "",
            "link": record.link,
            "status": record.status,
            "owner_unit": str(record.owner_unit_id),
            "visibility": record.visibility,
        }


register(SharedResourcesSpec())
