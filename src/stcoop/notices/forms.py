"""The notice form: collects input for :mod:`stcoop.notices.services`, never saves itself."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.choices import Visibility
from stcoop.core.permissions import owner_units
from stcoop.core.widgets import DateInput
from stcoop.notices.choices import NoticeCategory
from stcoop.notices.models import Notice


class NoticeForm(forms.Form):
    """Fields of a notice; ``owner_unit`` offers only the units the actor may add for."""

    title_zh_hans = forms.CharField(label=_("Title (Chinese)"), max_length=300, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    body_zh_hans = forms.CharField(
        label=_("Text (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    body_en = forms.CharField(
        label=_("Text (English)"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    category = forms.ChoiceField(label=_("Category"), choices=NoticeCategory.choices)
    published_on = forms.DateField(label=_("Published on"), widget=DateInput())
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty if the notice does not expire."),
    )
    link = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
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
        help_text=_("For shared notices: these units and the units below them see it."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args: Any, actor: Any, notice: Notice | None = None, **kwargs: Any) -> None:
        if notice is not None and "initial" not in kwargs:
            kwargs["initial"] = notice_initial(notice)
        super().__init__(*args, **kwargs)
        choices = owner_units(actor, OrganisationUnit.objects.all())
        if notice is not None:
            # The current owner stays selectable even if the actor may not add for it.
            choices = choices | OrganisationUnit.objects.filter(pk=notice.owner_unit_id)
        owner = self.fields["owner_unit"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = choices.distinct()

    def apply_errors(self, error: ValidationError) -> None:
        """Show a service's validation errors beside the fields they name."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


def notice_initial(notice: Notice) -> dict[str, Any]:
    """The form's starting values for an existing notice."""
    return {
        "title_zh_hans": notice.title_zh_hans,
        "title_en": notice.title_en,
        "body_zh_hans": notice.body_zh_hans,
        "body_en": notice.body_en,
        "category": notice.category,
        "published_on": notice.published_on,
        "expires_on": notice.expires_on,
        "link": notice.link,
        "owner_unit": notice.owner_unit_id,
        "visibility": notice.visibility,
        "shared_with": list(notice.shared_with.values_list("pk", flat=True)),
    }
