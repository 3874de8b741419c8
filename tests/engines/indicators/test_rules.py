"""Rules for dynamic adjustment produce proposals, never changes."""

from __future__ import annotations

import pytest

from stcoop.engines.indicators.rules import EvaluationRecord, RuleError, evaluate_rules, parse_rules

RULES = [
    {
        "id": "warn",
        "when": "bottom_share",
        "share": 0.1,
        "consecutive": 2,
        "within": "kind",
        "propose": "warning",
    },
    {
        "id": "revoke",
        "when": "bottom_share",
        "share": 0.1,
        "consecutive": 3,
        "within": "kind",
        "propose": "revocation",
    },
    {
        "id": "fund",
        "when": "top_share",
        "share": 0.1,
        "consecutive": 1,
        "within": "kind",
        "propose": "priority_funding",
    },
]
GROUPS = {f"lab{i}": {"kind": "lab"} for i in range(10)} | {
    f"park{i}": {"kind": "park"} for i in range(10)
}


def _record(label: str, worst: dict[str, str]) -> EvaluationRecord:
    """Scores where each kind's entity 0 is best and ``worst[kind]`` is last."""
    scores: dict[str, float | None] = {}
    for kind in ("lab", "park"):
        for i in range(10):
            scores[f"{kind}{i}"] = 100.0 - i
        scores[worst[kind]] = 0.0
    return EvaluationRecord(label=label, scores=scores)


def test_streaks_give_warning_then_revocation_and_top_gets_funding() -> None:
    history = [
        _record("2022", {"lab": "lab5", "park": "park3"}),
        _record("2023", {"lab": "lab5", "park": "park4"}),
        _record("2024", {"lab": "lab5", "park": "park4"}),
    ]
    proposals = evaluate_rules(parse_rules(RULES), history, GROUPS)
    summary = {(p.entity_id, p.proposal) for p in proposals}
    assert summary == {
        ("lab5", "revocation"),  # bottom of labs three times: revocation, not also a warning
        ("park4", "warning"),  # bottom of parks twice
        ("lab0", "priority_funding"),
        ("park0", "priority_funding"),
    }
    revocation = next(p for p in proposals if p.proposal == "revocation")
    assert (
        revocation.reason
        == "in the bottom 10% of its kind (lab) in 3 consecutive evaluations (2022, 2023, 2024)"
    )
    assert [e.rank for e in revocation.evidence] == [10, 10, 10]
    assert revocation.evidence[0].group_size == 10


def test_a_rule_revoking_everyone_is_refused() -> None:
    everyone_equal = EvaluationRecord("2024", {"a": 1.0, "b": 1.0, "c": 1.0})
    rule = parse_rules(
        [
            {
                "id": "purge",
                "when": "bottom_share",
                "share": 0.5,
                "consecutive": 1,
                "propose": "revocation",
            }
        ]
    )
    with pytest.raises(
        RuleError, match="rule 'purge' would propose revocation for every one of the 3 entities"
    ):
        evaluate_rules(rule, [everyone_equal])


def test_invalid_rules_are_refused_with_reasons() -> None:
    with pytest.raises(RuleError) as caught:
        parse_rules(
            [
                {
                    "id": "x",
                    "when": "sometimes",
                    "share": 1.5,
                    "consecutive": 0,
                    "propose": "",
                    "colour": 1,
                }
            ]
        )
    assert caught.value.problems == [
        "rule 'x': colour: unknown field",
        "rule 'x': when: 'sometimes' is not one of bottom_share, top_share",
        "rule 'x': share: 1.5 must be a number between 0 and 1",
        "rule 'x': consecutive: 0 must be a whole number ≥ 1",
        "rule 'x': propose: names no proposal",
    ]


def test_missing_scores_break_a_streak() -> None:
    rules = parse_rules(RULES[:1])
    history = [
        _record("2023", {"lab": "lab5", "park": "park3"}),
        EvaluationRecord(
            "2024", {**_record("2024", {"lab": "lab5", "park": "park3"}).scores, "lab5": None}
        ),
    ]
    proposals = evaluate_rules(rules, history, GROUPS)
    assert {(p.entity_id, p.proposal) for p in proposals} == {("park3", "warning")}
