"""Co-authorship between countries: works with authors in two countries, by year.

Reference figures loaded from OpenAlex (``stcoop import openalex-coauthorship FILE``):
everyone may read them; only platform administrators (and the system) write them.
Countries are stored by their ISO alpha-2 code; a pair is unordered and kept with the
smaller code first, which the database enforces.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from stcoop.geo.models import Country

#: The source label of figures loaded from OpenAlex.
OPENALEX = "OpenAlex"


class CountryPairYear(models.Model):
    """Works co-authored by researchers in two countries in one year."""

    permission_scope = "reference"

    year = models.PositiveSmallIntegerField(_("year"))
    country_a = models.ForeignKey(
        Country,
        to_field="iso2",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("country"),
    )
    country_b = models.ForeignKey(
        Country,
        to_field="iso2",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("partner country"),
    )
    works = models.PositiveIntegerField(_("co-authored works"))
    source = models.CharField(_("source"), max_length=100, default=OPENALEX)

    class Meta:
        verbose_name = _("country pair and year")
        verbose_name_plural = _("co-authorship between countries")
        ordering = ("-year", "-works", "country_a_id", "country_b_id")
        constraints = [
            models.UniqueConstraint(
                fields=("year", "country_a", "country_b"), name="collab_pair_year_unique"
            ),
            models.CheckConstraint(
                condition=Q(country_a__lt=F("country_b")), name="collab_pair_ordered"
            ),
        ]
        indexes = [
            models.Index(fields=("country_b", "year"), name="collab_pair_b_year"),
            models.Index(fields=("year", "works"), name="collab_pair_year_works"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.country_a_id}–{self.country_b_id}: {self.works}"

    def partner_of(self, iso2: str) -> str:
        """The other country's code of the pair."""
        return self.country_b_id if self.country_a_id == iso2 else self.country_a_id


class CountryYear(models.Model):
    """Works with an author in a country and an author in another, in one year."""

    permission_scope = "reference"

    year = models.PositiveSmallIntegerField(_("year"))
    country = models.ForeignKey(
        Country,
        to_field="iso2",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("country"),
    )
    coauthored_works = models.PositiveIntegerField(_("internationally co-authored works"))
    source = models.CharField(_("source"), max_length=100, default=OPENALEX)

    class Meta:
        verbose_name = _("country and year")
        verbose_name_plural = _("internationally co-authored works by country")
        ordering = ("country_id", "year")
        constraints = [
            models.UniqueConstraint(fields=("year", "country"), name="collab_country_year_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.country_id}: {self.coauthored_works}"
