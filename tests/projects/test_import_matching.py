"""Organisation identity for imported participants: the name normaliser and the matcher,
on names as the CORDIS FP7 and Norwegian Horizon 2020 files write them."""

from __future__ import annotations

import pytest

from stcoop.projects.importers.matching import (
    OrganisationMatcher,
    guess_kind,
    normalise_city,
    normalise_name,
)

DE, FR, GB, IT, AT, NO = 1, 2, 3, 4, 5, 6


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "FRAUNHOFER-GESELLSCHAFT ZUR FOERDERUNG DER ANGEWANDTEN FORSCHUNG E.V",
            "FRAUNHOFER GESELLSCHAFT ZUR FOERDERUNG DER ANGEWANDTEN FORSCHUNG E.V.",
        ),
        (
            "Centre National de la Recherche Scientifique (CNRS)",
            "CENTRE NATIONAL DE LA RECHERCHE SCIENTIFIQUE",
        ),
        ("THE QUEEN'S UNIVERSITY OF BELFAST", "THE QUEENS UNIVERSITY OF BELFAST"),
        ("TELECOM ITALIA S.P.A", "TELECOM ITALIA SPA"),
        (
            "CF CONSULTING FINANZIAMENTI UNIONE EUROPEA S.R.L.",
            "CF CONSULTING FINANZIAMENTI UNIONE EUROPEA SRL",
        ),
        ("NATIONAL UNIVERSITY OF IRELAND, GALWAY", "NATIONAL UNIVERSITY OF IRELAND GALWAY"),
        ("UNIVERSITA' DEGLI STUDI DI SIENA", "UNIVERSITA DEGLI STUDI DI SIENA"),
        ("COMMISSARIAT A L'ENERGIE ATOMIQUE", "COMMISSARIAT A L' ENERGIE ATOMIQUE"),
        (
            "EIDGENÖSSISCHE TECHNISCHE HOCHSCHULE ZÜRICH",
            "Eidgenossische Technische Hochschule Zurich",
        ),
        ("ROBERT BOSCH GMBH", "Robert Bosch GmbH"),
        ("CENTRO RICERCHE FIAT SCPA", "CENTRO RICERCHE FIAT"),
        ("SINTEF AS", "SINTEF"),
        ("Univ. of Oslo", "UNIVERSITY OF OSLO"),
        ("POLITECHNIKA WARSZAWSKA SP. Z O.O.", "POLITECHNIKA WARSZAWSKA"),
    ],
)
def test_same_key_for_variants_of_one_name(first: str, second: str) -> None:
    assert normalise_name(first) == normalise_name(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("SINTEF AS", "STIFTELSEN SINTEF"),
        ("SINTEF ENERGI AS", "SINTEF AS"),
        ("TELECOM ITALIA SPA", "TELECOM ITALIA INFORMATION TECHNOLOGY SRL"),
        (
            "UNIVERSITY COLLEGE LONDON",
            "UNIVERSITY COLLEGE CORK, NATIONAL UNIVERSITY OF IRELAND, CORK",
        ),
        ("AS", "AB"),  # a legal form alone is the whole name, not removed
    ],
)
def test_different_names_stay_different(first: str, second: str) -> None:
    assert normalise_name(first) != normalise_name(second)


def test_city_normaliser() -> None:
    assert normalise_city("ORBASSANO (TO)") == "ORBASSANO"
    assert normalise_city("PARIS CEDEX 15") == normalise_city("PARIS 15") == "PARIS"
    assert normalise_city("Bærum") == "BAERUM"
    assert normalise_city("Lillestrøm") == "LILLESTROM"
    assert normalise_city("MILAN") != normalise_city("MILANO")


def test_guess_kind() -> None:
    assert guess_kind("EBERHARD KARLS UNIVERSITAET TUEBINGEN") == "university"
    assert guess_kind("Høgskulen på Vestlandet") == "university"
    assert guess_kind("TRIAD AS") == "company"
    assert (
        guess_kind("FRAUNHOFER-GESELLSCHAFT ZUR FOERDERUNG DER ANGEWANDTEN FORSCHUNG E.V")
        == "other"
    )


def _registry() -> OrganisationMatcher:
    matcher = OrganisationMatcher()
    # As cordis-h2020-orgs stores them (PIC, upper-case names, acronym in the name).
    matcher.add_organisation(
        1, ["CENTRE NATIONAL DE LA RECHERCHE SCIENTIFIQUE CNRS"], FR, "PARIS", ["CNRS"]
    )
    matcher.add_identifier(1, "pic", "999997930")
    matcher.add_organisation(2, ["TELECOM ITALIA SPA"], IT, "MILANO", ["TI"])
    matcher.add_organisation(3, ["TELLU AS"], NO, "ASKER", ["TellU"])
    matcher.add_organisation(4, ["FLUXGUIDE AUSSTELLUNGSSYSTEME GMBH"], AT, "WIEN")
    matcher.add_organisation(5, ["FLUXGUIDE AUSSTELLUNGSSYSTEME OG"], AT, "WIEN")
    matcher.add_organisation(6, ["INSTITUTT FOR ENERGITEKNIKK"], NO, "KJELLER", ["IFE"])
    matcher.add_organisation(7, ["THE QUEEN'S UNIVERSITY OF BELFAST"], GB, "BELFAST")
    matcher.add_organisation(8, ["UNIVERSITY OF OXFORD"], GB, "")
    matcher.add_organisation(9, ["ACME LTD"], GB, "LONDON")
    matcher.add_organisation(10, ["ACME LTD"], GB, "LEEDS")
    return matcher


