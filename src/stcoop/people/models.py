"""People: experts and other persons, their affiliations over time and publications."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any, ClassVar

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stcoop.core.models import OwnedRecord
from stcoop.people import identifiers
from stcoop.people.choices import Gender


def _text_list_ok(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


class Person(OwnedRecord):  # type: ignore[django-manager-missing]  # modeltranslation patches managers at run time
    """A person, usually an expert: names in Chinese and Latin script, contact, profile.

    ``name_latin`` is the display form of the Latin-script name; when left empty it is
    made from ``given_names`` and ``family_name``. ``languages`` is a list of ISO 639-1
    codes, ``keywords`` and ``disciplines`` lists of texts. ``email`` and ``phone`` are
    shown only to those :func:`stcoop.core.permissions.may_see_contact` allows; ``user``
    is the person's own account, if any. ``bio`` is bilingual (``bio_zh_hans``/``bio_en``).
    """

    name_zh = models.CharField(_("name in Chinese script"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)
    given_names = models.CharField(_("given names"), max_length=150, blank=True)
    name_latin = models.CharField(
        _("name in Latin script"),
        max_length=300,
        blank=True,
        help_text=_("As the person writes it; made from the given and family names if empty."),
    )
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, blank=True)
    nationality = models.ForeignKey(
        "geo.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nationality"),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    keywords = models.JSONField(_("expertise keywords"), default=list, blank=True)
    disciplines = models.JSONField(_("disciplines"), default=list, blank=True)
    is_expert = models.BooleanField(_("expert"), default=False)
    orcid = models.CharField(_("ORCID iD"), max_length=19, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        verbose_name=_("own account"),
    )
    # Names and keywords, case-folded, one per line: what ``q`` searches (JSON columns
    # keep non-ASCII text escaped on SQLite). Disciplines likewise, framed by newlines.
    search_text = models.TextField(editable=False, blank=True, default="")
    discipline_text = models.TextField(editable=False, blank=True, default="")

    bio_zh_hans: str | None
    bio_en: str | None

    history_exclude: ClassVar[tuple[str, ...]] = (
        "created",
        "last_updated",
        "bio",
        "search_text",
        "discipline_text",
    )

    class Meta:
        ordering = ("name_latin", "name_zh", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("orcid",),
                condition=~models.Q(orcid=""),
                name="people_person_orcid_unique",
            )
        ]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        if self.name_zh and self.name_latin:
            return f"{self.name_zh} ({self.name_latin})"
        return self.name_zh or self.name_latin or f"#{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.name_latin:
            self.name_latin = " ".join(n for n in (self.given_names, self.family_name) if n)
        self.search_text = "\n".join(
            n.casefold()
            for n in (
                self.name_zh,
                self.name_latin,
                self.family_name,
                self.given_names,
                *(k for k in self.keywords or [] if isinstance(k, str)),
            )
            if n
        )
        disciplines = [d.casefold() for d in self.disciplines or [] if isinstance(d, str)]
        self.discipline_text = "\n" + "\n".join(disciplines) + "\n" if disciplines else ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "name_latin",
                "search_text",
                "discipline_text",
            }
        super().save(*args, **kwargs)

    def snapshot(self) -> dict[str, Any]:
        """Field values (contact as digests) plus affiliations and publications as short
        labels, for the history."""
        data = super().snapshot()
        # The history is shown to everyone who sees the record: contact details appear
        # there only as a digest, so a change shows without the value.
        for name in ("email", "phone"):
            value = data.get(name) or ""
            data[name] = (
                f"sha256:{hashlib.sha256(value.encode()).hexdigest()[:12]}" if value else ""
            )
        if self.pk is not None:
            data["affiliations"] = [
                f"{a.organisation_id}:{a.role}:{a.start_date or ''}..{a.end_date or ''}"
                + (":primary" if a.is_primary else "")
                for a in self.affiliations.order_by("pk")
            ]
            data["publications"] = [
                f"{p.year or ''}:{p.title}" for p in self.publications.order_by("pk")
            ]
        return data

    def clean_fields(self, exclude: Any = None) -> None:
        """Normalise the ORCID iD first, so a URL form passes the length check."""
        if self.orcid:
            try:
                self.orcid = identifiers.normalise_orcid(self.orcid)
            except identifiers.IdentifierError:
                pass  # :meth:`clean` says why
        super().clean_fields(exclude)

    def clean(self) -> None:
        """A name in some script; known language codes; well-formed lists; a valid ORCID."""
        errors: dict[str, list[str]] = {}
        if not (self.name_zh or "").strip() and not (
            (self.family_name or "").strip() or (self.name_latin or "").strip()
        ):
            message = gettext("Give the name in Chinese script, in Latin script or in both.")
            errors["name_zh"] = [message]
            errors["family_name"] = [message]
        if not isinstance(self.languages, list) or not all(
            isinstance(code, str) and pycountry.languages.get(alpha_2=code) is not None
            for code in self.languages
        ):
            errors["languages"] = [gettext("Languages must be ISO 639-1 codes, e.g. zh, en, de.")]
        if not _text_list_ok(self.keywords):
            errors["keywords"] = [gettext("Keywords must be a list of non-empty texts.")]
        if not _text_list_ok(self.disciplines):
            errors["disciplines"] = [gettext("Disciplines must be a list of non-empty texts.")]
        if self.orcid:
            try:
                self.orcid = identifiers.normalise_orcid(self.orcid)
            except identifiers.IdentifierError as error:
                errors["orcid"] = [gettext(str(error))]
        if errors:
            raise ValidationError(errors)

    def current_affiliations(self) -> list[Affiliation]:
        """Affiliations not ended (or ending in the future), primary first."""
        return [a for a in self.affiliations.all() if a.is_current]


class Affiliation(models.Model):
    """A person's position at an organisation from ``start_date`` until ``end_date``
    (empty: still there). Changes are recorded in the person's history."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="affiliations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role or title"), max_length=200, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    is_primary = models.BooleanField(_("primary affiliation"), default=False)

    class Meta:
        ordering = ("-is_primary", models.F("end_date").desc(nulls_first=True), "-start_date")
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")

    def __str__(self) -> str:
        return f"{self.role}, {self.organisation}" if self.role else str(self.organisation)

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": [gettext("The end date cannot be before the start date.")]}
            )

    @property
    def is_current(self) -> bool:
        today: datetime.date = timezone.localdate()
        return self.end_date is None or self.end_date >= today


class Publication(models.Model):
    """A publication of a person; ``coauthors`` is a list of names. Changes are recorded
    in the person's history."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="publications", verbose_name=_("person")
    )
    title = models.CharField(_("title"), max_length=1000)
    abstract = models.TextField(_("abstract"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    venue = models.CharField(_("journal or venue"), max_length=500, blank=True)
    doi = models.CharField(_("DOI"), max_length=255, blank=True)
    coauthors = models.JSONField(_("co-authors"), default=list, blank=True)

    class Meta:
        ordering = (models.F("year").desc(nulls_last=True), "title", "pk")
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.doi:
            try:
                self.doi = identifiers.normalise_doi(self.doi)
            except identifiers.IdentifierError as error:
                errors["doi"] = [gettext(str(error))]
        if not _text_list_ok(self.coauthors):
            errors["coauthors"] = [gettext("Co-authors must be a list of names.")]
        if self.year is not None and not (1800 <= self.year <= timezone.localdate().year + 1):
            errors["year"] = [gettext("Give a year between 1800 and next year.")]
        if errors:
            raise ValidationError(errors)

    @property
    def doi_link(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""
