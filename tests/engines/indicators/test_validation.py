"""Invalid definitions are refused with messages naming the indicator and the field."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from stcoop.engines.indicators import DefinitionError, load_definitions, parse_definitions

from .sample import DEFINITIONS, SCHEMA


def _one(**changes: Any) -> dict[str, Any]:
    definition = copy.deepcopy(DEFINITIONS["indicators"][0])
    definition.update(changes)
    return {"indicators": [definition]}


def _problems(data: Any) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        parse_definitions(data, SCHEMA)
    return caught.value.problems


def test_the_sample_is_valid_and_ordered_by_dependency() -> None:
    definitions = parse_definitions(DEFINITIONS, SCHEMA)
    order = [d.id for d in definitions]
    assert len(order) == len(DEFINITIONS["indicators"])
    assert order.index("labs") < order.index("lab_ratio")
    assert order.index("rows") < order.index("rows_growth")


def test_unknown_fields_tables_and_columns() -> None:
    assert _problems(_one(colour="red"))[0].startswith("indicator 'rows': colour: unknown field")
    bad_table = _one(
        computation={"op": "count", "table": "nope", "entity_key": "x", "period_column": "y"}
    )
    assert "computation.table: unknown table 'nope'" in _problems(bad_table)[0]
    bad_column = _one(
        computation={
            "op": "count",
            "table": "activity",
            "entity_key": "region",
            "period_column": "year",
        }
    )
    message = _problems(bad_column)[0]
    assert "computation.entity_key: unknown column 'region' in table 'activity'" in message


def test_type_mismatches() -> None:
    text_sum = _one(
        computation={
            "op": "sum",
            "table": "activity",
            "entity_key": "province",
            "period_column": "year",
            "column": "partner",
        }
    )
    assert _problems(text_sum) == [
        "indicator 'rows': computation.column: column 'partner' of table 'activity' is text; "
        "sum needs a number"
    ]
    bad_filter = _one(
        computation={
            "op": "count",
            "table": "activity",
            "entity_key": "province",
            "period_column": "year",
            "filters": [{"column": "papers", "op": ">", "value": "many"}],
        }
    )
    assert (
        "computation.filters[0].value: 'many' does not fit column 'papers'"
        in _problems(bad_filter)[0]
    )
    quarter_on_year = _one(period="quarter")
    assert "a quarterly indicator needs a date" in _problems(quarter_on_year)[0]


def test_ratio_without_denominator() -> None:
    data = _one(
        computation={"op": "ratio", "numerator": DEFINITIONS["indicators"][0]["computation"]}
    )
    assert _problems(data) == [
        "indicator 'rows': computation.denominator: a ratio needs a denominator"
    ]


def test_bad_direction_period_and_entity() -> None:
    problems = _problems(_one(direction="up", period="month", entity="city"))
    assert "indicator 'rows': direction: 'up' is not one of higher, lower" in problems
    assert "indicator 'rows': period: 'month' is not one of year, quarter" in problems
    assert any(p.startswith("indicator 'rows': entity: 'city'") for p in problems)


def test_reference_cycles_and_unknown_references() -> None:
    base = DEFINITIONS["indicators"][0]
    a = {
        **base,
        "id": "a",
        "computation": {"op": "growth_rate", "of": {"op": "indicator", "indicator": "b"}},
    }
    b = {
        **base,
        "id": "b",
        "computation": {"op": "share", "of": {"op": "indicator", "indicator": "a"}},
    }
    problems = _problems({"indicators": [a, b]})
    assert any("reference cycle: a -> b -> a" in p for p in problems)
    c = {**base, "id": "c", "computation": {"op": "indicator", "indicator": "ghost"}}
    assert _problems({"indicators": [c]}) == [
        "indicator 'c': computation: reuses unknown indicator 'ghost'"
    ]


def test_reference_to_another_entity_is_refused() -> None:
    by_base = next(d for d in DEFINITIONS["indicators"] if d["id"] == "us_papers_by_base")
    growth = {
        **DEFINITIONS["indicators"][0],
        "id": "g",
        "computation": {
            "op": "growth_rate",
            "of": {"op": "indicator", "indicator": "us_papers_by_base"},
        },
    }
    problems = _problems({"indicators": [by_base, growth]})
    assert problems == [
        "indicator 'g': computation: reuses 'us_papers_by_base', measured per base and year, "
        "not per province and year"
    ]


def test_names_need_both_languages_and_ids_are_unique() -> None:
    assert "name: needs both zh and en" in _problems(_one(name={"en": "Rows"}))[0]
    twice = {"indicators": [DEFINITIONS["indicators"][0]] * 2}
    assert _problems(twice) == ["indicator 'rows': id: is used by more than one definition"]


def test_files_in_yaml_and_json(tmp_path: Path) -> None:
    path = tmp_path / "defs.json"
    path.write_text(json.dumps(DEFINITIONS), encoding="utf-8")
    assert len(load_definitions(path, SCHEMA)) == len(DEFINITIONS["indicators"])
    broken = tmp_path / "broken.yaml"
    broken.write_text("indicators: [", encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"broken\.yaml: not valid YAML"):
        load_definitions(broken, SCHEMA)
