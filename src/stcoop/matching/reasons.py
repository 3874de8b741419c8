"""Why a match ranked: reason codes with parameters, put into words when shown.

A :class:`Reason` keeps codes (sector, cooperation and IP codes, ISO country codes,
language codes) rather than labels, so the same match reads in Chinese or English
whatever language it was computed in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from stcoop.technologies.choices import Cooperation, IpStatus, Sector


@dataclass(frozen=True)
class Reason:
    """One reason: a code of :data:`RENDERERS` and its parameters (JSON-safe)."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The reason in the active language."""
        renderer = RENDERERS.get(self.code)
        return renderer(self.params) if renderer else self.code

    def text_in(self, language: str) -> str:
        with translation.override(language):
            return self.text

    def as_dict(self) -> dict[str, Any]:
        """Code, parameters and the text in the active language, Chinese and English."""
        return {
            "code": self.code,
            "params": dict(self.params),
            "text": self.text,
            "text_en": self.text_in("en"),
            "text_zh_hans": self.text_in("zh-hans"),
        }


def _language_name(code: str) -> str:
    names = {"zh": _("Chinese"), "en": _("English")}
    return names.get(code, _("other language"))


def _labels(choices: Any, codes: Any) -> str:
    labels = dict(choices.choices)
    return _(", ").join(str(labels.get(code, code)) for code in codes)


def localised(params: Mapping[str, Any], name: str) -> str:
    """``params[name + "_en"]`` or ``params[name + "_zh_hans"]`` by the active language,
    falling back to the other language and then to ``params[name]``."""
    language = (translation.get_language() or "en").replace("-", "_").lower()
    other = "en" if language != "en" else "zh_hans"
    for key in (f"{name}_{language}", f"{name}_{other}", name):
        if params.get(key):
            return str(params[key])
    return ""


def _terms(params: Mapping[str, Any]) -> str:
    pieces = [
        _("{term} ({language})").format(term=term, language=_language_name(language))
        for term, language in params.get("terms", [])
    ]
    return _("Matched terms: {terms}").format(terms=_(", ").join(pieces))


def _semantic(params: Mapping[str, Any]) -> str:
    return _("Semantic similarity: {value}%").format(value=params["value"])


def _cross_lingual(params: Mapping[str, Any]) -> str:
    return _("Found across languages: the texts are written in different languages.")


def _sector(params: Mapping[str, Any]) -> str:
    return _("Shared sectors: {sectors}").format(sectors=_labels(Sector, params["sectors"]))


def _trl(params: Mapping[str, Any]) -> str:
    if params["offered"] >= params["wanted"]:
        return _("Readiness TRL {offered} meets the TRL {wanted} sought.").format(**params)
    return _("Readiness TRL {offered} is below the TRL {wanted} sought.").format(**params)


def _cooperation(params: Mapping[str, Any]) -> str:
    return _("Cooperation sought on both sides: {kinds}").format(
        kinds=_labels(Cooperation, params["kinds"])
    )


def _country(params: Mapping[str, Any]) -> str:
    name = localised(params, "country")
    if params.get("grouping"):
        return _("{country} is in the targeted grouping {grouping}.").format(
            country=name, grouping=localised(params, "grouping")
        )
    return _("{country} is a targeted country.").format(country=name)


def _ip(params: Mapping[str, Any]) -> str:
    return _("Intellectual property for a licence: {status}").format(
        status=_labels(IpStatus, [params["status"]])
    )


def _collaboration(params: Mapping[str, Any]) -> str:
    return _("The organisations worked together before: {projects}").format(
        projects=_("; ").join(params["projects"])
    )


def _profiles(params: Mapping[str, Any]) -> str:
    return _("Has matching technology profiles: {titles}").format(
        titles=_("; ").join(params["titles"])
    )


def _affiliation(params: Mapping[str, Any]) -> str:
    return _("Works at {organisation}").format(organisation=params["organisation"])


RENDERERS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "terms": _terms,
    "semantic": _semantic,
    "cross_lingual": _cross_lingual,
    "sector": _sector,
    "trl": _trl,
    "cooperation": _cooperation,
    "country": _country,
    "ip": _ip,
    "collaboration": _collaboration,
    "profiles": _profiles,
    "affiliation": _affiliation,
}
