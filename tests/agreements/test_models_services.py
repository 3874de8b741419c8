"""Agreements and mechanisms: validation, computed status and sessions, services,
permissions and the change history (links and sessions included)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from agreements.factories import AgreementFactory, MechanismFactory
from organisations.factories import OrganisationFactory, make_country
from stcoop.agreements.models import Agreement, Mechanism, MechanismMeeting, add_months
from stcoop.agreements.services import (
    agreement_create,
    agreement_delete,
    agreement_update,
    mechanism_create,
    mechanism_delete,
    mechanism_update,
    meeting_add,
    meeting_remove,
    meeting_update,
)
from stcoop.core.models import ObjectChange

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def countries() -> dict[str, Any]:
    return {
        "IL": make_country("IL", "ISR", "Israel", "以色列"),
        "DE": make_country("DE", "DEU", "Germany", "德国"),
    }


def _changes(record: Any) -> list[ObjectChange]:
    return list(
        ObjectChange.objects.filter(
            object_id=str(record.pk), content_type__model=record._meta.model_name
        ).order_by("pk")
    )


def test_agreement_create_records_links_in_one_history_entry(
    units: Any, users: Any, countries: dict[str, Any]
) -> None:
    most = OrganisationFactory(owner_unit=units.ministry, name_en="MOST")
    agreement = agreement_create(
        actor=users.ministry_admin,
        owner_unit=units.department,
        kind="intergovernmental",
        title_zh_hans="中以科技合作协定",
        countries=[countries["IL"]],
        signatories=[most],
        signed_date=D(1993, 7, 1),
        status="in_force",
    )
    assert agreement.created_by == users.ministry_admin
    entries = _changes(agreement)
    assert [e.action for e in entries] == ["create"]
    assert entries[0].after is not None
    assert entries[0].after["countries"] == [countries["IL"].pk]
    assert entries[0].after["signatories"] == [most.pk]
    agreement_update(
        actor=users.ministry_admin, agreement=agreement, countries=[countries["DE"]], title_en="X"
    )
    update = _changes(agreement)[-1]
    assert update.action == "update"
    assert dict((k, (b, a)) for k, b, a in update.diff()) == {
        "countries": ([countries["IL"].pk], [countries["DE"].pk]),
        "title_en": (None, "X"),
    }
    # Nothing changed: no entry.
    agreement_update(actor=users.ministry_admin, agreement=agreement, title_en="X")
    assert len(_changes(agreement)) == 2
    pk = agreement.pk
    agreement_delete(actor=users.ministry_admin, agreement=agreement)
    assert ObjectChange.objects.filter(object_id=str(pk), action="delete").exists()
    assert not Agreement.objects.exists()


def test_agreement_validation_names_the_fields(units: Any, users: Any) -> None:
    def create(**fields: Any) -> dict[str, list[str]]:
        with translation.override("en"), pytest.raises(ValidationError) as error:
            agreement_create(
                actor=users.platform_admin, owner_unit=units.ministry, kind="mou", **fields
            )
        with translation.override("en"):
            return error.value.message_dict

    assert set(create(title_en="")) == {"title_zh_hans", "title_en"}
    errors = create(title_en="A", signed_date=D(2020, 1, 1), effective_date=D(2019, 1, 1))
    assert errors == {"effective_date": ["An agreement cannot be in force before it is signed."]}
    errors = create(title_en="A", signed_date=D(2020, 1, 1), expiry_date=D(2019, 12, 31))
    assert list(errors) == ["expiry_date"]
    errors = create(
        title_en="A",
        signed_date=D(2020, 1, 1),
        effective_date=D(2020, 6, 1),
        expiry_date=D(2020, 3, 1),
    )
    assert list(errors) == ["expiry_date"]
    errors = create(title_en="A", status="negotiation", signed_date=D(2020, 1, 1))
    assert list(errors) == ["status"]
    errors = create(title_en="A", status="bogus")
    assert list(errors) == ["status"]
    AgreementFactory(owner_unit=units.ministry, reference_number="REF-1")
    assert create(title_en="A", reference_number=" REF-1 ") == {
        "reference_number": ["Another agreement has this reference number."]
    }
    with pytest.raises(ValidationError) as error:
        agreement_create(
            actor=users.platform_admin, owner_unit=units.ministry, kind="mou", colour="red"
        )
    assert "colour" in error.value.message_dict


def test_parent_loops_and_hidden_links_are_refused(units: Any, users: Any) -> None:
    treaty = AgreementFactory(owner_unit=units.ministry)
    protocol = AgreementFactory(owner_unit=units.ministry, parent=treaty, kind="protocol")
    with pytest.raises(ValidationError) as error:
        agreement_update(actor=users.platform_admin, agreement=treaty, parent=protocol)
    assert "parent" in error.value.message_dict
    with pytest.raises(ValidationError):
        agreement_update(actor=users.platform_admin, agreement=treaty, parent=treaty)
    # An organisation or agreement the actor may not see cannot be linked.
    hidden_org = OrganisationFactory(owner_unit=units.ministry, visibility="internal")
    hidden_agreement = AgreementFactory(owner_unit=units.ministry, visibility="internal")
    with pytest.raises(ValidationError) as error:
        agreement_create(
            actor=users.org_user,
            owner_unit=units.enterprise,
            kind="mou",
            title_en="Ours",
            signatories=[hidden_org],
        )
    assert "signatories" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        mechanism_create(
            actor=users.org_user,
            owner_unit=units.enterprise,
            kind="forum",
            name_en="Forum",
            agreement=hidden_agreement,
        )
    assert "agreement" in error.value.message_dict


def test_permissions_of_the_services(units: Any, users: Any) -> None:
    with pytest.raises(PermissionDenied):
        agreement_create(
            actor=users.org_user, owner_unit=units.ministry, kind="mou", title_en="Not mine"
        )
    agreement = agreement_create(
        actor=users.org_user, owner_unit=units.enterprise, kind="mou", title_en="Mine"
    )
    with pytest.raises(PermissionDenied):
        agreement_update(actor=users.base_manager, agreement=agreement, title_en="Taken")
    with pytest.raises(PermissionDenied):
        agreement_update(actor=users.org_user, agreement=agreement, owner_unit=units.ministry)
    mechanism = MechanismFactory(owner_unit=units.ministry)
    with pytest.raises(PermissionDenied):
        meeting_add(
            actor=users.unit_admin, mechanism=mechanism, session_number=1, date=D(2020, 1, 1)
        )
    with pytest.raises(PermissionDenied):
        mechanism_delete(actor=users.expert, mechanism=mechanism)
    assert not MechanismMeeting.objects.exists()


def test_effective_status_follows_the_expiry_date() -> None:
    today = timezone.localdate()
    past = Agreement(status="in_force", expiry_date=today - datetime.timedelta(days=1))
    assert past.effective_status == "expired"
    with translation.override("en"):
        assert past.get_effective_status_display() == "expired"
    assert Agreement(status="in_force", expiry_date=today).effective_status == "in_force"
    assert Agreement(status="signed").effective_status == "signed"
    terminated = Agreement(status="terminated", expiry_date=today - datetime.timedelta(days=9))
    assert terminated.effective_status == "terminated"


def test_sessions_last_met_and_next_expected(units: Any, users: Any, countries: Any) -> None:
    today = timezone.localdate()
    mechanism = mechanism_create(
        actor=users.ministry_admin,
        owner_unit=units.ministry,
        kind="joint_committee",
        name_en="China–Israel Joint Committee",
        countries=[countries["IL"]],
        established_date=D(2014, 1, 1),
        frequency="annual",
        meetings=[
            {"session_number": 1, "date": D(2015, 1, 20), "city": "Beijing"},
            {"session_number": 2, "date": D(2016, 3, 29), "country": countries["IL"]},
        ],
    )
    assert len(_changes(mechanism)) == 1
    assert [m.session_number for m in mechanism.sessions()] == [2, 1]
    last = mechanism.last_meeting()
    assert last is not None and last.session_number == 2
    expected, scheduled = mechanism.next_expected()
    assert not scheduled and expected is not None
    assert expected >= today and expected.month == 3 and expected.day == 29
    # A dormant mechanism is not expected to meet unless a session is scheduled.
    mechanism_update(actor=users.ministry_admin, mechanism=mechanism, status="dormant")
    assert mechanism.next_expected() == (None, False)
    mechanism_update(actor=users.ministry_admin, mechanism=mechanism, status="active")
    # A session recorded with a later date is the next one.
    future = today + datetime.timedelta(days=40)
    meeting_add(actor=users.ministry_admin, mechanism=mechanism, session_number=3, date=future)
    mechanism = Mechanism.objects.get(pk=mechanism.pk)
    assert mechanism.next_expected() == (future, True)
    last = mechanism.last_meeting()
    assert last is not None and last.session_number == 2
    mechanism_update(actor=users.ministry_admin, mechanism=mechanism, status="ended")
    assert mechanism.next_expected() == (None, False)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)


def test_session_rules_and_history(units: Any, users: Any) -> None:
    mechanism = MechanismFactory(owner_unit=units.province, established_date=D(2014, 5, 1))
    meeting = meeting_add(
        actor=users.unit_admin, mechanism=mechanism, session_number=1, date=D(2015, 1, 1)
    )
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            meeting_add(
                actor=users.unit_admin, mechanism=mechanism, session_number=1, date=D(2016, 1, 1)
            )
        assert error.value.message_dict == {
            "session_number": ["This mechanism already has a session with this number."]
        }
    with pytest.raises(ValidationError) as error:
        meeting_add(
            actor=users.unit_admin, mechanism=mechanism, session_number=2, date=D(2013, 1, 1)
        )
    assert list(error.value.message_dict) == ["date"]
    meeting_update(actor=users.unit_admin, meeting=meeting, city="Beijing", outcomes_en="Plan")
    meeting_remove(actor=users.unit_admin, meeting=meeting)
    entries = _changes(mechanism)
    assert [e.action for e in entries] == ["update", "update", "update"]
    assert entries[0].after is not None and entries[0].after["meetings"] == [
        "#1 | 2015-01-01 |  |  |  |  | "
    ]
    assert entries[1].after is not None and "Beijing" in entries[1].after["meetings"][0]
    assert "Plan" in entries[1].after["meetings"][0]
    assert entries[2].after is not None and entries[2].after["meetings"] == []


def test_meetings_list_replaces_sessions_by_number(units: Any, users: Any) -> None:
    mechanism = mechanism_create(
        actor=users.platform_admin,
        owner_unit=units.ministry,
        kind="forum",
        name_zh_hans="中国—东盟技术转移与创新合作大会",
        meetings=[
            {"session_number": 1, "date": D(2013, 9, 1)},
            {"session_number": 2, "date": D(2014, 9, 1)},
        ],
    )
    first = mechanism.meetings.get(session_number=1)
    mechanism_update(
        actor=users.platform_admin,
        mechanism=mechanism,
        meetings=[
            {"session_number": 1, "date": D(2013, 9, 2), "city": "Nanning"},
            {"session_number": 3, "date": D(2015, 9, 1)},
        ],
    )
    rows = list(mechanism.meetings.order_by("session_number"))
    assert [(m.session_number, m.date) for m in rows] == [(1, D(2013, 9, 2)), (3, D(2015, 9, 1))]
    assert rows[0].pk == first.pk and rows[0].city == "Nanning"
    with pytest.raises(ValidationError) as error:
        mechanism_update(
            actor=users.platform_admin,
            mechanism=mechanism,
            meetings=[{"session_number": 4, "date": D(2016, 1, 1)}] * 2,
        )
    assert "meetings" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        mechanism_update(
            actor=users.platform_admin,
            mechanism=mechanism,
            established_date=D(2014, 1, 1),
            meetings=[{"session_number": 1, "date": D(2013, 9, 2)}],
        )
    assert "meetings.0.date" in error.value.message_dict
    # The failed writes changed nothing.
    assert mechanism.meetings.count() == 2
    assert Mechanism.objects.get(pk=mechanism.pk).established_date is None
    assert len(_changes(mechanism)) == 2
