"""The plain data the partner engine reads and returns.

The engine knows organisations (:class:`Organisation`), the projects they took part
in (:class:`HistoryProject`, the history), and answers a :class:`PartnerQuery` (a
project being planned: its title, description and the partners already in it) with
ranked :class:`Suggestion` objects, each carrying the :class:`Reason` objects that
explain it as structured data (a code and values), so a page can render them in any
language and a command line in short English.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "HistoryProject",
    "Organisation",
    "Participant",
    "PartnerQuery",
    "Reason",
    "ReasonValue",
    "Suggestion",
    "Weights",
]

#: What a reason's values may hold (JSON-friendly).
ReasonValue = str | int | float | list[str] | list[int]


@dataclass(frozen=True, slots=True)
class Organisation:
    """A candidate partner.

    Attributes:
        id: the organisation's key (the database pk on the platform).
        name: the name to show (English where there is one).
        country: ISO 3166-1 alpha-2 code, upper case, or empty.
        kind: the organisation kind (``university``, ``company`` ...), or empty.
        other_names: further names it is known by (Chinese name, name in its own
            language, aliases, acronyms): used to recognise a partner given by name.
    """

    id: int
    name: str
    country: str = ""
    kind: str = ""
    other_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HistoryProject:
    """A past project: its texts and who took part (organisation ids)."""

    id: int
    title: str
    text: str = ""
    participants: tuple[int, ...] = ()
    coordinators: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Participant:
    """A partner already in the planned consortium, as the user names it."""

    name: str
    country: str = ""


@dataclass(frozen=True, slots=True)
class PartnerQuery:
    """A planned project: what it is about, who is in it, what partners are wanted.

    Attributes:
        title, description: the project's texts (any language).
        participants: partners already in the consortium.
        countries: when not empty, only organisations from these countries are suggested.
        kinds: when not empty, only organisations of these kinds are suggested.
        exclude_org_ids: organisations never suggested (besides the participants).
        exclude_project_ids: history projects ignored for this query (the project itself
            when suggesting partners for a recorded project, or a held-out one).
    """

    title: str
    description: str = ""
    participants: tuple[Participant, ...] = ()
    countries: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    exclude_org_ids: frozenset[int] = frozenset()
    exclude_project_ids: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Reason:
    """Why an organisation was suggested: a code and its values.

    Codes: ``topic`` (``similar_projects``: titles of its most similar past projects),
    ``network`` (``worked_with``: names of consortium partners it worked with, ``times``:
    shared projects), ``network_2hop`` (``via``: partners of the consortium it worked
    with), ``track_record`` (``projects``, ``coordinated``), ``new_country``
    (``country``: a country not yet in the consortium).
    """

    code: str
    values: dict[str, ReasonValue] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """``{"code": ..., **values}``, for JSON."""
        return {"code": self.code, **self.values}


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One ranked organisation with its score and reasons (strongest first)."""

    org_id: int
    name: str
    country: str
    score: float
    reasons: tuple[Reason, ...] = ()
    components: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Weights:
    """How the evidence is combined; each component is scaled to 0..1 per query.

    The defaults were fitted by grid search on the even-numbered half of the held-out
    FP7 queries (``python benchmarks/bench_partners.py --fit``; MRR 0.065 there, 0.045 on
    the other half): on that data the collaboration network carries most of the signal,
    topic fit breaks its ties, and track record, two-hop neighbours, new countries and
    sentence vectors (FP7 gives English titles only) did not help. The platform adds a
    dense share for Chinese-English matching (:data:`stcoop.projects.partners.WEIGHTS`).

    Attributes:
        topic: text similarity of the query to the organisation's past projects.
        track_record: log-damped number of past projects (coordinations count double).
        network: log-damped number of projects shared with consortium partners.
        network_2hop: partners of the consortium's partners.
        new_country: the organisation's country is not in the consortium yet.
        dense_share: share of the dense (cross-lingual) similarity in the topic score;
            the rest is lexical (BM25). Ignored when the index has no vectors.
        topic_power: how close to "best single project" (large) rather than "sum over
            projects" (1) an organisation's topic score is.
    """

    topic: float = 1.0
    track_record: float = 0.0
    network: float = 4.0
    network_2hop: float = 0.0
    new_country: float = 0.0
    dense_share: float = 0.0
    topic_power: float = 4.0
