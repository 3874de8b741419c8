"""Cooperation bases, the decisions on their status, and their yearly self-reports.

A :class:`CooperationBase` is one of the national types of international S&T
cooperation base (or a joint laboratory, or an overseas R&D centre) with its host
organisation, location, partners and designation. Its ``status`` changes only through
:func:`stcoop.bases.services.base_status_change`, which writes a
:class:`BaseStatusChange` (the timeline) and refuses moves that
:data:`stcoop.bases.choices.TRANSITIONS` does not allow. A :class:`SelfReport` holds a
base's figures and narrative for one year; it is owned by the base's unit, written
there, and accepted or returned by the administrators above it.
"""

from __future__ import annotations

import datetime
import decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stcoop.bases.choices import BaseKind, BaseStatus, ReportStatus
from stcoop.core.models import OwnedRecord
from stcoop.geo.provinces import Province

#: The earliest year a designation or a report may name.
FIRST_YEAR = 1980


def text_list_ok(value: Any) -> bool:
    """Whether ``value`` is a list of non-empty texts."""
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


class CooperationBase(OwnedRecord):  # type: ignore[django-manager-missing]  # modeltranslation patches managers at run time
    """A cooperation base; ``name`` and ``description`` are bilingual.

    Domestic bases are located by ``province`` (an ISO 3166-2:CN code) and ``city``; an
    overseas R&D centre by ``country`` (abroad) and ``city``. ``disciplines`` is a list
    of the fields it works in. ``designation_year`` follows ``designation_date`` when
    only the date is given.
    """

    kind = models.CharField(_("kind"), max_length=32, choices=BaseKind.choices)
    name = models.CharField(_("name"), max_length=300, blank=True)
    acronym = models.CharField(_("short name"), max_length=100, blank=True)
    host_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_bases",
        verbose_name=_("host organisation"),
    )
    province = models.CharField(_("province"), max_length=5, choices=Province.choices, blank=True)
    city = models.CharField(_("city"), max_length=200, blank=True)
    country = models.ForeignKey(
        "geo.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country abroad"),
        help_text=_("For overseas R&D centres: the country where the centre is."),
    )
    partner_countries = models.ManyToManyField(
        "geo.Country", blank=True, related_name="+", verbose_name=_("partner countries")
    )
    partner_organisations: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="partner_bases",
        verbose_name=_("partner organisations"),
    )
    disciplines = models.JSONField(_("fields"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    designating_body = models.CharField(_("designating body"), max_length=300, blank=True)
    designation_date = models.DateField(_("designation date"), null=True, blank=True)
    designation_year = models.PositiveSmallIntegerField(
        _("designation year"), null=True, blank=True
    )
    batch = models.CharField(
        _("batch"), max_length=100, blank=True, help_text=_("e.g. 2023, first batch.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=BaseStatus.choices, default=BaseStatus.APPLIED
    )
    # Names and short name, case-folded, one per line: what ``q`` searches. Fields
    # likewise, framed by newlines, for the exact-field filter.
    search_text = models.TextField(editable=False, blank=True, default="")
    discipline_text = models.TextField(editable=False, blank=True, default="")

    name_zh_hans: str | None
    name_en: str | None
    description_zh_hans: str | None
    description_en: str | None

    history_exclude: ClassVar[tuple[str, ...]] = (
        "created",
        "last_updated",
        "name",
        "description",
        "search_text",
        "discipline_text",
    )

    class Meta:
        ordering = ("name_zh_hans", "pk")
        indexes = [
            models.Index(fields=("kind", "status"), name="bases_kind_status_idx"),
        ]
        verbose_name = _("cooperation base")
        verbose_name_plural = _("cooperation bases")

    def __str__(self) -> str:
        return self.name or self.name_zh_hans or self.name_en or self.acronym or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("bases:detail", args=[self.pk])

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.designation_date and not self.designation_year:
            self.designation_year = self.designation_date.year
        self.search_text = "\n".join(
            n.casefold() for n in (self.name_zh_hans, self.name_en, self.acronym, self.city) if n
        )
        disciplines = [d.casefold() for d in self.disciplines or [] if isinstance(d, str)]
        self.discipline_text = "\n" + "\n".join(disciplines) + "\n" if disciplines else ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "designation_year",
                "search_text",
                "discipline_text",
            }
        super().save(*args, **kwargs)

    def snapshot(self) -> dict[str, Any]:
        """Field values plus the status decisions as ``date:from>to``, for the history."""
        data = super().snapshot()
        if self.pk is not None:
            data["timeline"] = [
                f"{c.date.isoformat()}:{c.from_status or '-'}>{c.to_status}"
                for c in self.status_changes.order_by("date", "pk")
            ]
        return data

    def clean(self) -> None:
        """A name; a place that fits the kind; well-formed fields; a plausible designation."""
        errors: dict[str, list[str]] = {}
        if not (self.name_zh_hans or "").strip() and not (self.name_en or "").strip():
            message = gettext("Give the name in Chinese, in English or in both.")
            errors["name_zh_hans"] = [message]
            errors["name_en"] = [message]
        if self.kind == BaseKind.OVERSEAS_RD_CENTRE:
            if self.country_id is None:
                errors["country"] = [gettext("Say in which country the overseas centre is.")]
            elif self.country is not None and self.country.iso2 == "CN":
                errors["country"] = [gettext("An overseas centre is in a country abroad.")]
        elif self.kind and not self.province:
            errors["province"] = [gettext("Say in which province the base is.")]
        if not text_list_ok(self.disciplines):
            errors["disciplines"] = [gettext("Fields must be a list of non-empty texts.")]
        next_year = timezone.localdate().year + 1
        if self.designation_year is not None and not (
            FIRST_YEAR <= self.designation_year <= next_year
        ):
            errors["designation_year"] = [
                gettext("Give a year between {first} and next year.").format(first=FIRST_YEAR)
            ]
        if self.designation_date is not None:
            if self.designation_date > timezone.localdate():
                errors["designation_date"] = [gettext("The designation date is in the future.")]
            elif self.designation_year and self.designation_year != self.designation_date.year:
                errors["designation_year"] = [
                    gettext("The designation year differs from the designation date's year.")
                ]
        if errors:
            raise ValidationError(errors)

    @property
    def is_domestic(self) -> bool:
        return self.kind != BaseKind.OVERSEAS_RD_CENTRE

    def location(self) -> str:
        """Province (or country) and city, as the viewer reads them."""
        place = self.get_province_display() if self.province else str(self.country or "")
        return " · ".join(p for p in (str(place), self.city) if p)


class BaseStatusChange(models.Model):
    """One decision on a base's status: from what, to what, on which day, why, by whom.

    Written only by :func:`stcoop.bases.services.base_status_change` (and when a base is
    recorded, for its first status); shown as the base's timeline and in its history.
    """

    base = models.ForeignKey(
        CooperationBase,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("cooperation base"),
    )
    from_status = models.CharField(_("from"), max_length=20, choices=BaseStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=BaseStatus.choices)
    date = models.DateField(_("date of decision"))
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_by_name = models.CharField(_("decided by (name)"), max_length=150, blank=True)
    recorded = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ("date", "pk")
        verbose_name = _("status decision")
        verbose_name_plural = _("status decisions")

    def __str__(self) -> str:
        return f"{self.date}: {self.get_to_status_display()}"


def _money_field(label: Any) -> models.DecimalField[Any, Any]:
    return models.DecimalField(
        label,
        max_digits=16,
        decimal_places=2,
        default=decimal.Decimal("0"),
        validators=[MinValueValidator(decimal.Decimal("0"))],
    )


def _count_field(label: Any) -> models.PositiveIntegerField[Any, Any]:
    return models.PositiveIntegerField(label, default=0)


#: The counted figures of a report, in the order forms, tables and imports show them.
COUNT_FIELDS: tuple[str, ...] = (
    "projects_running",
    "new_international_projects",
    "foreign_experts_hosted",
    "people_trained",
    "joint_publications",
    "patents_filed",
    "patents_granted",
    "standards",
    "transfer_contracts",
)
#: The amounts of a report (CNY).
MONEY_FIELDS: tuple[str, ...] = (
    "transfer_value",
    "funding_central",
    "funding_local",
    "funding_enterprise",
    "funding_foreign",
    "funding_other",
)
FUNDING_FIELDS: tuple[str, ...] = MONEY_FIELDS[1:]
FIGURE_FIELDS: tuple[str, ...] = COUNT_FIELDS + MONEY_FIELDS


class SelfReport(OwnedRecord):  # type: ignore[django-manager-missing]  # modeltranslation patches managers at run time
    """A base's self-report for one year: figures, a bilingual narrative, a review.

    Owned by the base's unit (kept in step by the services). Its authors change it
    while it is a draft or returned; once submitted it is read-only until a reviewer
    (:func:`stcoop.core.permissions.may_review`) accepts or returns it. Amounts are in
    CNY.
    """

    base = models.ForeignKey(
        CooperationBase,
        on_delete=models.CASCADE,
        related_name="self_reports",
        verbose_name=_("cooperation base"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    projects_running = _count_field(_("projects running"))
    new_international_projects = _count_field(_("new international projects"))
    foreign_experts_hosted = _count_field(_("foreign experts hosted"))
    people_trained = _count_field(_("people trained"))
    joint_publications = _count_field(_("joint publications"))
    patents_filed = _count_field(_("patents filed"))
    patents_granted = _count_field(_("patents granted"))
    standards = _count_field(_("standards"))
    transfer_contracts = _count_field(_("technology-transfer contracts"))
    transfer_value = _money_field(_("value of technology-transfer contracts (CNY)"))
    funding_central = _money_field(_("funding from central government (CNY)"))
    funding_local = _money_field(_("funding from local government (CNY)"))
    funding_enterprise = _money_field(_("funding from enterprises (CNY)"))
    funding_foreign = _money_field(_("funding from abroad (CNY)"))
    funding_other = _money_field(_("other funding (CNY)"))
    narrative = models.TextField(_("narrative"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    narrative_zh_hans: str | None
    narrative_en: str | None

    history_exclude: ClassVar[tuple[str, ...]] = ("created", "last_updated", "narrative")

    class Meta:
        ordering = ("base", "-year", "pk")
        constraints = [
            models.UniqueConstraint(fields=("base", "year"), name="bases_selfreport_one_per_year"),
        ]
        verbose_name = _("self-report")
        verbose_name_plural = _("self-reports")

    def __str__(self) -> str:
        return gettext("{base}, {year}").format(base=self.base, year=self.year)

    def get_absolute_url(self) -> str:
        return reverse("bases:report_detail", args=[self.pk])

    def clean(self) -> None:
        """A plausible year, not in the future; one report per base and year."""
        errors: dict[str, list[str]] = {}
        this_year = timezone.localdate().year
        if self.year is not None:
            if self.year > this_year:
                errors["year"] = [gettext("The year cannot be in the future.")]
            elif self.year < FIRST_YEAR:
                errors["year"] = [gettext("Give a year from {first} on.").format(first=FIRST_YEAR)]
            elif (
                self.base_id is not None
                and SelfReport.objects.filter(base_id=self.base_id, year=self.year)
                .exclude(pk=self.pk)
                .exists()
            ):
                errors["year"] = [
                    gettext("This base already has a report for {year}.").format(year=self.year)
                ]
        if errors:
            raise ValidationError(errors)

    @property
    def funding_total(self) -> decimal.Decimal:
        """Funding received from every source (CNY)."""
        return sum(
            (getattr(self, name) or decimal.Decimal("0") for name in FUNDING_FIELDS),
            decimal.Decimal("0"),
        )

    @property
    def is_editable(self) -> bool:
        """Whether its authors may still change it (a draft or a returned report)."""
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)

    @property
    def reporting_date(self) -> datetime.date | None:
        return self.submitted_at.date() if self.submitted_at else None


def figure_label(name: str) -> Any:
    """The (translatable) label of the report figure ``name``."""
    field: Any = SelfReport._meta.get_field(name)
    return field.verbose_name


def sentence(label: Any) -> str:
    """``label`` with its first letter in capitals (the rest as written: "CNY" stays)."""
    text = str(label)
    return text[:1].upper() + text[1:]
