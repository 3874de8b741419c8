"""Programme and project services: validation, child rows, history, permissions."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from organisations.factories import OrganisationFactory, make_country
from projects.factories import ProgrammeFactory, ProjectFactory
from stcoop.core.models import ObjectChange
from stcoop.projects.models import Participation, Programme, Project
from stcoop.projects.services import (
    budget_line_add,
    budget_line_remove,
    budget_line_update,
    programme_create,
    programme_delete,
    programme_update,
    project_child_add,
    project_child_remove,
    project_child_update,
    project_children_replace,
    project_create,
    project_delete,
    project_update,
)

pytestmark = pytest.mark.django_db


def _changes(record: Any) -> list[ObjectChange]:
    return list(
        ObjectChange.objects.filter(
            content_type__model=record._meta.model_name, object_id=str(record.pk)
        ).order_by("pk")
    )


def test_programme_create_with_budget_and_validation(units: Any, users: Any) -> None:
    programme = programme_create(
        actor=users.unit_admin,
        owner_unit=units.province,
        code=" GD-1 ",
        name_zh_hans="广东省国际合作专项",
        budget_lines=[
            {"source": "local", "year": 2024, "amount": Decimal("1000"), "currency": "cny"},
            {"source": "enterprise", "amount": Decimal("500.5")},
        ],
    )
    assert programme.code == "GD-1"
    assert [str(b.currency) for b in programme.budget_lines.all()] == ["CNY", "CNY"]
    assert programme.budget_by_source() == {
        ("local", "CNY"): Decimal("1000.00"),
        ("enterprise", "CNY"): Decimal("500.50"),
    }
    changes = _changes(programme)
    assert [c.action for c in changes] == ["create", "update"]
    assert changes[-1].after is not None
    assert changes[-1].after["budget_lines"] == [
        "local:2024:1000.00 CNY",
        "enterprise::500.50 CNY",
    ]
    with pytest.raises(ValidationError) as error:
        programme_create(actor=users.unit_admin, owner_unit=units.province, code="GD-1")
    assert set(error.value.message_dict) == {"code"}
    with pytest.raises(ValidationError) as error:
        programme_create(
            actor=users.unit_admin,
            owner_unit=units.province,
            name_en="X",
            start_date=datetime.date(2024, 1, 1),
            end_date=datetime.date(2023, 1, 1),
        )
    assert "end_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        programme_create(
            actor=users.unit_admin,
            owner_unit=units.province,
            name_en="Y",
            budget_lines=[{"source": "central", "amount": Decimal("1"), "currency": "ABC"}],
        )
    assert "budget_lines.0.currency" in error.value.message_dict
    assert not Programme.objects.filter(name_en="Y").exists()  # all or nothing
    with pytest.raises(PermissionDenied):
        programme_create(actor=users.org_user, owner_unit=units.province, name_en="Z")


def test_programme_parent_loop_and_delete_guard(units: Any, users: Any) -> None:
    top = ProgrammeFactory(owner_unit=units.ministry)
    child = ProgrammeFactory(owner_unit=units.ministry, parent=top)
    with pytest.raises(ValidationError) as error:
        programme_update(actor=users.ministry_admin, programme=top, parent=child)
    assert "parent" in error.value.message_dict
    ProjectFactory(owner_unit=units.ministry, programme=child)
    with translation.override("en"), pytest.raises(ValidationError, match="1 project"):
        programme_delete(actor=users.ministry_admin, programme=child)
    programme_delete(actor=users.ministry_admin, programme=top)
    child.refresh_from_db()
    assert child.parent is None


def test_budget_line_edits_are_in_the_programme_history(units: Any, users: Any) -> None:
    programme = ProgrammeFactory(owner_unit=units.base)
    line = budget_line_add(
        actor=users.base_manager, programme=programme, source="central", amount=Decimal("10")
    )
    budget_line_update(actor=users.base_manager, line=line, amount=Decimal("12"), year=2025)
    budget_line_remove(actor=users.base_manager, line=line)
    afters = [c.after["budget_lines"] for c in _changes(programme) if c.after]
    assert afters == [["central::10.00 CNY"], ["central:2025:12.00 CNY"], []]
    with pytest.raises(ValidationError) as error:
        budget_line_add(
            actor=users.base_manager, programme=programme, source="central", amount=Decimal("-1")
        )
    assert "amount" in error.value.message_dict
    other = budget_line_add(
        actor=users.base_manager, programme=programme, source="local", amount=Decimal("1")
    )
    with pytest.raises(PermissionDenied):
        budget_line_remove(actor=users.org_user, line=other)


def test_project_create_with_children_and_history(units: Any, users: Any) -> None:
    germany = make_country("DE", "DEU", "Germany", "德国")
    fraunhofer = OrganisationFactory(owner_unit=units.ministry, country=germany)
    programme = ProgrammeFactory(owner_unit=units.ministry)
    project = project_create(
        actor=users.unit_admin,
        owner_unit=units.province,
        visibility="public",
        code="2024YFE01",
        title_en="Tandem cells",
        programme=programme,
        keywords=["钙钛矿", "Solar"],
        disciplines=["Physics"],
        participations=[
            {"organisation": fraunhofer, "role": "participant", "country": germany},
            {"name_as_given": "Uni Lisboa", "role": "coordinator", "funding_amount": Decimal(5)},
        ],
        funding=[{"source": "central", "amount": Decimal("100"), "year": 2024}],
        outputs=[{"kind": "people_trained", "title": "PhD students", "quantity": 3}],
    )
    assert project.search_text.splitlines() == ["2024yfe01", "tandem cells", "钙钛矿", "solar"]
    assert [p.order for p in project.participations.all()] == [0, 1]
    after = _changes(project)[-1].after
    assert after is not None
    assert after["participants"] == [
        f"participant:{fraunhofer.pk}:{germany.pk}",
        "coordinator:Uni Lisboa::5.00 EUR",
    ]
    assert after["funding"] == ["central:2024:100.00 CNY"]
    assert after["outputs"] == ["people_trained::PhD students"]
    assert project.funding_by_source() == {("central", "CNY"): Decimal("100.00")}

    with pytest.raises(ValidationError) as error:
        project_create(
            actor=users.unit_admin,
            owner_unit=units.province,
            title_en="Bad",
            outputs=[{"kind": "publication", "title": "T", "value": Decimal("3")}],
        )
    assert "outputs.0.value" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        project_create(actor=users.unit_admin, owner_unit=units.province, code="2024YFE01")
    assert set(error.value.message_dict) == {"code"}
    with pytest.raises(ValidationError) as error:
        project_create(actor=users.unit_admin, owner_unit=units.province, code="NEW")
    assert set(error.value.message_dict) == {"title_zh_hans", "title_en"}
    with pytest.raises(ValidationError) as error:
        project_create(
            actor=users.unit_admin,
            owner_unit=units.province,
            title_en="Bad",
            participations=[{"role": "participant"}],
        )
    assert "participations.0.organisation" in error.value.message_dict
    assert not Project.objects.filter(title_en="Bad").exists()


def test_children_need_the_right_to_change_the_project(units: Any, users: Any) -> None:
    project = ProjectFactory(owner_unit=units.base)
    hidden = OrganisationFactory(owner_unit=units.enterprise, visibility="internal")
    with pytest.raises(PermissionDenied):
        project_child_add(users.org_user, project, "outputs", {"kind": "patent", "title": "P"})
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            project_child_add(
                users.base_manager, project, "participations", {"organisation": hidden}
            )
        assert error.value.message_dict == {"organisation": ["No such organisation."]}
    row = project_child_add(
        users.base_manager, project, "participations", {"name_as_given": "A", "role": "partner"}
    )
    second = project_child_add(
        users.base_manager, project, "participations", {"name_as_given": "B"}
    )
    assert (row.order, second.order) == (0, 1)
    project_child_update(users.base_manager, row, {"city": "Berlin"})
    assert Participation.objects.get(pk=row.pk).city == "Berlin"
    project_child_remove(users.base_manager, second)
    project_children_replace(
        actor=users.base_manager,
        project=project,
        outputs=[{"kind": "transfer_contract", "title": "Licence", "value": 5, "currency": "usd"}],
    )
    assert project.participations.count() == 1  # not given: kept
    assert project.outputs.get().currency == "USD"
    assert len(_changes(project)) == 4  # the city is not part of the history label


def test_project_update_delete_permissions(units: Any, users: Any) -> None:
    project = ProjectFactory(owner_unit=units.base)
    project_update(actor=users.base_manager, project=project, keywords=["AI"], status="completed")
    assert Project.objects.get(pk=project.pk).search_text.endswith("ai")
    with pytest.raises(ValidationError):
        project_update(actor=users.base_manager, project=project, source="cordis-fp7")
    with pytest.raises(PermissionDenied):
        project_update(actor=users.org_user, project=project, keywords=["x"])
    with pytest.raises(PermissionDenied):
        project_delete(actor=users.base_manager, project=project)  # did not create it
    pk = project.pk
    project_delete(actor=users.unit_admin, project=project)
    assert not Project.objects.filter(pk=pk).exists()
    last = ObjectChange.objects.filter(object_id=str(pk), content_type__model="project").first()
    assert last is not None and last.action == "delete"
