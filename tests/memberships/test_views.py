"""Membership and programme pages and API: filters, sorting, export, forms, detail
pages with related records, nested participations."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from memberships.factories import (
    InternationalOrganisationFactory,
    MembershipFactory,
    ProgrammeFactory,
)
from organisations.factories import OrganisationFactory, make_country
from stcoop.memberships.filtersets import MembershipFilterSet, ProgrammeFilterSet
from stcoop.memberships.models import (
    BigScienceProgramme,
    InternationalMembership,
    ProgrammeParticipation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(units: Any) -> dict[str, Any]:
    cn = make_country("CN", "CHN", "China", "中国")
    de = make_country("DE", "DEU", "Germany", "德国")
    fr = make_country("FR", "FRA", "France", "法国")
    iaea = InternationalOrganisationFactory(
        owner_unit=units.ministry,
        name_en="International Atomic Energy Agency",
        name_zh_hans="国际原子能机构",
        acronyms=["IAEA"],
    )
    isc = InternationalOrganisationFactory(
        owner_unit=units.ministry, name_en="International Science Council", acronyms=["ISC"]
    )
    cast = OrganisationFactory(
        owner_unit=units.ministry,
        name_en="China Association for Science and Technology",
        kind="nonprofit",
    )
    china_iaea = MembershipFactory(
        owner_unit=units.ministry,
        organisation=iaea,
        member_country=cn,
        since=datetime.date(1984, 1, 1),
        annual_contribution=Decimal("1000.00"),
        currency="EUR",
        representative="China Atomic Energy Authority",
    )
    germany_iaea = MembershipFactory(
        owner_unit=units.base,
        organisation=iaea,
        member_country=de,
        role="observer",
        since=datetime.date(1957, 7, 29),
        until=datetime.date(2000, 1, 1),
    )
    cast_isc = MembershipFactory(
        owner_unit=units.ministry, organisation=isc, member_organisation=cast, role="founding"
    )
    iter_programme = ProgrammeFactory(
        owner_unit=units.ministry,
        acronym="ITER",
        name_en="International Thermonuclear Experimental Reactor",
        name_zh_hans="国际热核聚变实验堆计划",
        host_country=fr,
        status="construction",
    )
    ska = ProgrammeFactory(
        owner_unit=units.ministry, acronym="SKA", name_en="Square Kilometre Array", kind="facility"
    )
    geo = ProgrammeFactory(
        owner_unit=units.ministry,
        acronym="GEO",
        name_en="Group on Earth Observations",
        kind="network",
        status="operating",
    )
    ProgrammeParticipation.objects.create(
        programme=iter_programme, country=cn, role="member", share=Decimal("9.09")
    )
    ProgrammeParticipation.objects.create(programme=iter_programme, country=fr, role="host")
    ProgrammeParticipation.objects.create(programme=geo, organisation=cast, role="partner")
    return locals()


def _members(params: dict[str, Any]) -> set[str]:
    filterset = MembershipFilterSet(params, queryset=InternationalMembership.objects.all())
    assert filterset.is_valid(), filterset.errors
    return {m.member_country.iso2 if m.member_country else "CAST" for m in filterset.qs}


def _programmes(params: dict[str, Any]) -> set[str]:
    filterset = ProgrammeFilterSet(params, queryset=BigScienceProgramme.objects.all())
    assert filterset.is_valid(), filterset.errors
    return {p.acronym for p in filterset.qs}


def test_membership_filters(data: dict[str, Any], units: Any) -> None:
    assert _members({"q": "atomic"}) == {"CN", "DE"}
    assert _members({"q": "原子能"}) == {"CN", "DE"}
    assert _members({"q": "isc"}) == {"CAST"}
    assert _members({"q": "德国"}) == {"DE"}
    assert _members({"organisation": data["isc"].pk}) == {"CAST"}
    assert _members({"member_country": "CN"}) == {"CN"}
    assert _members({"member_organisation": data["cast"].pk}) == {"CAST"}
    assert _members({"member_type": "organisation"}) == {"CAST"}
    assert _members({"role": ["observer", "founding"]}) == {"DE", "CAST"}
    assert _members({"current": "false"}) == {"DE"}
    assert _members({"owner_unit": units.base.pk}) == {"DE"}


def test_programme_filters(data: dict[str, Any]) -> None:
    assert _programmes({"q": "square"}) == {"SKA"}
    assert _programmes({"q": "聚变"}) == {"ITER"}
    assert _programmes({"kind": ["network"]}) == {"GEO"}
    assert _programmes({"status": "construction"}) == {"ITER"}
    assert _programmes({"host_country": "FR"}) == {"ITER"}
    assert _programmes({"participant_country": "cn"}) == {"ITER"}
    assert _programmes({"participant_organisation": data["cast"].pk}) == {"GEO"}
    assert _programmes({"participant_role": "host"}) == {"ITER"}


def test_list_pages_sort_and_export(
    data: dict[str, Any], users: Any, client_for: Callable[[Any], Any]
) -> None:
    client = client_for(users.platform_admin)
    page = client.get("/memberships/?lang=en&sort=-organisation").content.decode()
    assert page.index("International Science Council") < page.index("International Atomic")
    csv_text = b"".join(
        client.get(
            "/memberships/?lang=en&export=csv&member_country=CN"
            "&columns=member,organisation,annual_contribution"
        ).streaming_content
    ).decode("utf-8-sig")
    assert csv_text.splitlines() == [
        "Member,International organisation,Annual contribution",
        "China,International Atomic Energy Agency,1000.00 EUR",
    ]
    xlsx = client.get("/memberships/big-science/?export=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    programmes = b"".join(
        client.get(
            "/memberships/big-science/?lang=en&export=csv&sort=-acronym&columns=acronym,participants"
        ).streaming_content
    ).decode("utf-8-sig")
    assert programmes.splitlines() == ["Acronym,Participants", "SKA,0", "ITER,2", "GEO,1"]
    empty = client.get("/memberships/?lang=en&q=nothing-matches-this").content.decode()
    assert "No records match these filters." in empty
    assert 'href="/import/memberships/"' in page
    for spec in ("memberships", "big-science-programmes", "big-science-participations"):
        assert client.get(f"/import/{spec}/?lang=en").status_code == 200
        template = client.get(f"/import/{spec}/template.csv")
        assert template.status_code == 200
        header = b"".join(template.streaming_content).decode("utf-8-sig").splitlines()[0]
        assert header.startswith(("organisation,", "name_zh,", "programme,"))


def test_detail_pages_and_related(
    data: dict[str, Any], users: Any, client_for: Callable[[Any], Any]
) -> None:
    client = client_for(users.platform_admin)
    detail = client.get(f"/memberships/{data['china_iaea'].pk}/?lang=en").content.decode()
    assert "China Atomic Energy Authority" in detail and "1000.00 EUR" in detail
    assert "Germany" in detail  # another member of the same organisation
    assert "/history/memberships.internationalmembership/" in detail
    programme = client.get(
        f"/memberships/big-science/{data['iter_programme'].pk}/?lang=en"
    ).content.decode()
    assert "9.09%" in programme and "France" in programme and "Host" in programme
    assert "/history/memberships.bigscienceprogramme/" in programme
    iaea = client.get(f"/organisations/{data['iaea'].pk}/?lang=en").content.decode()
    assert f'href="/memberships/{data["china_iaea"].pk}/"' in iaea
    cast = client.get(f"/organisations/{data['cast'].pk}/?lang=en").content.decode()
    assert "International Science Council" in cast
    assert f'href="/memberships/big-science/{data["geo"].pk}/"' in cast
    history = client.get(f"/history/memberships.bigscienceprogramme/{data['ska'].pk}/")
    assert history.status_code == 200


def test_hidden_organisations_stay_hidden(
    data: dict[str, Any], units: Any, users: Any, client_for: Callable[[Any], Any]
) -> None:
    secret = OrganisationFactory(
        owner_unit=units.ministry, visibility="internal", name_en="Secret Lab"
    )
    membership = MembershipFactory(
        owner_unit=units.enterprise, organisation=data["isc"], member_organisation=secret
    )
    client = client_for(users.org_user)
    page = client.get(f"/memberships/{membership.pk}/?lang=en").content.decode()
    assert "Secret Lab" not in page and "an organisation you may not see" in page
    listing = client.get("/memberships/?lang=en").content.decode()
    assert "Secret Lab" not in listing


def test_membership_forms(
    data: dict[str, Any], units: Any, users: Any, client_for: Callable[[Any], Any]
) -> None:
    client = client_for(users.base_manager)
    form = {
        "organisation": data["isc"].pk,
        "member_country": data["de"].pk,
        "role": "full",
        "since": "2018-07-04",
        "annual_contribution": "2500",
        "currency": "chf",
        "notes_zh_hans": "德国",
        "notes_en": "Germany",
        "owner_unit": units.base.pk,
        "visibility": "public",
    }
    response = client.post("/memberships/add/?lang=en", form)
    assert response.status_code == 302, response.content.decode()
    membership = InternationalMembership.objects.get(
        organisation=data["isc"], member_country=data["de"]
    )
    assert membership.currency == "CHF" and membership.notes_en == "Germany"
    both = client.post(
        "/memberships/add/?lang=en", {**form, "member_organisation": data["cast"].pk}
    )
    assert both.status_code == 400
    assert "a country or an organisation, not both" in both.content.decode()
    not_international = client.post(
        "/memberships/add/?lang=en", {**form, "organisation": data["cast"].pk}
    )
    assert not_international.status_code == 400
    dates = client.post("/memberships/add/?lang=en", {**form, "until": "2000-01-01"})
    assert dates.status_code == 400 and "cannot be before" in dates.content.decode()
    edit = client.post(f"/memberships/{membership.pk}/edit/?lang=en", {**form, "role": "observer"})
    assert edit.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "observer"
    assert client.get(f"/memberships/{membership.pk}/delete/").status_code == 200
    assert client.post(f"/memberships/{membership.pk}/delete/").status_code == 302
    assert not InternationalMembership.objects.filter(pk=membership.pk).exists()


def test_programme_forms_and_participants(
    data: dict[str, Any], units: Any, users: Any, client_for: Callable[[Any], Any]
) -> None:
    client = client_for(users.platform_admin)
    response = client.post(
        "/memberships/big-science/add/?lang=en",
        {
            "name_zh_hans": "国际大洋发现计划",
            "name_en": "International Ocean Discovery Program",
            "acronym": "IODP",
            "kind": "programme",
            "status": "completed",
            "website": "www.iodp.org",
            "owner_unit": units.ministry.pk,
            "visibility": "public",
        },
    )
    assert response.status_code == 302, response.content.decode()
    iodp = BigScienceProgramme.objects.get(acronym="IODP")
    assert iodp.website == "https://www.iodp.org"
    nameless = client.post(
        "/memberships/big-science/add/?lang=en",
        {
            "kind": "programme",
            "status": "planned",
            "owner_unit": units.ministry.pk,
            "visibility": "public",
        },
    )
    assert nameless.status_code == 400 and "Give the name" in nameless.content.decode()
    base = f"/memberships/big-science/{iodp.pk}/participants/"
    added = client.post(
        base + "add/?lang=en",
        {"country": data["cn"].pk, "role": "contributor", "share": "30", "since": "2013-10-01"},
    )
    assert added.status_code == 302
    participation = iodp.participations.get()
    history = client.get(f"/history/memberships.bigscienceprogramme/{iodp.pk}/?lang=en")
    assert history.status_code == 200
    assert f"country:{data['cn'].pk}:contributor:2013-10-01" in history.content.decode()
    over = client.post(
        base + "add/?lang=en", {"country": data["de"].pk, "role": "member", "share": "80"}
    )
    assert over.status_code == 400 and "more than 100%" in over.content.decode()
    both = client.post(
        base + "add/?lang=en",
        {"country": data["de"].pk, "organisation": data["cast"].pk, "role": "member"},
    )
    assert both.status_code == 400
    edited = client.post(
        f"{base}{participation.pk}/edit/",
        {
            "country": data["cn"].pk,
            "role": "member",
            "share": "25",
            "amount": "100",
            "currency": "usd",
        },
    )
    assert edited.status_code == 302
    participation.refresh_from_db()
    assert (participation.role, participation.share, participation.currency) == (
        "member",
        Decimal("25.00"),
        "USD",
    )
    assert client.post(f"{base}{participation.pk}/remove/").status_code == 302
    assert not iodp.participations.exists()
    other = data["iter_programme"].participations.first()
    assert client.post(f"{base}{other.pk}/remove/").status_code == 404
    org_user = client_for(users.org_user)
    assert org_user.get(base + "add/").status_code == 403


def test_api_crud_with_nested_participations(
    data: dict[str, Any], units: Any, users: Any, api_for: Callable[[Any], Any]
) -> None:
    client = api_for(users.base_manager)
    created = client.post(
        "/api/big-science-programmes/",
        {
            "name_en": "Square Kilometre Array Observatory",
            "name_zh_hans": "平方公里阵列天文台",
            "acronym": "SKAO",
            "kind": "facility",
            "owner_unit": units.base.pk,
            "visibility": "public",
            "participations": [
                {"country": "CN", "role": "member", "share": "10.5"},
                {"organisation": data["cast"].pk, "role": "partner", "in_kind": "Dishes"},
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert [p["country"] for p in body["participations"]] == ["CN", None]
    cast = data["cast"]
    assert body["participations"][1]["organisation_name"] in {cast.name_en, cast.name_zh_hans}
    url = f"/api/big-science-programmes/{body['id']}/"
    patched = client.patch(
        url, {"participations": [{"country": "DE", "role": "observer"}]}, format="json"
    )
    assert patched.status_code == 200
    assert [p["country"] for p in patched.json()["participations"]] == ["DE"]
    kept = client.patch(url, {"status": "operating"}, format="json")
    assert kept.json()["status"] == "operating" and len(kept.json()["participations"]) == 1
    bad = client.patch(url, {"participations": [{"role": "member"}]}, format="json")
    assert bad.status_code == 400 and "participations.0.country" in bad.json()["errors"]
    unknown = client.patch(url, {"participations": [{"colour": "red"}]}, format="json")
    assert unknown.status_code == 400
    listing = client.get("/api/big-science-programmes/", {"participant_country": "DE"})
    assert [row["acronym"] for row in listing.json()["results"]] == ["SKAO"]
    assert client.delete(url).status_code == 204

    membership = client.post(
        "/api/memberships/",
        {
            "organisation": data["iaea"].pk,
            "member_organisation": data["cast"].pk,
            "role": "associate",
            "since": "2020-01-01",
            "owner_unit": units.base.pk,
            "visibility": "public",
            "notes_en": "Test",
        },
        format="json",
    )
    assert membership.status_code == 201, membership.json()
    assert membership.json()["organisation_name"] in {
        "国际原子能机构",
        "International Atomic Energy Agency",
    }
    wrong = client.post(
        "/api/memberships/",
        {"organisation": data["cast"].pk, "member_country": "CN", "owner_unit": units.base.pk},
        format="json",
    )
    assert wrong.status_code == 400 and "organisation" in wrong.json()["errors"]
    filtered = client.get("/api/memberships/", {"member_type": "organisation", "role": "associate"})
    assert [row["id"] for row in filtered.json()["results"]] == [membership.json()["id"]]
    member_url = f"/api/memberships/{membership.json()['id']}/"
    assert client.patch(member_url, {"until": "2019-01-01"}, format="json").status_code == 400
    assert client.delete(member_url).status_code == 204
