"""Partner suggestions: which organisations would complete a planned consortium.

Plain Python (no Django). Build a :class:`PartnerIndex` from organisations and their
past projects, then ask :meth:`PartnerIndex.suggest` for a :class:`PartnerQuery`::

    index = PartnerIndex.build(organisations, projects, encoder=default_encoder())
    for s in index.suggest(PartnerQuery(title="...", participants=(...)), k=10):
        print(s.name, s.score, [reason_text(r) for r in s.reasons])

Ranking uses topic fit, track record, the collaboration network and country
complementarity (see :mod:`stcoop.engines.partners.index`).
"""

from stcoop.engines.partners.explain import reason_text
from stcoop.engines.partners.index import PartnerIndex, QueryEvidence, combine, top_rows
from stcoop.engines.partners.jsonl import QueryLineError, output_line, parse_query_line
from stcoop.engines.partners.metrics import mean, recall_at_k, reciprocal_rank
from stcoop.engines.partners.model import (
    HistoryProject,
    Organisation,
    Participant,
    PartnerQuery,
    Reason,
    Suggestion,
    Weights,
)
from stcoop.engines.partners.names import NameResolver, name_key

__all__ = [
    "HistoryProject",
    "NameResolver",
    "Organisation",
    "Participant",
    "PartnerIndex",
    "PartnerQuery",
    "QueryEvidence",
    "QueryLineError",
    "Reason",
    "Suggestion",
    "Weights",
    "combine",
    "mean",
    "name_key",
    "output_line",
    "parse_query_line",
    "reason_text",
    "recall_at_k",
    "reciprocal_rank",
    "top_rows",
]
