"""Forms of memberships and programmes: collect input for
:mod:`stcoop.memberships.services`, never save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.permissions import owner_units, visible
from stcoop.core.widgets import DateInput
from stcoop.geo.models import Country
from stcoop.memberships.choices import (
    MembershipRole,
    ParticipationRole,
    ProgrammeKind,
    ProgrammeStatus,
)
from stcoop.memberships.models import (
    BigScienceProgramme,
    InternationalMembership,
    ProgrammeParticipation,
)
from stcoop.organisations.choices import OrganisationKind
from stcoop.organisations.forms import _ErrorsMixin
from stcoop.organisations.models import Organisation

DATE = DateInput()


def _owner_fields() -> dict[str, forms.Field]:
    return {
        "owner_unit": forms.ModelChoiceField(
            label=_("Owning unit"), queryset=OrganisationUnit.objects.none()
        ),
        "visibility": forms.ChoiceField(
            label=_("Visibility"), choices=Visibility.choices, widget=forms.RadioSelect
        ),
        "shared_with": forms.ModelMultipleChoiceField(
            label=_("Shared with units"),
            queryset=OrganisationUnit.objects.all(),
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 6}),
        ),
    }


class _OwnedForm(_ErrorsMixin, forms.Form):
    """Adds the owning unit (only units the actor may add for), visibility and sharing."""

    def __init__(self, *args: Any, actor: Any, record: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_owner_fields())
        choices = owner_units(actor, OrganisationUnit.objects.all())
        if record is not None:
            choices = choices | OrganisationUnit.objects.filter(pk=record.owner_unit_id)
        owner = self.fields["owner_unit"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = choices.distinct()


def _owned_initial(record: Any) -> dict[str, Any]:
    return {
        "owner_unit": record.owner_unit_id,
        "visibility": record.visibility,
        "shared_with": list(record.shared_with.values_list("pk", flat=True)),
    }


class MembershipForm(_OwnedForm):
    """Fields of a membership. The member is a country or an organisation given by its
    ID; the international organisation is chosen from those of that kind."""

    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("International organisation"), queryset=Organisation.objects.none()
    )
    member_country: forms.ModelChoiceField[Country] = forms.ModelChoiceField(
        label=_("Member country"),
        queryset=Country.objects.all(),
        required=False,
        help_text=_("Either a country or an organisation is the member."),
    )
    member_organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Member organisation (ID)"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.NumberInput,
        help_text=_("The ID shown in the organisation's address, e.g. 12 in /organisations/12/."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)
    since = forms.DateField(label=_("Member since"), required=False, widget=DATE)
    until = forms.DateField(
        label=_("Member until"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty while the membership lasts."),
    )
    annual_contribution = forms.DecimalField(
        label=_("Annual contribution"), required=False, min_value=0, max_digits=18, decimal_places=2
    )
    currency = forms.CharField(
        label=_("Currency"), max_length=3, required=False, help_text=_("ISO 4217 code, e.g. CNY.")
    )
    in_kind = forms.CharField(
        label=_("In-kind contribution"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    representative = forms.CharField(
        label=_("Representative body"),
        max_length=500,
        required=False,
        help_text=_("Who represents the member, e.g. the Ministry of Science and Technology."),
    )
    notes_zh_hans = forms.CharField(
        label=_("Notes (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    notes_en = forms.CharField(
        label=_("Notes (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        actor: Any,
        membership: InternationalMembership | None = None,
        **kwargs: Any,
    ) -> None:
        if membership is not None and "initial" not in kwargs:
            kwargs["initial"] = membership_initial(membership)
        super().__init__(*args, actor=actor, record=membership, **kwargs)
        organisations = visible(actor, Organisation.objects.all())
        international = self.fields["organisation"]
        assert isinstance(international, forms.ModelChoiceField)
        international.queryset = organisations.filter(kind=OrganisationKind.INTERNATIONAL)
        member = self.fields["member_organisation"]
        assert isinstance(member, forms.ModelChoiceField)
        member.queryset = organisations

    def clean_currency(self) -> str:
        return str(self.cleaned_data.get("currency") or "").strip().upper()


def membership_initial(membership: InternationalMembership) -> dict[str, Any]:
    """The form's starting values for an existing membership."""
    return {
        "organisation": membership.organisation_id,
        "member_country": membership.member_country_id,
        "member_organisation": membership.member_organisation_id,
        "role": membership.role,
        "since": membership.since,
        "until": membership.until,
        "annual_contribution": membership.annual_contribution,
        "currency": membership.currency,
        "in_kind": membership.in_kind,
        "representative": membership.representative,
        "notes_zh_hans": membership.notes_zh_hans,
        "notes_en": membership.notes_en,
        **_owned_initial(membership),
    }


