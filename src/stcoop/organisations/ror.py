"""Reading ROR dumps (plain Python, no Django): schema v1 and v2, JSONL, JSONL.gz or JSON.

:func:`read_ror_file` yields the raw records of a file; :func:`parse_ror_record` turns one
into a :class:`RorRecord` (the fields STCoop keeps) or raises :class:`RorSkip` with the
reason the record cannot be used. The Django side lives in
:mod:`stcoop.organisations.imports`.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from stcoop.organisations.identifiers import IdentifierError, normalise, normalise_ror

#: ROR organisation types → STCoop kinds, most specific first (a record takes the first
#: of its types in this order).
ROR_TYPE_KINDS: tuple[tuple[str, str], ...] = (
    ("education", "university"),
    ("healthcare", "healthcare"),
    ("company", "company"),
    ("government", "government"),
    ("facility", "facility"),
    ("nonprofit", "nonprofit"),
    ("funder", "funder"),
    ("archive", "other"),
    ("other", "other"),
)

#: ROR external-ID types → STCoop schemes; other types become ``other`` as ``TYPE:value``.
ROR_ID_SCHEMES = {"grid": "grid", "isni": "isni", "wikidata": "wikidata", "fundref": "fundref"}

STATUSES = ("active", "inactive", "withdrawn")
CHINESE = ("zh", "zh-hans", "zh-cn")

NAME_LIMIT = 500


class RorSkip(ValueError):
    """A record that cannot be imported; the message says why."""


@dataclass
class RorRecord:
    """What STCoop keeps of one ROR record."""

    ror_id: str
    schema: int
    name_en: str
    name_zh_hans: str = ""
    name_original: str = ""
    name_language: str = ""
    acronyms: list[str] = field(default_factory=list)
    aliases: list[dict[str, str]] = field(default_factory=list)
    kind: str = "other"
    country_code: str = ""
    city: str = ""
    website: str = ""
    status: str = "active"
    established: int | None = None
    parent_ror_ids: list[str] = field(default_factory=list)
    external_ids: list[tuple[str, str]] = field(default_factory=list)


# ---------------------------------------------------------------- files
def read_ror_file(path: str | Path) -> Iterator[dict[str, Any]]:
    """Yield the records of a ROR dump: JSON lines or a JSON array, gzipped or not.

    Raises:
        ValueError: a line or the file is not valid JSON (the line number is named).
    """
    path = Path(path)
    with path.open("rb") as raw:
        head = raw.read(2)
    opener: Any = gzip.open if head == b"\x1f\x8b" else open
    with opener(path, "rb") as binary:
        text: IO[str] = io.TextIOWrapper(binary, encoding="utf-8")
        first = _first_char(text)
        if first == "[":
            try:
                records = json.load(text)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path.name}: not valid JSON ({error})") from None
            for record in records:
                if isinstance(record, dict):
                    yield record
            return
        for number, line in enumerate(text, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path.name}, line {number}: not valid JSON ({error})") from None
            if isinstance(record, dict):
                yield record


def _first_char(text: IO[str]) -> str:
    """Peek at the first non-blank character, then rewind."""
    position = text.tell()
    while True:
        char = text.read(1)
        if not char or not char.isspace():
            break
    text.seek(position)
    return char


# ---------------------------------------------------------------- records
def _clean(value: Any, limit: int = NAME_LIMIT) -> str:
    return str(value).strip()[:limit] if value else ""


def _lang(value: Any) -> str:
    return str(value).strip().lower() if value else ""


def _kind(types: Any) -> str:
    lowered = {str(t).lower() for t in types or ()}
    for ror_type, kind in ROR_TYPE_KINDS:
        if ror_type in lowered:
            return kind
    return "other"


def _status(value: Any) -> str:
    status = _lang(value)
    return status if status in STATUSES else "active"


def _established(value: Any) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 1000 <= year <= 2100 else None


def _add_alias(record: RorRecord, name: Any, language: str) -> None:
    name = _clean(name)
    if not name or name in {record.name_en, record.name_zh_hans, record.name_original}:
        return
    if any(alias["name"] == name for alias in record.aliases):
        return
    record.aliases.append({"name": name, "language": language})


def _add_id(record: RorRecord, kind: str, value: Any) -> None:
    scheme = ROR_ID_SCHEMES.get(kind.lower(), "other")
    text = str(value).strip()
    if not text:
        return
    if scheme == "other":
        text = f"{kind}:{text}"
    try:
        normalised = normalise(scheme, text)
    except IdentifierError:
        return
    if (scheme, normalised) not in record.external_ids:
        record.external_ids.append((scheme, normalised))


def _labels(record: RorRecord, labels: list[tuple[Any, str]]) -> None:
    """Chinese labels fill the Chinese name; the first other non-English label is the
    name in the organisation's own language; the rest become aliases."""
    for name, language in labels:
        name = _clean(name)
        if not name:
            continue
        if language in CHINESE and not record.name_zh_hans:
            record.name_zh_hans = name
        elif language not in ("en", *CHINESE) and not record.name_original:
            record.name_original = name
            record.name_language = language
        else:
            _add_alias(record, name, language)


