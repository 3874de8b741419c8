"""A small synthetic source table and definitions exercising every operation."""

from __future__ import annotations

import datetime
from typing import Any

import pandas as pd

from stcoop.engines.indicators import TableSchema
from stcoop.engines.indicators.backends import Frame

SCHEMA = {
    "activity": TableSchema(
        columns={
            "base_id": "integer",
            "province": "text",
            "kind": "text",
            "year": "integer",
            "day": "date",
            "funding": "decimal",
            "partner": "text",
            "papers": "integer",
            "updated": "timestamp",
        },
        updated_column="updated",
    )
}

_ROWS = [
    # base, province, kind, year, day, funding, partner, papers
    (1, "BJ", "lab", 2021, "2021-02-01", 10.0, "US", 3),
    (1, "BJ", "lab", 2022, "2022-05-01", 30.0, "US", 5),
    (1, "BJ", "lab", 2022, "2022-11-20", None, "DE", 0),
    (2, "BJ", "centre", 2021, "2021-07-01", 5.0, "FR", 2),
    (2, "BJ", "centre", 2023, "2023-03-03", 0.0, None, 1),
    (3, "SH", "lab", 2021, "2021-01-09", 7.5, "US", 4),
    (3, "SH", "lab", 2022, "2022-09-09", 2.5, "JP", 4),
    (4, None, "lab", 2022, "2022-04-04", 100.0, "KR", 9),
    (5, "GD", "centre", 2023, "2023-12-31", 1.0, "US", 0),
]


def frame() -> Frame:
    """The sample rows as a typed frame."""
    updated = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    rows = pd.DataFrame(
        [(*row, updated) for row in _ROWS],
        columns=[
            "base_id",
            "province",
            "kind",
            "year",
            "day",
            "funding",
            "partner",
            "papers",
            "updated",
        ],
    )
    return Frame(rows=rows, types=SCHEMA["activity"].columns)


def _agg(op: str, entity_key: str = "province", **extra: Any) -> dict[str, Any]:
    return {
        "op": op,
        "table": "activity",
        "entity_key": entity_key,
        "period_column": "year",
        **extra,
    }


def _indicator(ident: str, computation: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "id": ident,
        "name": {"zh": ident, "en": ident},
        "entity": extra.pop("entity", "province"),
        "period": extra.pop("period", "year"),
        "unit": "n",
        "direction": "higher",
        "computation": computation,
        **extra,
    }


DEFINITIONS: dict[str, Any] = {
    "indicators": [
        _indicator("rows", _agg("count")),
        _indicator("labs", _agg("count", filters=[{"column": "kind", "op": "==", "value": "lab"}])),
        _indicator("funding", _agg("sum", column="funding")),
        _indicator("partners", _agg("distinct_count", column="partner")),
        _indicator(
            "lab_ratio",
            {
                "op": "ratio",
                "numerator": {"op": "indicator", "indicator": "labs"},
                "denominator": {"op": "indicator", "indicator": "rows"},
            },
        ),
        _indicator(
            "funding_per_paper",
            {
                "op": "ratio",
                "numerator": _agg("sum", column="funding"),
                "denominator": _agg("sum", column="papers"),
            },
        ),
        _indicator(
            "funding_share", {"op": "share", "of": {"op": "indicator", "indicator": "funding"}}
        ),
        _indicator(
            "rows_growth", {"op": "growth_rate", "of": {"op": "indicator", "indicator": "rows"}}
        ),
        _indicator(
            "us_papers_by_base",
            _agg(
                "sum",
                entity_key="base_id",
                column="papers",
                filters=[{"column": "partner", "op": "in", "value": ["US", "JP"]}],
            ),
            entity="base",
        ),
        _indicator(
            "quarterly_rows",
            {**_agg("count"), "period_column": "day"},
            period="quarter",
        ),
    ]
}
