"""Services of bases: who may do what, the status lifecycle, reports, history."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from bases.factories import make_base, make_report
from organisations.factories import OrganisationFactory, make_country
from stcoop.bases.choices import BaseKind, BaseStatus, ReportStatus
from stcoop.bases.models import CooperationBase, SelfReport
from stcoop.bases.services import (
    base_create,
    base_delete,
    base_status_change,
    base_update,
    report_create,
    report_delete,
    report_review,
    report_set_status,
    report_submit,
    report_update,
)
from stcoop.core.choices import Visibility
from stcoop.core.models import ObjectChange

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The messages asserted below are the English ones, whatever the default language."""
    with translation.override("en"):
        yield


@pytest.fixture
def base(units: Any) -> CooperationBase:
    return make_base(units.base, status=BaseStatus.DESIGNATED)


def _history(record: Any) -> list[ObjectChange]:
    return list(
        ObjectChange.objects.filter(
            content_type=ContentType.objects.get_for_model(type(record)),
            object_id=str(record.pk),
        ).order_by("pk")
    )


# ---------------------------------------------------------------- creating and editing
def test_base_manager_applies_for_own_unit_and_edits_descriptive_fields(
    units: Any, users: Any
) -> None:
    de = make_country("DE", "DEU", "Germany", "德国")
    partner = OrganisationFactory(owner_unit=units.ministry)
    base = base_create(
        actor=users.base_manager,
        owner_unit=units.base,
        kind=BaseKind.TECH_TRANSFER_CENTRE,
        name_zh_hans="中国—东盟技术转移中心",
        province="CN-GX",
        city="南宁",
        partner_countries=[de],
        partner_organisations=[partner],
        disciplines=["技术转移"],
    )
    assert base.status == BaseStatus.APPLIED and base.created_by == users.base_manager
    assert [c.to_status for c in base.status_changes.all()] == ["applied"]
    created = _history(base)
    assert [c.action for c in created] == ["create"]
    assert created[0].after["partner_countries"] == [de.pk]  # type: ignore[index]
    assert created[0].after["timeline"][0].endswith("->applied")  # type: ignore[index]
    base_update(actor=users.base_manager, base=base, city="Nanning", acronym="CATTC")
    base.refresh_from_db()
    assert base.city == "Nanning"
    assert _history(base)[-1].diff() == [
        ("acronym", "", "CATTC"),
        ("city", "南宁", "Nanning"),
    ]


def test_base_manager_may_not_decide_or_touch_other_bases(
    units: Any, users: Any, base: CooperationBase
) -> None:
    with pytest.raises(PermissionDenied, match="ministry and platform administrators"):
        base_status_change(actor=users.base_manager, base=base, status=BaseStatus.UNDER_EVALUATION)
    with pytest.raises(PermissionDenied):
        base_update(actor=users.base_manager, base=base, batch="2024")
    with pytest.raises(PermissionDenied):
        base_create(
            actor=users.base_manager,
            owner_unit=units.base,
            kind=BaseKind.JOINT_LABORATORY,
            name_en="Lab",
            province="CN-GD",
            status=BaseStatus.DESIGNATED,
        )
    other = make_base(units.enterprise, "另一基地")
    with pytest.raises(PermissionDenied):
        base_update(actor=users.base_manager, base=other, city="x")
    with pytest.raises(PermissionDenied):
        base_create(
            actor=users.base_manager,
            owner_unit=units.enterprise,
            kind=BaseKind.JOINT_LABORATORY,
            name_en="Lab",
            province="CN-GD",
        )
    with pytest.raises(ValidationError, match="only by a decision"):
        base_update(actor=users.base_manager, base=base, status=BaseStatus.REVOKED)
    base.refresh_from_db()
    assert base.status == BaseStatus.DESIGNATED


@pytest.mark.parametrize("role", ["ministry_admin", "platform_admin"])
def test_administrators_decide(role: str, users: Any, base: CooperationBase) -> None:
    actor = getattr(users, role)
    base_status_change(actor=actor, base=base, status=BaseStatus.UNDER_EVALUATION)
    base_status_change(actor=actor, base=base, status=BaseStatus.WARNED, reason="Few projects.")
    base_status_change(actor=actor, base=base, status=BaseStatus.DESIGNATED)
    base.refresh_from_db()
    assert base.status == BaseStatus.DESIGNATED
    steps = [(c.from_status, c.to_status) for c in base.status_changes.all()]
    assert steps[1:] == [
        ("designated", "under_evaluation"),
        ("under_evaluation", "warned"),
        ("warned", "designated"),
    ]
    assert base.status_changes.last().decided_by == actor  # type: ignore[union-attr]
    last = _history(base)[-1]
    assert ("status", "warned", "designated") in last.diff()


