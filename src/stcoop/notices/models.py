"""The notice record."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stcoop.core.models import OwnedRecord
from stcoop.notices.choices import NoticeCategory


class Notice(OwnedRecord):  # type: ignore[django-manager-missing]  # modeltranslation patches managers at run time
    """An announcement a unit publishes: a call for proposals, policy news, an event.

    Title and body are bilingual (``title_zh_hans``/``title_en``, ``body_zh_hans``/
    ``body_en`` through :mod:`stcoop.notices.translation`); a title in at least one
    language is required. Who sees a notice follows its owning unit and visibility
    (:mod:`stcoop.core.permissions`); writes go through :mod:`stcoop.notices.services`.
    """

    title = models.CharField(_("title"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    category = models.CharField(_("category"), max_length=16, choices=NoticeCategory.choices)
    published_on = models.DateField(_("published on"), default=timezone.localdate)
    expires_on = models.DateField(
        _("expires on"),
        null=True,
        blank=True,
        help_text=_("Leave empty if the notice does not expire."),
    )
    link = models.URLField(_("link"), max_length=500, blank=True)

    # Added by modeltranslation at start-up; declared here for type checkers.
    title_zh_hans: str | None
    title_en: str | None
    body_zh_hans: str | None
    body_en: str | None

    # ``title`` and ``body`` read whichever language is active; the history keeps the
    # language columns only, so a change is never reported for a language switch.
    history_exclude: ClassVar[tuple[str, ...]] = ("created", "last_updated", "title", "body")

    class Meta:
        ordering = ("-published_on", "-pk")
        indexes = [
            models.Index(fields=("category", "published_on"), name="notices_category_date_idx"),
        ]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self) -> str:
        return self.title or self.title_en or self.title_zh_hans or f"#{self.pk}"

    def clean(self) -> None:
        """A title in one language at least, and an expiry date not before publication."""
        errors: dict[str, list[str]] = {}
        if not (self.title_zh_hans or "").strip() and not (self.title_en or "").strip():
            message = gettext("Give the title in Chinese, in English or in both.")
            errors["title_zh_hans"] = [message]
            errors["title_en"] = [message]
        if self.expires_on and self.published_on and self.expires_on < self.published_on:
            errors["expires_on"] = [gettext("A notice cannot expire before it is published.")]
        if errors:
            raise ValidationError(errors)

    @property
    def is_current(self) -> bool:
        """Published and not yet expired, today in the platform's time zone."""
        today = timezone.localdate()
        return self.published_on <= today and (self.expires_on is None or self.expires_on >= today)
