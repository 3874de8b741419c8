"""The line formats of ``stcoop suggest-partners``: queries in, suggestions out.

An input line is ``{"id", "title", "description", "participants": [{"name",
"country"}]}`` (``description``, ``participants`` and ``countries``, a list of ISO
codes the partners must come from, are optional); an output line is ``{"id",
"suggestions": [{"org_id", "name", "country", "score", "reasons": [text, ...]}]}``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from stcoop.engines.partners.explain import reason_text
from stcoop.engines.partners.model import Participant, PartnerQuery, Suggestion

__all__ = ["QueryLineError", "output_line", "parse_query_line"]


class QueryLineError(ValueError):
    """An input line that is not a valid query; the message names the line and field."""


def _text(value: Any, where: str, *, required: bool = False) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        kind = "a non-empty text" if required else "a text"
        raise QueryLineError(f"{where} must be {kind}")
    return value


def parse_query_line(line: str, number: int) -> tuple[str | int, PartnerQuery]:
    """``(id, query)`` read from one input line.

    Raises:
        QueryLineError: the line is not a JSON object of the expected shape (the
            message starts with ``line <number>``).
    """
    where = f"line {number}"
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise QueryLineError(f"{where}: not valid JSON ({error.msg})") from None
    if not isinstance(data, dict):
        raise QueryLineError(f"{where}: expected a JSON object")
    query_id = data.get("id")
    if not isinstance(query_id, (str, int)) or isinstance(query_id, bool) or query_id == "":
        raise QueryLineError(f"{where}: 'id' must be a text or a number")
    title = _text(data.get("title"), f"{where}: 'title'")
    description = _text(data.get("description"), f"{where}: 'description'")
    if not (title.strip() or description.strip()):
        raise QueryLineError(f"{where}: give a 'title' or a 'description'")
    raw = data.get("participants")
    raw = [] if raw is None else raw
    if not isinstance(raw, list):
        raise QueryLineError(f"{where}: 'participants' must be a list")
    participants = []
    for i, item in enumerate(raw, start=1):
        at = f"{where}: participant {i}"
        if not isinstance(item, dict):
            raise QueryLineError(f"{at} must be an object with 'name' and 'country'")
        name = _text(item.get("name"), f"{at} 'name'", required=True)
        country = _text(item.get("country"), f"{at} 'country'").strip().upper()
        participants.append(Participant(name=name, country=country))
    countries = data.get("countries")
    countries = [] if countries is None else countries
    if not isinstance(countries, list) or not all(isinstance(c, str) for c in countries):
        raise QueryLineError(f"{where}: 'countries' must be a list of country codes")
    query = PartnerQuery(
        title=title,
        description=description,
        participants=tuple(participants),
        countries=frozenset(c.strip().upper() for c in countries if c.strip()),
    )
    return query_id, query


def output_line(query_id: str | int, suggestions: Sequence[Suggestion]) -> str:
    """One output line (JSON, no newline) for ``suggestions``."""
    return json.dumps(
        {
            "id": query_id,
            "suggestions": [
                {
                    "org_id": s.org_id,
                    "name": s.name,
                    "country": s.country,
                    "score": s.score,
                    "reasons": [reason_text(r) for r in s.reasons],
                }
                for s in suggestions
            ],
        },
        ensure_ascii=False,
    )
