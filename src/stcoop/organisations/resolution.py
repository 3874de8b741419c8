"""Resolving free-text names and affiliations to organisations of the platform.

:func:`registry_from_database` turns the organisations (not merged into another, not
withdrawn) into an :class:`stcoop.engines.orgmatch.Registry` keyed by ``str(pk)``;
:func:`get_resolver` keeps one :class:`~stcoop.engines.orgmatch.Resolver` per process,
built again when organisations, identifiers or corrections change (a cheap check of
counts and last-change times). :func:`resolve_for` resolves texts for a viewer and keeps
only the organisations the viewer may see.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max

from stcoop.core.permissions import visible
from stcoop.engines.orgmatch import OrgMatch, OrgName, OrgRecord, Registry, Resolver
from stcoop.organisations.choices import IdScheme, OrganisationStatus
from stcoop.organisations.models import (
    ExternalId,
    Organisation,
    ResolutionCorrection,
)

#: Organisation kinds as ROR types (what the engine's heuristics know).
KIND_TYPES = {
    "university": ("education",),
    "institute": ("facility",),
    "company": ("company",),
    "government": ("government",),
    "funder": ("funder",),
    "international": ("nonprofit",),
    "healthcare": ("healthcare",),
    "nonprofit": ("nonprofit",),
    "facility": ("facility",),
}
#: Longest text resolved (longer input is cut, never refused by the engine).
MAX_TEXT = 1000


def _names(row: dict[str, Any]) -> tuple[OrgName, ...]:
    names: list[OrgName] = []
    seen: set[tuple[str, str]] = set()

    def add(text: Any, language: str | None, kind: str) -> None:
        if not isinstance(text, str) or not text.strip():
            return
        key = (text.strip(), kind)
        if key in seen:
            return
        seen.add(key)
        names.append(OrgName(text=text.strip(), language=language or None, kind=kind))

    first = "display"
    for text, language in (
        (row["name_en"], "en"),
        (row["name_zh_hans"], "zh"),
        (row["name_original"], row["name_language"]),
    ):
        if isinstance(text, str) and text.strip():
            add(text, language, first)
            first = "label"
    for alias in row["aliases"] or []:
        if isinstance(alias, dict):
            add(alias.get("name"), alias.get("language"), "alias")
    for acronym in row["acronyms"] or []:
        add(acronym, None, "acronym")
    return tuple(names)


def registry_from_database() -> Registry:
    """The platform's organisations as a matcher registry (ids are ``str(pk)``).

    Records merged into another and withdrawn ones are left out; inactive ones are kept
    with ``active=False``. Three queries, whatever the size of the registry.
    """
    queryset: Any = (
        Organisation.objects.filter(merged_into__isnull=True)
        .exclude(status=OrganisationStatus.WITHDRAWN)
        .values(
            "pk",
            "name_en",
            "name_zh_hans",
            "name_original",
            "name_language",
            "aliases",
            "acronyms",
            "kind",
            "country__iso2",
            "city",
            "parent_id",
            "status",
        )
    )
    rows: list[dict[str, Any]] = list(queryset)
    children: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        if row["parent_id"] is not None:
            children[row["parent_id"]].append(str(row["pk"]))
    ror_ids = dict(
        ExternalId.objects.filter(scheme=IdScheme.ROR).values_list("organisation_id", "value")
    )
    records = []
    for row in rows:
        ror = ror_ids.get(row["pk"])
        records.append(
            OrgRecord(
                id=str(row["pk"]),
                names=_names(row),
                country=row["country__iso2"] or None,
                city=row["city"] or None,
                types=KIND_TYPES.get(row["kind"], ()),
                parent_ids=(str(row["parent_id"]),) if row["parent_id"] else (),
                child_ids=tuple(children.get(row["pk"], ())),
                ror_id=f"https://ror.org/{ror}" if ror else None,
                active=row["status"] == OrganisationStatus.ACTIVE,
            )
        )
    return Registry(records)


def corrections_from_database() -> dict[str, str | None]:
    """Every stored correction: normalised text → organisation id (``None``: none)."""
    return {
        key: (str(pk) if pk is not None else None)
        for key, pk in ResolutionCorrection.objects.values_list("key", "organisation_id")
    }


def registry_version() -> tuple[Any, ...]:
    """Changes whenever an organisation, an identifier or a correction does."""
    orgs = Organisation.objects.aggregate(n=Count("pk"), last=Max("last_updated"), top=Max("pk"))
    ids = ExternalId.objects.aggregate(n=Count("pk"), top=Max("pk"))
    corrections = ResolutionCorrection.objects.aggregate(
        n=Count("pk"), last=Max("decided_at"), top=Max("pk")
    )
    return (
        orgs["n"],
        orgs["last"],
        orgs["top"],
        ids["n"],
        ids["top"],
        corrections["n"],
        corrections["last"],
        corrections["top"],
    )


_lock = threading.Lock()
_cache: dict[str, Any] = {}


def resolver_and_registry() -> tuple[Resolver, Registry]:
    """This process's resolver over the platform registry and corrections, and that
    registry; built again when :func:`registry_version` changes."""
    version = registry_version()
    with _lock:
        if _cache.get("version") != version or "resolver" not in _cache:
            registry = registry_from_database()
            _cache["resolver"] = Resolver(registry, corrections=corrections_from_database())
            _cache["registry"] = registry
            _cache["version"] = version
        return _cache["resolver"], _cache["registry"]


def get_resolver() -> Resolver:
    """This process's resolver (see :func:`resolver_and_registry`)."""
    return resolver_and_registry()[0]


