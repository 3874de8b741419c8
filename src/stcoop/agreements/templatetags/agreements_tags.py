"""Template tags of the agreements app (``{% load agreements_tags %}``)."""

from __future__ import annotations

from typing import Any

from django import template

from stcoop.agreements.selectors import country_agreements, country_mechanisms

register = template.Library()


@register.inclusion_tag("agreements/_country_section.html", takes_context=True)
def country_agreements_section(context: template.Context, country: Any) -> dict[str, Any]:
    """The agreements and mechanisms with ``country`` that the viewer may see, for the
    country's page."""
    request = context.get("request")
    actor = getattr(request, "user", None)
    return {
        "country": country,
        "agreements": list(country_agreements(actor=actor, country=country)),
        "mechanisms": list(country_mechanisms(actor=actor, country=country).order_by("name_en")),
    }
