"""The saved-search form and the query parameters that prefill it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stcoop.matching.choices import SearchMode

#: Facet names of the search service a link to "save this search" may carry.
FACET_PARAMETERS = ("country", "grouping", "discipline", "kind", "status", "year")


def type_choices() -> list[tuple[str, str]]:
    """(name, label) of every searchable record type."""
    try:
        from stcoop.search.documents import REGISTRY
    except ImportError:  # pragma: no cover - the search app is part of the platform
        return [("technology", _("Technology offers and requests"))]
    return [(name, str(t.label)) for name, t in REGISTRY.items()]


class SavedSearchForm(forms.Form):
    """Name, query, record types, filters (JSON), mode and how to be told."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    query = forms.CharField(
        label=gettext_lazy("Search for"),
        max_length=1000,
        help_text=gettext_lazy("Words in Chinese or English; records in either language match."),
    )
    types = forms.MultipleChoiceField(
        label=gettext_lazy("Record types"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: every type."),
    )
    facets = forms.CharField(
        label=gettext_lazy("Filters"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            'As JSON, for example {"country": ["DE", "FR"], "kind": ["technology_offer"]}.'
        ),
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("Search mode"), choices=SearchMode.choices, initial=SearchMode.HYBRID
    )
    notify_platform = forms.BooleanField(
        label=gettext_lazy("Tell me on the platform"), required=False, initial=True
    )
    notify_email = forms.BooleanField(
        label=gettext_lazy("Tell me by e-mail"),
        required=False,
        help_text=gettext_lazy("Sent to the e-mail address of your account."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["types"].choices = type_choices()  # type: ignore[attr-defined]

    def clean_facets(self) -> dict[str, list[str]]:
        raw = (self.cleaned_data.get("facets") or "").strip()
        if not raw:
            return {}
        try:
            value = json.loads(raw)
        except ValueError as error:
            raise forms.ValidationError(
                _("The filters are not valid JSON: {error}").format(error=error)
            ) from None
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, list) for k, v in value.items()
        ):
            raise forms.ValidationError(
                _('Give filters as an object of lists, such as {"country": ["DE"]}.')
            )
        return {k: [str(x) for x in v] for k, v in value.items() if v}


def initial_from_query(params: Mapping[str, Any]) -> dict[str, Any]:
    """Form values from a search page's query string: ``q``, ``type`` (repeated),
    ``mode`` and the facet parameters (repeated: ``country=DE&country=FR``)."""
    getlist = getattr(params, "getlist", None)

    def values(name: str) -> list[str]:
        if getlist is not None:
            found = [str(v) for v in getlist(name)]
        else:
            raw = params.get(name)
            found = [str(v) for v in raw] if isinstance(raw, list | tuple) else [str(raw or "")]
        return [v.strip() for item in found for v in item.split(",") if v.strip()]

    query = str(params.get("q") or "").strip()[:1000]
    known_types = {name for name, _label in type_choices()}
    facets = {name: values(name) for name in FACET_PARAMETERS if values(name)}
    mode = str(params.get("mode") or SearchMode.HYBRID)
    return {
        "name": query[:200],
        "query": query,
        "types": [t for t in values("type") if t in known_types],
        "facets": json.dumps(facets, ensure_ascii=False) if facets else "",
        "mode": mode if mode in SearchMode.values else SearchMode.HYBRID,
        "notify_platform": True,
        "notify_email": False,
    }
