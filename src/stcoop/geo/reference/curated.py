"""Dated membership changes the packages do not record, kept in ``geo/data``.

``worldcountrygroups`` gives each grouping's members as one undated list, as of when
the package was made. ``membership_updates.csv`` adds what the platform knows beyond
that: when members joined, who left (a ``valid_to``), and changes after the package's
edition. Each row names its source. A row for a country replaces the package's undated
row for that country in that grouping; a country with no package row is added.
"""

from __future__ import annotations

import csv
import datetime
import functools
import importlib.resources
from dataclasses import dataclass

UPDATES_FILE = "membership_updates.csv"


@dataclass(frozen=True)
class MembershipUpdate:
    """One dated membership of a country in a grouping, with its source."""

    grouping: str
    iso2: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    note: str
    source: str

    @property
    def full_note(self) -> str:
        """The note with its source, as stored on the membership."""
        return f"{self.note} (source: {self.source})" if self.source else self.note


def _date(value: str) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value.strip() else None


@functools.cache
def membership_updates() -> tuple[MembershipUpdate, ...]:
    """Every row of ``membership_updates.csv``."""
    resource = importlib.resources.files("stcoop.geo").joinpath("data", UPDATES_FILE)
    with resource.open("r", encoding="utf-8") as handle:
        return tuple(
            MembershipUpdate(
                grouping=row["grouping"].strip(),
                iso2=row["iso2"].strip().upper(),
                valid_from=_date(row["valid_from"]),
                valid_to=_date(row["valid_to"]),
                note=row["note"].strip(),
                source=row["source"].strip(),
            )
            for row in csv.DictReader(handle)
        )


def updates_for(grouping: str) -> list[MembershipUpdate]:
    """The curated rows of one grouping."""
    return [update for update in membership_updates() if update.grouping == grouping]
