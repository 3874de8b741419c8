"""Cell parsers and owned-record helpers shared by the apps' bulk-import specs.

Each parser takes a non-empty cell's text and gives a value, or raises
:class:`ValueError` with a translated message naming the value (the import shows it on
the row and column). Factories (:func:`choice_parser`, :func:`limited`) build parsers
for one column. :class:`CountryParser` and :class:`OwnedSpecMixin` are mixins for
:class:`~stcoop.core.imports.spec.ImportSpec` subclasses.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stcoop.accounts.models import OrganisationUnit
from stcoop.core.imports.spec import Column, normalise_header
from stcoop.core.permissions import owner_units, visible
from stcoop.geo.models import Country
from stcoop.geo.selectors import CountryResolver

#: The languages whose choice labels a cell may use.
LANGUAGES = ("en", "zh-hans")


def choice_lookup(choices: Any, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Codes and their English and Chinese labels (normalised) → code.

    ``choices`` is a sequence of ``(code, label)`` pairs, such as a Django ``choices``;
    ``extra`` adds more names (name → code) after them.
    """
    found: dict[str, Any] = {}
    for code, label in choices:
        found[normalise_header(str(code))] = code
        for language in LANGUAGES:
            with translation.override(language):
                found[normalise_header(str(label))] = code
    for key, code in (extra or {}).items():
        found[normalise_header(key)] = code
    return found


def choice_parser(
    choices: Any, what: Any, message: Any = None, extra: Mapping[str, Any] | None = None
) -> Callable[[str], Any]:
    """A parser accepting a choice's code, its English or Chinese label, or a name in
    ``extra`` (name → code).

    ``what`` names the choice in the error; ``message`` (a translated text with
    ``{value}``, ``{what}`` and ``{codes}``) replaces the default error. The lookup is
    built on first use, so a module-level parser does not translate at import time.
    """
    lookup: dict[str, Any] = {}

    def parse(text: str) -> Any:
        if not lookup:
            lookup.update(choice_lookup(choices, extra))
        value = lookup.get(normalise_header(text))
        if value is None:
            template = (
                str(message)
                if message is not None
                else _("'{value}' is not a {what}; use one of: {codes}")
            )
            raise ValueError(
                template.format(
                    value=text, what=what, codes=", ".join(str(code) for code, _label in choices)
                )
            )
        return value

    return parse


def limited(limit: int) -> Callable[[str], str]:
    """A parser keeping the text, refusing more than ``limit`` characters."""

    def parse(text: str) -> str:
        if len(text) > limit:
            raise ValueError(_("longer than {limit} characters").format(limit=limit))
        return text

    return parse


def split_list(text: str) -> list[str]:
    """Texts separated by ``;`` (also the full-width ``；``), stripped, empty ones and
    repeats left out."""
    found: list[str] = []
    for part in text.replace("；", ";").split(";"):
        item = part.strip()
        if item and item not in found:
            found.append(item)
    return found


def parse_web_address(text: str) -> str:
    """A web address (``https://`` added when no scheme is given), at most 500
    characters."""
    url = text if "://" in text else f"https://{text}"
    try:
        URLValidator()(url)
    except ValidationError:
        raise ValueError(_("'{value}' is not a web address").format(value=text)) from None
    if len(url) > 500:
        raise ValueError(_("longer than {limit} characters").format(limit=500))
    return url


def parse_unit(text: str) -> OrganisationUnit:
    """An organisation unit by its ID, else its exact Chinese or English name."""
    units = OrganisationUnit.objects.all()
    found = list(units.filter(pk=int(text))) if text.isdigit() else []
    if not found:
        found = list(units.filter(name_zh_hans=text)) or list(units.filter(name_en=text))
    if len(found) != 1:
        if found:
            raise ValueError(_("several units are named '{value}'; give its ID").format(value=text))
        raise ValueError(_("no unit has the ID or name '{value}'").format(value=text))
    return found[0]


def default_unit(actor: Any) -> OrganisationUnit | None:
    """The owning unit of a row without one: the actor's own unit, or the only one they
    may own records for (``None`` when there is neither)."""
    units = owner_units(actor, OrganisationUnit.objects.all())
    own: OrganisationUnit | None = getattr(actor, "unit", None)
    if own is not None and units.filter(pk=own.pk).exists():
        return own
    only = list(units[:2])
    return only[0] if len(only) == 1 else None


def may_own(actor: Any, unit: OrganisationUnit) -> bool:
    """Whether ``actor`` may add records owned by ``unit``."""
    return owner_units(actor, OrganisationUnit.objects.filter(pk=unit.pk)).exists()


