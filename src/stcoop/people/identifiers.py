"""ORCID iDs and DOIs: normal forms and checks.

* ORCID: 16 characters in four groups of four (``0000-0002-1825-0097``); the last is an
  ISO 7064 MOD 11-2 check character (``0``-``9`` or ``X``). Accepted with or without the
  ``https://orcid.org/`` prefix and with or without hyphens.
* DOI: ``10.<registrant>/<suffix>``; a ``https://doi.org/`` or ``doi:`` prefix is
  removed and the value lower-cased (DOIs are case-insensitive).
"""

from __future__ import annotations

import re

_ORCID_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?orcid\.org/", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:(?:https?://)?(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def gettext_noop(message: str) -> str:
    """Mark ``message`` for the translation catalogue; callers translate it on display."""
    return message


class IdentifierError(ValueError):
    """A malformed identifier; the message is a translatable English text."""


def orcid_check_character(base: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 15 digits of an ORCID iD."""
    total = 0
    for digit in base:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalise_orcid(value: str) -> str:
    """``value`` as ``0000-0002-1825-0097``.

    Raises:
        IdentifierError: not 16 characters, or the check character is wrong.
    """
    text = _ORCID_PREFIX.sub("", value.strip()).replace("-", "").replace(" ", "").upper()
    if not re.fullmatch(r"\d{15}[\dX]", text):
        raise IdentifierError(gettext_noop("An ORCID iD has 16 digits (the last may be X)."))
    if orcid_check_character(text[:15]) != text[15]:
        raise IdentifierError(gettext_noop("The check digit of this ORCID iD is wrong."))
    return "-".join(text[i : i + 4] for i in range(0, 16, 4))


def normalise_doi(value: str) -> str:
    """``value`` without a resolver prefix, lower-cased.

    Raises:
        IdentifierError: not of the form ``10.NNNN/suffix``.
    """
    text = _DOI_PREFIX.sub("", value.strip()).lower()
    if not _DOI.match(text):
        raise IdentifierError(gettext_noop("A DOI looks like 10.1234/abc."))
    return text
