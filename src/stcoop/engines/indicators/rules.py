"""Rules for the dynamic adjustment of bases, written as data.

A rule such as ``{"id": "warn", "when": "bottom_share", "share": 0.1, "consecutive": 2,
"within": "kind", "propose": "warning"}`` reads: an entity in the bottom 10% of its
kind in the last two consecutive evaluations gets a *warning proposal*. Rules only ever
produce :class:`Proposal` objects (entity, proposal, reason, evidence); applying one is a
decision people take elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

WHEN = ("bottom_share", "top_share")
#: Proposals that take something away; such a rule may never hit every entity.
SEVERE_PROPOSALS = frozenset({"revocation"})
_RULE_FIELDS = {"id", "when", "share", "consecutive", "within", "propose"}


class RuleError(ValueError):
    """A rule is invalid, or would propose a severe measure for every entity."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Rule:
    """One adjustment rule; ``within`` names the group attribute ranks are taken in
    (e.g. the base kind), ``None`` for all entities together."""

    id: str
    when: str
    share: float
    consecutive: int
    propose: str
    within: str | None = None


@dataclass(frozen=True)
class EvaluationRecord:
    """One past evaluation: its label (e.g. ``"2024"``) and entity id → score."""

    label: str
    scores: Mapping[str, float | None]


@dataclass(frozen=True)
class Evidence:
    """Where the entity stood in one evaluation."""

    evaluation: str
    score: float
    rank: int
    group: str
    group_size: int


@dataclass(frozen=True)
class Proposal:
    """A proposed adjustment; never applied by the engine."""

    entity_id: str
    proposal: str
    rule: str
    reason: str
    evidence: tuple[Evidence, ...]


def parse_rules(data: Any) -> list[Rule]:
    """Build rules from plain data (a list, or ``{"rules": [...]}``).

    Raises:
        RuleError: with every problem, naming the rule and the field.
    """
    items = data.get("rules") if isinstance(data, Mapping) else data
    if not isinstance(items, list):
        raise RuleError(["rules must be a list"])
    problems: list[str] = []
    rules: list[Rule] = []
    for index, item in enumerate(items, start=1):
        name = item.get("id") if isinstance(item, Mapping) else None
        where = f"rule {name!r}" if isinstance(name, str) and name else f"rule #{index}"
        if not isinstance(item, Mapping) or not isinstance(name, str) or not name:
            problems.append(f"{where}: must be a mapping with an id")
            continue
        before = len(problems)
        for unknown in sorted(set(item) - _RULE_FIELDS):
            problems.append(f"{where}: {unknown}: unknown field")
        when = item.get("when")
        if when not in WHEN:
            problems.append(f"{where}: when: {when!r} is not one of {', '.join(WHEN)}")
        share = item.get("share")
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 < share < 1:
            problems.append(f"{where}: share: {share!r} must be a number between 0 and 1")
        consecutive = item.get("consecutive", 1)
        if isinstance(consecutive, bool) or not isinstance(consecutive, int) or consecutive < 1:
            problems.append(f"{where}: consecutive: {consecutive!r} must be a whole number ≥ 1")
        propose = item.get("propose")
        if not isinstance(propose, str) or not propose.strip():
            problems.append(f"{where}: propose: names no proposal")
        within = item.get("within")
        if within is not None and (not isinstance(within, str) or not within):
            problems.append(f"{where}: within: must name a group attribute")
        if len(problems) == before:
            rules.append(
                Rule(
                    id=name,
                    when=str(when),
                    share=float(share),  # type: ignore[arg-type]
                    consecutive=int(consecutive),
                    propose=str(propose),
                    within=within,
                )
            )
    if problems:
        raise RuleError(problems)
    return rules


