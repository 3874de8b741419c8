"""A set of organisations to match against; reads ROR dumps (schema v1 and v2 mixed)."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from stcoop.engines.orgmatch.model import OrgName, OrgRecord

__all__ = ["Registry", "parse_ror_record", "read_ror_dump"]

_ROR_PREFIX = "https://ror.org/"


def _ror_id(value: Any) -> str | None:
    text = str(value or "").strip()
    if not text:
        return None
    tail = text.rstrip("/").rsplit("/", 1)[-1].lower()
    if len(tail) != 9 or not tail.isalnum():
        return None
    return _ROR_PREFIX + tail


def _lang(value: Any) -> str | None:
    text = str(value or "").strip().lower()
    if not text:
        return None
    return "zh" if text.startswith("zh") else text


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())[:500]


def _parse_v2(raw: dict[str, Any], ror_id: str) -> OrgRecord | None:
    names: list[OrgName] = []
    for item in raw.get("names") or ():
        if not isinstance(item, dict):
            continue
        text = _text(item.get("value"))
        if not text:
            continue
        types = item.get("types") or ()
        if "ror_display" in types:
            kind = "display"
        elif "label" in types:
            kind = "label"
        elif "acronym" in types:
            kind = "acronym"
        else:
            kind = "alias"
        names.append(OrgName(text, _lang(item.get("lang")), kind))
    if not names:
        return None
    country = city = None
    for location in raw.get("locations") or ():
        details = (location or {}).get("geonames_details") or {}
        country = (str(details.get("country_code") or "").upper() or None) if details else None
        city = _text(details.get("name")) or None
        break
    parents, children = _relations(raw.get("relationships"))
    return OrgRecord(
        id=ror_id,
        names=tuple(names),
        country=country,
        city=city,
        types=tuple(str(t).lower() for t in raw.get("types") or ()),
        parent_ids=parents,
        child_ids=children,
        ror_id=ror_id,
        active=str(raw.get("status") or "active").lower() == "active",
    )


def _parse_v1(raw: dict[str, Any], ror_id: str) -> OrgRecord | None:
    name = _text(raw.get("name"))
    if not name:
        return None
    names = [OrgName(name, None, "display")]
    for label in raw.get("labels") or ():
        if isinstance(label, dict) and _text(label.get("label")):
            names.append(OrgName(_text(label.get("label")), _lang(label.get("iso639")), "label"))
    names.extend(OrgName(_text(a), None, "alias") for a in raw.get("aliases") or () if _text(a))
    names.extend(OrgName(_text(a), None, "acronym") for a in raw.get("acronyms") or () if _text(a))
    country = str((raw.get("country") or {}).get("country_code") or "").upper() or None
    city = None
    for address in raw.get("addresses") or ():
        if isinstance(address, dict):
            city = _text(address.get("city")) or None
            break
    parents, children = _relations(raw.get("relationships"))
    return OrgRecord(
        id=ror_id,
        names=tuple(names),
        country=country,
        city=city,
        types=tuple(str(t).lower() for t in raw.get("types") or ()),
        parent_ids=parents,
        child_ids=children,
        ror_id=ror_id,
        active=str(raw.get("status") or "active").lower() == "active",
    )


def _relations(items: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    parents: list[str] = []
    children: list[str] = []
    for item in items or ():
        if not isinstance(item, dict):
            continue
        other = _ror_id(item.get("id"))
        kind = str(item.get("type") or "").lower()
        if other is None:
            continue
        if kind == "parent":
            parents.append(other)
        elif kind == "child":
            children.append(other)
    return tuple(parents), tuple(children)


def parse_ror_record(raw: dict[str, Any]) -> OrgRecord | None:
    """One ROR record (schema v1 or v2, detected per record); None when unusable."""
    ror_id = _ror_id(raw.get("id"))
    if ror_id is None:
        return None
    if "names" in raw:
        return _parse_v2(raw, ror_id)
    return _parse_v1(raw, ror_id)


def read_ror_dump(path: Path) -> Iterator[dict[str, Any]]:
    """The raw records of a ROR dump: JSON lines or a JSON array, gzipped or not.

    Raises:
        ValueError: the file is not valid JSON (the line is named).
        OSError: the file cannot be read.
    """
    path = Path(path)
    with path.open("rb") as raw:
        gzipped = raw.read(2) == b"\x1f\x8b"
    binary: IO[bytes] = gzip.open(path, "rb") if gzipped else path.open("rb")  # type: ignore[assignment]
    with binary, io.TextIOWrapper(binary, encoding="utf-8-sig") as text:
        try:
            head = text.read(1)
            while head and head.isspace():
                head = text.read(1)
        except (UnicodeDecodeError, gzip.BadGzipFile, EOFError) as error:
            raise ValueError(f"{path.name}: cannot read ({error})") from None
        if head == "[":
            try:
                records = json.loads(head + text.read())
            except (json.JSONDecodeError, UnicodeDecodeError) as error:
                raise ValueError(f"{path.name}: not valid JSON ({error})") from None
            if not isinstance(records, list):
                raise ValueError(f"{path.name}: expected a JSON array of records")
            yield from (r for r in records if isinstance(r, dict))
            return
        number = 0
        try:
            pending = head
            for number, line in enumerate(text, start=1):
                line = pending + line
                pending = ""
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    raise ValueError(
                        f"{path.name}, line {number}: not valid JSON ({error.msg})"
                    ) from None
                if isinstance(record, dict):
                    yield record
            if pending.strip():
                raise ValueError(f"{path.name}: not valid JSON")
        except (UnicodeDecodeError, gzip.BadGzipFile, EOFError) as error:
            raise ValueError(f"{path.name}, line {number + 1}: cannot read ({error})") from None


class Registry:
    """Organisations by id, with parent/child links completed in both directions."""

    def __init__(self, records: Iterable[OrgRecord]) -> None:
        self._records: dict[str, OrgRecord] = {}
        for record in records:
            self._records[record.id] = record
        self.children: dict[str, set[str]] = {}
        self.parents: dict[str, set[str]] = {}
        for record in self._records.values():
            for parent in record.parent_ids:
                self.parents.setdefault(record.id, set()).add(parent)
                self.children.setdefault(parent, set()).add(record.id)
            for child in record.child_ids:
                self.children.setdefault(record.id, set()).add(child)
                self.parents.setdefault(child, set()).add(record.id)
        self.by_ror: dict[str, str] = {
            r.ror_id: r.id for r in self._records.values() if r.ror_id is not None
        }

    @classmethod
    def from_ror_dump(cls, path: Path) -> Registry:
        """Read a ROR dump (.jsonl, .jsonl.gz, .json or .json.gz; schema v1 and v2).
        Withdrawn records are left out; inactive ones are kept with ``active=False``.

        Raises:
            ValueError: the file is not a readable ROR dump.
            OSError: the file cannot be opened.
        """
        records = [
            record
            for raw in read_ror_dump(path)
            if str(raw.get("status") or "").lower() != "withdrawn"
            and (record := parse_ror_record(raw)) is not None
        ]
        return cls(records)

    def get(self, org_id: str) -> OrgRecord | None:
        """The record with this id (or with this ROR id), None when unknown."""
        record = self._records.get(org_id)
        if record is None and org_id in self.by_ror:
            record = self._records.get(self.by_ror[org_id])
        return record

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[OrgRecord]:
        return iter(self._records.values())

    def __contains__(self, org_id: object) -> bool:
        return isinstance(org_id, str) and self.get(org_id) is not None

    def ancestors(self, org_id: str) -> set[str]:
        """Every parent, grandparent, ... of ``org_id``."""
        seen: set[str] = set()
        stack = list(self.parents.get(org_id, ()))
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(self.parents.get(current, ()))
        return seen
