"""Reference data: UN M49 regions, countries and territories, and country groupings.

Everything here is loaded from installed packages by
:func:`stcoop.geo.services.reference_data_load` (no network at run time). Groupings are
data with a source and a validity period; memberships have their own validity, so a
country that leaves a grouping keeps its history (``valid_to`` is set, the row stays).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, ClassVar

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from stcoop.core.models import ChangeLoggedModel
from stcoop.geo.choices import GroupingKind, IncomeGroup, RegionLevel


class Region(ChangeLoggedModel):  # type: ignore[django-manager-missing]  # modeltranslation patches managers at run time
    """A UN M49 region (e.g. 142 Asia), sub-region (030 Eastern Asia) or intermediate region.

    ``code`` is the three-digit M49 code, zero-padded as the UN writes it. ``parent`` is the
    enclosing level (none for the five continental regions).
    """

    code = models.CharField(_("M49 code"), max_length=3, unique=True)
    level = models.CharField(_("level"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent region"),
    )
    name = models.CharField(_("name"), max_length=100)

    permission_scope: ClassVar[str] = "reference"

    if TYPE_CHECKING:  # added by django-modeltranslation (translation.py)
        name_zh_hans: str
        name_en: str

    class Meta:
        ordering = ("code",)
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return str(self.name)


class Country(ChangeLoggedModel):  # type: ignore[django-manager-missing]  # modeltranslation patches managers at run time
    """A country or territory of ISO 3166-1, with its M49 region and World Bank income group.

    ``name`` is the short display name in each language (``name_zh_hans``, ``name_en``);
    ``alt_names`` holds other names seen in data (UN and ISO names, common names), one per
    line, so search and file imports recognise them. ``is_independent`` follows the UN
    list of independent states; ``is_active`` is false for a code withdrawn from ISO 3166.
    """

    iso2 = models.CharField(_("ISO alpha-2 code"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO alpha-3 code"), max_length=3, unique=True)
    numeric = models.CharField(_("ISO numeric code"), max_length=3, blank=True)
    name = models.CharField(_("name"), max_length=150)
    official_name = models.CharField(_("official name"), max_length=200, blank=True)
    alt_names = models.TextField(
        _("other names"), blank=True, help_text=_("One per line; used by search and imports.")
    )
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("region"),
    )
    sub_region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sub-region"),
    )
    intermediate_region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("intermediate region"),
    )
    income_group = models.CharField(
        _("income group"), max_length=16, choices=IncomeGroup.choices, blank=True
    )
    is_independent = models.BooleanField(_("independent state"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    permission_scope: ClassVar[str] = "reference"

    if TYPE_CHECKING:  # added by django-modeltranslation (translation.py)
        name_zh_hans: str
        name_en: str

    class Meta:
        ordering = ("iso2",)
        verbose_name = _("country or territory")
        verbose_name_plural = _("countries and territories")

    def __str__(self) -> str:
        return str(self.name)


class Grouping(ChangeLoggedModel):  # type: ignore[django-manager-missing]  # modeltranslation patches managers at run time
    """A named set of countries: a regional organisation, a forum, a UN category, a class.

    The members are :class:`GroupingMembership` rows. ``rule`` says how membership is
    decided (a package's list, a derivation from M49 sub-regions, a classification rule);
    ``source_*`` say where the list comes from and which edition. ``valid_from`` and
    ``valid_to`` bound the period in which the grouping (or this edition of a
    classification) applies. ``is_editable`` groupings are maintained by administrators
    (forms, file imports, the API); the others are kept in step with their source package
    by the reference-data loader, which would overwrite manual changes.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    rule = models.TextField(_("membership rule"), blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=GroupingKind.choices)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=100)
    source_name = models.CharField(_("source"), max_length=300, blank=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    source_version = models.CharField(_("source version"), max_length=100, blank=True)
    source_date = models.DateField(_("source date"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("First day on which it no longer applies; empty while it applies."),
    )
    is_editable = models.BooleanField(
        _("maintained by administrators"),
        default=False,
        help_text=_("Members are edited on the platform rather than loaded from a package."),
    )
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)

    permission_scope: ClassVar[str] = "reference"

    if TYPE_CHECKING:  # added by django-modeltranslation (translation.py)
        name_zh_hans: str
        name_en: str
        description_zh_hans: str
        description_en: str
        rule_zh_hans: str
        rule_en: str

    class Meta:
        ordering = ("position", "code")
        verbose_name = _("country grouping")
        verbose_name_plural = _("country groupings")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gt=F("valid_from")),
                name="geo_grouping_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return str(self.name)


class GroupingMembership(ChangeLoggedModel):
    """A country's membership of a grouping over a period.

    The period is half-open: a member on day D when ``valid_from`` is empty or on or before
    D, and ``valid_to`` is empty or after D (``valid_to`` is the first day it is no longer
    a member). An empty ``valid_from`` means the start is not recorded (a member since
    before the source's edition). A country may have several rows in one grouping (it
    left and joined again) but at most one open-ended row.
    """

    grouping = models.ForeignKey(
        Grouping, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("grouping")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("country")
    )
    valid_from = models.DateField(_("member from"), null=True, blank=True)
    valid_to = models.DateField(
        _("member until"),
        null=True,
        blank=True,
        help_text=_("First day on which it is no longer a member; empty while it is one."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    permission_scope: ClassVar[str] = "reference"

    class Meta:
        ordering = ("grouping", "country__iso2", "valid_from")
        verbose_name = _("grouping membership")
        verbose_name_plural = _("grouping memberships")
        constraints = [
            models.UniqueConstraint(
                fields=("grouping", "country", "valid_from"), name="geo_membership_unique_start"
            ),
            # NULLs are distinct in a plain unique index, so "start not recorded" needs its own.
            models.UniqueConstraint(
                fields=("grouping", "country"),
                condition=Q(valid_from__isnull=True),
                name="geo_membership_unique_unknown_start",
            ),
            models.UniqueConstraint(
                fields=("grouping", "country"),
                condition=Q(valid_to__isnull=True),
                name="geo_membership_one_open",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gt=F("valid_from")),
                name="geo_membership_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} – {self.grouping}"

    def is_member_on(self, day: datetime.date) -> bool:
        """Whether this row makes the country a member on ``day``."""
        started = self.valid_from is None or self.valid_from <= day
        return started and (self.valid_to is None or self.valid_to > day)
