"""Partner suggestions on the platform: the engine's inputs from the database.

:mod:`stcoop.engines.partners` ranks organisations from plain data. This module reads
that data (organisations with their names in both languages, country and kind; the
projects they took part in, with titles, abstracts and coordinator roles), keeps one
built index per visibility scope in memory (rebuilt when projects, participations or
organisations change), and turns a project into a query.

A user's suggestions are drawn only from what that user may see: the organisations
and the projects (history) visible to them; the command line sees everything.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, QuerySet

from stcoop.core.permissions import visible
from stcoop.engines.partners import (
    HistoryProject,
    Participant,
    PartnerIndex,
    PartnerQuery,
    Suggestion,
    Weights,
)
from stcoop.engines.partners import (
    Organisation as OrgIn,
)
from stcoop.engines.partners.index import project_text
from stcoop.organisations.choices import OrganisationStatus
from stcoop.organisations.models import Organisation
from stcoop.projects.choices import ParticipantRole
from stcoop.projects.models import Participation, Project

__all__ = [
    "PARTNER_SUGGESTIONS_MAX",
    "WEIGHTS",
    "partner_index",
    "partner_suggest",
    "project_partner_query",
]

#: The fitted weights (see :class:`~stcoop.engines.partners.Weights`), with a share of
#: sentence-vector similarity so a Chinese query finds English projects and the reverse,
#: and a small preference for partners from countries not yet in the consortium.
WEIGHTS = Weights(dense_share=0.3, new_country=0.05, track_record=0.1)

#: The most suggestions one query may ask for.
PARTNER_SUGGESTIONS_MAX = 100
#: Indexes kept in memory (one per visibility scope).
CACHED_INDEXES = 8

#: Project vectors kept in memory beyond those of the current projects.
VECTORS_KEPT = 200_000

_cache: OrderedDict[tuple[str, str], PartnerIndex] = OrderedDict()
_vector_cache: dict[tuple[int, str], Any] = {}
_lock = threading.Lock()


def _use_vectors() -> bool:
    return bool(getattr(settings, "STCOOP_PARTNERS_DENSE", True))


def _fingerprint() -> str:
    """Changes whenever a project, participation or organisation is added, changed or
    removed (the counts and the latest change times)."""
    parts = [
        Project.objects.aggregate(n=Count("pk"), t=Max("last_updated")),
        Organisation.objects.aggregate(n=Count("pk"), t=Max("last_updated")),
        Participation.objects.aggregate(n=Count("pk"), m=Max("pk")),
    ]
    return repr(parts)


def _scope(actor: Any) -> tuple[QuerySet[Organisation], QuerySet[Project], str]:
    organisations: QuerySet[Organisation] = Organisation.objects.exclude(
        status=OrganisationStatus.WITHDRAWN
    ).filter(merged_into__isnull=True)
    projects: QuerySet[Project] = Project.objects.all()
    if actor is None:
        return organisations, projects, "all"
    organisations = visible(actor, organisations)
    projects = visible(actor, projects)
    digest = hashlib.sha256()
    for queryset in (organisations, projects):
        ids = queryset.order_by("pk").values_list("pk", flat=True)
        digest.update(",".join(map(str, ids)).encode() + b"|")
    return organisations, projects, digest.hexdigest()


def _organisations(queryset: QuerySet[Organisation]) -> list[OrgIn]:
    rows = queryset.select_related("country").only(
        "pk", "name_en", "name_zh_hans", "name_original", "aliases", "acronyms", "kind",
        "country__iso2",
    )  # fmt: skip
    result = []
    for org in rows.order_by("pk").iterator(chunk_size=2000):
        names = [n for n in (org.name_en, org.name_zh_hans, org.name_original) if n]
        aliases = [a.get("name", "") for a in org.aliases or [] if isinstance(a, dict)]
        result.append(
            OrgIn(
                id=org.pk,
                name=names[0] if names else f"#{org.pk}",
                country=org.country.iso2 if org.country else "",
                kind=org.kind,
                other_names=tuple(n for n in [*names[1:], *aliases] if n),
            )
        )
    return result


def _projects(queryset: QuerySet[Project], known: set[int]) -> list[HistoryProject]:
    members: dict[int, list[int]] = {}
    coordinators: dict[int, list[int]] = {}
    links = Participation.objects.filter(
        project__in=queryset.values("pk"), organisation_id__in=known
    ).values_list("project_id", "organisation_id", "role")
    for project_id, org_id, role in links.iterator(chunk_size=5000):
        members.setdefault(project_id, []).append(org_id)
        if role == ParticipantRole.COORDINATOR:
            coordinators.setdefault(project_id, []).append(org_id)
    rows = queryset.filter(pk__in=list(members)).values_list(
        "pk", "title_en", "title_zh_hans", "abstract_en", "abstract_zh_hans", "keywords"
    )
    result = []
    for pk, title_en, title_zh, abstract_en, abstract_zh, keywords in rows.order_by("pk"):
        words = " ".join(k for k in keywords or [] if isinstance(k, str))
        text = "\n".join(
            t for t in (title_zh if title_en else "", abstract_en, abstract_zh, words) if t
        )
        result.append(
            HistoryProject(
                id=pk,
                title=title_en or title_zh or f"#{pk}",
                text=text,
                participants=tuple(members.get(pk, ())),
                coordinators=tuple(coordinators.get(pk, ())),
            )
        )
    return result


def _project_vectors(encoder: Any, history: Sequence[HistoryProject]) -> Any:
    """The projects' sentence vectors, encoding only texts not seen before (indexes of
    several visibility scopes share them)."""
    import numpy as np

    keys = [(p.id, project_text(p.title, p.text)) for p in history]
    missing = [key for key in keys if key not in _vector_cache]
    if missing:
        for key, vector in zip(missing, encoder.encode([t for _, t in missing]), strict=True):
            _vector_cache[key] = vector
    if len(_vector_cache) > VECTORS_KEPT:
        wanted = set(keys)
        for key in [k for k in _vector_cache if k not in wanted]:
            del _vector_cache[key]
    if not keys:
        return np.zeros((0, encoder.dim), dtype=np.float32)
    return np.vstack([_vector_cache[key] for key in keys])


def partner_index(*, actor: Any = None) -> PartnerIndex:
    """The index over what ``actor`` may see (everything when ``actor`` is ``None``),
    built on first use and again after any change to the data it reads."""
    organisations, projects, scope = _scope(actor)
    key = (_fingerprint(), scope)
    with _lock:
        index = _cache.get(key)
        if index is not None:
            _cache.move_to_end(key)
            return index
    orgs = _organisations(organisations)
    history = _projects(projects, {o.id for o in orgs})
    encoder = None
    vectors = None
    if _use_vectors():
        from stcoop.engines.encoder import default_encoder

        encoder = default_encoder()
        vectors = _project_vectors(encoder, history)
    index = PartnerIndex.build(orgs, history, encoder=encoder, project_vectors=vectors)
    with _lock:
        for stale in [k for k in _cache if k[0] != key[0]]:
            del _cache[stale]
        _cache[key] = index
        while len(_cache) > CACHED_INDEXES:
            _cache.popitem(last=False)
    return index


def partner_suggest(
    query: PartnerQuery, *, actor: Any = None, k: int = 20, index: PartnerIndex | None = None
) -> list[Suggestion]:
    """The ``k`` best partners for ``query`` among what ``actor`` may see."""
    index = index or partner_index(actor=actor)
    weights = WEIGHTS if _use_vectors() else replace(WEIGHTS, dense_share=0.0)
    return index.suggest(query, k=max(1, min(k, PARTNER_SUGGESTIONS_MAX)), weights=weights)


def participants_of(project: Project) -> list[Participant]:
    """The project's participants as the engine names them (registry name, else the
    name as given; the participation's country, else the organisation's)."""
    result = []
    for p in project.participations.select_related("organisation__country", "country").all():
        org = p.organisation
        name = (org.name_en or org.name_zh_hans or org.name_original) if org else ""
        country = p.country.iso2 if p.country else ""
        if not country and org is not None and org.country_id:
            country = org.country.iso2 if org.country else ""
        if name or p.name_as_given:
            result.append(Participant(name=name or p.name_as_given, country=country))
    return result


def project_partner_query(
    project: Project,
    *,
    countries: Iterable[str] = (),
    kinds: Sequence[str] = (),
) -> PartnerQuery:
    """A query for more partners of a recorded project: its titles and abstract, its
    participants, the project itself left out of the history."""
    title = project.title_en or project.title_zh_hans or project.acronym or ""
    description = "\n".join(
        t
        for t in (
            project.title_zh_hans if project.title_en else "",
            project.abstract_en,
            project.abstract_zh_hans,
        )
        if t
    )
    org_ids = project.participations.exclude(organisation=None).values_list(
        "organisation_id", flat=True
    )
    return PartnerQuery(
        title=title,
        description=description,
        participants=tuple(participants_of(project)),
        countries=frozenset(c.upper() for c in countries),
        kinds=frozenset(kinds),
        exclude_org_ids=frozenset(org_ids),
        exclude_project_ids=frozenset({project.pk}),
    )
