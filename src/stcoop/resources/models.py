"""Shared resources: instruments, facilities, data sets, collections and software that
their owners open to others, with the terms of access.

The contact (``contact_name``, ``contact_email``, ``contact_phone``) is shown only to
those :func:`stcoop.core.permissions.may_see_contact` allows; pages, exports and the API
all ask it.
"""

from __future__ import annotations

import hashlib
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stcoop.core.models import OwnedRecord
from stcoop.geo.provinces import Province
from stcoop.projects.models import text_list_ok
from stcoop.resources.choices import AccessMode, ResourceKind, ResourceStatus

CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")


class SharedResource(OwnedRecord):  # type: ignore[django-manager-missing]  # modeltranslation patches managers at run time
    """A resource offered for shared use; ``name``, ``description`` and
    ``access_conditions`` are bilingual.

    ``province`` (an ISO 3166-2:CN code) applies to resources in China only.
    ``disciplines`` and ``keywords`` are lists of texts.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=ResourceKind.choices)
    name = models.CharField(_("name"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shared_resources",
        verbose_name=_("owner organisation"),
    )
    country = models.ForeignKey(
        "geo.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country or territory"),
    )
    province = models.CharField(_("province"), max_length=5, choices=Province.choices, blank=True)
    city = models.CharField(_("city"), max_length=200, blank=True)
    disciplines = models.JSONField(_("disciplines"), default=list, blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    access_mode = models.CharField(
        _("access"), max_length=16, choices=AccessMode.choices, default=AccessMode.APPLICATION
    )
    access_conditions = models.TextField(_("conditions of access"), blank=True)
    open_to_foreign = models.BooleanField(_("open to foreign users"), default=False)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ResourceStatus.choices,
        default=ResourceStatus.AVAILABLE,
    )
    # Names and keywords, case-folded, one per line: what ``q`` searches. Disciplines
    # likewise, framed by newlines.
    search_text = models.TextField(editable=False, blank=True, default="")
    discipline_text = models.TextField(editable=False, blank=True, default="")

    name_zh_hans: str | None
    name_en: str | None
    description_zh_hans: str | None
    description_en: str | None
    access_conditions_zh_hans: str | None
    access_conditions_en: str | None

    history_exclude: ClassVar[tuple[str, ...]] = (
        "created",
        "last_updated",
        "name",
        "description",
        "access_conditions",
        "search_text",
        "discipline_text",
    )

    class Meta:
        ordering = ("name_en", "name_zh_hans", "pk")
        indexes = [
            models.Index(fields=("kind", "province"), name="resources_kind_province_idx"),
        ]
        verbose_name = _("shared resource")
        verbose_name_plural = _("shared resources")

    def __str__(self) -> str:
        return self.name or self.name_en or self.name_zh_hans or f"#{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = "\n".join(
            n.casefold()
            for n in (
                self.name_zh_hans,
                self.name_en,
                *(k for k in self.keywords or [] if isinstance(k, str)),
            )
            if n
        )
        disciplines = [d.casefold() for d in self.disciplines or [] if isinstance(d, str)]
        self.discipline_text = "\n" + "\n".join(disciplines) + "\n" if disciplines else ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "discipline_text"}
        super().save(*args, **kwargs)

    def snapshot(self) -> dict[str, Any]:
        """Field values, the contact as digests: the history is shown to everyone who
        sees the record, so a change of contact shows without the value."""
        data = super().snapshot()
        for name in CONTACT_FIELDS:
            value = data.get(name) or ""
            data[name] = (
                f"sha256:{hashlib.sha256(value.encode()).hexdigest()[:12]}" if value else ""
            )
        return data

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if not (self.name_zh_hans or "").strip() and not (self.name_en or "").strip():
            message = gettext("Give the name in Chinese, in English or in both.")
            errors["name_zh_hans"] = [message]
            errors["name_en"] = [message]
        if self.province and self.country is not None and self.country.iso2 != "CN":
            errors["province"] = [gettext("A province is given only for resources in China.")]
        if not text_list_ok(self.keywords):
            errors["keywords"] = [gettext("Keywords must be a list of non-empty texts.")]
        if not text_list_ok(self.disciplines):
            errors["disciplines"] = [gettext("Disciplines must be a list of non-empty texts.")]
        if errors:
            raise ValidationError(errors)
