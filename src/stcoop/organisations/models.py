"""Organisations (universities, institutes, companies, funders ...) and their identifiers."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stcoop.core.models import OwnedRecord
from stcoop.organisations import identifiers
from stcoop.organisations.choices import (
    IdScheme,
    OrganisationKind,
    OrganisationStatus,
    ServiceKind,
)


class Organisation(OwnedRecord):  # type: ignore[django-manager-missing]  # modeltranslation patches managers at run time
    """A partner organisation: university, institute, company, government body, funder ...

    ``name`` is bilingual (``name_zh_hans``/``name_en``); ``name_original`` is the name in
    the organisation's own language (``name_language``, an ISO 639-1 code) when that is
    neither. ``acronyms`` is a list of strings, ``aliases`` a list of
    ``{"name": ..., "language": ...}``. A record merged into another keeps existing with
    ``merged_into`` set and status withdrawn
    (:func:`stcoop.organisations.services.organisation_merge`).
    """

    name = models.CharField(_("name"), max_length=500, blank=True)
    name_original = models.CharField(_("name in its own language"), max_length=500, blank=True)
    name_language = models.CharField(
        _("language of that name"),
        max_length=16,
        blank=True,
        help_text=_("ISO 639-1 code, e.g. de."),
    )
    acronyms = models.JSONField(_("acronyms"), default=list, blank=True)
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices)
    service_kinds = models.JSONField(_("services offered"), default=list, blank=True)
    country = models.ForeignKey(
        "geo.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country or territory"),
    )
    city = models.CharField(_("city"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name=_("parent organisation"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.ACTIVE,
    )
    established = models.PositiveSmallIntegerField(_("established (year)"), null=True, blank=True)
    # Every name, acronym and other name, case-folded, one per line: what ``q`` searches
    # (JSON columns keep non-ASCII text escaped on SQLite, so they cannot be searched).
    search_text = models.TextField(editable=False, blank=True, default="")
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_records",
        verbose_name=_("merged into"),
    )

    name_zh_hans: str | None
    name_en: str | None

    history_exclude: ClassVar[tuple[str, ...]] = (
        "created",
        "last_updated",
        "name",
        "search_text",
    )

    class Meta:
        ordering = ("name_en", "pk")
        indexes = [
            models.Index(fields=("kind", "country"), name="organisations_kind_country_idx"),
            # The list order: pages of a large registry are read from the index, not sorted.
            models.Index(fields=("name_en", "id"), name="organisations_name_en_idx"),
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name or self.name_en or self.name_zh_hans or self.name_original or f"#{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.compute_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    def compute_search_text(self) -> str:
        """The value of :attr:`search_text` for the current names."""
        acronyms = [a for a in self.acronyms or [] if isinstance(a, str)]
        return "\n".join(n.casefold() for n in [*self.all_names(), *acronyms])

    def snapshot(self) -> dict[str, Any]:
        """Field values plus the external IDs as ``scheme:value``, for the history."""
        data = super().snapshot()
        labels = getattr(self, "_external_id_labels", None)
        if labels is None and self.pk is not None:
            labels = sorted(
                f"{scheme}:{value}"
                for scheme, value in self.external_ids.values_list("scheme", "value")
            )
        data["external_ids"] = labels or []
        return data

    def clean(self) -> None:
        """A name in some language; well-formed lists; no loop of parents."""
        errors: dict[str, list[str]] = {}
        names = (self.name_zh_hans, self.name_en, self.name_original)
        if not any((n or "").strip() for n in names):
            message = gettext("Give the name in Chinese, in English or in both.")
            errors["name_zh_hans"] = [message]
            errors["name_en"] = [message]
        if self.name_original and not self.name_language:
            errors["name_language"] = [gettext("Say which language the original name is in.")]
        if not isinstance(self.acronyms, list) or not all(
            isinstance(a, str) and a.strip() for a in self.acronyms
        ):
            errors["acronyms"] = [gettext("Acronyms must be a list of non-empty texts.")]
        if not isinstance(self.aliases, list) or not all(
            isinstance(a, dict)
            and isinstance(a.get("name"), str)
            and a["name"].strip()
            and set(a) <= {"name", "language"}
            for a in self.aliases
        ):
            errors["aliases"] = [
                gettext("Other names must be a list of {name, language} entries with a name.")
            ]
        valid_services = set(ServiceKind.values)
        if (
            not isinstance(self.service_kinds, list)
            or not set(self.service_kinds) <= valid_services
        ):
            errors["service_kinds"] = [gettext("Unknown kind of service.")]
        elif self.service_kinds and self.kind != OrganisationKind.SERVICE:
            errors["service_kinds"] = [gettext("Only service organisations offer services.")]
        if self.established is not None and not (
            1000 <= self.established <= timezone.localdate().year + 1
        ):
            errors["established"] = [gettext("Give a year between 1000 and next year.")]
        if self.parent_id is not None:
            if self.pk is not None and self.parent_id == self.pk:
                errors["parent"] = [gettext("An organisation cannot be its own parent.")]
            elif self.pk is not None and self.pk in ancestor_ids(self.parent_id):
                errors["parent"] = [
                    gettext("This parent is one of the organisation's own sub-organisations.")
                ]
        if errors:
            raise ValidationError(errors)

    def service_labels(self) -> list[str]:
        """The services offered, as the viewer reads them."""
        labels = dict(ServiceKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.service_kinds or []]

    def all_names(self) -> list[str]:
        """Every name of the organisation: both languages, the original, aliases."""
        names = [self.name_zh_hans, self.name_en, self.name_original]
        names += [a.get("name") for a in self.aliases or [] if isinstance(a, dict)]
        seen: list[str] = []
        for name in names:
            if name and name not in seen:
                seen.append(name)
        return seen


def ancestor_ids(pk: int | None, limit: int = 100) -> list[int]:
    """The IDs of ``pk`` and every organisation above it (parent, grandparent, ...)."""
    found: list[int] = []
    while pk is not None and pk not in found and len(found) < limit:
        found.append(pk)
        pk = Organisation.objects.filter(pk=pk).values_list("parent_id", flat=True).first()
    return found


class ExternalId(models.Model):
    """An identifier of an organisation in another registry (ROR, PIC, USCC ...).

    ``value`` is stored in its normal form (:mod:`stcoop.organisations.identifiers`); a
    value belongs to one organisation only.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="external_ids",
        verbose_name=_("organisation"),
    )
    scheme = models.CharField(_("scheme"), max_length=16, choices=IdScheme.choices)
    value = models.CharField(_("identifier"), max_length=200)

    class Meta:
        ordering = ("scheme", "value")
        constraints = [
            models.UniqueConstraint(fields=("scheme", "value"), name="organisations_extid_unique")
        ]
        verbose_name = _("external identifier")
        verbose_name_plural = _("external identifiers")

    def __str__(self) -> str:
        return f"{self.get_scheme_display()} {self.value}"

    def clean(self) -> None:
        try:
            self.value = identifiers.normalise(self.scheme, self.value or "")
        except identifiers.IdentifierError as error:
            raise ValidationError({"value": [gettext(str(error))]}) from None

    @property
    def link(self) -> str:
        return identifiers.link(self.scheme, self.value)