@pytest.mark.parametrize("role", ["unit_admin", "org_user", "expert", "division_user"])
def test_others_may_not_decide(role: str, users: Any, base: CooperationBase) -> None:
    with pytest.raises(PermissionDenied):
        base_status_change(actor=getattr(users, role), base=base, status="under_evaluation")


@pytest.mark.parametrize(
    ("start", "target", "message"),
    [
        ("applied", "warned", "cannot become warned; it can become: designated"),
        ("designated", "revoked", "cannot become revoked"),
        ("under_evaluation", "revoked", "cannot become revoked"),
        ("revoked", "designated", "cannot change status any more"),
        ("designated", "designated", "already designated"),
        ("designated", "closed", "Unknown status"),
    ],
)
def test_illegal_transitions_are_refused(
    units: Any, users: Any, start: str, target: str, message: str
) -> None:
    base = make_base(units.base, status=start)
    with pytest.raises(ValidationError, match=message):
        base_status_change(actor=users.ministry_admin, base=base, status=target, reason="r")
    base.refresh_from_db()
    assert base.status == start and base.status_changes.count() == 1


def test_decision_rules_on_reason_and_date(users: Any, units: Any) -> None:
    base = make_base(units.base, status=BaseStatus.UNDER_EVALUATION)
    with pytest.raises(ValidationError) as error:
        base_status_change(actor=users.ministry_admin, base=base, status="warned")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        base_status_change(
            actor=users.ministry_admin,
            base=base,
            status="designated",
            date=TODAY + datetime.timedelta(days=1),
        )
    assert "future" in error.value.message_dict["date"][0]
    with pytest.raises(ValidationError) as error:
        base_status_change(
            actor=users.ministry_admin,
            base=base,
            status="designated",
            date=datetime.date(2019, 1, 1),
        )
    assert "2020-01-01" in error.value.message_dict["date"][0]


def test_designating_an_application_sets_the_designation_date(users: Any, units: Any) -> None:
    base = make_base(units.base)
    day = datetime.date(2023, 6, 1)
    base_status_change(actor=users.ministry_admin, base=base, status="designated", date=day)
    base.refresh_from_db()
    assert (base.designation_date, base.designation_year) == (day, 2023)


