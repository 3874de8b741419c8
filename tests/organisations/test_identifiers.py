"""Identifier checks: ROR, USCC (GB 32100-2015), PIC and the others."""

from __future__ import annotations

import pytest

from stcoop.organisations.identifiers import (
    IdentifierError,
    link,
    normalise,
    ror_checksum,
    uscc_check_character,
)


def test_ror_url_and_case_are_normalised_away() -> None:
    assert normalise("ror", "https://ror.org/03CVE4549") == "03cve4549"
    assert normalise("ror", " ror.org/03cve4549/ ") == "03cve4549"
    assert normalise("ror", "03cve4549") == "03cve4549"
    assert ror_checksum("03cve45") == "49"


@pytest.mark.parametrize(
    "value", ["3cve4549", "03cve4548", "13cve4549", "03cvi4549", "", "03cve45491"]
)
def test_bad_ror_ids_are_refused(value: str) -> None:
    with pytest.raises(IdentifierError):
        normalise("ror", value)


def test_uscc_checksum() -> None:
    # A code with a valid check character (the classic GB 32100-2015 example) ...
    assert uscc_check_character("91350100M000100Y4") == "3"
    assert normalise("uscc", "91350100m000100y43") == "91350100M000100Y43"
    # ... and the same code with a wrong one, or with a letter the standard excludes.
    with pytest.raises(IdentifierError, match="check character"):
        normalise("uscc", "91350100M000100Y44")
    with pytest.raises(IdentifierError, match="18 digits"):
        normalise("uscc", "91350100M000100I43")
    with pytest.raises(IdentifierError, match="18 digits"):
        normalise("uscc", "9135010")


def test_pic_isni_grid_wikidata_fundref() -> None:
    assert normalise("pic", "999 999 999") == "999999999"
    with pytest.raises(IdentifierError):
        normalise("pic", "12345678")
    assert normalise("isni", "0000 0001 0662 3178") == "0000000106623178"
    assert normalise("grid", "GRID.12527.33") == "grid.12527.33"
    assert normalise("wikidata", "https://www.wikidata.org/wiki/Q16955") == "Q16955"
    assert normalise("fundref", "10.13039/501100004147") == "501100004147"
    with pytest.raises(IdentifierError):
        normalise("nope", "x")


def test_links() -> None:
    assert link("ror", "03cve4549") == "https://ror.org/03cve4549"
    assert link("uscc", "91350100M000100Y43") == ""
