"""The review queue of uncertain importer links, and the importers using the resolver:
a clear answer links ("linked by resolver"), an uncertain one creates the organisation
as before and files a review item (never a silent guess)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from organisations.factories import OrganisationFactory, make_country
from stcoop.engines.orgmatch import correction_key
from stcoop.organisations.models import (
    Organisation,
    ResolutionCorrection,
    ResolutionReviewItem,
)
from stcoop.organisations.resolution import ImporterAdvice, clear_resolver_cache
from stcoop.organisations.resolution_services import (
    review_bulk_accept,
    review_decide,
    review_file,
)
from stcoop.projects.importers.writing import (
    ParticipantIn,
    ProjectImportReport,
    ProjectIn,
    write_projects,
)
from stcoop.projects.models import Participation

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
EDITORS = ("platform_admin", "ministry_admin", "unit_admin", "base_manager", "org_user")


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    clear_resolver_cache()


@pytest.fixture
def registry(units: Any) -> dict[str, Organisation]:
    make_country("CN", "CHN", "China", "中国")
    germany = make_country("DE", "DEU", "Germany", "德国")
    mpg = OrganisationFactory(
        owner_unit=units.base,
        name_en="Max Planck Society",
        name_original="Max-Planck-Gesellschaft",
        name_language="de",
        kind="institute",
        country=germany,
        city="Munich",
    )
    bosch = OrganisationFactory(
        owner_unit=units.base,
        name_en="Robert Bosch GmbH",
        kind="company",
        country=germany,
        city="Stuttgart",
    )
    return {"mpg": mpg, "bosch": bosch}


def _import(users: Any, units: Any, *participants: ParticipantIn) -> ProjectImportReport:
    report = ProjectImportReport(source="fp7")
    project = ProjectIn(code="P-1", title_en="A project", row=2, participants=list(participants))
    return write_projects(
        actor=users.platform_admin,
        owner_unit=units.ministry,
        source="fp7",
        programmes=[],
        projects=[project],
        report=report,
    )


def _organisation_of(name: str) -> Organisation | None:
    return Participation.objects.get(name_as_given=name).organisation


# ---------------------------------------------------------------- importers
def test_importer_links_what_the_resolver_chooses(
    registry: dict[str, Organisation], users: Any, units: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    bosch = registry["bosch"]

    def advise(self: Any, name: str, country: str | None, city: str = "") -> ImporterAdvice:
        return ImporterAdvice(pk=bosch.pk, score=0.97)

    monkeypatch.setattr("stcoop.organisations.resolution.ImporterResolver.advise", advise)
    name = "BOSCH ROBERT GMBH"  # word order: the importer's exact rules do not find it
    report = _import(users, units, ParticipantIn(name=name, country_code="DE", city="STUTTGART"))
    assert _organisation_of(name) == bosch
    assert report.linked["linked by resolver"] == 1
    assert report.organisations.created == 0
    assert not ResolutionReviewItem.objects.exists()


def test_a_word_order_variant_is_not_linked_silently_by_the_real_resolver(
    registry: dict[str, Organisation], users: Any, units: Any
) -> None:
    # The resolver finds Robert Bosch GmbH but is not confident enough to link a
    # word-order variant on its own: the import creates the name and asks a person.
    name = "BOSCH ROBERT GMBH"
    report = _import(users, units, ParticipantIn(name=name, country_code="DE", city="STUTTGART"))
    created = _organisation_of(name)
    assert created is not None and created != registry["bosch"]
    assert report.filed_for_review == 1
    item = ResolutionReviewItem.objects.get()
    assert str(registry["bosch"].pk) in [c["org_id"] for c in item.candidates]


def test_importer_files_uncertain_links_for_review(
    registry: dict[str, Organisation],
    users: Any,
    units: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bosch = registry["bosch"]

    def advise(self: Any, name: str, country: str | None, city: str = "") -> ImporterAdvice:
        assert country == "DE"
        if name.startswith("BOSCH"):
            candidate = {"org_id": str(bosch.pk), "score": 0.8, "chosen": False,
                         "matching_type": "FUZZY", "substring": name, "reasons": []}  # fmt: skip
            return ImporterAdvice(candidates=[candidate])
        return ImporterAdvice()

    monkeypatch.setattr("stcoop.organisations.resolution.ImporterResolver.advise", advise)
    report = _import(
        users,
        units,
        ParticipantIn(name="BOSCH ROBERT LABS", country_code="DE", city="STUTTGART"),
        ParticipantIn(name="TOTALLY NEW COMPANY GMBH", country_code="DE", city="BERLIN"),
    )
    created = _organisation_of("BOSCH ROBERT LABS")
    assert created is not None and created != bosch  # not a silent guess
    assert report.organisations.created == 2
    assert report.filed_for_review == 1
    assert "1 uncertain organisation links filed for review" in report.summary()
    item = ResolutionReviewItem.objects.get()
    assert (item.source, item.text, item.country, item.status) == (
        "fp7",
        "BOSCH ROBERT LABS",
        "DE",
        "open",
    )
    assert item.source_ref == "P-1 (row 2)"
    assert item.created_organisation == created
    assert item.candidates[0]["org_id"] == str(bosch.pk)


def test_dry_run_files_nothing(
    registry: dict[str, Organisation], users: Any, units: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    candidate = {"org_id": str(registry["bosch"].pk), "score": 0.8, "chosen": False,
                 "matching_type": "FUZZY", "substring": "", "reasons": []}  # fmt: skip
    monkeypatch.setattr(
        "stcoop.organisations.resolution.ImporterResolver.advise",
        lambda *args, **kwargs: ImporterAdvice(candidates=[candidate]),
    )
    report = ProjectImportReport(source="fp7")
    project = ProjectIn(
        code="P-1",
        title_en="A project",
        participants=[ParticipantIn(name="BOSCH X", country_code="DE", city="STUTTGART")],
    )
    write_projects(
        actor=users.platform_admin,
        owner_unit=units.ministry,
        source="fp7",
        programmes=[],
        projects=[project],
        report=report,
        dry_run=True,
    )
    assert report.filed_for_review == 1
    assert not ResolutionReviewItem.objects.exists()


# ---------------------------------------------------------------- review queue
@pytest.fixture
def item(registry: dict[str, Organisation], units: Any) -> ResolutionReviewItem:
    created = OrganisationFactory(
        owner_unit=units.base,
        name_en="BOSCH ROBERT LABS",
        country=registry["bosch"].country,
        city="Stuttgart",
    )
    return review_file(
        source="fp7",
        source_ref="P-1",
        text="BOSCH ROBERT LABS",
        country="DE",
        candidates=[
            {"org_id": str(registry["bosch"].pk), "score": 0.8, "matching_type": "FUZZY"},
            {"org_id": str(registry["mpg"].pk), "score": 0.55, "matching_type": "FUZZY"},
        ],
        created_organisation=created,
    )


def test_filing_twice_updates_the_open_item(item: ResolutionReviewItem) -> None:
    again = review_file(source="fp7", source_ref="P-2", text=item.text, country="DE", candidates=[])
    assert again.pk == item.pk and again.source_ref == "P-2"
    assert ResolutionReviewItem.objects.count() == 1


def test_accepting_a_candidate_merges_the_created_organisation(
    item: ResolutionReviewItem, registry: dict[str, Organisation], users: Any
) -> None:
    created = item.created_organisation
    assert created is not None
    review_decide(actor=users.base_manager, item=item, organisation=registry["bosch"])
    item.refresh_from_db()
    created.refresh_from_db()
    assert item.status == "accepted" and item.resolved_organisation == registry["bosch"]
    assert item.decided_by == users.base_manager and item.decided_at is not None
    assert created.merged_into == registry["bosch"]
    correction = ResolutionCorrection.objects.get(key=correction_key("BOSCH ROBERT LABS"))
    assert correction.organisation == registry["bosch"]
    with pytest.raises(ValidationError):
        review_decide(actor=users.base_manager, item=item, organisation=None)


def test_none_keeps_the_created_organisation(item: ResolutionReviewItem, users: Any) -> None:
    review_decide(actor=users.base_manager, item=item, organisation=None)
    item.refresh_from_db()
    assert item.status == "rejected"
    assert item.resolved_organisation == item.created_organisation
    assert item.created_organisation is not None
    assert item.created_organisation.merged_into is None


def test_another_organisation_is_linked(item: ResolutionReviewItem, units: Any, users: Any) -> None:
    other = OrganisationFactory(owner_unit=units.base, name_en="Bosch Research")
    review_decide(actor=users.base_manager, item=item, organisation=other)
    item.refresh_from_db()
    assert item.status == "linked" and item.resolved_organisation == other


def test_who_may_not_change_the_organisations_cannot_decide(
    item: ResolutionReviewItem, registry: dict[str, Organisation], users: Any
) -> None:
    with pytest.raises(PermissionDenied):
        review_decide(actor=users.expert, item=item, organisation=registry["bosch"])
    # The enterprise's user may correct links but not change the base's organisations.
    with pytest.raises(PermissionDenied):
        review_decide(actor=users.org_user, item=item, organisation=registry["bosch"])
    item.refresh_from_db()
    assert item.status == "open"


def test_bulk_accept_above_a_score(
    item: ResolutionReviewItem, registry: dict[str, Organisation], units: Any, users: Any
) -> None:
    low = review_file(
        source="fp7",
        source_ref="P-3",
        text="MPG SOMETHING",
        country="DE",
        candidates=[{"org_id": str(registry["mpg"].pk), "score": 0.6, "matching_type": "FUZZY"}],
    )
    accepted, skipped = review_bulk_accept(
        actor=users.base_manager, items=ResolutionReviewItem.objects.all(), min_score=0.75
    )
    assert (accepted, skipped) == (1, 0)
    item.refresh_from_db()
    low.refresh_from_db()
    assert item.status == "accepted" and low.status == "open"


@pytest.mark.parametrize(("role", "status"), [*((r, 200) for r in EDITORS), ("expert", 403)])
def test_review_page_by_role(
    item: ResolutionReviewItem,
    users: Any,
    client_for: Callable[[Any], Client],
    role: str,
    status: int,
) -> None:
    client = client_for(getattr(users, role))
    response = client.get("/organisations/review/", **EN)
    assert response.status_code == status
    if status == 200:
        assert "BOSCH ROBERT LABS" in response.content.decode()
    post = client.post(f"/organisations/review/{item.pk}/decide/", {"choice": "none"})
    assert post.status_code == (302 if status == 200 else 403)
    bulk = client.post("/organisations/review/bulk-accept/", {"min_score": "0.5"})
    assert bulk.status_code == (302 if status == 200 else 403)


def test_review_page_decides_with_the_search_field_and_refuses_bad_choices(
    item: ResolutionReviewItem,
    registry: dict[str, Organisation],
    users: Any,
    client_for: Callable[[Any], Client],
) -> None:
    client = client_for(users.base_manager)
    bad = client.post(f"/organisations/review/{item.pk}/decide/", {"choice": "x"}, follow=True)
    assert "Choose an organisation" in bad.content.decode() or bad.status_code == 200
    item.refresh_from_db()
    assert item.status == "open"
    assert (
        client.post("/organisations/review/999999/decide/", {"choice": "none"}).status_code == 404
    )
    client.post(
        f"/organisations/review/{item.pk}/decide/",
        {"choice": "none", "other": str(registry["mpg"].pk)},
    )
    item.refresh_from_db()
    assert item.status == "accepted" and item.resolved_organisation == registry["mpg"]
    decided = client.get("/organisations/review/?status=accepted", **EN).content.decode()
    assert "BOSCH ROBERT LABS" in decided
