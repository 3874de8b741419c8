"""Technology offers and requests: partnering profiles of organisations."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stcoop.core.models import OwnedRecord
from stcoop.technologies.choices import (
    REFERENCE_PREFIX,
    Cooperation,
    IpStatus,
    ProfileKind,
    ProfileStatus,
    ReadinessLevel,
    Sector,
)

#: How long a profile stays current after publication when no expiry date is given.
VALIDITY_MONTHS = 12


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months (the last day of a shorter month)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


def _text_list_ok(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def _framed(values: list[str]) -> str:
    """Codes one per line, framed by newlines, so ``contains("\\ncode\\n")`` finds one."""
    return "\n" + "\n".join(values) + "\n" if values else ""


class TechnologyProfile(OwnedRecord):  # type: ignore[django-manager-missing]  # modeltranslation patches managers at run time
    """A technology or business offer or request of an organisation.

    ``title`` and ``description`` are bilingual (``*_zh_hans``/``*_en``), at least one
    language given. ``reference`` is made on the first save from the kind's prefix, the
    year and a running number (``TO-2026-000123``) and never changes. ``sectors`` and
    ``cooperation`` are lists of :class:`Sector` and :class:`Cooperation` codes;
    ``keywords``, ``patent_numbers`` and ``languages`` (ISO 639-1 codes) lists of texts.
    A published profile without an expiry date expires :data:`VALIDITY_MONTHS` after
    publication. Only a published profile is seen outside its owning unit, whatever its
    visibility (:attr:`publication_status`, applied by :mod:`stcoop.core.permissions`).
    """

    kind = models.CharField(_("kind"), max_length=24, choices=ProfileKind.choices)
    reference = models.CharField(
        _("reference"), max_length=20, unique=True, editable=False, blank=True
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="technology_profiles",
        verbose_name=_("organisation"),
    )
    contact_person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="technology_profiles",
        verbose_name=_("contact person"),
    )
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level"),
        null=True,
        blank=True,
        choices=ReadinessLevel.choices,
        help_text=_("From 1 (basic principles observed) to 9 (proven in operation)."),
    )
    ip_status = models.CharField(
        _("intellectual property"), max_length=16, choices=IpStatus.choices, blank=True
    )
    patent_numbers = models.JSONField(_("patent numbers"), default=list, blank=True)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    target_countries = models.ManyToManyField(
        "geo.Country", blank=True, related_name="+", verbose_name=_("target countries")
    )
    target_groupings: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "geo.Grouping", blank=True, related_name="+", verbose_name=_("target country groupings")
    )
    cooperation = models.JSONField(_("cooperation sought"), default=list, blank=True)
    languages = models.JSONField(_("languages of the profile"), default=list, blank=True)
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    expiry_date = models.DateField(
        _("expiry date"),
        null=True,
        blank=True,
        help_text=_("Default: twelve months after publication."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProfileStatus.choices, default=ProfileStatus.DRAFT
    )
    # Case-folded titles, keywords and the reference, one per line: what ``q`` searches.
    search_text = models.TextField(editable=False, blank=True, default="")
    # Sector and cooperation codes framed by newlines (JSON is not searchable on SQLite).
    sector_text = models.TextField(editable=False, blank=True, default="")
    cooperation_text = models.TextField(editable=False, blank=True, default="")

    title_zh_hans: str | None
    title_en: str | None
    description_zh_hans: str | None
    description_en: str | None

    publication_status: ClassVar[tuple[str, str]] = ("status", ProfileStatus.PUBLISHED)
    history_exclude: ClassVar[tuple[str, ...]] = (
        "created",
        "last_updated",
        "title",
        "description",
        "search_text",
        "sector_text",
        "cooperation_text",
    )

    class Meta:
        ordering = ("-publication_date", "-pk")
        indexes = [
            models.Index(fields=("kind", "status"), name="technologies_kind_status_idx"),
            models.Index(fields=("expiry_date",), name="technologies_expiry_idx"),
        ]
        verbose_name = _("technology profile")
        verbose_name_plural = _("technology profiles")

    def __str__(self) -> str:
        title = self.title or self.title_en or self.title_zh_hans or ""
        if self.reference and title:
            return f"{self.reference} {title}"
        return title or self.reference or f"#{self.pk}"

    # ------------------------------------------------------------ derived values
    @property
    def is_expired(self) -> bool:
        return self.expiry_date is not None and self.expiry_date < timezone.localdate()

    def sector_labels(self) -> list[str]:
        labels = dict(Sector.choices)
        return [str(labels.get(code, code)) for code in self.sectors or []]

    def cooperation_labels(self) -> list[str]:
        labels = dict(Cooperation.choices)
        return [str(labels.get(code, code)) for code in self.cooperation or []]

    def next_reference(self) -> str:
        """A new reference for this profile's kind and the current year."""
        prefix = f"{REFERENCE_PREFIX.get(self.kind, 'TP')}-{timezone.localdate().year}-"
        taken = TechnologyProfile.objects.filter(reference__startswith=prefix).values_list(
            "reference", flat=True
        )
        numbers = [int(r[len(prefix) :]) for r in taken if r[len(prefix) :].isdigit()]
        return f"{prefix}{max(numbers, default=0) + 1:06d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.reference:
            self.reference = self.next_reference()
        if self.status == ProfileStatus.PUBLISHED and self.publication_date is None:
            self.publication_date = timezone.localdate()
        if self.publication_date is not None and self.expiry_date is None:
            self.expiry_date = add_months(self.publication_date, VALIDITY_MONTHS)
        if not self.languages:
            self.languages = [
                code
                for code, text in (("zh", self.title_zh_hans), ("en", self.title_en))
                if (text or "").strip()
            ]
        self.search_text = "\n".join(
            t.casefold()
            for t in (
                self.reference,
                self.title_zh_hans,
                self.title_en,
                *(k for k in self.keywords or [] if isinstance(k, str)),
                *(p for p in self.patent_numbers or [] if isinstance(p, str)),
            )
            if t
        )
        self.sector_text = _framed([s for s in self.sectors or [] if isinstance(s, str)])
        self.cooperation_text = _framed([c for c in self.cooperation or [] if isinstance(c, str)])
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "reference",
                "publication_date",
                "expiry_date",
                "languages",
                "search_text",
                "sector_text",
                "cooperation_text",
            }
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """A title in some language, an organisation, known codes, dates in order."""
        errors: dict[str, list[str]] = {}
        if not ((self.title_zh_hans or "").strip() or (self.title_en or "").strip()):
            message = gettext("Give the title in Chinese, in English or in both.")
            errors["title_zh_hans"] = [message]
            errors["title_en"] = [message]
        if self.organisation_id is None:
            errors["organisation"] = [gettext("Choose the organisation behind this profile.")]
        for name, choices, message in (
            ("sectors", Sector, gettext("Unknown sector.")),
            ("cooperation", Cooperation, gettext("Unknown kind of cooperation.")),
        ):
            value = getattr(self, name)
            if not isinstance(value, list) or not set(value) <= set(choices.values):
                errors[name] = [message]
        for name in ("keywords", "patent_numbers"):
            if not _text_list_ok(getattr(self, name)):
                errors[name] = [gettext("Give a list of non-empty texts.")]
        if not isinstance(self.languages, list) or not all(
            isinstance(code, str) and 2 <= len(code) <= 3 and code.isalpha()
            for code in self.languages
        ):
            errors["languages"] = [gettext("Give languages as ISO 639-1 codes such as zh or en.")]
        if (
            self.patent_numbers
            and self.ip_status
            and self.ip_status
            not in (
                IpStatus.GRANTED_PATENT,
                IpStatus.PATENT_APPLIED,
            )
        ):
            errors["patent_numbers"] = [
                gettext("Patent numbers go with a granted or applied-for patent.")
            ]
        if (
            self.publication_date is not None
            and self.expiry_date is not None
            and self.expiry_date <= self.publication_date
        ):
            errors["expiry_date"] = [gettext("The expiry date must be after the publication date.")]
        if errors:
            raise ValidationError(errors)
