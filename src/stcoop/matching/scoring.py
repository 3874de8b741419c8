"""How well two technology profiles complement each other: small pure functions.

Each part scores in ``[0, 1]`` or is ``None`` when the facts are missing on either side;
:func:`blend` treats a missing part as neutral (``NEUTRAL``) so a sparse profile is
neither rewarded nor punished for what it leaves out.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

NEUTRAL = 0.5

#: Weights of the parts of a profile-to-profile match (sum 1).
PROFILE_WEIGHTS: Mapping[str, float] = {
    "text": 0.55,
    "sector": 0.12,
    "trl": 0.10,
    "cooperation": 0.08,
    "country": 0.10,
    "ip": 0.05,
}
#: Weights of an organisation match.
ORGANISATION_WEIGHTS: Mapping[str, float] = {"text": 0.6, "country": 0.15, "profiles": 0.25}
#: Weights of an expert match.
EXPERT_WEIGHTS: Mapping[str, float] = {"text": 0.8, "country": 0.2}
#: Points added for each joint project of the two organisations (at most three count).
COLLABORATION_POINTS = 4

#: Cosine similarity of the sentence encoder that counts as "no relation" and as "the same
#: topic": the multilingual encoder gives unrelated texts about 0.1, paraphrases 0.7+.
SEMANTIC_FLOOR = 0.12
SEMANTIC_CEILING = 0.7

#: IP statuses that can be licensed.
LICENSABLE_IP = frozenset({"granted_patent", "patent_applied", "copyright", "trade_secret"})


def semantic_fit(similarity: float | None) -> float:
    """Cosine similarity mapped onto ``[0, 1]`` between the floor and the ceiling."""
    if similarity is None:
        return 0.0
    span = SEMANTIC_CEILING - SEMANTIC_FLOOR
    return min(1.0, max(0.0, (similarity - SEMANTIC_FLOOR) / span))


def text_fit(similarity: float | None, lexical: float | None) -> float:
    """Text fit from the semantic similarity and the lexical score relative to the best
    lexical score of the same result list (``lexical`` in ``[0, 1]`` or ``None``)."""
    semantic = semantic_fit(similarity)
    if lexical is None:
        return semantic if similarity is not None else 0.0
    if similarity is None:
        return lexical
    return max(semantic, 0.6 * semantic + 0.4 * lexical)


def trl_fit(wanted: int | None, offered: int | None) -> float | None:
    """1 when the offered readiness level reaches the wanted one, less by a quarter for
    each level short; ``None`` when either is unknown."""
    if wanted is None or offered is None:
        return None
    if offered >= wanted:
        return 1.0
    return max(0.0, 1.0 - (wanted - offered) / 4)


def overlap(first: Collection[str], second: Collection[str]) -> float | None:
    """Share of common codes (Jaccard index); ``None`` when either side gives none."""
    a, b = set(first), set(second)
    if not a or not b:
        return None
    return len(a & b) / len(a | b)


def any_overlap(first: Collection[str], second: Collection[str]) -> float | None:
    """1 when the two share a code, 0 when they share none, ``None`` if either is empty."""
    a, b = set(first), set(second)
    if not a or not b:
        return None
    return 1.0 if a & b else 0.0


def country_fit(
    target_countries: Collection[str],
    target_member_countries: Collection[str],
    country: str | None,
) -> float | None:
    """Whether ``country`` is targeted, directly or through a grouping: 1 directly, 0.8
    through a grouping, 0 not at all; ``None`` when nothing is targeted or the country is
    unknown."""
    if country is None or not (target_countries or target_member_countries):
        return None
    if country in target_countries:
        return 1.0
    if country in target_member_countries:
        return 0.8
    return 0.0


def ip_fit(cooperation_wanted: Collection[str], ip_status: str | None) -> float | None:
    """For a licence wanted, how licensable the offered IP is; ``None`` otherwise."""
    if "licence" not in cooperation_wanted or not ip_status:
        return None
    if ip_status in LICENSABLE_IP:
        return 1.0 if ip_status in ("granted_patent", "patent_applied") else 0.7
    return 0.2


def blend(parts: Mapping[str, float | None], weights: Mapping[str, float]) -> float:
    """Weighted sum of ``parts`` on ``[0, 100]``; a missing part counts as neutral, except
    the text part, which counts as zero."""
    total = 0.0
    for name, weight in weights.items():
        value = parts.get(name)
        if value is None:
            value = 0.0 if name == "text" else NEUTRAL
        total += weight * min(1.0, max(0.0, value))
    return 100.0 * total


def collaboration_points(joint_projects: int) -> float:
    """Points added for past collaboration (capped at three projects)."""
    return float(COLLABORATION_POINTS * min(3, max(0, joint_projects)))