def clear_resolver_cache() -> None:
    """Forget the cached resolver (tests; after bulk changes that bypass timestamps)."""
    with _lock:
        _cache.clear()


def match_dict(match: OrgMatch) -> dict[str, Any]:
    """An engine match as JSON-friendly data (stored in jobs and review items)."""
    return {
        "org_id": match.org_id,
        "score": round(float(match.score), 4),
        "chosen": bool(match.chosen),
        "matching_type": match.matching_type,
        "substring": match.substring,
        "reasons": list(match.reasons),
    }


@dataclass
class Resolution:
    """The answer for one text, narrowed to what a viewer may see."""

    text: str
    matches: list[dict[str, Any]] = field(default_factory=list)

    @property
    def chosen(self) -> dict[str, Any] | None:
        for match in self.matches:
            if match["chosen"]:
                return match
        return None


def _visible_ids(actor: Any, ids: Iterable[str]) -> set[str]:
    pks = {int(i) for i in ids if i.isdigit()}
    if not pks:
        return set()
    found = visible(actor, Organisation.objects.filter(pk__in=pks)).values_list("pk", flat=True)
    return {str(pk) for pk in found}


def resolve_for(actor: Any, texts: Sequence[str]) -> list[Resolution]:
    """Resolve ``texts`` (each cut to :data:`MAX_TEXT` characters); matches on
    organisations ``actor`` may not see are dropped."""
    resolver = get_resolver()
    answers = resolver.resolve_many([(t or "")[:MAX_TEXT] for t in texts])
    wanted = {m.org_id for answer in answers for m in answer}
    allowed = _visible_ids(actor, wanted) if actor is not None else wanted
    return [
        Resolution(text=text, matches=[match_dict(m) for m in answer if m.org_id in allowed])
        for text, answer in zip(texts, answers, strict=True)
    ]


def organisations_by_id(ids: Iterable[str]) -> dict[str, Organisation]:
    """The organisations of string ids, with country and ROR id prefetched."""
    pks = {int(i) for i in ids if isinstance(i, str) and i.isdigit()}
    queryset = Organisation.objects.filter(pk__in=pks).select_related("country")
    found = {str(o.pk): o for o in queryset.prefetch_related("external_ids")}
    return found


def ror_of(organisation: Organisation) -> str:
    """The organisation's ROR id as a URL, or an empty text."""
    for external_id in organisation.external_ids.all():
        if external_id.scheme == IdScheme.ROR:
            return f"https://ror.org/{external_id.value}"
    return ""


# ---------------------------------------------------------------- importers
#: An importer links a participant when the resolver chooses an organisation of the
#: participant's country with at least this score ...
LINK_THRESHOLD = 0.9
#: ... and files a review item when a candidate of that country scores at least this.
REVIEW_THRESHOLD = 0.5


@dataclass
class ImporterAdvice:
    """What the resolver says about a participant the exact rules did not find:
    ``pk`` to link to, or ``candidates`` for a person to review (both empty: nothing
    close)."""

    pk: int | None = None
    score: float = 0.0
    candidates: list[dict[str, Any]] = field(default_factory=list)


class ImporterResolver:
    """The resolver as importers use it: one registry snapshot for the whole run,
    answers only about organisations of the participant's country."""

    def __init__(
        self, link_threshold: float = LINK_THRESHOLD, review_threshold: float = REVIEW_THRESHOLD
    ) -> None:
        self.link_threshold = link_threshold
        self.review_threshold = review_threshold
        self._resolver: Resolver | None = None
        self._registry: Registry | None = None
        self._country_names: dict[str, str] | None = None

    def _load(self) -> tuple[Resolver, Registry]:
        if self._resolver is None or self._registry is None:
            from stcoop.geo.models import Country

            self._resolver, self._registry = resolver_and_registry()
            self._country_names = {
                iso2: name or "" for iso2, name in Country.objects.values_list("iso2", "name_en")
            }
        return self._resolver, self._registry

    def advise(self, name: str, country: str | None, city: str = "") -> ImporterAdvice:
        """Resolve ``name`` (with ``city`` and the country's name as context) among
        organisations of ``country`` (ISO2)."""
        resolver, registry = self._load()
        # The city and country as an affiliation string gives them, so that the
        # resolver weighs them as evidence.
        country_name = (self._country_names or {}).get(country or "", "")
        parts = (name.strip(), (city or "").strip(), country_name)
        text = ", ".join(part for part in parts if part)
        matches = resolver.resolve(text[:MAX_TEXT]) if text else []
        same_country = []
        for match in matches:
            record = registry.get(match.org_id)
            if record is None or not match.org_id.isdigit():
                continue
            if country and record.country and record.country != country:
                continue
            same_country.append(match)
        for match in same_country:
            record = registry.get(match.org_id)
            if (
                match.chosen
                and match.score >= self.link_threshold
                and record is not None
                and record.country == country
            ):
                return ImporterAdvice(pk=int(match.org_id), score=float(match.score))
        return ImporterAdvice(
            candidates=[match_dict(m) for m in same_country if m.score >= self.review_threshold]
        )
