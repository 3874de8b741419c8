"""Writing imported programmes, projects, participants and organisations.

The file readers (:mod:`.fp7`, :mod:`.norway`) turn a file into :class:`ProgrammeIn` and
:class:`ProjectIn` records; :func:`write_projects` upserts them in one transaction:

* programmes by ``code`` (parents first), funded by the European Commission (an
  organisation found by name or created);
* projects by ``code``, compared field by field with :class:`stcoop.core.bulk.BulkUpsert`
  (a project number that belongs to a project from another source is skipped);
* each project's participants as a whole: when the list differs from the stored one it
  is replaced and the project counts as updated;
* each participant's organisation through
  :class:`stcoop.projects.importers.matching.OrganisationMatcher`, new organisations
  created in bulk, identifiers (PIC, Norwegian organisation number) added to matched
  organisations that lack them;
* one change-history entry per created or changed programme, project and organisation.

A dry run does all of it and rolls back. Running the same file again changes nothing.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from stcoop.core.bulk import BulkUpsert, keep_when_empty, log_bulk_changes
from stcoop.core.choices import Visibility
from stcoop.core.models import _json_value
from stcoop.core.permissions import Action, require
from stcoop.geo.models import Country
from stcoop.organisations.choices import OrganisationKind
from stcoop.organisations.imports import log_bulk_history
from stcoop.organisations.models import ExternalId, Organisation
from stcoop.projects.choices import ParticipantRole, ProgrammeStatus, ProjectStatus
from stcoop.projects.importers.matching import Match, OrganisationMatcher, normalise_name
from stcoop.projects.models import Participation, Programme, Project

Progress = Callable[[str, int, int], None]
BATCH = 500

EUROPEAN_COMMISSION = "European Commission"
EUROPEAN_COMMISSION_ZH = "欧盟委员会"

PROJECT_FIELDS = (
    "acronym",
    "title_en",
    "programme_id",
    "call_identifier",
    "topic",
    "start_date",
    "end_date",
    "status",
    "total_cost",
    "currency",
    "website",
)
#: Values a person may have added that an import without them keeps.
PROJECT_KEEP_WHEN_EMPTY = ("acronym", "call_identifier", "topic", "total_cost", "website")
PROGRAMME_FIELDS = (
    "name_en",
    "name_zh_hans",
    "acronym",
    "framework",
    "parent_id",
    "funder_id",
    "start_date",
    "end_date",
    "status",
)


# ---------------------------------------------------------------- input records
@dataclass
class ProgrammeIn:
    """A programme as a file gives it; ``parent_code`` names its parent."""

    code: str
    name_en: str
    name_zh_hans: str = ""
    acronym: str = ""
    framework: str = ""
    parent_code: str = ""
    funded_by_commission: bool = True
    start_date: date | None = None
    end_date: date | None = None
    status: str = ProgrammeStatus.CLOSED


@dataclass
class ParticipantIn:
    """A participant as a file gives it; ``ids`` are ``(scheme, value)`` pairs."""

    name: str
    country_code: str = ""
    city: str = ""
    role: str = ParticipantRole.PARTICIPANT
    amount: Decimal | None = None
    currency: str = "EUR"
    order: int = 0
    ids: list[tuple[str, str]] = field(default_factory=list)
    kind: str = OrganisationKind.OTHER
    linkable: bool = True  # False: a placeholder name ("unknown"), never linked


@dataclass
class ProjectIn:
    """A project as a file gives it."""

    code: str
    title_en: str
    acronym: str = ""
    programme_code: str = ""
    call_identifier: str = ""
    topic: str = ""
    start_date: date | None = None
    end_date: date | None = None
    status: str = ProjectStatus.ONGOING
    total_cost: Decimal | None = None
    currency: str = "EUR"
    website: str = ""
    participants: list[ParticipantIn] = field(default_factory=list)
    row: int = 0

    def target(self, programme_id: int | None) -> dict[str, Any]:
        return {
            "acronym": self.acronym,
            "title_en": self.title_en,
            "programme_id": programme_id,
            "call_identifier": self.call_identifier,
            "topic": self.topic,
            "start_date": self.start_date,
            "end_date": self.end_date,
            "status": self.status,
            "total_cost": self.total_cost,
            "currency": self.currency,
            "website": self.website,
        }


# ---------------------------------------------------------------- report
@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def line(self, label: str, verb: str) -> str:
        return (
            f"{label}: {self.created} {verb}created, {self.updated} {verb}updated, "
            f"{self.unchanged} unchanged"
        )


@dataclass
class ProjectImportReport:
    """What a run did (or, for a dry run, would do)."""

    source: str
    dry_run: bool = False
    rows: int = 0
    participants: int = 0
    programmes: Counts = field(default_factory=Counts)
    projects: Counts = field(default_factory=Counts)
    organisations: Counts = field(default_factory=Counts)
    participations_written: int = 0
    participations_unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    skipped_participants: Counter[str] = field(default_factory=Counter)
    linked: Counter[str] = field(default_factory=Counter)
    not_linked: Counter[str] = field(default_factory=Counter)
    identifiers_added: int = 0
    filed_for_review: int = 0
    unknown_countries: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.programmes.created
            + self.programmes.updated
            + self.projects.created
            + self.projects.updated
            + self.organisations.created
            + self.organisations.updated
        )

    def summary(self) -> str:
        """A few lines for the command line."""
        verb = "would be " if self.dry_run else ""
        lines = [
            f"{self.rows} records read ({self.participants} participants) in {self.seconds:.1f} s"
        ]
        lines.append(self.programmes.line("programmes", verb))
        lines.append(
            self.projects.line("projects", verb) + f", {sum(self.skipped.values())} skipped"
        )
        for reason, count in sorted(self.skipped.items()):
            lines.append(f"  skipped ({reason}): {count}")
        lines.append(
            f"participations: {self.participations_written} {verb}written, "
            f"{self.participations_unchanged} unchanged"
        )
        for reason, count in sorted(self.skipped_participants.items()):
            lines.append(f"  participants skipped ({reason}): {count}")
        lines.append(self.organisations.line("organisations", verb))
        for how, count in sorted(self.linked.items()):
            lines.append(f"  participants linked ({how}): {count}")
        for reason, count in sorted(self.not_linked.items()):
            lines.append(f"  participants not linked to an organisation ({reason}): {count}")
        if self.identifiers_added:
            lines.append(f"{self.identifiers_added} identifiers {verb}added")
        if self.filed_for_review:
            lines.append(
                f"{self.filed_for_review} uncertain organisation links {verb}filed for review"
            )
        if self.unknown_countries:
            codes = ", ".join(f"{c} ({n})" for c, n in sorted(self.unknown_countries.items()))
            lines.append(f"unknown country codes (left empty): {codes}")
        lines.extend(f"warning: {warning}" for warning in self.warnings)
        if self.dry_run:
            lines.append("dry run: nothing was written")
        return "\n".join(lines)


# ---------------------------------------------------------------- snapshots
def _field_values(record: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for model_field in record._meta.concrete_fields:
        if model_field.name in record.history_exclude:
            continue
        data[model_field.attname] = _json_value(getattr(record, model_field.attname))
    return data


def participant_label(p: Participation) -> str:
    """A participation as :meth:`Project.snapshot` writes it."""
    label = f"{p.role}:{p.organisation_id or p.name_as_given}:{p.country_id or ''}"
    if p.funding_amount is not None:
        label += f":{p.funding_amount} {p.currency}"
    return label


@dataclass
class ProjectState:
    """What the history snapshot of a project needs besides its fields (read once)."""

    participations: dict[int, list[Participation]] = field(default_factory=dict)
    shared: dict[int, list[int]] = field(default_factory=dict)
    funding: dict[int, list[str]] = field(default_factory=dict)
    outputs: dict[int, list[str]] = field(default_factory=dict)

    def snapshot(self, project: Project) -> dict[str, Any]:
        """:meth:`Project.snapshot` without its queries."""
        data = _field_values(project)
        pk = project.pk
        data["shared_with"] = sorted(self.shared.get(pk, []))
        data["participants"] = [participant_label(p) for p in self.participations.get(pk, [])]
        data["funding"] = self.funding.get(pk, [])
        data["outputs"] = self.outputs.get(pk, [])
        return data


def _load_state(project_pks: list[int]) -> ProjectState:
    state = ProjectState()
    for start in range(0, len(project_pks), BATCH):
        chunk = project_pks[start : start + BATCH]
        for p in Participation.objects.filter(project_id__in=chunk).order_by("pk"):
            state.participations.setdefault(p.project_id, []).append(p)
        shared = Project.shared_with.through.objects.filter(project_id__in=chunk)
        for project_id, unit_id in shared.values_list("project_id", "organisationunit_id"):
            state.shared.setdefault(project_id, []).append(unit_id)
        from stcoop.projects.models import Output, ProjectFunding

        for f in ProjectFunding.objects.filter(project_id__in=chunk).order_by("pk"):
            state.funding.setdefault(f.project_id, []).append(
                f"{f.source}:{f.year or ''}:{f.amount} {f.currency}"
            )
        for o in Output.objects.filter(project_id__in=chunk).order_by("pk"):
            state.outputs.setdefault(o.project_id, []).append(f"{o.kind}:{o.year or ''}:{o.title}")
    return state


def _project_search(project: Project) -> None:
    """The search columns :meth:`Project.save` computes (``bulk_create`` skips it)."""
    project.search_text = "\n".join(
        n.casefold()
        for n in (
            project.code,
            project.acronym,
            project.title_zh_hans,
            project.title_en,
            *(k for k in project.keywords or [] if isinstance(k, str)),
        )
        if n
    )
    disciplines = [d.casefold() for d in project.disciplines or [] if isinstance(d, str)]
    project.discipline_text = "\n" + "\n".join(disciplines) + "\n" if disciplines else ""


# ---------------------------------------------------------------- writing
def write_projects(
    *,
    actor: Any,
    owner_unit: Any,
    source: str,
    programmes: list[ProgrammeIn],
    projects: list[ProjectIn],
    report: ProjectImportReport,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ProjectImportReport:
    """Upsert ``programmes`` and ``projects`` (with participants and organisations).

    Raises:
        PermissionDenied: ``actor`` may not add projects or organisations for
            ``owner_unit``.
    """
    require(actor, Action.ADD, Project, owner_unit=owner_unit)
    require(actor, Action.ADD, Organisation, owner_unit=owner_unit)
    tick: Progress = progress or (lambda *_args: None)
    started = time.monotonic()
    report.dry_run = dry_run
    with transaction.atomic():
        _Writer(actor, owner_unit, source, report, tick).run(programmes, projects)
        if dry_run:
            transaction.set_rollback(True)
    report.seconds += time.monotonic() - started
    return report


class _Writer:
    def __init__(
        self, actor: Any, owner_unit: Any, source: str, report: ProjectImportReport, tick: Progress
    ) -> None:
        self.actor = actor
        self.owner_unit = owner_unit
        self.source = source
        self.report = report
        self.tick = tick
        self.creator = actor if getattr(actor, "pk", None) else None
        self.countries = dict(Country.objects.values_list("iso2", "pk"))
        if not self.countries:
            report.warnings.append(
                "no countries in the database: run `stcoop import reference` first"
            )
        self.new_orgs: list[Organisation] = []
        self.org_labels: dict[int, list[str]] = {}
        self.touched_orgs: dict[int, Organisation] = {}
        self.org_befores: dict[int, dict[str, Any]] = {}
        self.pending: list[tuple[Organisation, list[tuple[str, str]]]] = []
        self.linked_pks: set[int] = set()
        self._matcher: OrganisationMatcher | None = None
        self.participant_countries: set[int] = set()
        self.participant_schemes: set[str] = set()
        # (temporary pk, participant, row reference, resolver candidates) for review
        self.reviews: list[tuple[int, ParticipantIn, str, list[dict[str, Any]]]] = []
        self.row_ref = ""

    def owned(self) -> dict[str, Any]:
        return {
            "owner_unit": self.owner_unit,
            "visibility": Visibility.PUBLIC,
            "created_by": self.creator,
        }

    def run(self, programmes: list[ProgrammeIn], projects: list[ProjectIn]) -> None:
        funder = self.commission() if any(p.funded_by_commission for p in programmes) else None
        programme_ids = self.programmes(programmes, funder)
        self.projects(projects, programme_ids)
        self.log_organisations()

    # ------------------------------------------------------------ organisations
    def new_organisation(self, **values: Any) -> Organisation:
        organisation = Organisation(**self.owned(), **values)
        organisation.search_text = organisation.compute_search_text()
        return organisation

    def commission(self) -> Organisation:
        """The European Commission: an organisation of that name, or a new one."""
        key = normalise_name(EUROPEAN_COMMISSION)
        candidates = Organisation.objects.filter(
            merged_into__isnull=True, name_en__iexact=EUROPEAN_COMMISSION
        ).order_by("pk")
        for organisation in candidates:
            if normalise_name(organisation.name_en or "") == key:
                return organisation
        organisation = self.new_organisation(
            name_en=EUROPEAN_COMMISSION,
            name_zh_hans=EUROPEAN_COMMISSION_ZH,
            acronyms=["EC"],
            kind=OrganisationKind.FUNDER,
            country_id=self.countries.get("BE"),
            city="Brussels",
            website="https://commission.europa.eu",
        )
        organisation.save()
        self.new_orgs.append(organisation)
        self.report.organisations.created += 1
        return organisation

    def log_organisations(self) -> None:
        for organisation in self.new_orgs:
            self.org_labels.setdefault(organisation.pk, [])
        if self.touched_orgs:
            touched = list(self.touched_orgs)
            for start in range(0, len(touched), BATCH):
                rows = ExternalId.objects.filter(organisation_id__in=touched[start : start + BATCH])
                for scheme, value, pk in rows.values_list("scheme", "value", "organisation_id"):
                    label = f"{scheme}:{value}"
                    if label not in self.org_labels.setdefault(pk, []):
                        self.org_labels[pk].append(label)
        self.report.organisations.updated = len(self.touched_orgs)
        self.report.organisations.unchanged = len(self.linked_pks - set(self.touched_orgs))
        log_bulk_history(
            self.actor,
            self.new_orgs,
            self.touched_orgs,
            self.org_befores,
            self.org_labels,
            request_id=f"{self.source}-import",
        )

    # ------------------------------------------------------------ programmes
    def programmes(
        self, programmes: list[ProgrammeIn], funder: Organisation | None
    ) -> dict[str, int]:
        existing = {
            p.code: p for p in Programme.objects.filter(code__in=[p.code for p in programmes])
        }
        ids: dict[str, int] = {}
        merge = keep_when_empty(("name_zh_hans",))
        created: list[Programme] = []
        changed: dict[int, Programme] = {}
        befores: dict[int, dict[str, Any]] = {}
        for item in programmes:  # parents come before their children
            target = {
                "name_en": item.name_en,
                "name_zh_hans": item.name_zh_hans,
                "acronym": item.acronym,
                "framework": item.framework,
                "parent_id": ids.get(item.parent_code),
                "funder_id": funder.pk if funder and item.funded_by_commission else None,
                "start_date": item.start_date,
                "end_date": item.end_date,
                "status": item.status,
            }
            programme = existing.get(item.code)
            if programme is None:
                programme = Programme(code=item.code, **self.owned(), **target)
                programme.save()
                created.append(programme)
            else:
                updates = {
                    name: merge(name, getattr(programme, name), value)
                    for name, value in target.items()
                }
                updates = {k: v for k, v in updates.items() if v != getattr(programme, k)}
                if updates:
                    befores[programme.pk] = programme.snapshot()
                    for name, value in updates.items():
                        setattr(programme, name, value)
                    programme.save()
                    changed[programme.pk] = programme
            ids[item.code] = programme.pk
        self.report.programmes.created = len(created)
        self.report.programmes.updated = len(changed)
        self.report.programmes.unchanged = len(programmes) - len(created) - len(changed)
        log_bulk_changes(
            self.actor,
            Programme,
            created,
            changed,
            befores,
            lambda p: p.snapshot(),
            request_id=f"{self.source}-import",
        )
        return ids

    # ------------------------------------------------------------ projects
    def projects(self, projects: list[ProjectIn], programme_ids: dict[str, int]) -> None:
        report = self.report
        codes = [p.code for p in projects]
        existing: dict[str, Project] = {}
        for start in range(0, len(codes), BATCH):
            for project in Project.objects.filter(code__in=codes[start : start + BATCH]):
                existing[project.code] = project
        state = _load_state([p.pk for p in existing.values()])
        upsert: BulkUpsert[Project] = BulkUpsert(
            Project,
            PROJECT_FIELDS,
            merge=keep_when_empty(PROJECT_KEEP_WHEN_EMPTY),
            prepare=_project_search,
            snapshot=state.snapshot,
            extra_update_fields=("search_text", "discipline_text"),
        )
        planned: list[tuple[ProjectIn, Project]] = []
        total = len(projects)
        for done, item in enumerate(projects, start=1):
            if done % 100 == 0:
                self.tick("Comparing projects", done, total)
            found = existing.get(item.code)
            if found is not None and found.source != self.source:
                owner = found.source or "this registry"
                report.skipped[f"project number used by a project from {owner}"] += 1
                continue
            target = item.target(programme_ids.get(item.programme_code))
            project = upsert.add(found, target, code=item.code, source=self.source, **self.owned())
            planned.append((item, project))
        self.tick("Comparing projects", total, total)

        self.participant_countries = {
            self.countries[p.country_code]
            for item, _project in planned
            for p in item.participants
            if p.country_code in self.countries
        }
        self.participant_schemes = {
            scheme for item, _project in planned for p in item.participants for scheme, _ in p.ids
        }
        wanted = self.participants(planned, state)
        self.create_organisations()
        self.file_reviews()
        upsert.create(self.tick, "Creating projects")

        # Participants: replace a project's list when it differs from the stored one.
        new_rows: list[Participation] = []
        replace: list[int] = []
        for item, project in planned:
            rows = [self.participation(project, p, pk) for p, pk in wanted[id(item)]]
            current = state.participations.get(project.pk, []) if project.pk else []
            if not upsert.is_new(project) and [_key(r) for r in rows] == [_key(r) for r in current]:
                report.participations_unchanged += len(rows)
                continue
            if not upsert.is_new(project):
                upsert.touch(project)
                if current:
                    replace.append(project.pk)
            new_rows.extend(rows)
            state.participations[project.pk] = rows
        for start in range(0, len(replace), BATCH):
            Participation.objects.filter(project_id__in=replace[start : start + BATCH]).delete()
        Participation.objects.bulk_create(new_rows, batch_size=BATCH)
        report.participations_written = len(new_rows)
        upsert.update()
        report.projects.created = upsert.created_count
        report.projects.updated = upsert.updated_count
        report.projects.unchanged = upsert.unchanged_count
        log_bulk_changes(
            self.actor,
            Project,
            upsert.new,
            upsert.changed,
            upsert.befores,
            state.snapshot,
            request_id=f"{self.source}-import",
        )

    def participation(self, project: Project, item: ParticipantIn, pk: int | None) -> Participation:
        if pk is not None and pk < 0:
            pk = self.pending[-pk - 1][0].pk
        return Participation(
            project_id=project.pk,
            organisation_id=pk,
            name_as_given=item.name,
            role=item.role,
            country_id=self.countries.get(item.country_code),
            city=item.city,
            funding_amount=item.amount,
            currency=item.currency,
            order=item.order,
        )

    def participants(
        self,
        planned: list[tuple[ProjectIn, Project]],
        state: ProjectState,
    ) -> dict[int, list[tuple[ParticipantIn, int | None]]]:
        """The organisation of every participant (a negative pk: a new organisation,
        saved by :meth:`create_organisations`)."""
        wanted: dict[int, list[tuple[ParticipantIn, int | None]]] = {}
        total = sum(len(item.participants) for item, _project in planned)
        done = 0
        for item, project in planned:
            self.row_ref = f"{item.code} (row {item.row})" if item.row else item.code
            earlier = _earlier_links(state.participations.get(project.pk, []) if project.pk else [])
            chosen: list[tuple[ParticipantIn, int | None]] = []
            for participant in item.participants:
                done += 1
                if done % 500 == 0:
                    self.tick("Matching organisations", done, total)
                chosen.append((participant, self.organisation_of(participant, earlier)))
            wanted[id(item)] = chosen
        self.tick("Matching organisations", total, total)
        return wanted

    def organisation_of(self, participant: ParticipantIn, earlier: dict[str, int]) -> int | None:
        report = self.report
        country_id = self.countries.get(participant.country_code)
        if participant.country_code and country_id is None:
            report.unknown_countries[participant.country_code] += 1
        # A link made before (by an import or by hand) stands unless the participant
        # brings an identifier, which decides by itself.
        pk: int | None = None if participant.ids else earlier.get(participant.name)
        how = "as linked before in this project"
        found: Match | None = None
        if pk is None:
            if not participant.linkable:
                report.not_linked["name unknown"] += 1
                return None
            if country_id is not None or participant.ids:
                found = self.matcher().match(
                    participant.name, country_id, participant.city, participant.ids
                )
                pk, how = found.pk, found.how
        if pk is None:
            if country_id is None:
                reason = "country not in the database" if participant.country_code else "no country"
                report.not_linked[reason] += 1
                return None
            pk = self.plan_organisation(participant, country_id, self.matcher())
            if found is not None and found.candidates:
                self.reviews.append((pk, participant, self.row_ref, found.candidates))
        else:
            report.linked[how] += 1
            if pk > 0:
                self.linked_pks.add(pk)
            if pk > 0 and participant.ids:
                self.add_identifiers(pk, participant.ids, self.matcher())
        if self._matcher is not None:  # else it reads this link when it loads
            self._matcher.remember(pk, participant.name, country_id, participant.city)
        return pk

    def matcher(self) -> OrganisationMatcher:
        """The organisation matcher, loaded when a participant first needs it (a run
        that finds every participant linked as before never reads the registry)."""
        if self._matcher is None:
            self._matcher = OrganisationMatcher().load(
                self.participant_countries, self.participant_schemes
            )
        return self._matcher

    def plan_organisation(
        self, participant: ParticipantIn, country_id: int, matcher: OrganisationMatcher
    ) -> int:
        """A new organisation for ``participant`` (saved later); its temporary pk."""
        organisation = self.new_organisation(
            name_en=participant.name,
            kind=participant.kind,
            country_id=country_id,
            city=participant.city,
        )
        ids = list(dict.fromkeys(i for i in participant.ids if i not in matcher.by_id))
        self.pending.append((organisation, ids))
        temporary = -len(self.pending)
        matcher.add_organisation(temporary, [participant.name], country_id, participant.city)
        for scheme, value in ids:
            matcher.add_identifier(temporary, scheme, value)
        return temporary

    def add_identifiers(
        self, pk: int, ids: list[tuple[str, str]], matcher: OrganisationMatcher
    ) -> None:
        """Give a matched organisation the participant's identifiers it lacks (unless
        another organisation holds them, or it has another value of that scheme)."""
        for scheme, value in ids:
            if (scheme, value) in matcher.by_id or matcher.has_scheme(pk, scheme):
                continue
            organisation = self.touched_orgs.get(pk)
            if organisation is None:
                organisation = Organisation.objects.get(pk=pk)
                self.org_befores[pk] = organisation.snapshot()
                self.touched_orgs[pk] = organisation
            ExternalId.objects.create(organisation=organisation, scheme=scheme, value=value)
            matcher.add_identifier(pk, scheme, value)
            self.report.identifiers_added += 1

    def file_reviews(self) -> None:
        """File a review item for each organisation created where the resolver had
        uncertain candidates (never a silent guess)."""
        from stcoop.organisations.resolution_services import review_file

        for pk, participant, ref, candidates in self.reviews:
            created = self.pending[-pk - 1][0] if pk < 0 else None
            review_file(
                source=self.source,
                source_ref=ref,
                text=participant.name,
                country=participant.country_code,
                candidates=candidates,
                created_organisation=created,
            )
            self.report.filed_for_review += 1
        self.reviews = []

    def create_organisations(self) -> None:
        organisations = [organisation for organisation, _ids in self.pending]
        for start in range(0, len(organisations), BATCH):
            Organisation.objects.bulk_create(organisations[start : start + BATCH])
            self.tick(
                "Creating organisations", min(start + BATCH, len(organisations)), len(organisations)
            )
        ids = [
            ExternalId(organisation_id=organisation.pk, scheme=scheme, value=value)
            for organisation, pairs in self.pending
            for scheme, value in pairs
        ]
        ExternalId.objects.bulk_create(ids, batch_size=BATCH)
        self.report.identifiers_added += len(ids)
        for organisation, pairs in self.pending:
            self.org_labels[organisation.pk] = [f"{s}:{v}" for s, v in pairs]
        self.new_orgs.extend(organisations)
        self.report.organisations.created += len(organisations)


def _earlier_links(participations: list[Participation]) -> dict[str, int]:
    """Name as given → organisation, for names linked to one organisation only."""
    links: dict[str, int] = {}
    ambiguous: set[str] = set()
    for p in participations:
        if p.organisation_id is None:
            continue
        if links.setdefault(p.name_as_given, p.organisation_id) != p.organisation_id:
            ambiguous.add(p.name_as_given)
    return {name: pk for name, pk in links.items() if name not in ambiguous}


def _key(p: Participation) -> tuple[Any, ...]:
    amount = p.funding_amount
    return (
        p.organisation_id,
        p.name_as_given,
        p.role,
        p.country_id,
        p.city,
        None if amount is None else Decimal(amount),
        p.currency,
        p.order,
    )
