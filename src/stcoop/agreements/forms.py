"""Forms of agreements, mechanisms and sessions: collect input for
:mod:`stcoop.agreements.services`, never save."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.agreements.choices import (
    AgreementKind,
    AgreementStatus,
    MechanismKind,
    MechanismStatus,
    MeetingFrequency,
)
from stcoop.agreements.models import Agreement, Mechanism, MechanismMeeting
from stcoop.core.choices import Visibility
from stcoop.core.permissions import owner_units, visible
from stcoop.core.widgets import DateInput
from stcoop.geo.models import Country
from stcoop.organisations.forms import _ErrorsMixin
from stcoop.organisations.models import Organisation

DATE = DateInput()


class OrganisationIdsField(forms.CharField):
    """Organisations given by their IDs, separated by commas or spaces; only those in
    :attr:`queryset` (the ones the viewer may see) are accepted."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _("IDs separated by commas, as in the address of the organisation's page."),
        )
        super().__init__(**kwargs)
        self.queryset: QuerySet[Organisation] = Organisation.objects.none()

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(str(getattr(v, "pk", v)) for v in value)
        return value

    def clean(self, value: Any) -> list[Organisation]:
        text = super().clean(value) or ""
        parts = [p for p in re.split(r"[\s,;，；]+", text) if p]
        bad = [p for p in parts if not p.isdigit()]
        if bad:
            raise ValidationError(
                gettext("Not an organisation ID: {values}").format(values=", ".join(bad))
            )
        ids = list(dict.fromkeys(int(p) for p in parts))
        found = {o.pk: o for o in self.queryset.filter(pk__in=ids)}
        missing = [str(i) for i in ids if i not in found]
        if missing:
            raise ValidationError(
                gettext("No such organisation: {ids}").format(ids=", ".join(missing))
            )
        return [found[i] for i in ids]


def _countries_field(label: Any) -> forms.ModelMultipleChoiceField[Country]:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Country.objects.order_by("name_en"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )


