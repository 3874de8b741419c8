"""Partner suggestions from the database: the engine's inputs, visibility, and the
``stcoop suggest-partners`` command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from projects.partner_fixtures import PartnerWorld, build_world
from stcoop.cli.main import create_cli
from stcoop.engines.partners import Participant, PartnerQuery
from stcoop.projects.models import Participation
from stcoop.projects.partners import partner_index, partner_suggest, project_partner_query

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def lexical_only(settings: Any) -> None:
    """Most tests need no sentence vectors (one test below uses them)."""
    settings.STCOOP_PARTNERS_DENSE = False


@pytest.fixture
def world(units: Any) -> PartnerWorld:
    return build_world(units)


def test_index_reads_organisations_projects_and_roles(world: PartnerWorld) -> None:
    index = partner_index()
    by_id = {o.id: o for o in index.organisations}
    assert by_id[world.neighbour.pk].country == "FR"
    assert "光子大学" in by_id[world.neighbour.pk].other_names
    history = {p.id: p for p in index.projects}
    assert set(history[world.solar.pk].participants) == {
        world.solar_lab.pk, world.neighbour.pk, world.battery_firm.pk
    }  # fmt: skip
    assert history[world.solar.pk].coordinators == (world.solar_lab.pk,)
    assert "钙钛矿太阳能电池" in history[world.solar.pk].text


def test_a_project_gets_its_network_neighbour_first(world: PartnerWorld) -> None:
    found = partner_suggest(project_partner_query(world.current), k=5)
    assert found[0].org_id == world.neighbour.pk
    assert world.solar_lab.pk not in [s.org_id for s in found]
    codes = [r.code for r in found[0].reasons]
    assert codes[0] == "network" and "new_country" in codes
    network = found[0].reasons[0].values
    assert network == {"worked_with": ["Solar Energy Lab"], "times": 2}


def test_the_index_follows_changes(world: PartnerWorld) -> None:
    first = partner_index()
    assert partner_index() is first
    Participation.objects.create(project=world.ocean, organisation=world.battery_firm)
    assert partner_index() is not first


def test_users_get_suggestions_only_from_what_they_may_see(world: PartnerWorld, users: Any) -> None:
    query = PartnerQuery(
        title="perovskite tandem solar",
        participants=(Participant("Ocean Research Institute", "NO"),),
    )
    seen_by_all = {s.org_id for s in partner_suggest(query, k=20)}
    assert world.hidden_partner.pk in seen_by_all
    outsider = {s.org_id for s in partner_suggest(query, actor=users.org_user, k=20)}
    assert world.hidden_partner.pk not in outsider
    for s in partner_suggest(query, actor=users.org_user, k=20):
        for reason in s.reasons:
            assert "Solar perovskite tandem cells" not in reason.values.get("similar_projects", [])


def test_sentence_vectors_find_an_english_project_for_a_chinese_query(
    world: PartnerWorld, settings: Any
) -> None:
    settings.STCOOP_PARTNERS_DENSE = True
    found = partner_suggest(PartnerQuery(title="海洋酸化监测"), k=3)
    assert found[0].org_id == world.ocean_institute.pk


# --- the command line ------------------------------------------------------------------


def _run(*args: str) -> Any:
    return CliRunner().invoke(create_cli(), list(args))


def test_cli_writes_one_line_per_query(world: PartnerWorld, tmp_path: Path) -> None:
    queries = tmp_path / "queries.jsonl"
    queries.write_text(
        json.dumps({"id": "q1", "title": "Solar cells", "description": "",
                    "participants": [{"name": "SOLAR ENERGY LAB", "country": "DE"}]}) + "\n"
        + "\n"
        + json.dumps({"id": 2, "title": "Ocean sensors", "participants": []}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    out = tmp_path / "out.jsonl"
    result = _run("suggest-partners", "--input", str(queries), "--output", str(out), "--k", "3")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["q1", 2]
    first = lines[0]["suggestions"]
    assert len(first) <= 3
    assert first[0]["org_id"] == world.neighbour.pk
    assert first[0]["name"] == "Université de Photonique" and first[0]["country"] == "FR"
    assert first[0]["reasons"][0] == "worked with Solar Energy Lab (2 shared projects)"
    assert set(first[0]) == {"org_id", "name", "country", "score", "reasons"}
    assert all(isinstance(s["score"], float) for s in first)
    assert world.solar_lab.pk not in [s["org_id"] for s in first]
    assert [s["score"] for s in first] == sorted((s["score"] for s in first), reverse=True)
    assert lines[1]["suggestions"][0]["org_id"] == world.ocean_institute.pk
    assert "Read 2 queries" in result.output  # progress goes to standard error


def test_cli_bad_line_names_the_line_and_writes_nothing(
    world: PartnerWorld, tmp_path: Path
) -> None:
    queries = tmp_path / "queries.jsonl"
    queries.write_text('{"id": "a", "title": "x"}\n{"id": "b", "title": "y", "participants": 3}\n')
    out = tmp_path / "out.jsonl"
    result = _run("suggest-partners", "--input", str(queries), "--output", str(out))
    assert result.exit_code != 0
    assert "line 2: 'participants' must be a list" in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [queries]


def test_cli_refuses_a_missing_output_folder(world: PartnerWorld, tmp_path: Path) -> None:
    queries = tmp_path / "queries.jsonl"
    queries.write_text('{"id": "a", "title": "x"}\n')
    result = _run("suggest-partners", "--input", str(queries), "--output",
                  str(tmp_path / "nowhere" / "out.jsonl"))  # fmt: skip
    assert result.exit_code != 0
    assert "no such folder" in result.output
