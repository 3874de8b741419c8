"""Users and organisation units."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.choices import Language, Role, UnitKind
from stcoop.core.models import ChangeLoggedModel


class OrganisationUnit(ChangeLoggedModel):
    """A unit of the administration or of a participating organisation.

    Units form a tree (ministry → departments; province → provincial divisions; bases,
    enterprises and institutions under whichever unit oversees them). ``path`` holds the
    IDs from the root down (``/1/4/9/``) so a sub-tree is one ``startswith`` query on
    SQLite and PostgreSQL alike; :func:`stcoop.accounts.services.unit_create` and
    ``unit_move`` keep it right.
    """

    name = models.CharField(_("name"), max_length=200)
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

    permission_scope: ClassVar[str] = "unit"

    class Meta:
        ordering = ("path",)
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        constraints = [
            models.UniqueConstraint(fields=("parent", "name"), name="accounts_unit_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

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
