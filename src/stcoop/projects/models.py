"""Programmes (with budget lines by source), projects, their participants, funding and
outputs.

A :class:`Programme` groups projects (a national key R&D programme, Horizon 2020 and
its parts); ``parent`` nests programmes. A :class:`Project` has participants
(:class:`Participation`: an organisation, or the name as given when it is not linked
yet, with role and country), funding by source (:class:`ProjectFunding`) and outputs
(:class:`Output`). Participations, funding and outputs belong to their project: whoever
may see or edit the project may see or edit them, and their changes are written into
the project's history. Amounts are decimals with an ISO 4217 currency.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pycountry
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stcoop.core.models import OwnedRecord
from stcoop.projects.choices import (
    FundingSource,
    OutputKind,
    ParticipantRole,
    ProgrammeStatus,
    ProjectStatus,
)


def currency_error(code: str) -> str | None:
    """A translated message when ``code`` is not an ISO 4217 currency, else ``None``."""
    if code and pycountry.currencies.get(alpha_3=code.upper()) is None:
        return gettext("{code} is not an ISO 4217 currency code (e.g. CNY, EUR, USD).").format(
            code=code
        )
    return None


def text_list_ok(value: Any) -> bool:
    """Whether ``value`` is a list of non-empty texts (keywords, disciplines)."""
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


class MoneyLine(models.Model):
    """Money from one source (optionally for one year), in an ISO 4217 currency: the
    common part of programme budget lines and project funding."""

    source = models.CharField(_("source"), max_length=16, choices=FundingSource.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.amount} {self.currency}"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        self.currency = (self.currency or "").upper()
        if currency_message := currency_error(self.currency):
            errors["currency"] = [currency_message]
        if self.amount is not None and self.amount < 0:
            errors["amount"] = [gettext("An amount cannot be negative.")]
        if errors:
            raise ValidationError(errors)


class Programme(OwnedRecord):  # type: ignore[django-manager-missing]  # modeltranslation patches managers at run time
    """A funding programme or call; ``name``/``description`` are bilingual.

    ``code`` (e.g. ``H2020``, ``2021YFE01``) is unique when given. ``framework`` names the
    programme family for display and filtering (``FP7``, ``H2020``, ``National Key R&D``).
    """

    code = models.CharField(_("code"), max_length=100, blank=True)
    name = models.CharField(_("name"), max_length=500, blank=True)
    acronym = models.CharField(_("short name"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    framework = models.CharField(_("framework programme"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name=_("part of programme"),
    )
    funder = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("funder"),
    )
    call_identifier = models.CharField(_("call identifier"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ProgrammeStatus.choices, default=ProgrammeStatus.RUNNING
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    # Code, names and short name, case-folded, one per line: what ``q`` searches.
    search_text = models.TextField(editable=False, blank=True, default="")

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
    )

    class Meta:
        ordering = ("code", "name_en", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("code",),
                condition=~models.Q(code=""),
                name="projects_programme_code_unique",
            )
        ]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        name = self.name or self.name_en or self.name_zh_hans or self.acronym
        if self.code and name:
            return f"{self.code} {name}"
        return name or self.code or f"#{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = "\n".join(
            n.casefold()
            for n in (
                self.code,
                self.acronym,
                self.name_zh_hans,
                self.name_en,
                self.call_identifier,
            )
            if n
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def snapshot(self) -> dict[str, Any]:
        """Field values plus the budget lines as ``source:year:amount currency``."""
        data = super().snapshot()
        if self.pk is not None:
            data["budget_lines"] = [
                f"{b.source}:{b.year or ''}:{b.amount} {b.currency}"
                for b in self.budget_lines.order_by("pk")
            ]
        return data

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if not (self.name_zh_hans or "").strip() and not (self.name_en or "").strip():
            message = gettext("Give the name in Chinese, in English or in both.")
            errors["name_zh_hans"] = [message]
            errors["name_en"] = [message]
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = [gettext("The end date cannot be before the start date.")]
        if self.parent_id is not None and self.pk is not None:
            seen: set[int] = set()
            pk: int | None = self.parent_id
            while pk is not None and pk not in seen:
                if pk == self.pk:
                    errors["parent"] = [gettext("A programme cannot be part of itself.")]
                    break
                seen.add(pk)
                pk = Programme.objects.filter(pk=pk).values_list("parent_id", flat=True).first()
        if errors:
            raise ValidationError(errors)

    def budget_by_source(self) -> dict[tuple[str, str], Any]:
        """Budget totals keyed by ``(source, currency)``."""
        totals: dict[tuple[str, str], Any] = {}
        for line in self.budget_lines.all():
            key = (line.source, line.currency)
            totals[key] = totals.get(key, 0) + line.amount
        return totals


class BudgetLine(MoneyLine):
    """Money a programme has from one source (for one year, or for its whole run)."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("programme"),
    )

    class Meta:
        ordering = ("source", "year", "pk")
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")


