"""Kinds of notice."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeCategory(models.TextChoices):
    """What a notice announces."""

    CALL = "call", _("Call for proposals")
    POLICY = "policy", _("Policy")
    EVENT = "event", _("Event")
    NEWS = "news", _("News")
