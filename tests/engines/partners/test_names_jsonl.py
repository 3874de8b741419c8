"""Name keys, resolving named partners, the line formats and the ranking metrics."""

from __future__ import annotations

import json

import pytest

from stcoop.engines.partners import (
    NameResolver,
    Organisation,
    Participant,
    QueryLineError,
    Reason,
    Suggestion,
    name_key,
    output_line,
    parse_query_line,
    recall_at_k,
    reciprocal_rank,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Robert Bosch GmbH", "ROBERT BOSCH G.M.B.H."),
        (
            "CENTRE NATIONAL DE LA RECHERCHE SCIENTIFIQUE (CNRS)",
            "Centre National de la Recherche Scientifique",
        ),
        ("The University of Leeds", "UNIVERSITY OF LEEDS"),
        (
            "Eidgenössische Technische Hochschule Zürich",
            "EIDGENOSSISCHE TECHNISCHE HOCHSCHULE ZURICH",
        ),
        ("清華大學", "清华大学"),
    ],
)
def test_name_keys_fold_the_usual_differences(a: str, b: str) -> None:
    assert name_key(a) == name_key(b) != ""


def test_resolver_prefers_the_same_country_and_keeps_duplicates() -> None:
    resolver = NameResolver(
        [
            Organisation(1, "Institut Pasteur", "FR"),
            Organisation(2, "Institut Pasteur", "TN"),
            Organisation(3, "Acme Ltd", "GB"),
            Organisation(4, "ACME LIMITED", "GB"),
        ]
    )
    assert resolver.resolve(Participant("INSTITUT PASTEUR", "fr")) == (1,)
    assert resolver.resolve(Participant("Institut Pasteur")) == (1, 2)
    assert resolver.resolve(Participant("Institut Pasteur", "DE")) == ()
    assert resolver.resolve(Participant("Acme", "GB")) == (3, 4)
    assert resolver.resolve(Participant("Unknown", "GB")) == ()


def test_a_query_line_is_read() -> None:
    line = json.dumps(
        {"id": "q1", "title": "Solar", "participants": [{"name": "A", "country": "de"}]}
    )
    query_id, query = parse_query_line(line, 1)
    assert query_id == "q1"
    assert query.title == "Solar" and query.description == ""
    assert query.participants == (Participant("A", "DE"),)
    assert parse_query_line('{"id": 7, "description": "x"}', 2)[0] == 7


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 3: not valid JSON"),
        ("[1]", "line 3: expected a JSON object"),
        ('{"title": "x"}', "line 3: 'id' must be"),
        ('{"id": "a"}', "line 3: give a 'title' or a 'description'"),
        ('{"id": "a", "title": 5}', "line 3: 'title' must be a text"),
        ('{"id": "a", "title": "x", "participants": {}}', "line 3: 'participants' must be a list"),
        (
            '{"id": "a", "title": "x", "participants": [{"country": "DE"}]}',
            "line 3: participant 1 'name'",
        ),
        ('{"id": "a", "title": "x", "countries": "DE"}', "line 3: 'countries' must be a list"),
    ],
)
def test_bad_query_lines_name_the_line_and_field(line: str, message: str) -> None:
    with pytest.raises(QueryLineError, match=message.replace("(", r"\(").replace("[", r"\[")):
        parse_query_line(line, 3)


def test_output_line_shape() -> None:
    suggestion = Suggestion(
        org_id=5, name="Zeta", country="PT", score=1.25,
        reasons=(Reason("new_country", {"country": "PT"}),),
    )  # fmt: skip
    data = json.loads(output_line("q1", [suggestion]))
    assert data == {
        "id": "q1",
        "suggestions": [
            {"org_id": 5, "name": "Zeta", "country": "PT", "score": 1.25,
             "reasons": ["adds a country: PT"]}
        ],
    }  # fmt: skip


def test_metrics() -> None:
    assert recall_at_k([1, 2, 3], {3, 9}, 2) == 0.0
    assert recall_at_k([1, 2, 3], {3, 9}, 3) == 0.5
    assert recall_at_k([1], set(), 3) == 0.0
    assert reciprocal_rank([4, 5, 6], {6}) == pytest.approx(1 / 3)
    assert reciprocal_rank([4], {6}) == 0.0