class Project(OwnedRecord):  # type: ignore[django-manager-missing]  # modeltranslation patches managers at run time
    """A cooperation project; ``title``/``abstract`` are bilingual.

    ``code`` (the funder's project number, e.g. the EU grant agreement number or a
    national project number) is unique when given. ``source`` says where an imported
    record came from (``cordis-fp7``, ``norway-h2020``), empty for records made here.
    ``disciplines`` and ``keywords`` are lists of texts.
    """

    code = models.CharField(_("project number"), max_length=100, blank=True)
    acronym = models.CharField(_("acronym"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=1000, blank=True)
    abstract = models.TextField(_("abstract"), blank=True)
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("programme"),
    )
    call_identifier = models.CharField(_("call identifier"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=500, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.ONGOING
    )
    disciplines = models.JSONField(_("disciplines"), default=list, blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    total_cost = models.DecimalField(
        _("total cost"), null=True, blank=True, max_digits=18, decimal_places=2
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    website = models.URLField(_("website"), max_length=500, blank=True)
    source = models.CharField(_("imported from"), max_length=50, blank=True, editable=False)
    # Code, acronym, titles and keywords, case-folded, one per line: what ``q`` searches.
    search_text = models.TextField(editable=False, blank=True, default="")
    discipline_text = models.TextField(editable=False, blank=True, default="")

    title_zh_hans: str | None
    title_en: str | None
    abstract_zh_hans: str | None
    abstract_en: str | None

    history_exclude: ClassVar[tuple[str, ...]] = (
        "created",
        "last_updated",
        "title",
        "abstract",
        "search_text",
        "discipline_text",
    )

    class Meta:
        ordering = (models.F("start_date").desc(nulls_last=True), "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("code",), condition=~models.Q(code=""), name="projects_project_code_unique"
            )
        ]
        indexes = [
            models.Index(fields=("programme", "status"), name="projects_programme_status_idx"),
            models.Index(fields=("start_date",), name="projects_start_idx"),
        ]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        title = self.title or self.title_en or self.title_zh_hans or self.acronym
        if self.acronym and title and title != self.acronym:
            return f"{self.acronym}: {title}"
        return title or self.code or f"#{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = "\n".join(
            n.casefold()
            for n in (
                self.code,
                self.acronym,
                self.title_zh_hans,
                self.title_en,
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
        """Field values plus participants, funding and outputs as short labels."""
        data = super().snapshot()
        if self.pk is not None:
            data["participants"] = [
                f"{p.role}:{p.organisation_id or p.name_as_given}:{p.country_id or ''}"
                + (f":{p.funding_amount} {p.currency}" if p.funding_amount is not None else "")
                for p in self.participations.order_by("pk")
            ]
            data["funding"] = [
                f"{f.source}:{f.year or ''}:{f.amount} {f.currency}"
                for f in self.funding.order_by("pk")
            ]
            data["outputs"] = [
                f"{o.kind}:{o.year or ''}:{o.title}" for o in self.outputs.order_by("pk")
            ]
        return data

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if not (self.title_zh_hans or "").strip() and not (self.title_en or "").strip():
            message = gettext("Give the title in Chinese, in English or in both.")
            errors["title_zh_hans"] = [message]
            errors["title_en"] = [message]
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = [gettext("The end date cannot be before the start date.")]
        self.currency = (self.currency or "").upper()
        if currency_message := currency_error(self.currency):
            errors["currency"] = [currency_message]
        if self.total_cost is not None and self.total_cost < 0:
            errors["total_cost"] = [gettext("An amount cannot be negative.")]
        if not text_list_ok(self.keywords):
            errors["keywords"] = [gettext("Keywords must be a list of non-empty texts.")]
        if not text_list_ok(self.disciplines):
            errors["disciplines"] = [gettext("Disciplines must be a list of non-empty texts.")]
        if errors:
            raise ValidationError(errors)

    def funding_by_source(self) -> dict[tuple[str, str], Any]:
        """Funding totals keyed by ``(source, currency)``."""
        totals: dict[tuple[str, str], Any] = {}
        for line in self.funding.all():
            key = (line.source, line.currency)
            totals[key] = totals.get(key, 0) + line.amount
        return totals


class Participation(models.Model):
    """An organisation taking part in a project, with its role, country and EU-style
    contribution. ``name_as_given`` keeps the participant's name as the source wrote
    it; ``organisation`` is empty while the name is not linked to a registry record.
    ``country`` is the participant's country in this project (the organisation's
    country at the time)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="participations", verbose_name=_("project")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("organisation"),
    )
    name_as_given = models.CharField(_("name as given"), max_length=500, blank=True)
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=ParticipantRole.choices,
        default=ParticipantRole.PARTICIPANT,
    )
    country = models.ForeignKey(
        "geo.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country or territory"),
    )
    city = models.CharField(_("city"), max_length=200, blank=True)
    funding_amount = models.DecimalField(
        _("funding received"), null=True, blank=True, max_digits=18, decimal_places=2
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ("order", "pk")
        indexes = [
            models.Index(fields=("organisation", "project"), name="projects_particip_org_idx"),
            models.Index(fields=("country",), name="projects_particip_country_idx"),
        ]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")

    def __str__(self) -> str:
        who = str(self.organisation) if self.organisation_id else self.name_as_given
        return f"{who} ({self.get_role_display()})"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.organisation_id is None and not (self.name_as_given or "").strip():
            errors["organisation"] = [gettext("Choose an organisation or give its name.")]
        self.currency = (self.currency or "").upper()
        if currency_message := currency_error(self.currency):
            errors["currency"] = [currency_message]
        if self.funding_amount is not None and self.funding_amount < 0:
            errors["funding_amount"] = [gettext("An amount cannot be negative.")]
        if errors:
            raise ValidationError(errors)


class ProjectFunding(MoneyLine):
    """Money a project receives from one source (optionally for one year, from one funder)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="funding", verbose_name=_("project")
    )
    funder = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("funder"),
    )

    class Meta:
        ordering = ("source", "year", "pk")
        verbose_name = _("project funding")
        verbose_name_plural = _("project funding")


class Output(models.Model):
    """A result of a project: a publication, patent, standard, technology-transfer
    contract (``value`` in ``currency``), people trained (``quantity``) or a joint
    laboratory created. ``identifier`` is the DOI, patent or standard number."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="outputs", verbose_name=_("project")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=OutputKind.choices)
    title = models.CharField(_("title"), max_length=1000)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    identifier = models.CharField(_("identifier"), max_length=200, blank=True)
    value = models.DecimalField(
        _("contract value"), null=True, blank=True, max_digits=18, decimal_places=2
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    quantity = models.PositiveIntegerField(_("number of people"), null=True, blank=True)
    partner_country = models.ForeignKey(
        "geo.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partner country"),
    )
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)

    class Meta:
        ordering = ("kind", models.F("year").desc(nulls_last=True), "pk")
        verbose_name = _("output")
        verbose_name_plural = _("outputs")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        self.currency = (self.currency or "").upper()
        if currency_message := currency_error(self.currency):
            errors["currency"] = [currency_message]
        if self.value is not None:
            if self.kind != OutputKind.TRANSFER_CONTRACT:
                errors["value"] = [gettext("Only technology-transfer contracts have a value.")]
            elif self.value < 0:
                errors["value"] = [gettext("An amount cannot be negative.")]
            elif not self.currency:
                errors["currency"] = [gettext("Give the currency of the contract value.")]
        if self.quantity is not None and self.kind != OutputKind.PEOPLE_TRAINED:
            errors["quantity"] = [gettext("Only 'people trained' outputs have a number of people.")]
        if self.kind == OutputKind.PEOPLE_TRAINED and not self.quantity:
            errors["quantity"] = [gettext("Give how many people were trained.")]
        if self.year is not None and not (1950 <= self.year <= timezone.localdate().year + 1):
            errors["year"] = [gettext("Give a year between 1950 and next year.")]
        if errors:
            raise ValidationError(errors)