# ---------------------------------------------------------------- resolution
class ResolutionCorrection(models.Model):
    """A person's decision that a text names an organisation (or none).

    ``key`` is the engine's normal form of the text
    (:func:`stcoop.engines.orgmatch.correction_key`); the resolver applies every
    correction before anything else, so the same text resolves the same way later.
    ``organisation`` empty means "no organisation in the registry".
    """

    key = models.CharField(_("normalised text"), max_length=1000, unique=True)
    text = models.TextField(_("text as given"))
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="resolution_corrections",
        verbose_name=_("organisation"),
    )
    decided_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        ordering = ("-decided_at", "pk")
        verbose_name = _("resolution correction")
        verbose_name_plural = _("resolution corrections")

    def __str__(self) -> str:
        return self.text[:80]


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("No organisation")
    LINKED = "linked", _("Linked to another organisation")


class ResolutionReviewItem(models.Model):
    """An uncertain link an importer did not make: the text, the candidates the
    resolver proposed, and what a person decided.

    ``candidates`` is a list of ``{"org_id", "score", "matching_type", "reasons"}``;
    ``created_organisation`` is the organisation the importer created instead (merged
    into the organisation chosen, when one is).
    """

    source = models.CharField(_("source"), max_length=100)
    source_ref = models.CharField(_("source row"), max_length=300, blank=True)
    text = models.TextField(_("text"))
    country = models.CharField(_("country code"), max_length=2, blank=True)
    candidates = models.JSONField(_("candidates"), default=list, blank=True)
    created_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation created by the import"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    resolved_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("resolved organisation"),
    )
    decided_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ("status", "-created", "pk")
        indexes = [models.Index(fields=("status", "created"), name="organisations_review_idx")]
        verbose_name = _("resolution review item")
        verbose_name_plural = _("resolution review items")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def top_score(self) -> float:
        scores = [float(c.get("score", 0)) for c in self.candidates or [] if isinstance(c, dict)]
        return max(scores, default=0.0)


class DuplicateDismissal(models.Model):
    """Two organisations a person said are not the same (``low_id < high_id``)."""

    low = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    high = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("low", "high"), name="organisations_dupdismiss_unique")
        ]
        verbose_name = _("dismissed duplicate")
        verbose_name_plural = _("dismissed duplicates")

    def __str__(self) -> str:
        return f"{self.low_id} ≠ {self.high_id}"


class ResolutionJob(models.Model):
    """One list resolved on the resolve page: the input table and, once done, one
    result per row (``results``: ``{"text", "matches": [...], "chosen", "corrected"}``).

    Small lists run at once; large ones in a background task that counts ``done``.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255, blank=True)
    header = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    column = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    results = models.JSONField(default=list)
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created", "pk")
        verbose_name = _("resolution job")
        verbose_name_plural = _("resolution jobs")

    def __str__(self) -> str:
        return f"{self.filename or 'list'} ({self.total})"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 100
