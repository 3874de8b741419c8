"""Technology matchmaking: for one profile, the profiles, organisations and experts that fit.

Reads only. Text fit comes from the search service (:func:`stcoop.search.services.
similar_records`: hybrid lexical and cross-lingual semantic retrieval over the records the
actor may see); the structured facts of the profiles add complementarity (readiness level,
sectors, cooperation kinds, target countries and groupings, IP), and joint projects of the
two organisations add a bonus. Every candidate is checked again against
:func:`stcoop.core.permissions.visible`; expired, unpublished and own-organisation profiles
never match.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q
from django.urls import reverse
from django.utils import timezone

from stcoop.core.permissions import visible
from stcoop.geo.models import GroupingMembership
from stcoop.geo.selectors import membership_on_q
from stcoop.matching import scoring
from stcoop.matching.choices import MatchKind
from stcoop.matching.reasons import Reason
from stcoop.organisations.models import Organisation
from stcoop.people.models import Person
from stcoop.projects.models import Participation, Project
from stcoop.technologies.choices import ProfileKind, ProfileStatus
from stcoop.technologies.models import TechnologyProfile

#: How many text candidates are asked of the search service per list.
CANDIDATES = 200
#: Matched terms shown in a reason.
MAX_TERMS = 8

#: The kinds of profile that answer a profile of each kind.
COMPLEMENTS: dict[str, tuple[str, ...]] = {
    ProfileKind.TECHNOLOGY_REQUEST: (ProfileKind.TECHNOLOGY_OFFER,),
    ProfileKind.RD_REQUEST: (ProfileKind.TECHNOLOGY_OFFER, ProfileKind.RD_REQUEST),
    ProfileKind.TECHNOLOGY_OFFER: (ProfileKind.TECHNOLOGY_REQUEST, ProfileKind.RD_REQUEST),
    ProfileKind.BUSINESS_OFFER: (ProfileKind.BUSINESS_REQUEST,),
    ProfileKind.BUSINESS_REQUEST: (ProfileKind.BUSINESS_OFFER,),
}
OFFER_KINDS = frozenset({ProfileKind.TECHNOLOGY_OFFER, ProfileKind.BUSINESS_OFFER})


def is_offer(profile: TechnologyProfile) -> bool:
    return profile.kind in OFFER_KINDS


@dataclass
class Match:
    """One ranked match: the record, its score on 0–100 and the reasons."""

    kind: str
    instance: Model
    title: str
    url: str
    score: int
    reasons: list[Reason] = field(default_factory=list)
    parts: dict[str, float | None] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{_TYPE_NAMES[type(self.instance)]}:{self.instance.pk}"


_TYPE_NAMES: dict[type[Model], str] = {
    TechnologyProfile: "technology",
    Organisation: "organisation",
    Person: "person",
}


@dataclass
class _TextHit:
    pk: int
    fit: float
    reasons: list[Reason]


# ---------------------------------------------------------------- text fit
def _text_hits(
    actor: Any, document: Any, search_type: str, exclude_ids: Collection[str] = ()
) -> dict[int, _TextHit]:
    """Text fit of the records of ``search_type`` the actor sees, by primary key."""
    from stcoop.search.services import get_index, similar_records

    if document is None:
        return {}
    index = get_index()
    items = similar_records(
        user=actor,
        document=document,
        types=[search_type],
        exclude_ids=tuple(exclude_ids),
        limit=CANDIDATES,
    )
    lexical = [i.explanation.lexical_score for i in items if i.explanation.lexical_score]
    best = max(lexical, default=0.0)
    hits: dict[int, _TextHit] = {}
    for item in items:
        explanation = item.explanation
        relative = (
            explanation.lexical_score / best
            if explanation.lexical_score is not None and best > 0
            else None
        )
        fit = scoring.text_fit(explanation.semantic_similarity, relative)
        try:
            pk = int(item.id.split(":", 1)[1])
        except (IndexError, ValueError):
            continue
        hits[pk] = _TextHit(pk, fit, _text_reasons(explanation, index.get(item.id)))
    return hits


#: Fields whose matched terms say something about the topic (not names or codes).
TOPIC_FIELDS = ("title", "summary", "keywords")


def _surface(term: str, texts: Sequence[str]) -> str:
    """The word of ``texts`` that the (stemmed, case-folded) ``term`` came from."""
    if not term.isascii():
        return term
    pattern = re.compile(rf"\b({re.escape(term)}[\w-]*)", re.IGNORECASE)
    for text in texts:
        found = pattern.search(text)
        if found:
            return found.group(1).lower()
    return term


def _text_reasons(explanation: Any, document: Any = None) -> list[Reason]:
    reasons: list[Reason] = []
    texts = [
        text
        for name, text in (document.fields.items() if document is not None else ())
        if name.startswith(TOPIC_FIELDS)
    ]
    terms: list[tuple[str, str]] = []
    for match in explanation.matched_terms:
        if not match.field.startswith(TOPIC_FIELDS) or any(c.isdigit() for c in match.term):
            continue
        pair = (_surface(match.term, texts), match.language)
        if pair not in terms:
            terms.append(pair)
    if terms:
        reasons.append(Reason("terms", {"terms": [list(t) for t in terms[:MAX_TERMS]]}))
    if explanation.semantic_similarity is not None:
        value = round(100 * max(0.0, float(explanation.semantic_similarity)))
        reasons.append(Reason("semantic", {"value": value}))
    if explanation.cross_lingual:
        reasons.append(Reason("cross_lingual"))
    return reasons


def _document(profile: TechnologyProfile) -> Any:
    """The profile's search document reduced to what it is about: titles, descriptions
    and keywords (names, references and codes would match other records' names and
    codes; sectors and cooperation kinds are compared as facts instead)."""
    from stcoop.engines.retrieval import Document
    from stcoop.search.documents import document_for

    document = document_for(profile)
    if document is None:
        return None
    fields = {
        name: text
        for name, text in document.fields.items()
        if name.startswith(("title", "summary"))
    }
    keywords = "\n".join(k for k in profile.keywords or [] if isinstance(k, str))
    if keywords:
        fields["keywords"] = keywords
    return Document(
        id=document.id,
        type=document.type,
        fields=fields,
        facets=document.facets,
        date=document.date,
    )


# ---------------------------------------------------------------- structured facts
def _iso2(country: Any) -> str | None:
    return getattr(country, "iso2", None) if country is not None else None


def _name_params(prefix: str, record: Any) -> dict[str, str]:
    return {
        prefix: str(record),
        f"{prefix}_en": str(getattr(record, "name_en", "") or record),
        f"{prefix}_zh_hans": str(getattr(record, "name_zh_hans", "") or record),
    }


@dataclass
class _Targets:
    """The countries a profile targets, directly and through groupings (member ISO2 ->
    the grouping it came through)."""

    countries: dict[str, Any]
    via_grouping: dict[str, Any]

    def fit(self, country: Any) -> tuple[float | None, Reason | None]:
        iso2 = _iso2(country)
        value = scoring.country_fit(self.countries.keys(), self.via_grouping.keys(), iso2)
        if not value or iso2 is None:
            return value, None
        params: dict[str, Any] = {"country": iso2, **_name_params("country", country)}
        if iso2 not in self.countries:
            params.update(_name_params("grouping", self.via_grouping[iso2]))
        return value, Reason("country", params)


def _targets(profiles: Iterable[TechnologyProfile]) -> dict[int, _Targets]:
    """Targets of each profile (prefetched ``target_countries``/``target_groupings``)."""
    profiles = list(profiles)
    grouping_ids = {g.pk for p in profiles for g in p.target_groupings.all()}
    members: dict[int, list[Any]] = defaultdict(list)
    if grouping_ids:
        rows = GroupingMembership.objects.filter(
            membership_on_q(), grouping_id__in=grouping_ids
        ).select_related("country")
        for row in rows:
            members[row.grouping_id].append(row.country)
    result: dict[int, _Targets] = {}
    for profile in profiles:
        via: dict[str, Any] = {}
        for grouping in profile.target_groupings.all():
            for country in members.get(grouping.pk, []):
                via.setdefault(country.iso2, grouping)
        result[profile.pk] = _Targets(
            {c.iso2: c for c in profile.target_countries.all()},
            via,
        )
    return result


def _joint_projects(
    actor: Any, organisation_id: int | None, others: Collection[int]
) -> dict[int, list[str]]:
    """Titles of the visible projects in which ``organisation_id`` took part with each of
    ``others``, by the other organisation's id."""
    if organisation_id is None or not others:
        return {}
    own = Participation.objects.filter(organisation_id=organisation_id).values("project_id")
    projects = visible(actor, Project.objects.filter(pk__in=own))
    rows = (
        Participation.objects.filter(project__in=projects, organisation_id__in=others)
        .exclude(organisation_id=organisation_id)
        .select_related("project")
        .order_by("-project__pk")
    )
    joint: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        assert row.organisation_id is not None
        label = row.project.acronym or row.project.title or row.project.code
        if label not in joint[row.organisation_id]:
            joint[row.organisation_id].append(str(label))
    return joint


