"""Policy documents: laws, regulations, plans and notices on S&T cooperation."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stcoop.core.models import OwnedRecord
from stcoop.geo.provinces import Province
from stcoop.policies.choices import PolicyLevel, PolicyStatus, PolicyTopic

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")


def _text_list_ok(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


class PolicyDocument(OwnedRecord):  # type: ignore[django-manager-missing]  # modeltranslation patches managers at run time
    """A policy document: who issued it, when, where it applies, what it says.

    ``issuer``, ``title`` and ``summary`` are bilingual (``*_zh_hans``/``*_en``);
    ``full_text`` is the document in its own ``language`` (an ISO 639-1 code).
    ``country`` is the jurisdiction; a Chinese provincial or municipal document also
    names its ``province`` (ISO 3166-2:CN). ``topics`` is a list of :class:`PolicyTopic`
    codes, ``keywords`` a list of free texts.
    """

    title = models.CharField(_("title"), max_length=500, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    issuer = models.CharField(_("issuer"), max_length=300, blank=True)
    issuing_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="policy_documents",
        verbose_name=_("issuing organisation"),
    )
    document_number = models.CharField(
        _("document number"),
        max_length=100,
        blank=True,
        help_text=_("The issuer's number of the document (文号), e.g. 国科发外〔2016〕12号."),
    )
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    repeal_date = models.DateField(_("repeal date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PolicyStatus.choices, default=PolicyStatus.IN_FORCE
    )
    level = models.CharField(_("level"), max_length=16, choices=PolicyLevel.choices)
    country = models.ForeignKey(
        "geo.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("jurisdiction"),
    )
    province = models.CharField(_("province"), max_length=5, choices=Province.choices, blank=True)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    full_text = models.TextField(_("full text"), blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    language = models.CharField(
        _("language"), max_length=16, blank=True, help_text=_("ISO 639-1 code, e.g. zh.")
    )
    # Case-folded titles, issuers, number and keywords, one per line: what ``q`` searches
    # besides the full text; topic codes framed by newlines.
    search_text = models.TextField(editable=False, blank=True, default="")
    topic_text = models.TextField(editable=False, blank=True, default="")

    title_zh_hans: str | None
    title_en: str | None
    summary_zh_hans: str | None
    summary_en: str | None
    issuer_zh_hans: str | None
    issuer_en: str | None

    history_exclude: ClassVar[tuple[str, ...]] = (
        "created",
        "last_updated",
        "title",
        "summary",
        "issuer",
        "search_text",
        "topic_text",
    )

    class Meta:
        ordering = ("-issue_date", "-pk")
        indexes = [
            models.Index(fields=("level", "status"), name="policies_level_status_idx"),
            models.Index(fields=("issue_date",), name="policies_issue_date_idx"),
        ]
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")

    def __str__(self) -> str:
        return self.title or self.title_zh_hans or self.title_en or f"#{self.pk}"

    def topic_labels(self) -> list[str]:
        labels = dict(PolicyTopic.choices)
        return [str(labels.get(code, code)) for code in self.topics or []]

    def paragraphs(self) -> list[str]:
        """The full text's paragraphs (non-empty lines)."""
        return [line.strip() for line in (self.full_text or "").splitlines() if line.strip()]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = "\n".join(
            t.casefold()
            for t in (
                self.title_zh_hans,
                self.title_en,
                self.issuer_zh_hans,
                self.issuer_en,
                self.document_number,
                *(k for k in self.keywords or [] if isinstance(k, str)),
            )
            if t
        )
        topics = [t for t in self.topics or [] if isinstance(t, str)]
        self.topic_text = "\n" + "\n".join(topics) + "\n" if topics else ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "topic_text"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """A title and an issuer in some language, known codes, dates in order, the
        province only for China."""
        errors: dict[str, list[str]] = {}
        for name, message in (
            ("title", gettext("Give the title in Chinese, in English or in both.")),
            ("issuer", gettext("Give the issuer in Chinese, in English or in both.")),
        ):
            zh, en = getattr(self, f"{name}_zh_hans"), getattr(self, f"{name}_en")
            if not ((zh or "").strip() or (en or "").strip()):
                errors[f"{name}_zh_hans"] = [message]
                errors[f"{name}_en"] = [message]
        if not isinstance(self.topics, list) or not set(self.topics) <= set(PolicyTopic.values):
            errors["topics"] = [gettext("Unknown topic.")]
        if not _text_list_ok(self.keywords):
            errors["keywords"] = [gettext("Give a list of non-empty texts.")]
        if self.language and not _LANGUAGE.match(self.language):
            errors["language"] = [gettext("Give an ISO 639-1 code such as zh or en.")]
        if self.province:
            country = self.country.iso2 if self.country_id and self.country else None
            if country != "CN":
                errors["province"] = [gettext("A province is given for Chinese documents only.")]
            elif self.level not in (PolicyLevel.PROVINCIAL, PolicyLevel.MUNICIPAL):
                errors["province"] = [
                    gettext("A province is given for provincial or municipal documents only.")
                ]
        elif (
            self.level == PolicyLevel.PROVINCIAL
            and self.country_id
            and self.country
            and self.country.iso2 == "CN"
        ):
            errors["province"] = [gettext("Name the province of a Chinese provincial document.")]
        if self.level == PolicyLevel.INTERNATIONAL and self.province:
            errors["level"] = [gettext("An international document has no province.")]
        start = self.effective_date or self.issue_date
        if self.repeal_date is not None:
            if start is not None and self.repeal_date < start:
                errors["repeal_date"] = [
                    gettext("The repeal date cannot be before the document took effect.")
                ]
            if self.status != PolicyStatus.REPEALED:
                errors["status"] = [gettext("A document with a repeal date is repealed.")]
        if errors:
            raise ValidationError(errors)