def _flagged(
    rule: Rule, record: EvaluationRecord, groups: Mapping[str, Mapping[str, str]]
) -> dict[str, Evidence]:
    """Entities the rule's condition holds for in one evaluation."""
    members: dict[str, list[tuple[float, str]]] = {}
    for entity, score in record.scores.items():
        if score is None or score != score:
            continue
        group = groups.get(entity, {}).get(rule.within, "") if rule.within else "all"
        members.setdefault(group, []).append((float(score), entity))
    out: dict[str, Evidence] = {}
    for group, scored in members.items():
        n = len(scored)
        if n < 2:  # a group of one has no bottom or top
            continue
        k = max(1, round(rule.share * n))
        best_first = sorted(scored, key=lambda item: (-item[0], item[1]))
        if rule.when == "top_share":
            threshold = best_first[k - 1][0]
            hit = [item for item in best_first if item[0] >= threshold]
        else:
            threshold = best_first[n - k][0]
            hit = [item for item in best_first if item[0] <= threshold]
        rank = {entity: 1 + sum(1 for s, _ in scored if s > score) for score, entity in scored}
        for score, entity in hit:
            out[entity] = Evidence(record.label, score, rank[entity], group, n)
    return out


def evaluate_rules(
    rules: Sequence[Rule],
    history: Sequence[EvaluationRecord],
    groups: Mapping[str, Mapping[str, str]] | None = None,
) -> list[Proposal]:
    """Proposals from applying ``rules`` to a history of evaluations (oldest first).

    A rule holds for an entity when its condition held in each of the last
    ``consecutive`` evaluations. Of rules with the same condition, the one demanding the
    longest streak wins (three bottom years → revocation, not also a warning).

    Args:
        rules: the rules.
        history: evaluations, oldest first.
        groups: entity id → attribute → value (e.g. ``{"kind": "joint_laboratory"}``),
            used by rules with ``within``.

    Raises:
        RuleError: a rule proposing a severe measure (revocation) would hit every entity
            of the latest evaluation.
    """
    groups = groups or {}
    if not history:
        return []
    latest = [e for e, s in history[-1].scores.items() if s is not None and s == s]
    chosen: dict[tuple[str, str, str | None], tuple[Rule, list[Evidence]]] = {}
    for rule in rules:
        if len(history) < rule.consecutive:
            continue
        window = history[-rule.consecutive :]
        flags = [_flagged(rule, record, groups) for record in window]
        hits = set(flags[0]).intersection(*flags[1:]) if flags else set()
        if rule.propose in SEVERE_PROPOSALS and latest and hits >= set(latest):
            raise RuleError(
                [
                    f"rule {rule.id!r} would propose {rule.propose} for every one of the "
                    f"{len(latest)} entities evaluated; refused (check share and within)"
                ]
            )
        for entity in hits:
            key = (entity, rule.when, rule.within)
            current = chosen.get(key)
            if current is None or rule.consecutive > current[0].consecutive:
                chosen[key] = (rule, [flag[entity] for flag in flags])
    proposals = [
        Proposal(
            entity_id=entity,
            proposal=rule.propose,
            rule=rule.id,
            reason=_reason(rule, evidence),
            evidence=tuple(evidence),
        )
        for (entity, _, _), (rule, evidence) in chosen.items()
    ]
    proposals.sort(key=lambda p: (p.proposal, p.entity_id, p.rule))
    return proposals


def _reason(rule: Rule, evidence: Sequence[Evidence]) -> str:
    side = "bottom" if rule.when == "bottom_share" else "top"
    percent = f"{rule.share * 100:g}%"
    scope = f"of its {rule.within} ({evidence[-1].group})" if rule.within else "of all"
    runs = ", ".join(e.evaluation for e in evidence)
    times = "evaluation" if len(evidence) == 1 else f"{len(evidence)} consecutive evaluations"
    return f"in the {side} {percent} {scope} in {times} ({runs})"


__all__ = [
    "SEVERE_PROPOSALS",
    "EvaluationRecord",
    "Evidence",
    "Proposal",
    "Rule",
    "RuleError",
    "evaluate_rules",
    "parse_rules",
]
