"""Search documents: one small function per record type turns a record into an engine
:class:`~stcoop.engines.retrieval.Document`.

Field names follow one convention so the page and the engine treat every type alike:
``title_zh`` / ``title_en`` (the name or title in each language), ``summary_zh`` /
``summary_en`` (description, abstract, body), ``names`` (other names, the name in the
record's own language, acronyms), ``keywords`` (keywords, disciplines, sectors, topics)
and ``details`` (other searchable facts: city, issuer, participants, affiliations).

Facets: ``country`` (ISO2), ``grouping`` (codes of the groupings those countries belong
to), ``discipline``, ``kind``, ``status``, ``year`` and ``access`` (``public`` when an
anonymous visitor may see the record, used to pre-filter their searches).

:data:`REGISTRY` maps each type name to its model, builder, bulk queryset and detail URL;
:data:`SEARCH_TYPES` is the type → model view of it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stcoop.core.choices import Visibility

if TYPE_CHECKING:
    from stcoop.engines.retrieval import Document

# ---------------------------------------------------------------- helpers


def _text(value: Any) -> str:
    return str(value).strip() if value else ""


def _lang(instance: Any, field: str, language: str) -> str:
    """The value of a modeltranslation field in one language (``zh`` or ``en``)."""
    suffix = "zh_hans" if language == "zh" else "en"
    return _text(getattr(instance, f"{field}_{suffix}", "") or "")


def _strings(values: Any) -> list[str]:
    """The non-empty texts of a JSON list (items that are not texts are skipped)."""
    if not isinstance(values, list):
        return []
    out: list[str] = []
    for item in values:
        if isinstance(item, str) and item.strip():
            out.append(item.strip())
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            out.append(item["name"].strip())
    return out


def _join(*parts: Any) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, list | tuple):
            out.extend(_text(p) for p in part if _text(p))
        elif _text(part):
            out.append(_text(part))
    return "\n".join(dict.fromkeys(out))


def _country_names(country: Any) -> list[str]:
    if country is None:
        return []
    return [n for n in (_lang(country, "name", "en"), _lang(country, "name", "zh")) if n]


def _year(date: datetime.date | None) -> tuple[str, ...]:
    return (str(date.year),) if date else ()


def _is_public(instance: Any) -> bool:
    if getattr(instance, "visibility", None) != Visibility.PUBLIC:
        return False
    rule = getattr(instance, "publication_status", None)
    return not rule or getattr(instance, rule[0]) == rule[1]


class Context:
    """Reference data the builders share (grouping codes of each country), read once
    per process and refreshed when a rebuild starts."""

    _groupings: dict[str, tuple[str, ...]] | None = None

    @classmethod
    def groupings_of(cls, iso2: str) -> tuple[str, ...]:
        if cls._groupings is None:
            cls._groupings = _load_groupings()
        return cls._groupings.get(iso2, ())

    @classmethod
    def reset(cls) -> None:
        cls._groupings = None


def _load_groupings() -> dict[str, tuple[str, ...]]:
    from django.db.models import Q
    from django.utils import timezone

    from stcoop.geo.models import GroupingMembership

    today = timezone.localdate()
    found: dict[str, list[str]] = {}
    rows = GroupingMembership.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    ).values_list("country__iso2", "grouping__code")
    for iso2, code in rows:
        found.setdefault(iso2, []).append(code)
    return {iso2: tuple(sorted(set(codes))) for iso2, codes in found.items()}


def _facets(
    instance: Any,
    *,
    countries: Iterable[Any] = (),
    disciplines: Iterable[str] = (),
    kind: str = "",
    status: str = "",
    date: datetime.date | None = None,
) -> dict[str, tuple[str, ...]]:
    isos = sorted({str(c.iso2) for c in countries if c is not None and c.iso2})
    groupings = sorted({g for iso in isos for g in Context.groupings_of(iso)})
    facets: dict[str, tuple[str, ...]] = {
        "country": tuple(isos),
        "grouping": tuple(groupings),
        "discipline": tuple(sorted({d.strip() for d in disciplines if d and d.strip()})),
        "kind": (kind,) if kind else (),
        "status": (status,) if status else (),
        "year": _year(date),
        "access": ("public",) if _is_public(instance) else (),
    }
    return {name: values for name, values in facets.items() if values}


def _document(
    doc_type: str,
    instance: Any,
    fields: Mapping[str, str],
    facets: Mapping[str, tuple[str, ...]],
    date: datetime.date | None = None,
) -> Document:
    from stcoop.engines.retrieval import Document

    return Document(
        id=f"{doc_type}:{instance.pk}",
        type=doc_type,
        fields={name: value for name, value in fields.items() if value},
        facets=facets,
        date=date,
    )


def _m2m(instance: Any, name: str) -> list[Any]:
    return list(getattr(instance, name).all()) if instance.pk is not None else []


# ---------------------------------------------------------------- builders


def organisation_document(org: Any) -> Document:
    names = [org.name_original, *_strings(org.aliases), *_strings(org.acronyms)]
    established = datetime.date(org.established, 1, 1) if org.established else None
    return _document(
        "organisation",
        org,
        {
            "title_zh": _lang(org, "name", "zh"),
            "title_en": _lang(org, "name", "en"),
            "names": _join(names),
            "acronyms": _join(_strings(org.acronyms)),
            "details": _join(org.city, _country_names(org.country)),
        },
        _facets(org, countries=[org.country], kind=org.kind, status=org.status, date=established),
        established,
    )


def person_document(person: Any) -> Document:
    affiliations = [a.organisation for a in person.affiliations.all()] if person.pk else []
    org_names = [n for o in affiliations for n in (_lang(o, "name", "en"), _lang(o, "name", "zh"))]
    return _document(
        "person",
        person,
        {
            "title_zh": _text(person.name_zh),
            "title_en": _text(person.name_latin)
            or _join(person.given_names, person.family_name).replace("\n", " "),
            "summary_zh": _lang(person, "bio", "zh"),
            "summary_en": _lang(person, "bio", "en"),
            "keywords": _join(_strings(person.keywords), _strings(person.disciplines)),
            "details": _join(org_names, _country_names(person.nationality)),
        },
        _facets(
            person,
            countries=[person.nationality, *(o.country for o in affiliations)],
            disciplines=_strings(person.disciplines),
            kind="expert" if person.is_expert else "",
        ),
    )


def programme_document(programme: Any) -> Document:
    funder = programme.funder
    return _document(
        "programme",
        programme,
        {
            "title_zh": _lang(programme, "name", "zh"),
            "title_en": _lang(programme, "name", "en"),
            "summary_zh": _lang(programme, "description", "zh"),
            "summary_en": _lang(programme, "description", "en"),
            "acronyms": _join(programme.acronym, programme.code),
            "details": _join(
                programme.framework,
                programme.call_identifier,
                funder and _lang(funder, "name", "en"),
                funder and _lang(funder, "name", "zh"),
            ),
        },
        _facets(
            programme,
            countries=[funder.country] if funder else [],
            status=programme.status,
            date=programme.start_date,
        ),
        programme.start_date,
    )


def project_document(project: Any) -> Document:
    participations = list(project.participations.all()) if project.pk else []
    names: list[str] = []
    for p in participations:
        names.append(p.name_as_given)
        if p.organisation is not None:
            names += [_lang(p.organisation, "name", "en"), _lang(p.organisation, "name", "zh")]
    countries = [p.country or (p.organisation and p.organisation.country) for p in participations]
    return _document(
        "project",
        project,
        {
            "title_zh": _lang(project, "title", "zh"),
            "title_en": _lang(project, "title", "en"),
            "summary_zh": _lang(project, "abstract", "zh"),
            "summary_en": _lang(project, "abstract", "en"),
            "acronyms": _join(project.acronym, project.code),
            "keywords": _join(_strings(project.keywords), _strings(project.disciplines)),
            "details": _join(project.topic, project.call_identifier, names[:150]),
        },
        _facets(
            project,
            countries=countries,
            disciplines=_strings(project.disciplines),
            status=project.status,
            date=project.start_date,
        ),
        project.start_date,
    )


def agreement_document(agreement: Any) -> Document:
    countries = _m2m(agreement, "countries")
    return _document(
        "agreement",
        agreement,
        {
            "title_zh": _lang(agreement, "title", "zh"),
            "title_en": _lang(agreement, "title", "en"),
            "summary_zh": _lang(agreement, "summary", "zh"),
            "summary_en": _lang(agreement, "summary", "en"),
            "details": _join(
                agreement.reference_number, [n for c in countries for n in _country_names(c)]
            ),
        },
        _facets(
            agreement,
            countries=countries,
            kind=agreement.kind,
            status=agreement.status,
            date=agreement.signed_date,
        ),
        agreement.signed_date,
    )


def mechanism_document(mechanism: Any) -> Document:
    countries = _m2m(mechanism, "countries")
    return _document(
        "mechanism",
        mechanism,
        {
            "title_zh": _lang(mechanism, "name", "zh"),
            "title_en": _lang(mechanism, "name", "en"),
            "summary_zh": _lang(mechanism, "description", "zh"),
            "summary_en": _lang(mechanism, "description", "en"),
            "details": _join([n for c in countries for n in _country_names(c)]),
        },
        _facets(
            mechanism,
            countries=countries,
            kind=mechanism.kind,
            status=mechanism.status,
            date=mechanism.established_date,
        ),
        mechanism.established_date,
    )


def membership_document(membership: Any) -> Document:
    org = membership.organisation
    member_org = membership.member_organisation
    member_country = membership.member_country
    return _document(
        "membership",
        membership,
        {
            "title_zh": _join(
                (member_org and _lang(member_org, "name", "zh"))
                or (member_country and _lang(member_country, "name", "zh")),
                org and _lang(org, "name", "zh"),
            ).replace("\n", " · "),
            "title_en": _join(
                (member_org and _lang(member_org, "name", "en"))
                or (member_country and _lang(member_country, "name", "en")),
                org and _lang(org, "name", "en"),
            ).replace("\n", " · "),
            "summary_zh": _lang(membership, "notes", "zh"),
            "summary_en": _lang(membership, "notes", "en"),
            "names": _join(_strings(org.acronyms) if org else [], membership.representative),
            "details": _text(membership.in_kind),
        },
        _facets(
            membership,
            countries=[member_country, member_org and member_org.country],
            kind=membership.role,
            date=membership.since,
        ),
        membership.since,
    )


def bigscience_document(programme: Any) -> Document:
    participants = list(programme.participations.all()) if programme.pk else []
    countries = [programme.host_country, *(p.country for p in participants)]
    return _document(
        "bigscience",
        programme,
        {
            "title_zh": _lang(programme, "name", "zh"),
            "title_en": _lang(programme, "name", "en"),
            "summary_zh": _lang(programme, "description", "zh"),
            "summary_en": _lang(programme, "description", "en"),
            "acronyms": _text(programme.acronym),
            "details": _join(_country_names(programme.host_country)),
        },
        _facets(programme, countries=countries, kind=programme.kind, status=programme.status),
    )


def base_document(base: Any) -> Document:
    partners = _m2m(base, "partner_countries")
    host = base.host_organisation
    date = base.designation_date or (
        datetime.date(base.designation_year, 1, 1) if base.designation_year else None
    )
    return _document(
        "base",
        base,
        {
            "title_zh": _lang(base, "name", "zh"),
            "title_en": _lang(base, "name", "en"),
            "summary_zh": _lang(base, "description", "zh"),
            "summary_en": _lang(base, "description", "en"),
            "acronyms": _text(base.acronym),
            "keywords": _join(_strings(base.disciplines)),
            "details": _join(
                base.city,
                base.get_province_display() if base.province else "",
                host and _lang(host, "name", "en"),
                host and _lang(host, "name", "zh"),
                [n for c in partners for n in _country_names(c)],
            ),
        },
        _facets(
            base,
            countries=partners,
            disciplines=_strings(base.disciplines),
            kind=base.kind,
            status=base.status,
            date=date,
        ),
        date,
    )


def technology_document(profile: Any) -> Document:
    org = profile.organisation
    targets = _m2m(profile, "target_countries")
    return _document(
        "technology",
        profile,
        {
            "title_zh": _lang(profile, "title", "zh"),
            "title_en": _lang(profile, "title", "en"),
            "summary_zh": _lang(profile, "description", "zh"),
            "summary_en": _lang(profile, "description", "en"),
            "keywords": _join(_strings(profile.keywords), _strings(profile.sectors)),
            "details": _join(
                profile.reference,
                org and _lang(org, "name", "en"),
                org and _lang(org, "name", "zh"),
                _strings(profile.cooperation),
            ),
        },
        _facets(
            profile,
            countries=[org.country if org else None, *targets],
            disciplines=_strings(profile.sectors),
            kind=profile.kind,
            status=profile.status,
            date=profile.publication_date,
        ),
        profile.publication_date,
    )


def policy_document(policy: Any) -> Document:
    return _document(
        "policy",
        policy,
        {
            "title_zh": _lang(policy, "title", "zh"),
            "title_en": _lang(policy, "title", "en"),
            "summary_zh": _lang(policy, "summary", "zh"),
            "summary_en": _lang(policy, "summary", "en"),
            "keywords": _join(_strings(policy.keywords), _strings(policy.topics)),
            "details": _join(
                policy.document_number,
                _lang(policy, "issuer", "zh"),
                _lang(policy, "issuer", "en"),
            ),
        },
        _facets(
            policy,
            countries=[policy.country],
            disciplines=_strings(policy.topics),
            kind=policy.level,
            status=policy.status,
            date=policy.issue_date,
        ),
        policy.issue_date,
    )


def resource_document(resource: Any) -> Document:
    owner = resource.owner_organisation
    return _document(
        "resource",
        resource,
        {
            "title_zh": _lang(resource, "name", "zh"),
            "title_en": _lang(resource, "name", "en"),
            "summary_zh": _lang(resource, "description", "zh"),
            "summary_en": _lang(resource, "description", "en"),
            "keywords": _join(_strings(resource.keywords), _strings(resource.disciplines)),
            "details": _join(
                resource.city,
                owner and _lang(owner, "name", "en"),
                owner and _lang(owner, "name", "zh"),
            ),
        },
        _facets(
            resource,
            countries=[resource.country],
            disciplines=_strings(resource.disciplines),
            kind=resource.kind,
            status=resource.status,
        ),
    )


def notice_document(notice: Any) -> Document:
    return _document(
        "notice",
        notice,
        {
            "title_zh": _lang(notice, "title", "zh"),
            "title_en": _lang(notice, "title", "en"),
            "summary_zh": _lang(notice, "body", "zh"),
            "summary_en": _lang(notice, "body", "en"),
        },
        _facets(notice, kind=notice.category, date=notice.published_on),
        notice.published_on,
    )


# ---------------------------------------------------------------- registry


@dataclass(frozen=True)
class SearchType:
    """One searchable record type."""

    name: str
    model_label: str  # "app_label.ModelName"
    builder: Callable[[Any], Document]
    url_name: str
    label: Any  # translated, plural
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    @property
    def model(self) -> type[Model]:
        from django.apps import apps

        return apps.get_model(self.model_label)

    def queryset(self) -> QuerySet[Any]:
        """All records of this type, with what the builder reads fetched in bulk."""
        qs = self.model._default_manager.all()
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs.order_by("pk")

    def url(self, pk: Any) -> str:
        return reverse(self.url_name, args=[pk])


REGISTRY: dict[str, SearchType] = {
    t.name: t
    for t in (
        SearchType(
            "organisation",
            "organisations.Organisation",
            organisation_document,
            "organisations:detail",
            _("Organisations"),
            ("country",),
        ),
        SearchType(
            "person",
            "people.Person",
            person_document,
            "people:detail",
            _("People"),
            ("nationality",),
            ("affiliations__organisation__country",),
        ),
        SearchType(
            "programme",
            "projects.Programme",
            programme_document,
            "projects:programme_detail",
            _("Programmes"),
            ("funder__country",),
        ),
        SearchType(
            "project",
            "projects.Project",
            project_document,
            "projects:detail",
            _("Projects"),
            (),
            ("participations__organisation__country", "participations__country"),
        ),
        SearchType(
            "agreement",
            "agreements.Agreement",
            agreement_document,
            "agreements:detail",
            _("Agreements"),
            (),
            ("countries",),
        ),
        SearchType(
            "mechanism",
            "agreements.Mechanism",
            mechanism_document,
            "agreements:mechanism_detail",
            _("Mechanisms"),
            (),
            ("countries",),
        ),
        SearchType(
            "membership",
            "memberships.InternationalMembership",
            membership_document,
            "memberships:detail",
            _("Memberships"),
            ("organisation", "member_country", "member_organisation__country"),
        ),
        SearchType(
            "bigscience",
            "memberships.BigScienceProgramme",
            bigscience_document,
            "memberships:bigscience_detail",
            _("Big-science programmes"),
            ("host_country",),
            ("participations__country",),
        ),
        SearchType(
            "base",
            "bases.CooperationBase",
            base_document,
            "bases:detail",
            _("Cooperation bases"),
            ("host_organisation",),
            ("partner_countries",),
        ),
        SearchType(
            "technology",
            "technologies.TechnologyProfile",
            technology_document,
            "technologies:detail",
            _("Technology offers and requests"),
            ("organisation__country",),
            ("target_countries",),
        ),
        SearchType(
            "policy",
            "policies.PolicyDocument",
            policy_document,
            "policies:detail",
            _("Policies"),
            ("country",),
        ),
        SearchType(
            "resource",
            "resources.SharedResource",
            resource_document,
            "resources:detail",
            _("Shared resources"),
            ("country", "owner_organisation"),
        ),
        SearchType("notice", "notices.Notice", notice_document, "notices:detail", _("Notices")),
    )
}


class _SearchTypes(dict[str, type[Model]]):
    """``SEARCH_TYPES``: type name → model, resolved when first read (app registry)."""

    def _fill(self) -> None:
        if not super().__len__():
            for name, search_type in REGISTRY.items():
                super().__setitem__(name, search_type.model)

    def __getitem__(self, key: str) -> type[Model]:
        self._fill()
        return super().__getitem__(key)

    def __iter__(self) -> Any:
        self._fill()
        return super().__iter__()

    def __len__(self) -> int:
        self._fill()
        return super().__len__()

    def __contains__(self, key: object) -> bool:
        return key in REGISTRY

    def get(self, key: str, default: Any = None) -> Any:
        self._fill()
        return super().get(key, default)

    def items(self) -> Any:
        self._fill()
        return super().items()

    def keys(self) -> Any:
        self._fill()
        return super().keys()

    def values(self) -> Any:
        self._fill()
        return super().values()


#: Type name → model of every searchable record type.
SEARCH_TYPES: dict[str, type[Model]] = _SearchTypes()


def type_of_model(model: type[Model]) -> str | None:
    """The search type name of ``model`` (``None`` when it is not searchable)."""
    label = model._meta.label
    for name, search_type in REGISTRY.items():
        if search_type.model_label == label:
            return name
    return None


def document_for(instance: Model) -> Document | None:
    """The search document of ``instance``, or ``None`` when its model is not searchable."""
    doc_type = type_of_model(type(instance))
    if doc_type is None:
        return None
    return REGISTRY[doc_type].builder(instance)


def split_id(doc_id: str) -> tuple[str, str] | None:
    """``"project:42"`` → ``("project", "42")``; ``None`` for a malformed id or type."""
    doc_type, sep, pk = doc_id.partition(":")
    if not sep or doc_type not in REGISTRY or not pk:
        return None
    return doc_type, pk


def instances_for(doc_ids: Sequence[str]) -> dict[str, Model]:
    """The records named by ``doc_ids`` (``"<type>:<pk>"``); missing ones are absent."""
    by_type: dict[str, list[str]] = {}
    for doc_id in doc_ids:
        parts = split_id(doc_id)
        if parts is not None:
            by_type.setdefault(parts[0], []).append(parts[1])
    found: dict[str, Model] = {}
    for doc_type, pks in by_type.items():
        search_type = REGISTRY[doc_type]
        valid = [pk for pk in pks if pk.isdigit()]
        for instance in search_type.queryset().filter(pk__in=valid):
            found[f"{doc_type}:{instance.pk}"] = instance
    return found
