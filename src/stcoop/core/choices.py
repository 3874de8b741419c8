"""Choices shared by every registry model."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    """Who may see a record besides administrators above its owning unit."""

    PUBLIC = "public", _("Public")
    SHARED = "shared", _("Shared with named units")
    INTERNAL = "internal", _("Internal to its unit")


class ChangeAction(models.TextChoices):
    """What a change-history entry records."""

    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