def _collaboration(parts: dict[str, float | None], projects: list[str]) -> Reason | None:
    if not projects:
        return None
    parts["collaboration"] = float(len(projects))
    return Reason("collaboration", {"projects": projects[:3]})


def _final(parts: dict[str, float | None], weights: Any) -> int:
    score = scoring.blend(parts, weights)
    score += scoring.collaboration_points(int(parts.get("collaboration") or 0))
    return max(0, min(100, round(score)))


# ---------------------------------------------------------------- profiles
def candidate_profiles(actor: Any, profile: TechnologyProfile) -> Any:
    """Current published profiles of the complementary kinds the actor may see, other
    than ``profile`` and those of the same organisation."""
    today = timezone.localdate()
    queryset = visible(
        actor,
        TechnologyProfile.objects.filter(
            kind__in=COMPLEMENTS.get(profile.kind, ()), status=ProfileStatus.PUBLISHED
        )
        .filter(Q(expiry_date__isnull=True) | Q(expiry_date__gte=today))
        .exclude(pk=profile.pk),
    )
    if profile.organisation_id is not None:
        queryset = queryset.exclude(organisation_id=profile.organisation_id)
    return queryset.select_related("organisation", "organisation__country").prefetch_related(
        "target_countries", "target_groupings"
    )