class _OwnedForm(_ErrorsMixin, forms.Form):
    """Owning unit, visibility and sharing, common to agreements and mechanisms."""

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

    def setup(self, actor: Any, record: Any) -> None:
        choices = owner_units(actor, OrganisationUnit.objects.all())
        if record is not None:
            choices = choices | OrganisationUnit.objects.filter(pk=record.owner_unit_id)
        owner = self.fields["owner_unit"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = choices.distinct()
        for field in self.fields.values():
            if isinstance(field, OrganisationIdsField):
                field.queryset = visible(actor, Organisation.objects.all())


class AgreementForm(_OwnedForm):
    """Fields of an agreement; the signing bodies and the agreement a protocol belongs to
    are given by ID."""

    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices)
    title_zh_hans = forms.CharField(label=_("Title (Chinese)"), max_length=500, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=500, required=False)
    parent: forms.ModelChoiceField[Agreement] = forms.ModelChoiceField(
        label=_("Belongs to agreement (ID)"),
        queryset=Agreement.objects.none(),
        required=False,
        widget=forms.NumberInput,
        help_text=_("For a protocol or annex: the ID of the agreement it belongs to."),
    )
    countries = _countries_field(_("Partner countries"))
    signatories = OrganisationIdsField(label=_("Signing bodies (organisation IDs)"))
    signed_date = forms.DateField(label=_("Signed on"), required=False, widget=DATE)
    effective_date = forms.DateField(label=_("In force from"), required=False, widget=DATE)
    expiry_date = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=DATE,
        help_text=_(
            "The last day the agreement is in force. Once it has passed, a signed or "
            "in-force agreement is shown as expired."
        ),
    )
    status = forms.ChoiceField(label=_("Status"), choices=AgreementStatus.choices)
    reference_number = forms.CharField(label=_("Reference number"), max_length=100, required=False)
    summary_zh_hans = forms.CharField(
        label=_("Summary (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    summary_en = forms.CharField(
        label=_("Summary (English)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    full_text = forms.CharField(
        label=_("Full text"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    link = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")

    field_order = (
        "kind",
        "title_zh_hans",
        "title_en",
        "parent",
        "countries",
        "signatories",
        "signed_date",
        "effective_date",
        "expiry_date",
        "status",
        "reference_number",
        "summary_zh_hans",
        "summary_en",
        "full_text",
        "link",
        "owner_unit",
        "visibility",
        "shared_with",
    )

    def __init__(
        self, *args: Any, actor: Any, agreement: Agreement | None = None, **kwargs: Any
    ) -> None:
        if agreement is not None and "initial" not in kwargs:
            kwargs["initial"] = agreement_initial(agreement)
        super().__init__(*args, **kwargs)
        self.setup(actor, agreement)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parent.queryset = visible(actor, Agreement.objects.all())


def agreement_initial(agreement: Agreement) -> dict[str, Any]:
    """The form's starting values for an existing agreement."""
    return {
        "kind": agreement.kind,
        "title_zh_hans": agreement.title_zh_hans,
        "title_en": agreement.title_en,
        "parent": agreement.parent_id,
        "countries": list(agreement.countries.values_list("pk", flat=True)),
        "signatories": ", ".join(
            str(pk) for pk in agreement.signatories.values_list("pk", flat=True)
        ),
        "signed_date": agreement.signed_date,
        "effective_date": agreement.effective_date,
        "expiry_date": agreement.expiry_date,
        "status": agreement.status,
        "reference_number": agreement.reference_number,
        "summary_zh_hans": agreement.summary_zh_hans,
        "summary_en": agreement.summary_en,
        "full_text": agreement.full_text,
        "link": agreement.link,
        "owner_unit": agreement.owner_unit_id,
        "visibility": agreement.visibility,
        "shared_with": list(agreement.shared_with.values_list("pk", flat=True)),
    }


class MechanismForm(_OwnedForm):
    """Fields of a mechanism; its sessions are added on its page."""

    kind = forms.ChoiceField(label=_("Kind"), choices=MechanismKind.choices)
    name_zh_hans = forms.CharField(label=_("Name (Chinese)"), max_length=300, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    agreement: forms.ModelChoiceField[Agreement] = forms.ModelChoiceField(
        label=_("Agreement (ID)"),
        queryset=Agreement.objects.none(),
        required=False,
        widget=forms.NumberInput,
        help_text=_("The ID of the agreement it was set up under, if any."),
    )
    countries = _countries_field(_("Partner countries"))
    chinese_leads = OrganisationIdsField(label=_("Lead organisations, Chinese side (IDs)"))
    partner_leads = OrganisationIdsField(label=_("Lead organisations, partner side (IDs)"))
    established_date = forms.DateField(label=_("Established on"), required=False, widget=DATE)
    frequency = forms.ChoiceField(
        label=_("Meets"),
        choices=[("", "—"), *MeetingFrequency.choices],
        required=False,
        help_text=_("How often sessions are held; used to estimate the next one."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=MechanismStatus.choices)
    description_zh_hans = forms.CharField(
        label=_("Description (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    field_order = (
        "kind",
        "name_zh_hans",
        "name_en",
        "agreement",
        "countries",
        "chinese_leads",
        "partner_leads",
        "established_date",
        "frequency",
        "status",
        "description_zh_hans",
        "description_en",
        "owner_unit",
        "visibility",
        "shared_with",
    )

    def __init__(
        self, *args: Any, actor: Any, mechanism: Mechanism | None = None, **kwargs: Any
    ) -> None:
        if mechanism is not None and "initial" not in kwargs:
            kwargs["initial"] = mechanism_initial(mechanism)
        super().__init__(*args, **kwargs)
        self.setup(actor, mechanism)
        agreement = self.fields["agreement"]
        assert isinstance(agreement, forms.ModelChoiceField)
        agreement.queryset = visible(actor, Agreement.objects.all())


def _ids(related: Any) -> str:
    return ", ".join(str(pk) for pk in related.values_list("pk", flat=True))


def mechanism_initial(mechanism: Mechanism) -> dict[str, Any]:
    """The form's starting values for an existing mechanism."""
    return {
        "kind": mechanism.kind,
        "name_zh_hans": mechanism.name_zh_hans,
        "name_en": mechanism.name_en,
        "agreement": mechanism.agreement_id,
        "countries": list(mechanism.countries.values_list("pk", flat=True)),
        "chinese_leads": _ids(mechanism.chinese_leads),
        "partner_leads": _ids(mechanism.partner_leads),
        "established_date": mechanism.established_date,
        "frequency": mechanism.frequency,
        "status": mechanism.status,
        "description_zh_hans": mechanism.description_zh_hans,
        "description_en": mechanism.description_en,
        "owner_unit": mechanism.owner_unit_id,
        "visibility": mechanism.visibility,
        "shared_with": list(mechanism.shared_with.values_list("pk", flat=True)),
    }


class MeetingForm(_ErrorsMixin, forms.Form):
    """A session of a mechanism."""

    session_number = forms.IntegerField(
        label=_("Session number"),
        min_value=1,
        max_value=32767,
        help_text=_("1 for the first session; unique within the mechanism."),
    )
    date = forms.DateField(label=_("Date"), widget=DATE)
    city = forms.CharField(label=_("City"), max_length=200, required=False)
    country: forms.ModelChoiceField[Country] = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.order_by("name_en"), required=False
    )
    outcomes_zh_hans = forms.CharField(
        label=_("Outcomes (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    outcomes_en = forms.CharField(
        label=_("Outcomes (English)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    documents_link = forms.URLField(
        label=_("Documents (link)"), required=False, max_length=500, assume_scheme="https"
    )

    def __init__(self, *args: Any, meeting: MechanismMeeting | None = None, **kwargs: Any) -> None:
        if meeting is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "session_number": meeting.session_number,
                "date": meeting.date,
                "city": meeting.city,
                "country": meeting.country_id,
                "outcomes_zh_hans": meeting.outcomes_zh_hans,
                "outcomes_en": meeting.outcomes_en,
                "documents_link": meeting.documents_link,
            }
        super().__init__(*args, **kwargs)
