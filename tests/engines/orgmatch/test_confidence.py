"""The calibrated confidence that decides which candidates stay chosen."""

from __future__ import annotations

from dataclasses import replace

from stcoop.engines.orgmatch import OrgMatch, Registry, Resolver, primary
from stcoop.engines.orgmatch.confidence import (
    FEATURES,
    THRESHOLD,
    WEIGHTS,
    confidence,
    features,
)

from .conftest import TSINGHUA, UW, WUSTL


def _confidence_of(match: OrgMatch) -> float:
    value = next(r for r in match.reasons if r.startswith("confidence="))
    return float(value.split("=", 1)[1])


def test_weights_cover_every_feature() -> None:
    assert len(WEIGHTS) == len(FEATURES)
    assert 0.0 < THRESHOLD < 1.0


def test_plain_university_name_is_confident(resolver: Resolver) -> None:
    for text in ("Tsinghua University", "Department of Physics, Tsinghua University, Beijing"):
        match = primary(resolver.resolve(text), resolver.registry)
        assert match is not None and match.org_id == TSINGHUA, text
        assert _confidence_of(match) >= THRESHOLD


def test_features_are_finite_and_sized(registry: Registry) -> None:
    text = "Dept. of Physics, Tsinghua Univ., Beijing 100084, P.R. China"
    matches = Resolver(registry, threshold=None).resolve(text)
    assert matches
    for match in matches:
        vector = features(text, match, matches, registry)
        assert len(vector) == len(FEATURES)
        assert all(abs(x) < 100 for x in vector)
        assert 0.0 <= confidence(text, match, matches, registry) <= 1.0


def test_another_organisation_named_lowers_confidence(registry: Registry) -> None:
    ungated = Resolver(registry, threshold=None)
    alone = "University of Washington, Seattle"
    both = "University of Washington, Washington University in St. Louis"
    one = next(m for m in ungated.resolve(alone) if m.org_id == UW)
    matches = ungated.resolve(both)
    assert {m.org_id for m in matches if m.chosen} >= {UW, WUSTL}
    two = next(m for m in matches if m.org_id == UW)
    assert confidence(both, two, matches, registry) < confidence(alone, one, [one], registry)


def test_gate_only_unchooses_and_keeps_alternatives(registry: Registry) -> None:
    gated = Resolver(registry)
    ungated = Resolver(registry, threshold=None)
    strict = Resolver(registry, threshold=1.01)  # nothing is ever sure enough
    text = "Institute of Computing Technology, Chinese Academy of Sciences, Beijing, China"
    loose = ungated.resolve(text)
    assert {m.org_id for m in gated.resolve(text)} == {m.org_id for m in loose}
    assert {m.org_id for m in gated.resolve(text) if m.chosen} <= {
        m.org_id for m in loose if m.chosen
    }
    none = strict.resolve(text)
    assert none and not any(m.chosen for m in none)
    assert primary(none, registry) is None
    # chosen candidates come first after the gate
    flags = [m.chosen for m in gated.resolve(text)]
    assert flags == sorted(flags, reverse=True)


def test_corrections_bypass_the_gate(registry: Registry) -> None:
    strict = Resolver(registry, corrections={"Tsinghua": TSINGHUA}, threshold=1.01)
    match = primary(strict.resolve("Tsinghua"), registry)
    assert match is not None and match.matching_type == "CORRECTION"


def test_unknown_substring_is_harmless(registry: Registry) -> None:
    match = OrgMatch(TSINGHUA, 1.0, True, "EXACT", "", ())
    assert 0.0 <= confidence("", match, [match], registry) <= 1.0
    assert 0.0 <= confidence("x", replace(match, org_id="missing"), [match], registry) <= 1.0
