"""The partner index: who took part in what, what the projects were about, and the
ranking of organisations for a planned project.

Built once from the history (:meth:`PartnerIndex.build`), it answers
:meth:`PartnerIndex.suggest` with four kinds of evidence, each scaled to 0..1 over the
candidates of the query and combined with :class:`~stcoop.engines.partners.model.Weights`:

1. **topic**: BM25 (and, with an encoder, cosine similarity of multilingual sentence
   vectors) between the query and every past project; an organisation scores by a
   power mean of its projects' similarities (close to its best project);
2. **track record**: ``log(1 + projects + coordinations)``;
3. **network**: ``log(1 + projects shared with the consortium's partners)``, and,
   weaker, partners of those partners (two hops);
4. **new country**: the organisation's country is not in the consortium yet.

Projects named in ``exclude_project_ids`` count for nothing in any of these (the
project a query is about must not explain its own answer).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from stcoop.engines.encoder import Encoder
from stcoop.engines.partners.lexical import Bm25Matrix
from stcoop.engines.partners.model import (
    HistoryProject,
    Organisation,
    PartnerQuery,
    Reason,
    ReasonValue,
    Suggestion,
    Weights,
)
from stcoop.engines.partners.names import NameResolver
from stcoop.engines.text import tokens

__all__ = ["PartnerIndex", "QueryEvidence"]

FloatVector = NDArray[np.float64]
Tokenizer = Callable[[str], list[str]]

#: Titles of similar projects given as the topic reason.
SIMILAR_SHOWN = 3
#: Consortium partners named in a network reason.
PARTNERS_SHOWN = 3
#: A project's text (title + description) this long is enough to compare.
TEXT_CHARS = 2000


def _scaled(values: FloatVector) -> FloatVector:
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else np.zeros_like(values)


@dataclass
class QueryEvidence:
    """Every candidate's components for one query (arrays over organisations), and what
    the reasons are drawn from."""

    consortium: list[int]
    unresolved: list[str]
    project_similarity: FloatVector
    project_mask: FloatVector
    topic: FloatVector
    track_record: FloatVector
    network: FloatVector
    network_2hop: FloatVector
    new_country: FloatVector
    eligible: NDArray[np.bool_]


class PartnerIndex:
    """Organisations, their history and the text index over it (see the module)."""

    def __init__(
        self,
        organisations: Sequence[Organisation],
        projects: Sequence[HistoryProject],
        *,
        project_terms: Sequence[Sequence[str]],
        project_vectors: NDArray[np.float32] | None,
        encoder: Encoder | None,
        tokenizer: Tokenizer,
    ) -> None:
        self.organisations = list(organisations)
        self.projects = list(projects)
        self.org_row = {org.id: i for i, org in enumerate(self.organisations)}
        self.project_row = {p.id: j for j, p in enumerate(self.projects)}
        self.encoder = encoder
        self.tokenizer = tokenizer
        self.resolver = NameResolver(self.organisations)
        self.lexical = Bm25Matrix(project_terms)
        self.vectors = project_vectors
        rows: list[int] = []
        cols: list[int] = []
        coordination = np.zeros(len(self.organisations), dtype=np.float64)
        for j, project in enumerate(self.projects):
            members = sorted({self.org_row[o] for o in project.participants if o in self.org_row})
            rows.extend(members)
            cols.extend([j] * len(members))
            for o in set(project.coordinators):
                if o in self.org_row:
                    coordination[self.org_row[o]] += 1
        shape = (len(self.organisations), len(self.projects))
        #: organisation × project, 1 where the organisation took part.
        self.membership = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=shape, dtype=np.float64
        )
        self.membership_t = self.membership.T.tocsr()
        self.coordination = coordination
        self.countries = np.array([org.country for org in self.organisations], dtype=object)
        self.kinds = np.array([org.kind for org in self.organisations], dtype=object)

    @classmethod
    def build(
        cls,
        organisations: Sequence[Organisation],
        projects: Sequence[HistoryProject],
        *,
        encoder: Encoder | None = None,
        tokenizer: Tokenizer = tokens,
        project_vectors: NDArray[np.float32] | None = None,
    ) -> PartnerIndex:
        """Index ``projects`` (their participants must be ids of ``organisations``;
        others are ignored).

        Args:
            organisations: the candidates, and the organisations partners are named from.
            projects: the history.
            encoder: encodes texts for the dense part of the topic score; ``None``
                uses BM25 alone.
            tokenizer: turns a text into terms (the platform's by default).
            project_vectors: the projects' vectors when already encoded (one row per
                project, in order); encoded with ``encoder`` otherwise.
        """
        texts = [project_text(p.title, p.text) for p in projects]
        terms = [tokenizer(text) for text in texts]
        if encoder is not None and project_vectors is None:
            project_vectors = encoder.encode(texts)
        return cls(
            organisations,
            projects,
            project_terms=terms,
            project_vectors=project_vectors,
            encoder=encoder,
            tokenizer=tokenizer,
        )

    # --- evidence ------------------------------------------------------------------

    def evidence(self, query: PartnerQuery, weights: Weights) -> QueryEvidence:
        """The components of every candidate for ``query`` (see the module)."""
        n_orgs = len(self.organisations)
        consortium: list[int] = []
        unresolved: list[str] = []
        for participant in query.participants:
            ids = self.resolver.resolve(participant)
            if not ids:
                unresolved.append(participant.name)
            consortium.extend(self.org_row[i] for i in ids if self.org_row[i] not in consortium)
        mask = np.ones(len(self.projects), dtype=np.float64)
        for project_id in query.exclude_project_ids:
            if project_id in self.project_row:
                mask[self.project_row[project_id]] = 0.0

        similarity = self.project_similarity(query, weights) * mask
        powered = self.membership @ (similarity**weights.topic_power)
        topic = _scaled(powered ** (1.0 / weights.topic_power))

        projects_done = self.membership @ mask
        coordinated = self.coordination.copy()
        for project_id in query.exclude_project_ids:
            row = self.project_row.get(project_id)
            if row is not None:
                for o in set(self.projects[row].coordinators):
                    if o in self.org_row:
                        coordinated[self.org_row[o]] -= 1
        track_record = _scaled(np.log1p(projects_done + np.maximum(coordinated, 0)))

        if consortium:
            per_project = (
                np.asarray(self.membership[consortium].sum(axis=0), dtype=np.float64).ravel() * mask
            )
            shared = self.membership @ per_project
            shared[consortium] = 0.0
            network = _scaled(np.log1p(shared))
            # Partners of partners: paths consortium – neighbour – candidate.
            reach = self.membership @ ((self.membership_t @ np.log1p(shared)) * mask)
            network_2hop = _scaled(np.log1p(reach))
        else:
            network = np.zeros(n_orgs)
            network_2hop = np.zeros(n_orgs)

        present = {self.organisations[i].country for i in consortium}
        present |= {p.country.strip().upper() for p in query.participants}
        present.discard("")
        new_country = np.array(
            [1.0 if c and c not in present else 0.0 for c in self.countries], dtype=np.float64
        )

        eligible = (topic > 0) | (network > 0) | (network_2hop > 0) | (projects_done > 0)
        eligible[consortium] = False
        for org_id in query.exclude_org_ids:
            if org_id in self.org_row:
                eligible[self.org_row[org_id]] = False
        if query.countries:
            eligible &= np.isin(self.countries, sorted(query.countries))
        if query.kinds:
            eligible &= np.isin(self.kinds, sorted(query.kinds))
        return QueryEvidence(
            consortium=consortium,
            unresolved=unresolved,
            project_similarity=similarity,
            project_mask=mask,
            topic=topic,
            track_record=track_record,
            network=network,
            network_2hop=network_2hop,
            new_country=new_country,
            eligible=eligible,
        )

    def project_similarity(self, query: PartnerQuery, weights: Weights) -> FloatVector:
        """How similar each past project is to the query, 0..1 (1: the most similar)."""
        text = project_text(query.title, query.description)
        lexical = _scaled(self.lexical.scores(self.tokenizer(text)))
        if self.encoder is None or self.vectors is None or not text.strip():
            return lexical
        vector = self.encoder.encode([text])[0]
        dense = np.clip(self.vectors @ vector, 0.0, None).astype(np.float64)
        # Cosines of unrelated texts are far from 0; stretch the useful top of the range.
        dense = _scaled(np.clip(dense - float(np.median(dense)), 0.0, None))
        share = weights.dense_share
        return (1 - share) * lexical + share * dense

    # --- ranking -------------------------------------------------------------------

    def suggest(
        self, query: PartnerQuery, *, k: int = 20, weights: Weights | None = None
    ) -> list[Suggestion]:
        """The ``k`` best partners for ``query``, best first, each with its reasons.

        Args:
            query: the planned project (see :class:`PartnerQuery`).
            k: how many suggestions at most.
            weights: how the components are combined (the fitted defaults otherwise).
        """
        weights = weights or Weights()
        found = self.evidence(query, weights)
        scores = combine(found, weights)
        return [self._suggestion(row, float(scores[row]), found) for row in top_rows(scores, k)]

    def _suggestion(self, row: int, score: float, found: QueryEvidence) -> Suggestion:
        org = self.organisations[row]
        components = {
            "topic": float(found.topic[row]),
            "track_record": float(found.track_record[row]),
            "network": float(found.network[row]),
            "network_2hop": float(found.network_2hop[row]),
            "new_country": float(found.new_country[row]),
        }
        return Suggestion(
            org_id=org.id,
            name=org.name,
            country=org.country,
            score=round(score, 4),
            reasons=tuple(self._reasons(row, found)),
            components={k: round(v, 4) for k, v in components.items()},
        )

    def _reasons(self, row: int, found: QueryEvidence) -> list[Reason]:
        reasons: list[Reason] = []
        start, end = self.membership.indptr[row], self.membership.indptr[row + 1]
        projects = [int(j) for j in self.membership.indices[start:end] if found.project_mask[j] > 0]
        if found.network[row] > 0:
            partners: dict[int, int] = {}
            for j in projects:
                for o in self.projects[j].participants:
                    member = self.org_row.get(o)
                    if member is not None and member in found.consortium:
                        partners[member] = partners.get(member, 0) + 1
            ranked = sorted(partners.items(), key=lambda item: (-item[1], item[0]))
            names = [self.organisations[m].name for m, _ in ranked[:PARTNERS_SHOWN]]
            reasons.append(
                Reason("network", {"worked_with": names, "times": sum(partners.values())})
            )
        elif found.network_2hop[row] > 0:
            reasons.append(Reason("network_2hop", {"via": self._via(projects, found)}))
        similar = sorted(
            (j for j in projects if found.project_similarity[j] > 0),
            key=lambda j: -found.project_similarity[j],
        )[:SIMILAR_SHOWN]
        if similar:
            titles = [self.projects[j].title for j in similar]
            ids = [self.projects[j].id for j in similar]
            reasons.append(Reason("topic", {"similar_projects": titles, "project_ids": ids}))
        if projects:
            coordinated = sum(
                1 for j in projects if self.organisations[row].id in self.projects[j].coordinators
            )
            values: dict[str, ReasonValue] = {"projects": len(projects)}
            if coordinated:
                values["coordinated"] = coordinated
            reasons.append(Reason("track_record", values))
        if found.new_country[row] > 0:
            reasons.append(Reason("new_country", {"country": self.organisations[row].country}))
        return reasons

    def _via(self, projects: list[int], found: QueryEvidence) -> list[str]:
        """Organisations that link the candidate to the consortium (two hops)."""
        consortium_projects: set[int] = set()
        for member in found.consortium:
            start, end = self.membership.indptr[member], self.membership.indptr[member + 1]
            consortium_projects.update(
                int(j) for j in self.membership.indices[start:end] if found.project_mask[j] > 0
            )
        neighbours = {
            self.org_row[o]
            for j in consortium_projects
            for o in self.projects[j].participants
            if o in self.org_row
        } - set(found.consortium)
        links: dict[int, int] = {}
        for j in projects:
            for o in self.projects[j].participants:
                middle = self.org_row.get(o)
                if middle is not None and middle in neighbours:
                    links[middle] = links.get(middle, 0) + 1
        ranked = sorted(links.items(), key=lambda item: (-item[1], item[0]))
        return [self.organisations[m].name for m, _ in ranked[:PARTNERS_SHOWN]]


def project_text(title: str, description: str) -> str:
    """The text a project is compared by: its title, then its description."""
    return f"{title}\n{description}".strip()[:TEXT_CHARS]


def combine(found: QueryEvidence, weights: Weights) -> FloatVector:
    """The weighted sum of the components; ``-inf`` for candidates not eligible."""
    scores = (
        weights.topic * found.topic
        + weights.track_record * found.track_record
        + weights.network * found.network
        + weights.network_2hop * found.network_2hop
        + weights.new_country * found.new_country
    )
    return np.where(found.eligible, scores, -np.inf)


def top_rows(scores: FloatVector, k: int) -> list[int]:
    """Rows of the ``k`` highest finite scores, best first (ties: lower row first)."""
    finite = np.flatnonzero(np.isfinite(scores))
    if k <= 0 or finite.size == 0:
        return []
    if finite.size > k:
        part = np.argpartition(-scores[finite], k - 1)[:k]
        finite = finite[part]
    order = np.lexsort((finite, -scores[finite]))
    return [int(r) for r in finite[order]]
