"""Checks and normal forms of organisation identifiers (plain Python, no Django).

* ROR: ``0`` + 6 Crockford base-32 characters + a 2-digit ISO 7064 mod 97-10 checksum;
  ``https://ror.org/`` (or ``ror.org/``) in front is removed.
* USCC (统一社会信用代码, GB 32100-2015): 18 characters from ``0-9A-HJ-NPQRTUWXY``, the
  last a check character computed from the first 17.
* PIC (EU Participant Identification Code): 9 digits.
* Norwegian organisation number (Brønnøysund Register Centre): 9 digits, the last a
  modulus-11 check digit (weights 3 2 7 6 5 4 3 2); spaces removed.
* ISNI: 16 characters (15 digits and a digit or ``X``); spaces removed.
* GRID: ``grid.`` followed by digits, a dot and a suffix. Wikidata: ``Q`` + digits.
  FundRef (Crossref Funder ID): digits, the ``10.13039/`` prefix removed.

:func:`normalise` returns the stored form of a value or raises :class:`IdentifierError`
with a message in English (the caller translates it).
"""

from __future__ import annotations

import re

ROR_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base 32, lower case
_ROR_RE = re.compile(r"^0[0-9a-hjkmnp-tv-z]{6}[0-9]{2}$")
_ROR_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?ror\.org/", re.IGNORECASE)

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

_PIC_RE = re.compile(r"^[0-9]{9}$")
_ISNI_RE = re.compile(r"^[0-9]{15}[0-9X]$")
_GRID_RE = re.compile(r"^grid\.[0-9]+\.[0-9a-z]+$")
_WIKIDATA_RE = re.compile(r"^Q[1-9][0-9]*$")
_FUNDREF_RE = re.compile(r"^[0-9]{6,15}$")


def gettext_noop(message: str) -> str:
    """Mark ``message`` for the translation catalogue; callers translate it with gettext."""
    return message


class IdentifierError(ValueError):
    """A value that is not a valid identifier of its scheme."""


def ror_checksum(prefix: str) -> str:
    """The two check digits of a ROR ID whose first 7 characters are ``prefix``."""
    number = 0
    for char in prefix:
        number = number * 32 + ROR_ALPHABET.index(char)
    return f"{98 - (number * 100) % 97:02d}"


def normalise_ror(value: str) -> str:
    """``https://ror.org/02xyz1234`` or ``02XYZ1234`` → ``02xyz1234``, checked."""
    text = _ROR_PREFIX.sub("", value.strip()).strip("/").lower()
    if not _ROR_RE.match(text):
        raise IdentifierError(
            gettext_noop("A ROR ID is 9 characters: 0, six letters or digits, two check digits.")
        )
    if ror_checksum(text[:7]) != text[7:]:
        raise IdentifierError(gettext_noop("The check digits of this ROR ID are wrong."))
    return text


def uscc_check_character(first17: str) -> str:
    """The 18th character of a unified social credit code (GB 32100-2015)."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def normalise_uscc(value: str) -> str:
    """Upper case, spaces removed; 18 characters whose last is the right check character."""
    text = re.sub(r"\s+", "", value).upper()
    if len(text) != 18 or any(c not in USCC_ALPHABET for c in text):
        raise IdentifierError(
            gettext_noop(
                "A unified social credit code is 18 digits and capital letters "
                "(not I, O, S, V or Z)."
            )
        )
    if uscc_check_character(text[:17]) != text[17]:
        raise IdentifierError(
            gettext_noop("The check character of this unified social credit code is wrong.")
        )
    return text


def normalise_pic(value: str) -> str:
    text = re.sub(r"\s+", "", value)
    if not _PIC_RE.match(text):
        raise IdentifierError(gettext_noop("A PIC is 9 digits."))
    return text


BRREG_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def brreg_check_digit(first8: str) -> int | None:
    """The check digit of a Norwegian organisation number, ``None`` when there is none."""
    rest = 11 - sum(int(c) * w for c, w in zip(first8, BRREG_WEIGHTS, strict=True)) % 11
    if rest == 11:
        return 0
    return None if rest == 10 else rest


def normalise_brreg(value: str) -> str:
    """``919 303 808`` → ``919303808``, checked."""
    text = re.sub(r"\s+", "", value)
    if not _PIC_RE.match(text):
        raise IdentifierError(gettext_noop("A Norwegian organisation number is 9 digits."))
    if brreg_check_digit(text[:8]) != int(text[8]):
        raise IdentifierError(
            gettext_noop("The check digit of this Norwegian organisation number is wrong.")
        )
    return text


def normalise_isni(value: str) -> str:
    text = re.sub(r"[\s-]+", "", value).upper()
    text = re.sub(r"^(?:HTTPS?://)?(?:WWW\.)?ISNI\.ORG/(?:ISNI/)?", "", text)
    if not _ISNI_RE.match(text):
        raise IdentifierError(gettext_noop("An ISNI is 16 characters: 15 digits and a digit or X."))
    return text


def normalise_grid(value: str) -> str:
    text = value.strip().lower()
    if not _GRID_RE.match(text):
        raise IdentifierError(gettext_noop("A GRID ID looks like grid.1234.5."))
    return text


def normalise_wikidata(value: str) -> str:
    text = value.strip()
    text = re.sub(r"^(?:https?://)?(?:www\.)?wikidata\.org/(?:wiki|entity)/", "", text)
    text = text.upper()
    if not _WIKIDATA_RE.match(text):
        raise IdentifierError(gettext_noop("A Wikidata ID is Q followed by digits."))
    return text


def normalise_fundref(value: str) -> str:
    text = value.strip()
    text = re.sub(r"^(?:https?://)?(?:dx\.)?(?:doi\.org/)?10\.13039/", "", text)
    if not _FUNDREF_RE.match(text):
        raise IdentifierError(gettext_noop("A FundRef (Crossref funder) ID is a number."))
    return text


def normalise_other(value: str) -> str:
    text = value.strip()
    if not text:
        raise IdentifierError(gettext_noop("Give the identifier."))
    return text


NORMALISERS = {
    "ror": normalise_ror,
    "uscc": normalise_uscc,
    "pic": normalise_pic,
    "brreg": normalise_brreg,
    "isni": normalise_isni,
    "grid": normalise_grid,
    "wikidata": normalise_wikidata,
    "fundref": normalise_fundref,
    "other": normalise_other,
}

#: Where the identifier of each scheme can be looked up (``{}`` is the value).
LINKS = {
    "ror": "https://ror.org/{}",
    "isni": "https://isni.org/isni/{}",
    "grid": "https://www.grid.ac/institutes/{}",
    "wikidata": "https://www.wikidata.org/wiki/{}",
    "fundref": "https://doi.org/10.13039/{}",
    "brreg": "https://data.brreg.no/enhetsregisteret/oppslag/enheter/{}",
}


def normalise(scheme: str, value: str) -> str:
    """The stored form of ``value`` in ``scheme``.

    Raises:
        IdentifierError: ``value`` is not a valid identifier of ``scheme``, or the scheme
            is unknown.
    """
    try:
        normaliser = NORMALISERS[scheme]
    except KeyError:
        raise IdentifierError(f"Unknown identifier scheme: {scheme}") from None
    return normaliser(value)


def link(scheme: str, value: str) -> str:
    """A web address for the identifier, or ``""`` when the scheme has none."""
    pattern = LINKS.get(scheme)
    return pattern.format(value) if pattern else ""
