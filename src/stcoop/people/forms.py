"""People forms: collect input for :mod:`stcoop.people.services`, never save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.models import OrganisationUnit, User
from stcoop.core.choices import Visibility
from stcoop.core.permissions import ADMIN_ROLES, owner_units, role_of, visible
from stcoop.core.widgets import DateInput
from stcoop.geo.models import Country
from stcoop.organisations.forms import _ErrorsMixin
from stcoop.organisations.models import Organisation
from stcoop.people.choices import Gender
from stcoop.people.models import Person
from stcoop.people.selectors import linkable_accounts, may_link_account


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class PersonForm(_ErrorsMixin, forms.Form):
    """Fields of a person; ``owner_unit`` offers only units the actor may add for.

    Keywords, disciplines and languages are entered one per line (languages also
    comma-separated), as ISO 639-1 codes for languages.
    """

    name_zh = forms.CharField(label=_("Name in Chinese script"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    given_names = forms.CharField(label=_("Given names"), max_length=150, required=False)
    name_latin = forms.CharField(
        label=_("Name in Latin script (as written)"),
        max_length=300,
        required=False,
        help_text=_("Leave empty to use the given names followed by the family name."),
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    nationality: forms.ModelChoiceField[Country] = forms.ModelChoiceField(
        label=_("Nationality"), queryset=Country.objects.all(), required=False
    )
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        help_text=_("ISO 639-1 codes separated by commas, e.g. zh, en."),
    )
    keywords = forms.CharField(
        label=_("Expertise keywords"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    disciplines = forms.CharField(
        label=_("Disciplines"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    is_expert = forms.BooleanField(label=_("Expert"), required=False)
    orcid = forms.CharField(
        label=_("ORCID iD"),
        max_length=60,
        required=False,
        help_text=_("e.g. 0000-0002-1825-0097 or https://orcid.org/0000-0002-1825-0097"),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    bio_zh_hans = forms.CharField(
        label=_("Biography (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    bio_en = forms.CharField(
        label=_("Biography (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    user = forms.ModelChoiceField(
        label=_("Own account"),
        queryset=User.objects.none(),
        required=False,
        help_text=_(
            "The person's own sign-in account: with it they see their contact details and "
            "reach this page from My profile. An account can be linked to one person only."
        ),
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

    def __init__(self, *args: Any, actor: Any, person: Person | None = None, **kwargs: Any) -> None:
        if person is not None and "initial" not in kwargs:
            kwargs["initial"] = person_initial(person)
        super().__init__(*args, **kwargs)
        choices = owner_units(actor, OrganisationUnit.objects.all())
        if person is not None:
            choices = choices | OrganisationUnit.objects.filter(pk=person.owner_unit_id)
        owner = self.fields["owner_unit"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = choices.distinct()
        if person is not None:
            may_link = may_link_account(actor, person=person)
        else:
            may_link = role_of(actor) in ADMIN_ROLES | {"unit_admin"}
        if may_link:
            account = self.fields["user"]
            assert isinstance(account, forms.ModelChoiceField)
            accounts = linkable_accounts(actor)
            if person is not None and person.user_id is not None:
                accounts = accounts | User.objects.filter(pk=person.user_id)
            account.queryset = accounts.distinct().order_by("username")
        else:
            self.fields.pop("user")

    def clean_languages(self) -> list[str]:
        text = self.cleaned_data.get("languages", "")
        return [c.strip().lower() for c in text.replace("\n", ",").split(",") if c.strip()]

    def clean_keywords(self) -> list[str]:
        return _lines(self.cleaned_data.get("keywords", ""))

    def clean_disciplines(self) -> list[str]:
        return _lines(self.cleaned_data.get("disciplines", ""))


def person_initial(person: Person) -> dict[str, Any]:
    """The form's starting values for an existing person."""
    return {
        "name_zh": person.name_zh,
        "family_name": person.family_name,
        "given_names": person.given_names,
        "name_latin": person.name_latin,
        "gender": person.gender,
        "nationality": person.nationality_id,
        "languages": ", ".join(person.languages or []),
        "keywords": "\n".join(person.keywords or []),
        "disciplines": "\n".join(person.disciplines or []),
        "is_expert": person.is_expert,
        "orcid": person.orcid,
        "email": person.email,
        "phone": person.phone,
        "bio_zh_hans": person.bio_zh_hans,
        "bio_en": person.bio_en,
        "user": person.user_id,
        "owner_unit": person.owner_unit_id,
        "visibility": person.visibility,
        "shared_with": list(person.shared_with.values_list("pk", flat=True)),
    }


class AffiliationForm(_ErrorsMixin, forms.Form):
    """Add an affiliation; the organisation is given by its ID."""

    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Organisation (ID)"),
        queryset=Organisation.objects.none(),
        widget=forms.NumberInput,
        help_text=_("The ID shown in the organisation's address, e.g. 12 in /organisations/12/."),
    )
    role = forms.CharField(label=_("Role or title"), max_length=200, required=False)
    start_date = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end_date = forms.DateField(
        label=_("Until"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty while the person is still there."),
    )
    is_primary = forms.BooleanField(label=_("Primary affiliation"), required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = visible(actor, Organisation.objects.all())


class AffiliationEndForm(forms.Form):
    """End an affiliation on a date (today when empty)."""

    end_date = forms.DateField(label=_("Until"), required=False, widget=DateInput())


class PublicationForm(_ErrorsMixin, forms.Form):
    """Add a publication; co-authors one per line."""

    title = forms.CharField(label=_("Title"), max_length=1000)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1800, max_value=2100)
    venue = forms.CharField(label=_("Journal or venue"), max_length=500, required=False)
    doi = forms.CharField(
        label=_("DOI"), max_length=255, required=False, help_text=_("e.g. 10.1234/abc")
    )
    coauthors = forms.CharField(
        label=_("Co-authors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name per line."),
    )
    abstract = forms.CharField(
        label=_("Abstract"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def clean_coauthors(self) -> list[str]:
        return _lines(self.cleaned_data.get("coauthors", ""))
