"""A calibrated confidence for a candidate link: how likely the chosen record is right.

The resolver's scores say how well a name matches; they are near 1.0 for most links,
wrong ones included. The confidence here adds the evidence around the name, as a
logistic model over a few features (:func:`features`): how the name was found, the
margin to the strongest unrelated candidate, how many unrelated organisations the
string names, the share of the string's organisation-like segments the record
explains, country and city agreement, the record's type and place in a hierarchy.

The weights (:data:`WEIGHTS`) were fitted on the even rows of the Crossref and ROR-log
development sets (see ``benchmarks/bench_orgmatch.py``); the odd rows and the S2AFF
sets were kept for checking. A candidate is chosen when its confidence reaches
:data:`THRESHOLD`, set for precision ≥ 0.95 on the fitting rows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Final

from stcoop.engines.orgmatch.model import OrgMatch
from stcoop.engines.orgmatch.normalise import key_of
from stcoop.engines.orgmatch.registry import Registry

__all__ = ["FEATURES", "THRESHOLD", "WEIGHTS", "confidence", "features"]

_SEGMENTS: Final = re.compile(r"[,;:()\[\]{}|/\n\t\u3001\uff0c\uff1b\uff08\uff09]| - ")
_ORG_WORDS: Final = re.compile(
    r"\b(univ\w*|universit\w*|hospital\w*|h[oô]pital\w*|klinik\w*|clinic\w*|institut\w*|"
    r"istituto|instituto|college|school|academy|acad[eé]mie|centre|center|centro|zentrum|"
    r"laborator\w*|inserm|cnrs|inra\w*|ird|cirad|cea|csic|cnr|infn|mpi|max planck|"
    r"helmholtz|fraunhofer|gmbh|inc|ltd|corp\w*|company|foundation|council|agency|"
    r"ministry|museum|observatory|consortium|network|chu|ap-hp|nhs|trust)\b",
    re.IGNORECASE,
)
_UNIT_START: Final = re.compile(
    r"^\s*(the\s+)?(dept\.?|department|dpto|d[eé]partement|departamento|dipartimento|"
    r"division|faculty|facult[eé]|school of|section|unit|group|lab\.?\s|laboratory of|"
    r"graduate school|program|programme|chair)\b",
    re.IGNORECASE,
)

FEATURES: Final = (
    "bias",
    "exact",
    "phrase",
    "fuzzy",
    "acronym",
    "cross_lingual",
    "score_gap",
    "unrelated_chosen",
    "unrelated_candidates",
    "org_segments_unexplained",
    "org_segments",
    "country_agrees",
    "city_named",
    "education",
    "healthcare_or_government",
    "facility",
    "has_parent",
    "has_children",
    "unexplained_words",
    "weak_pick",
    "whole_string",
    "segments",
    "segment_share",
    "child_city_named",
    "name_continues",
    "term_before",
    "term_after",
)

#: Logistic weights, in the order of :data:`FEATURES` (fitted; see module docstring).
WEIGHTS: Final[tuple[float, ...]] = (
    0.281, 0.442, 0.189, -0.693, 0.063, 0.000, 1.460, -1.126, 0.194, 0.559, -0.800,
    -0.144, -0.061, 1.259, -0.421, -0.107, -0.682, 0.568, -0.092, -1.835, 0.335, -0.146,
    0.936, -0.776, -0.375, 0.050, 0.118,
)  # fmt: skip
#: The lowest threshold (step 0.05) with precision ≥ 0.95 on the ROR-log fitting rows.
THRESHOLD: Final = 0.8


def _family(registry: Registry, org_id: str) -> set[str]:
    family = registry.ancestors(org_id) | {org_id}
    record = registry.get(org_id)
    if record is not None:
        family.update(record.child_ids)
    return family


def features(
    text: str, match: OrgMatch, matches: Sequence[OrgMatch], registry: Registry
) -> list[float]:
    """The feature vector of ``match`` among ``matches`` (all candidates for ``text``)."""
    family = _family(registry, match.org_id)
    unrelated = [
        m
        for m in matches
        if m.org_id not in family and match.org_id not in registry.ancestors(m.org_id)
    ]
    unrelated_chosen = sum(1 for m in unrelated if m.chosen)
    best_other = max((m.score for m in unrelated), default=0.0)
    related_substrings = [
        key_of(m.substring)
        for m in matches
        if m.substring and (m.org_id in family or match.org_id in registry.ancestors(m.org_id))
    ]
    org_segments = 0
    unexplained_segments = 0
    parts = [p for p in _SEGMENTS.split(text) if p.strip()]
    for segment in parts:
        if not _ORG_WORDS.search(segment) or _UNIT_START.match(segment):
            continue
        org_segments += 1
        key = f" {key_of(segment)} "
        if not any(s and f" {s} " in key for s in related_substrings):
            unexplained_segments += 1
    own = key_of(match.substring) if match.substring else ""
    segment_share = 0.0
    before = after = False
    for segment in parts:
        key = key_of(segment)
        padded = f" {key} "
        if own and f" {own} " in padded:
            segment_share = max(segment_share, len(own.split()) / max(len(key.split()), 1))
            head, _, tail = padded.partition(f" {own} ")
            before = before or bool(head.split())
            after = after or bool(tail.split())
    record = registry.get(match.org_id)
    types = record.types if record is not None else ()
    text_key = f" {key_of(text)} "
    child_city = False
    if record is not None and record.child_ids:
        own_city = key_of(record.city) if record.city else ""
        for child_id in record.child_ids:
            child = registry.get(child_id)
            city = key_of(child.city) if child is not None and child.city else ""
            if city and city != own_city and f" {city} " in text_key:
                child_city = True
                break
    reasons = match.reasons
    kind = match.matching_type
    unexplained_words = sum(
        len(r.split("=", 1)[1].split()) for r in reasons if r.startswith("unexplained=")
    )
    weak = any(r in ("ambiguous", "active_unique", "real_name") for r in reasons)
    return [
        1.0,
        float(kind in ("EXACT", "CORRECTION")),
        float(kind == "PHRASE"),
        float(kind == "FUZZY"),
        float(kind == "ACRONYM"),
        float(kind == "CROSS-LINGUAL"),
        match.score - best_other,
        float(min(unrelated_chosen, 3)),
        float(min(len(unrelated), 4)),
        float(min(unexplained_segments, 3)),
        float(min(org_segments, 4)),
        float(any(r.startswith("country=") for r in reasons))
        - float(any(r.startswith("country_mismatch") for r in reasons)),
        float(any(r.startswith("city=") for r in reasons)),
        float("education" in types),
        float(bool({"healthcare", "government"} & set(types))),
        float("facility" in types),
        float(bool(record is not None and record.parent_ids)),
        float(bool(record is not None and record.child_ids)),
        float(min(unexplained_words, 4)),
        float(weak),
        float(kind == "EXACT" and len(parts) == 1),
        float(min(len(parts), 6)),
        segment_share,
        float(child_city),
        float(any(r in ("name_continues", "part_of") for r in reasons)),
        float(before),
        float(after),
    ]


def confidence(
    text: str,
    match: OrgMatch,
    matches: Sequence[OrgMatch],
    registry: Registry,
    weights: Sequence[float] = WEIGHTS,
) -> float:
    """The probability (0..1) that ``match`` is the right link for ``text``."""
    z = sum(w * x for w, x in zip(weights, features(text, match, matches, registry), strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
