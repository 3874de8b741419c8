"""Policy document form: collects input for :mod:`stcoop.policies.services`."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.permissions import owner_units, visible
from stcoop.core.widgets import DateInput
from stcoop.geo.models import Country
from stcoop.geo.provinces import Province
from stcoop.organisations.models import Organisation
from stcoop.policies.choices import PolicyLevel, PolicyStatus, PolicyTopic
from stcoop.policies.models import PolicyDocument

_SPLIT = re.compile(r"[\n;；,，、]+")


def split_list(text: str) -> list[str]:
    """Items separated by new lines, commas, semicolons or 、, without repeats."""
    found: list[str] = []
    for part in _SPLIT.split(text or ""):
        item = part.strip()
        if item and item not in found:
            found.append(item)
    return found


class PolicyDocumentForm(forms.Form):
    """Fields of a policy document; ``owner_unit`` offers only units the actor may add for."""

    #: Bilingual fields shown side by side (Chinese, English).
    pairs = (
        ("title_zh_hans", "title_en"),
        ("issuer_zh_hans", "issuer_en"),
        ("summary_zh_hans", "summary_en"),
        ("issue_date", "effective_date", "repeal_date"),
        ("level", "country", "province"),
    )

    title_zh_hans = forms.CharField(label=_("Title (Chinese)"), max_length=500, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=500, required=False)
    issuer_zh_hans = forms.CharField(label=_("Issuer (Chinese)"), max_length=300, required=False)
    issuer_en = forms.CharField(label=_("Issuer (English)"), max_length=300, required=False)
    issuing_organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Issuing organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.NumberInput,
        help_text=_("ID of the organisation record of the issuer, if there is one."),
    )
    document_number = forms.CharField(
        label=_("Document number"),
        max_length=100,
        required=False,
        help_text=_("The issuer's number of the document (文号), e.g. 国科发外〔2016〕12号."),
    )
    summary_zh_hans = forms.CharField(
        label=_("Summary (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    summary_en = forms.CharField(
        label=_("Summary (English)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    issue_date = forms.DateField(label=_("Issue date"), required=False, widget=DateInput())
    effective_date = forms.DateField(label=_("Effective date"), required=False, widget=DateInput())
    repeal_date = forms.DateField(label=_("Repeal date"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=PolicyStatus.choices)
    level = forms.ChoiceField(label=_("Level"), choices=PolicyLevel.choices)
    country: forms.ModelChoiceField[Country] = forms.ModelChoiceField(
        label=_("Jurisdiction"), queryset=Country.objects.all(), required=False
    )
    province = forms.ChoiceField(
        label=_("Province"),
        choices=[("", "—"), *Province.choices],
        required=False,
        help_text=_("For Chinese provincial and municipal documents."),
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=PolicyTopic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Separated by commas, semicolons or new lines."),
    )
    full_text = forms.CharField(
        label=_("Full text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Plain text; paragraphs on separate lines."),
    )
    link = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    language = forms.CharField(
        label=_("Language"),
        max_length=16,
        required=False,
        help_text=_("ISO 639-1 code of the full text, e.g. zh."),
    )
    owner_unit = forms.ModelChoiceField(
        label=_("Owning unit"), queryset=OrganisationUnit.objects.none()
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Visibility.choices, widget=forms.RadioSelect
    )
    shared_with = forms.ModelMultipleChoiceField(
        label=_("Shared with units"),
        queryset=OrganisationUnit.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(
        self, *args: Any, actor: Any, policy: PolicyDocument | None = None, **kwargs: Any
    ) -> None:
        if policy is not None and "initial" not in kwargs:
            kwargs["initial"] = policy_initial(policy)
        super().__init__(*args, **kwargs)
        choices = owner_units(actor, OrganisationUnit.objects.all())
        if policy is not None:
            choices = choices | OrganisationUnit.objects.filter(pk=policy.owner_unit_id)
        owner: Any = self.fields["owner_unit"]
        owner.queryset = choices.distinct()
        organisation: Any = self.fields["issuing_organisation"]
        organisation.queryset = visible(actor, Organisation.objects.all())

    def clean_keywords(self) -> list[str]:
        return split_list(self.cleaned_data.get("keywords", ""))

    def clean_language(self) -> str:
        return str(self.cleaned_data.get("language", "")).strip().lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, message in (
            ("title", gettext("Give the title in Chinese, in English or in both.")),
            ("issuer", gettext("Give the issuer in Chinese, in English or in both.")),
        ):
            if not (data.get(f"{name}_zh_hans", "").strip() or data.get(f"{name}_en", "").strip()):
                self.add_error(f"{name}_zh_hans", message)
                self.add_error(f"{name}_en", message)
        return data

    def apply_errors(self, error: ValidationError) -> None:
        """Show a service's validation errors beside the fields they name."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)

    def rows(self) -> list[list[forms.BoundField]]:
        """The visible fields in display order, bilingual pairs in one row."""
        grouped = {name: group for group in self.pairs for name in group}
        rows: list[list[forms.BoundField]] = []
        done: set[str] = set()
        for field in self.visible_fields():
            if field.name in done:
                continue
            names = grouped.get(field.name, (field.name,))
            rows.append([self[name] for name in names])
            done.update(names)
        return rows


def policy_initial(policy: PolicyDocument) -> dict[str, Any]:
    """The form's starting values for an existing document."""
    return {
        "title_zh_hans": policy.title_zh_hans,
        "title_en": policy.title_en,
        "issuer_zh_hans": policy.issuer_zh_hans,
        "issuer_en": policy.issuer_en,
        "issuing_organisation": policy.issuing_organisation_id,
        "document_number": policy.document_number,
        "summary_zh_hans": policy.summary_zh_hans,
        "summary_en": policy.summary_en,
        "issue_date": policy.issue_date,
        "effective_date": policy.effective_date,
        "repeal_date": policy.repeal_date,
        "status": policy.status,
        "level": policy.level,
        "country": policy.country_id,
        "province": policy.province,
        "topics": policy.topics,
        "keywords": "; ".join(policy.keywords or []),
        "full_text": policy.full_text,
        "link": policy.link,
        "language": policy.language,
        "owner_unit": policy.owner_unit_id,
        "visibility": policy.visibility,
        "shared_with": list(policy.shared_with.values_list("pk", flat=True)),
    }
