"""Programme and project forms: collect input for :mod:`stcoop.projects.services`, never save.

Bilingual fields are laid out side by side (:meth:`_LayoutMixin.layout`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.permissions import owner_units, visible
from stcoop.core.widgets import DateInput
from stcoop.geo.models import Country
from stcoop.organisations.forms import _ErrorsMixin
from stcoop.organisations.models import Organisation
from stcoop.projects.choices import (
    FundingSource,
    OutputKind,
    ParticipantRole,
    ProgrammeStatus,
    ProjectStatus,
)
from stcoop.projects.models import Programme, Project

DATE = DateInput()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _year_field(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=1950, max_value=2100)


def _currency_field(initial: str = "CNY", required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=_("Currency"),
        max_length=3,
        initial=initial,
        required=required,
        help_text=_("ISO 4217 code, e.g. CNY, EUR, USD."),
    )


class _LayoutMixin:
    """Rows of fields for the template: the names in each tuple of ``side_by_side``
    share a row (Chinese beside English); every other field has a row of its own."""

    side_by_side: tuple[tuple[str, ...], ...] = ()

    def layout(self) -> list[list[Any]]:
        form: Any = self
        paired = {name: group for group in self.side_by_side for name in group}
        rows: list[list[Any]] = []
        done: set[str] = set()
        for name in form.fields:
            if name in done:
                continue
            group = paired.get(name, (name,))
            names = [n for n in group if n in form.fields]
            done.update(names)
            rows.append([form[n] for n in names])
        return rows


def _owner_queryset(actor: Any, record: Any) -> Any:
    choices = owner_units(actor, OrganisationUnit.objects.all())
    if record is not None:
        choices = choices | OrganisationUnit.objects.filter(pk=record.owner_unit_id)
    return choices.distinct()


class _OwnedFields(forms.Form):
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


def _owned_initial(record: Any) -> dict[str, Any]:
    return {
        "owner_unit": record.owner_unit_id,
        "visibility": record.visibility,
        "shared_with": list(record.shared_with.values_list("pk", flat=True)),
    }


class ProgrammeForm(_LayoutMixin, _ErrorsMixin, _OwnedFields):
    """Fields of a programme; ``owner_unit`` offers only units the actor may add for.
    Budget lines are added on the programme's page."""

    side_by_side = (
        ("name_zh_hans", "name_en"),
        ("description_zh_hans", "description_en"),
        ("code", "acronym"),
        ("start_date", "end_date"),
    )

    name_zh_hans = forms.CharField(label=_("Name (Chinese)"), max_length=500, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=500, required=False)
    code = forms.CharField(
        label=_("Code"), max_length=100, required=False, help_text=_("e.g. H2020, 2021YFE01.")
    )
    acronym = forms.CharField(label=_("Short name"), max_length=100, required=False)
    description_zh_hans = forms.CharField(
        label=_("Description (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    framework = forms.CharField(
        label=_("Framework programme"),
        max_length=100,
        required=False,
        help_text=_("The programme family, e.g. FP7, H2020, National Key R&D."),
    )
    parent: forms.ModelChoiceField[Programme] = forms.ModelChoiceField(
        label=_("Part of programme"), queryset=Programme.objects.none(), required=False
    )
    funder: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Funder (organisation ID)"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.NumberInput,
        help_text=_("The ID shown in the organisation's address, e.g. 12 in /organisations/12/."),
    )
    call_identifier = forms.CharField(label=_("Call identifier"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ProgrammeStatus.choices)
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("End date"), required=False, widget=DATE)
    website = forms.URLField(
        label=_("Website"), required=False, max_length=500, assume_scheme="https"
    )

    field_order = (
        "name_zh_hans",
        "name_en",
        "code",
        "acronym",
        "description_zh_hans",
        "description_en",
        "framework",
        "parent",
        "funder",
        "call_identifier",
        "status",
        "start_date",
        "end_date",
        "website",
        "owner_unit",
        "visibility",
        "shared_with",
    )

    def __init__(
        self, *args: Any, actor: Any, programme: Programme | None = None, **kwargs: Any
    ) -> None:
        if programme is not None and "initial" not in kwargs:
            kwargs["initial"] = programme_initial(programme)
        super().__init__(*args, **kwargs)
        self._set_queryset("owner_unit", _owner_queryset(actor, programme))
        parents = visible(actor, Programme.objects.all())
        if programme is not None:
            parents = parents.exclude(pk=programme.pk)
        self._set_queryset("parent", parents)
        self._set_queryset("funder", visible(actor, Organisation.objects.all()))

    def _set_queryset(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset


def programme_initial(programme: Programme) -> dict[str, Any]:
    """The form's starting values for an existing programme."""
    return {
        "name_zh_hans": programme.name_zh_hans,
        "name_en": programme.name_en,
        "code": programme.code,
        "acronym": programme.acronym,
        "description_zh_hans": programme.description_zh_hans,
        "description_en": programme.description_en,
        "framework": programme.framework,
        "parent": programme.parent_id,
        "funder": programme.funder_id,
        "call_identifier": programme.call_identifier,
        "status": programme.status,
        "start_date": programme.start_date,
        "end_date": programme.end_date,
        "website": programme.website,
        **_owned_initial(programme),
    }


class ProjectForm(_LayoutMixin, _ErrorsMixin, _OwnedFields):
    """Fields of a project; keywords and disciplines one per line. Participants, funding
    and outputs are added on the project's page."""

    side_by_side = (
        ("title_zh_hans", "title_en"),
        ("abstract_zh_hans", "abstract_en"),
        ("code", "acronym"),
        ("start_date", "end_date"),
        ("total_cost", "currency"),
        ("disciplines", "keywords"),
    )

    title_zh_hans = forms.CharField(label=_("Title (Chinese)"), max_length=1000, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=1000, required=False)
    code = forms.CharField(
        label=_("Project number"),
        max_length=100,
        required=False,
        help_text=_("The funder's number, e.g. a grant agreement number."),
    )
    acronym = forms.CharField(label=_("Acronym"), max_length=100, required=False)
    abstract_zh_hans = forms.CharField(
        label=_("Abstract (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    abstract_en = forms.CharField(
        label=_("Abstract (English)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    programme: forms.ModelChoiceField[Programme] = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False
    )
    call_identifier = forms.CharField(label=_("Call identifier"), max_length=200, required=False)
    topic = forms.CharField(label=_("Topic"), max_length=500, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ProjectStatus.choices)
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("End date"), required=False, widget=DATE)
    total_cost = forms.DecimalField(
        label=_("Total cost"), required=False, max_digits=18, decimal_places=2, min_value=0
    )
    currency = _currency_field()
    disciplines = forms.CharField(
        label=_("Disciplines"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    website = forms.URLField(
        label=_("Website"), required=False, max_length=500, assume_scheme="https"
    )

    field_order = (
        "title_zh_hans",
        "title_en",
        "code",
        "acronym",
        "abstract_zh_hans",
        "abstract_en",
        "programme",
        "call_identifier",
        "topic",
        "status",
        "start_date",
        "end_date",
        "total_cost",
        "currency",
        "disciplines",
        "keywords",
        "website",
        "owner_unit",
        "visibility",
        "shared_with",
    )

    def __init__(
        self, *args: Any, actor: Any, project: Project | None = None, **kwargs: Any
    ) -> None:
        if project is not None and "initial" not in kwargs:
            kwargs["initial"] = project_initial(project)
        super().__init__(*args, **kwargs)
        owner = self.fields["owner_unit"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = _owner_queryset(actor, project)
        programme = self.fields["programme"]
        assert isinstance(programme, forms.ModelChoiceField)
        programme.queryset = visible(actor, Programme.objects.all())

    def clean_currency(self) -> str:
        return str(self.cleaned_data.get("currency", "")).strip().upper()

    def clean_disciplines(self) -> list[str]:
        return _lines(self.cleaned_data.get("disciplines", ""))

    def clean_keywords(self) -> list[str]:
        return _lines(self.cleaned_data.get("keywords", ""))


def project_initial(project: Project) -> dict[str, Any]:
    """The form's starting values for an existing project."""
    return {
        "title_zh_hans": project.title_zh_hans,
        "title_en": project.title_en,
        "code": project.code,
        "acronym": project.acronym,
        "abstract_zh_hans": project.abstract_zh_hans,
        "abstract_en": project.abstract_en,
        "programme": project.programme_id,
        "call_identifier": project.call_identifier,
        "topic": project.topic,
        "status": project.status,
        "start_date": project.start_date,
        "end_date": project.end_date,
        "total_cost": project.total_cost,
        "currency": project.currency,
        "disciplines": "\n".join(project.disciplines or []),
        "keywords": "\n".join(project.keywords or []),
        "website": project.website,
        **_owned_initial(project),
    }


class _MoneyMixin:
    def clean_currency(self) -> str:
        form: Any = self
        return str(form.cleaned_data.get("currency") or "").strip().upper()


class BudgetLineForm(_LayoutMixin, _MoneyMixin, _ErrorsMixin, forms.Form):
    """Add or change a budget line of a programme."""

    side_by_side = (("amount", "currency"),)

    source = forms.ChoiceField(label=_("Source"), choices=FundingSource.choices)
    year = _year_field(_("Year"))
    amount = forms.DecimalField(label=_("Amount"), max_digits=18, decimal_places=2, min_value=0)
    currency = _currency_field()
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class FundingForm(_LayoutMixin, _MoneyMixin, _ErrorsMixin, forms.Form):
    """Add or change a funding line of a project."""

    side_by_side = (("amount", "currency"),)

    source = forms.ChoiceField(label=_("Source"), choices=FundingSource.choices)
    funder: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Funder (organisation ID)"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.NumberInput,
    )
    year = _year_field(_("Year"))
    amount = forms.DecimalField(label=_("Amount"), max_digits=18, decimal_places=2, min_value=0)
    currency = _currency_field()
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        funder = self.fields["funder"]
        assert isinstance(funder, forms.ModelChoiceField)
        funder.queryset = visible(actor, Organisation.objects.all())


class ParticipationForm(_LayoutMixin, _MoneyMixin, _ErrorsMixin, forms.Form):
    """Add or change a participant: an organisation by ID, or its name as given."""

    side_by_side = (("organisation", "name_as_given"), ("funding_amount", "currency"))

    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Organisation (ID)"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.NumberInput,
        help_text=_("The ID shown in the organisation's address, e.g. 12 in /organisations/12/."),
    )
    name_as_given = forms.CharField(
        label=_("Name as given"),
        max_length=500,
        required=False,
        help_text=_("The participant's name as the source writes it."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=ParticipantRole.choices)
    country: forms.ModelChoiceField[Country] = forms.ModelChoiceField(
        label=_("Country or territory"), queryset=Country.objects.all(), required=False
    )
    city = forms.CharField(label=_("City"), max_length=200, required=False)
    funding_amount = forms.DecimalField(
        label=_("Funding received"), required=False, max_digits=18, decimal_places=2, min_value=0
    )
    currency = _currency_field("EUR")

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = visible(actor, Organisation.objects.all())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organisation = data.get("organisation")
        if organisation is not None and data.get("country") is None:
            data["country"] = organisation.country
        return data


class OutputForm(_LayoutMixin, _ErrorsMixin, forms.Form):
    """Add or change an output of a project."""

    side_by_side = (("kind", "year"), ("value", "currency"))

    kind = forms.ChoiceField(label=_("Kind"), choices=OutputKind.choices)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1950,
        max_value=2100,
    )
    title = forms.CharField(label=_("Title"), max_length=1000)
    identifier = forms.CharField(
        label=_("Identifier"),
        max_length=200,
        required=False,
        help_text=_("DOI, patent number or standard number."),
    )
    value = forms.DecimalField(
        label=_("Contract value"),
        required=False,
        max_digits=18,
        decimal_places=2,
        min_value=0,
        help_text=_("Technology-transfer contracts only."),
    )
    currency = _currency_field("", required=False)
    quantity = forms.IntegerField(
        label=_("Number of people"),
        required=False,
        min_value=1,
        help_text=_("'People trained' outputs only."),
    )
    partner_country: forms.ModelChoiceField[Country] = forms.ModelChoiceField(
        label=_("Partner country"), queryset=Country.objects.all(), required=False
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")

    def clean_currency(self) -> str:
        return str(self.cleaned_data.get("currency") or "").strip().upper()


def child_initial(child: Any, form_class: type[forms.Form]) -> dict[str, Any]:
    """A child row's values for its form (foreign keys as IDs)."""
    initial: dict[str, Any] = {}
    for name in form_class.base_fields:
        field = child._meta.get_field(name)
        initial[name] = getattr(child, field.attname)
    return initial