def owner_columns(
    parse_visibility: Callable[[str], Any], visibility_help: Any = None, example: str = "public"
) -> tuple[Column, Column]:
    """The ``owner_unit`` and ``visibility`` columns of an owned record's import
    (``visibility_help`` replaces the visibility column's help text, ``example`` its value
    in the template's example row)."""
    return (
        Column(
            "owner_unit",
            gettext_lazy("Owning unit: its ID or exact name (default: your own unit)"),
            aliases=("所属单位", "归属单位", "owner unit"),
            parse=parse_unit,
            empty=None,
        ),
        Column(
            "visibility",
            visibility_help
            or gettext_lazy("Visibility: public, shared or internal (default: internal)"),
            aliases=("可见范围", "公开范围"),
            parse=parse_visibility,
            empty=None,
            example=example,
        ),
    )


def may_see(actor: Any, record: Any) -> bool:
    """Whether ``actor`` may see the stored ``record`` (the rule of ``visible``)."""
    return visible(actor, type(record).objects.filter(pk=record.pk)).exists()


def write_date(value: datetime.date | None) -> str:
    """A date as :func:`datetime.date.isoformat` writes it, or ``""``."""
    return value.isoformat() if value else ""


def write_number(value: Decimal | int | None) -> str:
    """A number as text, or ``""`` for ``None``."""
    return "" if value is None else str(value)


def write_list(values: Any) -> str:
    """Texts joined as :func:`split_list` reads them back."""
    return "; ".join(values or [])


def rule_errors(
    model: Any, existing: Any | None, fields: Mapping[str, Any], field_of: Mapping[str, str]
) -> dict[str, list[str]]:
    """What a model's own rules (``clean``) say about ``fields`` set on ``existing`` (or
    on a new ``model()``), keyed by import column (``field_of``: column → field; other
    fields' messages under ``__all__``). Empty when the record is fine."""
    candidate = copy.copy(existing) if existing is not None else model()
    for name, value in fields.items():
        setattr(candidate, name, value)
    try:
        candidate.clean()
    except ValidationError as error:
        column_of = {field: column for column, field in field_of.items()}
        found: dict[str, list[str]] = {}
        for name, messages in error.message_dict.items():
            found.setdefault(column_of.get(name, "__all__"), []).extend(messages)
        return found
    return {}


class CountryParser:
    """Countries by ISO code or Chinese or English name, from one resolver per run.

    Set :attr:`tell_codes` to say "not a known country code" for a value written like
    a code.
    """

    _resolver: CountryResolver | None = None
    #: Whether a value that looks like a code gets its own message.
    tell_codes: bool = False

    @property
    def resolver(self) -> CountryResolver:
        """The run's resolver, made on first use."""
        if self._resolver is None:
            self._resolver = CountryResolver()
        return self._resolver

    def parse_country(self, text: str) -> Country:
        """One country by code or name."""
        country, candidates = self.resolver.resolve(text)
        if country is not None:
            return country
        if candidates:
            raise ValueError(
                _("'{value}' matches several countries: {codes}").format(
                    value=text, codes=", ".join(c.iso2 for c in candidates)
                )
            )
        if self.tell_codes and self.resolver.looks_like_code(text):
            raise ValueError(_("'{value}' is not a known country code").format(value=text))
        raise ValueError(_("'{value}' is not a known country code or name").format(value=text))

    @staticmethod
    def split_items(text: str) -> list[str]:
        """The items of a list cell (:func:`split_list`; a spec may split otherwise)."""
        return split_list(text)

    def parse_countries(self, text: str) -> list[Country]:
        """Countries separated as :meth:`split_items` splits them, repeats left out."""
        found: list[Country] = []
        for part in self.split_items(text):
            country = self.parse_country(part)
            if country not in found:
                found.append(country)
        return found


class OwnedSpecMixin:
    """Who may import owned records, and the owner of a row that names none."""

    def may_import(self, actor: Any) -> bool:
        """Anyone who may own records for some unit."""
        return owner_units(actor, OrganisationUnit.objects.all()).exists()

    def default_unit(self, actor: Any) -> OrganisationUnit | None:
        """See :func:`default_unit`."""
        return default_unit(actor)

    def owner_of(self, actor: Any, fields: dict[str, Any]) -> OrganisationUnit:
        """Pop the row's owning unit from ``fields``, or give the default one.

        Raises:
            ValidationError: there is neither (a spec checks this before it writes).
        """
        owner: OrganisationUnit | None = fields.pop("owner_unit", None) or self.default_unit(actor)
        if owner is None:
            raise ValidationError({"owner_unit": [_("Choose the unit that will own this record.")]})
        return owner