def _parse_v1(raw: dict[str, Any], ror_id: str) -> RorRecord:
    name = _clean(raw.get("name"))
    if not name:
        raise RorSkip("no name")
    record = RorRecord(ror_id=ror_id, schema=1, name_en=name)
    _labels(
        record, [(item.get("label"), _lang(item.get("iso639"))) for item in raw.get("labels") or []]
    )
    for alias in raw.get("aliases") or []:
        _add_alias(record, alias, "")
    record.acronyms = [_clean(a, 100) for a in raw.get("acronyms") or [] if _clean(a, 100)]
    record.kind = _kind(raw.get("types"))
    record.country_code = _clean((raw.get("country") or {}).get("country_code"), 2).upper()
    addresses = raw.get("addresses") or []
    if addresses and isinstance(addresses[0], dict):
        record.city = _clean(addresses[0].get("city"), 200)
    links = raw.get("links") or []
    record.website = _clean(links[0], 500) if links else ""
    record.status = _status(raw.get("status"))
    record.established = _established(raw.get("established"))
    record.parent_ror_ids = _parents(raw.get("relationships"))
    for kind, ids in (raw.get("external_ids") or {}).items():
        values = (ids or {}).get("all") or []
        for value in [values] if isinstance(values, str) else values:
            _add_id(record, kind, value)
    return record


def _parse_v2(raw: dict[str, Any], ror_id: str) -> RorRecord:
    names = [n for n in raw.get("names") or [] if isinstance(n, dict)]
    display = next((n for n in names if "ror_display" in (n.get("types") or ())), None)
    if display is None:
        display = next((n for n in names if "label" in (n.get("types") or ())), None)
    name = _clean(display.get("value")) if display else ""
    if not name:
        raise RorSkip("no name")
    record = RorRecord(ror_id=ror_id, schema=2, name_en=name)
    labels = [
        (n.get("value"), _lang(n.get("lang")))
        for n in names
        if n is not display and "label" in (n.get("types") or ())
    ]
    _labels(record, labels)
    for item in names:
        types = item.get("types") or ()
        if "acronym" in types:
            acronym = _clean(item.get("value"), 100)
            if acronym and acronym not in record.acronyms:
                record.acronyms.append(acronym)
        elif "alias" in types:
            _add_alias(record, item.get("value"), _lang(item.get("lang")))
    record.kind = _kind(raw.get("types"))
    locations = raw.get("locations") or []
    if locations and isinstance(locations[0], dict):
        details = locations[0].get("geonames_details") or {}
        record.country_code = _clean(details.get("country_code"), 2).upper()
        record.city = _clean(details.get("name"), 200)
    for item in raw.get("links") or []:
        if isinstance(item, dict) and item.get("type") == "website" and item.get("value"):
            record.website = _clean(item["value"], 500)
            break
    record.status = _status(raw.get("status"))
    record.established = _established(raw.get("established"))
    record.parent_ror_ids = _parents(raw.get("relationships"))
    for item in raw.get("external_ids") or []:
        if not isinstance(item, dict):
            continue
        values = item.get("all") or []
        for value in [values] if isinstance(values, str) else values:
            _add_id(record, str(item.get("type") or "other"), value)
    return record


def _parents(relationships: Any) -> list[str]:
    parents: list[str] = []
    for item in relationships or []:
        if isinstance(item, dict) and str(item.get("type", "")).lower() == "parent":
            try:
                parents.append(normalise_ror(str(item.get("id", ""))))
            except IdentifierError:
                continue
    return parents


def parse_ror_record(raw: dict[str, Any]) -> RorRecord:
    """The fields STCoop keeps of one ROR record (schema v1 or v2, detected per record).

    Raises:
        RorSkip: the record has no valid ROR ID or no name.
    """
    try:
        ror_id = normalise_ror(str(raw.get("id") or ""))
    except IdentifierError:
        raise RorSkip("no valid ROR ID") from None
    if "names" in raw:
        return _parse_v2(raw, ror_id)
    return _parse_v1(raw, ror_id)