class ProgrammeForm(_OwnedForm):
    """Fields of a big-science programme; participants are added on its page."""

    name_zh_hans = forms.CharField(label=_("Name (Chinese)"), max_length=500, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=500, required=False)
    acronym = forms.CharField(label=_("Acronym"), max_length=100, required=False)
    description_zh_hans = forms.CharField(
        label=_("Description (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgrammeKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=ProgrammeStatus.choices)
    host_country: forms.ModelChoiceField[Country] = forms.ModelChoiceField(
        label=_("Host country"), queryset=Country.objects.all(), required=False
    )
    website = forms.URLField(
        label=_("Website"), required=False, max_length=500, assume_scheme="https"
    )

    def __init__(
        self, *args: Any, actor: Any, programme: BigScienceProgramme | None = None, **kwargs: Any
    ) -> None:
        if programme is not None and "initial" not in kwargs:
            kwargs["initial"] = programme_initial(programme)
        super().__init__(*args, actor=actor, record=programme, **kwargs)


def programme_initial(programme: BigScienceProgramme) -> dict[str, Any]:
    """The form's starting values for an existing programme."""
    return {
        "name_zh_hans": programme.name_zh_hans,
        "name_en": programme.name_en,
        "acronym": programme.acronym,
        "description_zh_hans": programme.description_zh_hans,
        "description_en": programme.description_en,
        "kind": programme.kind,
        "status": programme.status,
        "host_country": programme.host_country_id,
        "website": programme.website,
        **_owned_initial(programme),
    }


class ParticipationForm(_ErrorsMixin, forms.Form):
    """A participant of a programme: a country or an organisation (by its ID)."""

    country: forms.ModelChoiceField[Country] = forms.ModelChoiceField(
        label=_("Participant country"),
        queryset=Country.objects.all(),
        required=False,
        help_text=_("Either a country or an organisation takes part."),
    )
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Participant organisation (ID)"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.NumberInput,
        help_text=_("The ID shown in the organisation's address, e.g. 12 in /organisations/12/."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=ParticipationRole.choices)
    since = forms.DateField(label=_("Since"), required=False, widget=DATE)
    until = forms.DateField(label=_("Until"), required=False, widget=DATE)
    share = forms.DecimalField(
        label=_("Contribution share (%)"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
    )
    amount = forms.DecimalField(
        label=_("Contribution amount"), required=False, min_value=0, max_digits=18, decimal_places=2
    )
    currency = forms.CharField(
        label=_("Currency"), max_length=3, required=False, help_text=_("ISO 4217 code, e.g. EUR.")
    )
    in_kind = forms.CharField(
        label=_("In-kind contribution"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        actor: Any,
        participation: ProgrammeParticipation | None = None,
        **kwargs: Any,
    ) -> None:
        if participation is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "country": participation.country_id,
                "organisation": participation.organisation_id,
                "role": participation.role,
                "since": participation.since,
                "until": participation.until,
                "share": participation.share,
                "amount": participation.amount,
                "currency": participation.currency,
                "in_kind": participation.in_kind,
            }
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = visible(actor, Organisation.objects.all())

    def clean_currency(self) -> str:
        return str(self.cleaned_data.get("currency") or "").strip().upper()
