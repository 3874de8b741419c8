"""The records the organisation matcher works on and the answers it gives."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MATCHING_TYPES", "NAME_KINDS", "OrgMatch", "OrgName", "OrgRecord"]

NAME_KINDS = ("display", "label", "alias", "acronym")
MATCHING_TYPES = (
    "EXACT",
    "PHRASE",
    "ACRONYM",
    "FUZZY",
    "CROSS-LINGUAL",
    "COMMON TERMS",
    "CORRECTION",
    "HEURISTICS",
)


@dataclass(frozen=True)
class OrgName:
    """One name of an organisation: its text, language (ISO 639-1 or None) and kind."""

    text: str
    language: str | None
    kind: str  # "display" | "label" | "alias" | "acronym"


@dataclass(frozen=True)
class OrgRecord:
    """An organisation as the matcher sees it (from a ROR dump or the platform)."""

    id: str
    names: tuple[OrgName, ...]
    country: str | None
    city: str | None = None
    types: tuple[str, ...] = ()
    parent_ids: tuple[str, ...] = ()
    child_ids: tuple[str, ...] = ()
    ror_id: str | None = None
    active: bool = True

    @property
    def display_name(self) -> str:
        """The display name, else the first label, else the first name, else the id."""
        for kind in ("display", "label"):
            for name in self.names:
                if name.kind == kind and name.text:
                    return name.text
        for name in self.names:
            if name.text:
                return name.text
        return self.id


@dataclass(frozen=True)
class OrgMatch:
    """One candidate organisation for an input string."""

    org_id: str
    score: float
    chosen: bool
    matching_type: str
    substring: str
    reasons: tuple[str, ...] = ()