def profile_matches(*, actor: Any, profile: TechnologyProfile) -> list[Match]:
    """Profiles that answer ``profile`` (offers for a request, requests for an offer),
    best first."""
    hits = _text_hits(actor, _document(profile), "technology", (f"technology:{profile.pk}",))
    if not hits:
        return []
    candidates = list(candidate_profiles(actor, profile).filter(pk__in=hits))
    targets = _targets([profile, *candidates])
    source_targets = targets[profile.pk]
    source_country = profile.organisation.country if profile.organisation else None
    joint = _joint_projects(
        actor, profile.organisation_id, {c.organisation_id for c in candidates if c.organisation_id}
    )
    matches: list[Match] = []
    for candidate in candidates:
        hit = hits[candidate.pk]
        offer, request = (profile, candidate) if is_offer(profile) else (candidate, profile)
        parts: dict[str, float | None] = {"text": hit.fit}
        reasons = list(hit.reasons)
        if _other_language(profile, candidate) and all(r.code != "cross_lingual" for r in reasons):
            reasons.append(Reason("cross_lingual"))
        parts["sector"] = scoring.overlap(profile.sectors or [], candidate.sectors or [])
        common = [s for s in profile.sectors or [] if s in set(candidate.sectors or [])]
        if common:
            reasons.append(Reason("sector", {"sectors": common}))
        parts["trl"] = scoring.trl_fit(request.trl, offer.trl)
        if parts["trl"] is not None:
            reasons.append(Reason("trl", {"offered": offer.trl, "wanted": request.trl}))
        parts["cooperation"] = scoring.any_overlap(
            profile.cooperation or [], candidate.cooperation or []
        )
        kinds = [c for c in profile.cooperation or [] if c in set(candidate.cooperation or [])]
        if kinds:
            reasons.append(Reason("cooperation", {"kinds": kinds}))
        candidate_country = candidate.organisation.country if candidate.organisation else None
        forward, forward_reason = source_targets.fit(candidate_country)
        backward, backward_reason = targets[candidate.pk].fit(source_country)
        known = [v for v in (forward, backward) if v is not None]
        parts["country"] = max(known) if known else None
        reasons.extend(r for r in (forward_reason, backward_reason) if r is not None)
        parts["ip"] = scoring.ip_fit(request.cooperation or [], offer.ip_status)
        if parts["ip"] is not None and offer.ip_status in scoring.LICENSABLE_IP:
            reasons.append(Reason("ip", {"status": offer.ip_status}))
        collaboration = _collaboration(parts, joint.get(candidate.organisation_id or 0, []))
        if collaboration is not None:
            reasons.append(collaboration)
        matches.append(
            Match(
                kind=MatchKind.PROFILES,
                instance=candidate,
                title=str(candidate),
                url=reverse("technologies:detail", kwargs={"pk": candidate.pk}),
                score=_final(parts, scoring.PROFILE_WEIGHTS),
                reasons=reasons,
                parts=parts,
            )
        )
    return _ranked(matches)


def _other_language(first: TechnologyProfile, second: TechnologyProfile) -> bool:
    """Whether the two profiles are written in no common language."""
    a, b = set(first.languages or []), set(second.languages or [])
    return bool(a and b and not a & b)


def _ranked(matches: list[Match]) -> list[Match]:
    return sorted(matches, key=lambda m: (-m.score, -(m.parts.get("text") or 0.0), m.title))


