"""Forms of bases and self-reports: collect input for :mod:`stcoop.bases.services`,
never save."""

from __future__ import annotations

import decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.bases.choices import BaseKind, BaseStatus
from stcoop.bases.models import (
    COUNT_FIELDS,
    MONEY_FIELDS,
    CooperationBase,
    SelfReport,
    figure_label,
    sentence,
)
from stcoop.bases.services import DECISION_FIELDS, allowed_statuses
from stcoop.core.choices import Visibility
from stcoop.core.permissions import may_decide, owner_units, visible
from stcoop.core.widgets import DateInput
from stcoop.geo.models import Country
from stcoop.geo.provinces import Province
from stcoop.organisations.forms import _ErrorsMixin
from stcoop.organisations.models import Organisation


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _date_input() -> forms.DateInput:
    return DateInput()


class BaseForm(_ErrorsMixin, forms.Form):
    """Fields of a base; ``owner_unit`` offers only units the actor may add for. The
    designation fields (and, when adding, the first status) are shown to deciders only.

    The host and partner organisations are given by their IDs (the number in an
    organisation's address); fields are entered one per line.
    """

    name_zh_hans = forms.CharField(label=_("Name (Chinese)"), max_length=300, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    acronym = forms.CharField(label=_("Short name"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=BaseKind.choices)
    host_organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Host organisation (ID)"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.NumberInput,
        help_text=_("The ID shown in the organisation's address, e.g. 12 in /organisations/12/."),
    )
    province = forms.ChoiceField(
        label=_("Province"), choices=[("", "—"), *Province.choices], required=False
    )
    city = forms.CharField(label=_("City"), max_length=200, required=False)
    country: forms.ModelChoiceField[Country] = forms.ModelChoiceField(
        label=_("Country abroad"),
        queryset=Country.objects.all(),
        required=False,
        help_text=_("For overseas R&D centres: the country where the centre is."),
    )
    partner_countries: forms.ModelMultipleChoiceField[Country] = forms.ModelMultipleChoiceField(
        label=_("Partner countries"),
        queryset=Country.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    partner_organisations = forms.CharField(
        label=_("Partner organisations (IDs)"),
        required=False,
        help_text=_("Organisation IDs separated by commas, e.g. 12, 40."),
    )
    disciplines = forms.CharField(
        label=_("Fields"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, e.g. artificial intelligence."),
    )
    description_zh_hans = forms.CharField(
        label=_("Description (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    website = forms.URLField(
        label=_("Website"), max_length=500, required=False, assume_scheme="https"
    )
    designating_body = forms.CharField(label=_("Designating body"), max_length=300, required=False)
    designation_date = forms.DateField(
        label=_("Designation date"), required=False, widget=_date_input()
    )
    designation_year = forms.IntegerField(
        label=_("Designation year"),
        required=False,
        min_value=1980,
        max_value=2100,
        help_text=_("Taken from the designation date when left empty."),
    )
    batch = forms.CharField(
        label=_("Batch"), max_length=100, required=False, help_text=_("e.g. 2023, first batch.")
    )
    status = forms.ChoiceField(
        label=_("Status when recorded"),
        choices=BaseStatus.choices,
        initial=BaseStatus.APPLIED,
        help_text=_("For a base already designated before it is recorded here."),
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
        self, *args: Any, actor: Any, base: CooperationBase | None = None, **kwargs: Any
    ) -> None:
        if base is not None and "initial" not in kwargs:
            kwargs["initial"] = base_initial(actor, base)
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.base = base
        choices = owner_units(actor, OrganisationUnit.objects.all())
        if base is not None:
            choices = choices | OrganisationUnit.objects.filter(pk=base.owner_unit_id)
        owner = self.fields["owner_unit"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = choices.distinct()
        host = self.fields["host_organisation"]
        assert isinstance(host, forms.ModelChoiceField)
        host.queryset = visible(actor, Organisation.objects.all())
        if base is not None and base.host_organisation_id is not None:
            host.queryset = host.queryset | Organisation.objects.filter(
                pk=base.host_organisation_id
            )
        if not may_decide(actor, base):
            for name in DECISION_FIELDS:
                self.fields.pop(name)
        if base is not None or not may_decide(actor, base):
            self.fields.pop("status")

    def clean_disciplines(self) -> list[str]:
        return _lines(self.cleaned_data.get("disciplines", ""))

    def clean_partner_organisations(self) -> list[Organisation]:
        text = self.cleaned_data.get("partner_organisations", "")
        parts = [p.strip() for p in text.replace("，", ",").replace(";", ",").split(",")]
        ids: list[int] = []
        for part in parts:
            if not part:
                continue
            if not part.isdigit():
                raise ValidationError(
                    gettext("'{value}' is not an organisation ID.").format(value=part)
                )
            ids.append(int(part))
        found = {o.pk: o for o in visible(self.actor, Organisation.objects.filter(pk__in=ids))}
        missing = [str(i) for i in ids if i not in found]
        if missing:
            raise ValidationError(
                gettext("No such organisation: {ids}").format(ids=", ".join(missing))
            )
        return [found[i] for i in dict.fromkeys(ids)]

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as :func:`~stcoop.bases.services.base_update` takes it."""
        data = dict(self.cleaned_data)
        data["province"] = data.get("province") or ""
        for name in ("designating_body", "batch"):
            if name in data:
                data[name] = data[name] or ""
        return data


def base_initial(actor: Any, base: CooperationBase) -> dict[str, Any]:
    """The form's starting values for an existing base (partners the actor may see)."""
    partners = visible(actor, base.partner_organisations.all())
    return {
        "name_zh_hans": base.name_zh_hans,
        "name_en": base.name_en,
        "acronym": base.acronym,
        "kind": base.kind,
        "host_organisation": base.host_organisation_id,
        "province": base.province,
        "city": base.city,
        "country": base.country_id,
        "partner_countries": list(base.partner_countries.values_list("pk", flat=True)),
        "partner_organisations": ", ".join(str(pk) for pk in partners.values_list("pk", flat=True)),
        "disciplines": "\n".join(base.disciplines or []),
        "description_zh_hans": base.description_zh_hans,
        "description_en": base.description_en,
        "website": base.website,
        "designating_body": base.designating_body,
        "designation_date": base.designation_date,
        "designation_year": base.designation_year,
        "batch": base.batch,
        "owner_unit": base.owner_unit_id,
        "visibility": base.visibility,
        "shared_with": list(base.shared_with.values_list("pk", flat=True)),
    }


class StatusChangeForm(_ErrorsMixin, forms.Form):
    """A decision on a base: the new status (only those allowed now), date and reason."""

    status = forms.ChoiceField(label=_("New status"), choices=())
    date = forms.DateField(label=_("Date of decision"), widget=_date_input())
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to warn or revoke a base."),
    )

    def __init__(self, *args: Any, base: CooperationBase, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        labels = dict(BaseStatus.choices)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [(s, labels[s]) for s in allowed_statuses(base)]


class SelfReportForm(_ErrorsMixin, forms.Form):
    """A report's year, figures (whole numbers and CNY amounts, none negative) and
    narrative in both languages."""

    year = forms.IntegerField(label=_("Year"), min_value=1980)  # not after this year: __init__
    narrative_zh_hans = forms.CharField(
        label=_("Narrative (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    narrative_en = forms.CharField(
        label=_("Narrative (English)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Visibility.choices,
        initial=Visibility.INTERNAL,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, report: SelfReport | None = None, **kwargs: Any) -> None:
        if report is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "year": report.year,
                "narrative_zh_hans": report.narrative_zh_hans,
                "narrative_en": report.narrative_en,
                "visibility": report.visibility,
                **{name: getattr(report, name) for name in COUNT_FIELDS + MONEY_FIELDS},
            }
        super().__init__(*args, **kwargs)
        self.fields["year"] = forms.IntegerField(
            label=_("Year"), min_value=1980, max_value=timezone.localdate().year
        )
        for name in COUNT_FIELDS:
            label = figure_label(name)
            self.fields[name] = forms.IntegerField(label=sentence(label), min_value=0, initial=0)
        for name in MONEY_FIELDS:
            label = figure_label(name)
            self.fields[name] = forms.DecimalField(
                label=sentence(label),
                min_value=decimal.Decimal("0"),
                max_digits=16,
                decimal_places=2,
                initial=0,
            )
        # Figures first, then the narrative and visibility.
        order = ["year", *COUNT_FIELDS, *MONEY_FIELDS, "narrative_zh_hans", "narrative_en"]
        self.order_fields([*order, "visibility"])


class ReviewForm(_ErrorsMixin, forms.Form):
    """A reviewer's decision on a submitted report."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Return for changes"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning the report."),
    )
