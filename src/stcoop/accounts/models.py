"""Users and organisation units."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.choices import Language, Role, UnitKind
from stcoop.core.models import ChangeLoggedModel


class OrganisationUnit(ChangeLoggedModel):  # type: ignore[django-manager-missing]  # modeltranslation patches managers at run time
    """A unit of the administration or of a participating organisation.

    Name and description are bilingual (``name_zh_hans``/``name_en``,
    ``description_zh_hans``/``description_en`` through :mod:`stcoop.accounts.translation`);
    ``name`` reads the active language, falling back to the other. A name in at least one
    language is required; siblings may not share a Chinese or an English name
    (:mod:`stcoop.accounts.services` checks that).

    Units form a tree (ministry → departments; province → provincial divisions; bases,
    enterprises and institutions under whichever unit oversees them). ``path`` holds the
    IDs from the root down (``/1/4/9/``) so a sub-tree is one ``startswith`` query on
    SQLite and PostgreSQL alike; :func:`stcoop.accounts.services.unit_create` and
    ``unit_move`` keep it right.
    """

    # The name in the active language; required in one language at least (see clean()).
    name = models.CharField(_("name"), max_length=200, blank=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    path = models.CharField(_("tree path"), max_length=255, db_index=True, editable=False)
    country = models.CharField(_("country (ISO code)"), max_length=2, default="CN")
    region = models.CharField(_("province or region"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    # Added by modeltranslation at start-up; declared here for type checkers.
    objects: ClassVar[models.Manager[OrganisationUnit]]
    name_zh_hans: str | None
    name_en: str | None
    description_zh_hans: str | None
    description_en: str | None

    permission_scope: ClassVar[str] = "unit"
    # ``name`` and ``description`` read whichever language is active; the history keeps the
    # language columns only, so a change is never reported for a language switch.
    history_exclude: ClassVar[tuple[str, ...]] = (
        "created",
        "last_updated",
        "name",
        "description",
    )

    class Meta:
        ordering = ("path",)
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")

    def __str__(self) -> str:
        return self.name or self.name_zh_hans or self.name_en or f"#{self.pk}"

    def clean(self) -> None:
        """A name in one language at least."""
        if not (self.name_zh_hans or "").strip() and not (self.name_en or "").strip():
            raise ValidationError(
                {"name_zh_hans": gettext("Give the name in Chinese, in English or in both.")}
            )

    @property
    def depth(self) -> int:
        """0 for a root unit, 1 for its children, and so on."""
        return max(self.path.count("/") - 2, 0)

    def ancestor_ids(self) -> list[int]:
        """IDs from the root down to and including this unit."""
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def ancestors(self) -> models.QuerySet[OrganisationUnit]:
        """Units above this one, root first (not including itself)."""
        ids = self.ancestor_ids()[:-1]
        return OrganisationUnit.objects.filter(pk__in=ids).order_by("path")

    def subtree(self) -> models.QuerySet[OrganisationUnit]:
        """This unit and every unit below it."""
        return OrganisationUnit.objects.filter(path__startswith=self.path)


class User(AbstractUser, ChangeLoggedModel):
    """A person who signs in: a role, a home unit and a preferred interface language."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.ORG_USER)
    unit = models.ForeignKey(
        OrganisationUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("organisation unit"),
    )
    language = models.CharField(
        _("interface language"), max_length=10, choices=Language.choices, default=Language.ZH_HANS
    )
    display_name = models.CharField(_("display name"), max_length=150, blank=True)

    permission_scope: ClassVar[str] = "user"
    # Never copy password hashes into the change history.
    history_exclude: ClassVar[tuple[str, ...]] = (
        "created",
        "last_updated",
        "password",
        "last_login",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ("username",)

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username