def test_matcher_merges_where_the_evidence_is_clear() -> None:
    matcher = _registry()
    # Name with acronym in brackets vs the registry's name with the acronym appended.
    cnrs = matcher.match("Centre National de la Recherche Scientifique (CNRS)", FR, "PARIS")
    assert (cnrs.pk, cnrs.how) == (1, "name and city")
    # An exact identifier wins over everything else.
    assert matcher.match("CNRS DR 12", FR, "MARSEILLE", [("pic", "999997930")]).pk == 1
    assert matcher.match("TELECOM ITALIA S.P.A", IT, "Milano").pk == 2
    assert matcher.match("THE QUEENS UNIVERSITY OF BELFAST", GB, "BELFAST").pk == 7
    # One side without a city, one organisation of that name: taken.
    oxford = matcher.match(
        "THE CHANCELLOR, MASTERS AND SCHOLARS OF THE UNIVERSITY OF OXFORD", GB, "OXFORD"
    )
    assert oxford.pk is None  # a different name
    assert (
        matcher.match("UNIVERSITY OF OXFORD", GB, "OXFORD").how == "name, organisation without city"
    )
    assert matcher.match("TELECOM ITALIA SPA", IT, "").how == "name, no city given"


def test_matcher_keeps_organisations_apart_otherwise() -> None:
    matcher = _registry()
    # Same name, another city ("MILAN" is not "MILANO"): not the same evidence.
    assert matcher.match("TELECOM ITALIA S.P.A", IT, "MILAN").how == "same name in another city"
    # Same name in another country.
    assert matcher.match("TELECOM ITALIA SPA", DE, "MILANO").pk is None
    # Two registry records fit (GMBH and OG in Vienna): ambiguous, no match.
    fluxguide = matcher.match("FLUXGUIDE AUSSTELLUNGSSYSTEME", AT, "WIEN")
    assert (fluxguide.pk, fluxguide.how) == (
        None,
        "several organisations of that name in that city",
    )
    # No city given and two of that name.
    assert matcher.match("ACME LIMITED", GB, "").how == "several organisations of that name"
    # Norwegian data gives the municipality: IFE at Kjeller is in Lillestrøm.
    assert matcher.match("INSTITUTT FOR ENERGITEKNIKK", NO, "Lillestrøm").pk is None
    assert matcher.match("Somebody", None, "OSLO").how == "no country"


def test_a_different_identifier_of_the_same_scheme_keeps_them_apart() -> None:
    matcher = _registry()
    # The Norwegian file has two companies "TELLU AS" in Asker with different numbers.
    first = matcher.match("TELLU AS", NO, "Asker", [("brreg", "989743295")])
    assert first.pk == 3
    matcher.add_identifier(3, "brreg", "989743295")
    matcher.remember(3, "TELLU AS", NO, "Asker")
    assert matcher.match("TELLU AS", NO, "Asker", [("brreg", "917519919")]).pk is None
    assert matcher.match("TELLU AS", NO, "Asker", [("brreg", "989743295")]).how == "identifier"
    # Without an identifier the earlier decision stands.
    assert matcher.match("Tellu AS", NO, "ASKER").pk == 3


def test_remembered_decisions_come_before_name_matching() -> None:
    matcher = _registry()
    matcher.remember(9, "ACME LTD", GB, "")
    found = matcher.match("ACME LIMITED", GB, "")
    assert (found.pk, found.how) == (9, "same name and city as an earlier participant")


def test_a_name_with_the_acronym_appended_finds_the_registry_record() -> None:
    matcher = OrganisationMatcher()
    # ROR writes the Norwegian name without the acronym, the Norwegian file with it.
    ntnu = "Norges teknisk-naturvitenskapelige universitet"
    matcher.add_organisation(1, ["Norwegian University of Science and Technology", ntnu], NO,
                             "Trondheim", ["NTNU"])  # fmt: skip
    found = matcher.match("NORGES TEKNISK-NATURVITENSKAPELIGE UNIVERSITET NTNU", NO, "Trondheim")
    assert (found.pk, found.how) == (1, "name and city")
    assert matcher.match("NORGES TEKNISK-NATURVITENSKAPELIGE UNIVERSITET UIO", NO, "").pk is None