# ---------------------------------------------------------------- organisations
def organisation_matches(
    *, actor: Any, profile: TechnologyProfile, profiles: Sequence[Match] | None = None
) -> list[Match]:
    """Organisations that fit ``profile``: by their own description and by the matching
    profiles they own; best first. ``profiles`` are :func:`profile_matches` if known."""
    if profiles is None:
        profiles = profile_matches(actor=actor, profile=profile)
    hits = _text_hits(actor, _document(profile), "organisation")
    owned: dict[int, list[Match]] = defaultdict(list)
    for match in profiles:
        organisation_id = getattr(match.instance, "organisation_id", None)
        if organisation_id is not None:
            owned[organisation_id].append(match)
    ids = (set(hits) | set(owned)) - {profile.organisation_id}
    candidates = visible(
        actor, Organisation.objects.filter(pk__in=ids, merged_into__isnull=True)
    ).select_related("country")
    source_targets = _targets([profile])[profile.pk]
    joint = _joint_projects(actor, profile.organisation_id, ids)
    matches: list[Match] = []
    for organisation in candidates:
        hit = hits.get(organisation.pk)
        own = owned.get(organisation.pk, [])
        best_profile = max((m.score for m in own), default=None)
        own_text = max(((m.parts.get("text") or 0.0) for m in own), default=0.0)
        parts: dict[str, float | None] = {
            "text": max(hit.fit if hit else 0.0, 0.8 * own_text),
            "profiles": best_profile / 100 if best_profile is not None else None,
        }
        reasons = list(hit.reasons) if hit else []
        if own:
            reasons.append(Reason("profiles", {"titles": [m.title for m in own[:3]]}))
        parts["country"], country_reason = source_targets.fit(organisation.country)
        if country_reason is not None:
            reasons.append(country_reason)
        collaboration = _collaboration(parts, joint.get(organisation.pk, []))
        if collaboration is not None:
            reasons.append(collaboration)
        matches.append(
            Match(
                kind=MatchKind.ORGANISATIONS,
                instance=organisation,
                title=str(organisation),
                url=reverse("organisations:detail", kwargs={"pk": organisation.pk}),
                score=_final(parts, scoring.ORGANISATION_WEIGHTS),
                reasons=reasons,
                parts=parts,
            )
        )
    return _ranked(matches)


# ---------------------------------------------------------------- experts
def expert_matches(*, actor: Any, profile: TechnologyProfile) -> list[Match]:
    """Experts whose profile fits ``profile``, best first."""
    hits = _text_hits(actor, _document(profile), "person")
    if not hits:
        return []
    today: datetime.date = timezone.localdate()
    experts = list(
        visible(actor, Person.objects.filter(pk__in=hits, is_expert=True))
        .select_related("nationality")
        .prefetch_related("affiliations__organisation__country")
    )
    source_targets = _targets([profile])[profile.pk]
    seen_organisations = set(
        visible(
            actor,
            Organisation.objects.filter(
                pk__in={a.organisation_id for p in experts for a in p.affiliations.all()}
            ),
        ).values_list("pk", flat=True)
    )
    matches: list[Match] = []
    for person in experts:
        hit = hits[person.pk]
        parts: dict[str, float | None] = {"text": hit.fit}
        reasons = list(hit.reasons)
        current = [
            a
            for a in person.affiliations.all()
            if (a.end_date is None or a.end_date >= today)
            and a.organisation_id in seen_organisations
        ]
        countries = [person.nationality, *(a.organisation.country for a in current)]
        fits = [source_targets.fit(c) for c in countries if c is not None]
        best = max(fits, key=lambda f: f[0] or 0.0, default=(None, None))
        parts["country"] = best[0]
        if best[1] is not None:
            reasons.append(best[1])
        if current:
            reasons.append(Reason("affiliation", {"organisation": str(current[0].organisation)}))
        matches.append(
            Match(
                kind=MatchKind.EXPERTS,
                instance=person,
                title=str(person),
                url=reverse("people:detail", kwargs={"pk": person.pk}),
                score=_final(parts, scoring.EXPERT_WEIGHTS),
                reasons=reasons,
                parts=parts,
            )
        )
    return _ranked(matches)


def matches_for(*, actor: Any, profile: TechnologyProfile, kind: str) -> list[Match]:
    """The list ``kind`` (a :class:`MatchKind`) of matches for ``profile``."""
    if kind == MatchKind.ORGANISATIONS:
        return organisation_matches(actor=actor, profile=profile)
    if kind == MatchKind.EXPERTS:
        return expert_matches(actor=actor, profile=profile)
    return profile_matches(actor=actor, profile=profile)