def test_validation_of_place_and_names(units: Any, users: Any) -> None:
    cn = make_country("CN", "CHN", "China", "中国")
    with pytest.raises(ValidationError) as error:
        base_create(actor=users.ministry_admin, owner_unit=units.base, kind="joint_laboratory")
    assert {"name_zh_hans", "province"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        base_create(
            actor=users.ministry_admin,
            owner_unit=units.base,
            kind="overseas_rd_centre",
            name_en="Centre",
            country=cn,
        )
    assert error.value.message_dict["country"] == ["An overseas centre is in a country abroad."]
    assert not CooperationBase.objects.exists()


def test_unit_admin_edits_bases_in_subtree_but_cannot_decide(
    users: Any, base: CooperationBase
) -> None:
    base_update(actor=users.unit_admin, base=base, city="深圳")
    with pytest.raises(PermissionDenied):
        base_update(actor=users.unit_admin, base=base, designating_body="MOST")


def test_hidden_partner_organisations_are_refused_and_kept(
    units: Any, users: Any, base: CooperationBase
) -> None:
    hidden = OrganisationFactory(owner_unit=units.enterprise, visibility=Visibility.INTERNAL)
    public = OrganisationFactory(owner_unit=units.enterprise)
    with pytest.raises(ValidationError, match="No such organisation"):
        base_update(actor=users.base_manager, base=base, partner_organisations=[hidden])
    base.partner_organisations.set([hidden])
    base_update(actor=users.base_manager, base=base, partner_organisations=[public])
    assert set(base.partner_organisations.all()) == {hidden, public}


def test_delete_rules(units: Any, users: Any) -> None:
    applied = base_create(
        actor=users.base_manager,
        owner_unit=units.base,
        kind="joint_laboratory",
        name_en="Lab",
        province="CN-GD",
    )
    designated = make_base(units.base, status=BaseStatus.DESIGNATED)
    designated.created_by = users.base_manager
    designated.save()
    with pytest.raises(PermissionDenied, match="administrator"):
        base_delete(actor=users.base_manager, base=designated)
    base_delete(actor=users.base_manager, base=applied)
    pk = designated.pk
    base_delete(actor=users.ministry_admin, base=designated)
    assert not CooperationBase.objects.exists()
    assert ObjectChange.objects.filter(object_id=str(pk), action="delete").exists()


def test_moving_a_base_moves_its_reports(units: Any, users: Any, base: CooperationBase) -> None:
    report = make_report(base)
    base_update(actor=users.unit_admin, base=base, owner_unit=units.division)
    report.refresh_from_db()
    assert report.owner_unit == units.division


# ---------------------------------------------------------------- self-reports
def test_report_lifecycle(users: Any, base: CooperationBase) -> None:
    report = report_create(
        actor=users.base_manager,
        base=base,
        year=TODAY.year - 1,
        people_trained=40,
        funding_central=decimal.Decimal("1000000"),
        narrative_zh_hans="年度总结",
    )
    assert report.owner_unit == base.owner_unit and report.status == ReportStatus.DRAFT
    report_update(actor=users.base_manager, report=report, people_trained=45)
    report_submit(actor=users.base_manager, report=report)
    with pytest.raises(PermissionDenied, match="submitted"):
        report_update(actor=users.base_manager, report=report, people_trained=50)
    with pytest.raises(PermissionDenied, match="submitted"):
        report_delete(actor=users.base_manager, report=report)
    with pytest.raises(PermissionDenied, match="administrators above"):
        report_review(actor=users.base_manager, report=report, accept=True)
    with pytest.raises(ValidationError) as error:
        report_review(actor=users.unit_admin, report=report, accept=False)
    assert "review_comment" in error.value.message_dict
    report_review(actor=users.unit_admin, report=report, accept=False, comment="Add sources.")
    assert report.status == ReportStatus.RETURNED and report.reviewed_by == users.unit_admin
    report_update(actor=users.base_manager, report=report, people_trained=50)
    report_submit(actor=users.base_manager, report=report)
    report_review(actor=users.ministry_admin, report=report, accept=True)
    report.refresh_from_db()
    assert (report.status, report.people_trained) == (ReportStatus.ACCEPTED, 50)
    actions = [(c.action, c.after.get("status")) for c in _history(report)]  # type: ignore[union-attr]
    assert actions == [
        ("create", "draft"),
        ("update", "draft"),
        ("update", "submitted"),
        ("update", "returned"),
        ("update", "returned"),
        ("update", "submitted"),
        ("update", "accepted"),
    ]


def test_report_validation(users: Any, base: CooperationBase) -> None:
    make_report(base, year=2022)
    with pytest.raises(ValidationError) as error:
        report_create(actor=users.base_manager, base=base, year=TODAY.year + 1)
    assert error.value.message_dict["year"] == ["The year cannot be in the future."]
    with pytest.raises(ValidationError) as error:
        report_create(actor=users.base_manager, base=base, year=2022)
    assert error.value.message_dict["year"] == ["This base already has a report for 2022."]
    with pytest.raises(ValidationError) as error:
        report_create(
            actor=users.base_manager,
            base=base,
            year=2021,
            patents_filed=-1,
            funding_local=decimal.Decimal("-5"),
        )
    assert {"patents_filed", "funding_local"} <= set(error.value.message_dict)
    assert SelfReport.objects.count() == 1


@pytest.mark.parametrize("role", ["org_user", "expert", "division_user"])
def test_outsiders_may_not_write_reports(role: str, users: Any, base: CooperationBase) -> None:
    with pytest.raises((PermissionDenied, ValidationError)):
        report_create(actor=getattr(users, role), base=base, year=2022)


def test_unit_admin_of_the_base_itself_writes_but_does_not_review(
    units: Any, users: Any, base: CooperationBase
) -> None:
    from conftest import make_user

    own_admin = make_user("baseadmin", "unit_admin", units.base)
    report = report_create(actor=own_admin, base=base, year=2022)
    report_submit(actor=own_admin, report=report)
    with pytest.raises(PermissionDenied):
        report_review(actor=own_admin, report=report, accept=True)


def test_set_status_walks_the_steps(users: Any, base: CooperationBase) -> None:
    report = make_report(base)
    report_set_status(actor=users.ministry_admin, report=report, status="accepted")
    assert report.status == ReportStatus.ACCEPTED and report.submitted_at is not None
    with pytest.raises(ValidationError, match="cannot become draft"):
        report_set_status(actor=users.ministry_admin, report=report, status="draft")
