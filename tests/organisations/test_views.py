"""Organisation pages: list filters and export, detail, forms, identifiers and merge."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from organisations.factories import OrganisationFactory, make_country
from stcoop.organisations.filtersets import OrganisationFilterSet
from stcoop.organisations.models import ExternalId, Organisation

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def orgs(units: Any) -> dict[str, Organisation]:
    china = make_country("CN", "CHN", "China", "中国")
    germany = make_country("DE", "DEU", "Germany", "德国")
    tsinghua = OrganisationFactory(
        owner_unit=units.ministry,
        name_en="Tsinghua University",
        name_zh_hans="清华大学",
        acronyms=["THU"],
        country=china,
        city="Beijing",
    )
    ExternalId.objects.create(organisation=tsinghua, scheme="ror", value="03cve4549")
    mpg = OrganisationFactory(
        owner_unit=units.ministry,
        name_en="Max Planck Society",
        name_zh_hans="",
        name_original="Max-Planck-Gesellschaft",
        name_language="de",
        kind="institute",
        country=germany,
        aliases=[{"name": "MPG Munich", "language": "en"}, {"name": "马普学会", "language": "zh"}],
    )
    cattc = OrganisationFactory(
        owner_unit=units.base,
        name_en="China-ASEAN Technology Transfer Center",
        name_zh_hans="中国—东盟技术转移中心",
        kind="service",
        service_kinds=["tech_transfer"],
        country=china,
        status="inactive",
        parent=tsinghua,
    )
    return {"tsinghua": tsinghua, "mpg": mpg, "cattc": cattc}


def _names(params: dict[str, Any]) -> set[str]:
    filterset = OrganisationFilterSet(params, queryset=Organisation.objects.all())
    assert filterset.is_valid(), filterset.errors
    return {o.name_en or "" for o in filterset.qs}


def test_filters(orgs: dict[str, Organisation]) -> None:
    assert _names({"q": "清华"}) == {"Tsinghua University"}
    assert _names({"q": "THU"}) == {"Tsinghua University"}
    assert _names({"q": "gesellschaft"}) == {"Max Planck Society"}
    assert _names({"q": "MPG munich"}) == {"Max Planck Society"}
    assert _names({"q": "马普"}) == {"Max Planck Society"}  # non-ASCII in a JSON list
    assert _names({"q": "GESELLSCHAFT"}) == {"Max Planck Society"}
    assert _names({"q": "https://ror.org/03cve4549"}) == {"Tsinghua University"}
    assert _names({"kind": ["institute", "service"]}) == {
        "Max Planck Society",
        "China-ASEAN Technology Transfer Center",
    }
    assert _names({"country": "DE"}) == {"Max Planck Society"}
    assert _names({"status": "inactive"}) == {"China-ASEAN Technology Transfer Center"}
    assert _names({"has_ror": "true"}) == {"Tsinghua University"}
    assert _names({"has_ror": "false"}) == {
        "Max Planck Society",
        "China-ASEAN Technology Transfer Center",
    }
    assert _names({"parent": orgs["tsinghua"].pk}) == {"China-ASEAN Technology Transfer Center"}


def test_list_sort_columns_and_export(
    orgs: dict[str, Organisation], users: Any, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(users.expert)  # reads English; the three are public
    page = client.get("/organisations/", {"sort": "name", "country": "CN"}, **EN)
    assert page.status_code == 200
    text = page.content.decode()
    assert text.index("China-ASEAN") < text.index("Tsinghua University")
    assert "Max Planck" not in text
    export = client.get(
        "/organisations/", {"export": "csv", "col": ["name", "acronyms", "ror"]}, **EN
    )
    assert export.status_code == 200
    body = b"".join(export.streaming_content)  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["Name", "Acronyms", "ROR ID"]
    assert ["Tsinghua University", "THU", "03cve4549"] in rows
    xlsx = client.get("/organisations/", {"export": "xlsx"})
    assert xlsx.status_code == 200
    content = getattr(xlsx, "content", None) or b"".join(xlsx.streaming_content)  # type: ignore[attr-defined]
    assert content[:2] == b"PK"


def test_detail_shows_names_ids_parent_children_and_history(
    orgs: dict[str, Organisation], users: Any, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(None)
    text = client.get(f"/organisations/{orgs['tsinghua'].pk}/", **EN).content.decode()
    assert "清华大学" in text and "Tsinghua University" in text
    assert 'href="https://ror.org/03cve4549"' in text
    assert f'href="/organisations/{orgs["cattc"].pk}/"' in text  # a sub-organisation
    assert f"/history/organisations.organisation/{orgs['tsinghua'].pk}/" in text
    text = client.get(f"/organisations/{orgs['cattc'].pk}/", **EN).content.decode()
    assert f'href="/organisations/{orgs["tsinghua"].pk}/"' in text  # its parent
    assert "Technology transfer" in text
    text = client.get(f"/organisations/{orgs['mpg'].pk}/", **EN).content.decode()
    assert 'lang="de"' in text and "Max-Planck-Gesellschaft" in text


def test_create_edit_and_identifier_forms(
    units: Any, users: Any, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(users.org_user)
    bad = client.post(
        "/organisations/add/",
        {
            "kind": "company",
            "status": "active",
            "owner_unit": units.enterprise.pk,
            "visibility": "internal",
            "established": "2999",
        },
        **EN,
    )
    assert bad.status_code == 400
    assert "established" in bad.context["form"].errors
    nameless = client.post(
        "/organisations/add/",
        {
            "kind": "company",
            "status": "active",
            "owner_unit": units.enterprise.pk,
            "visibility": "internal",
        },
    )
    assert nameless.status_code == 400
    assert "name_en" in nameless.context["form"].errors
    not_mine = client.post(
        "/organisations/add/",
        {
            "name_en": "X",
            "kind": "company",
            "status": "active",
            "owner_unit": units.ministry.pk,
            "visibility": "internal",
        },
    )
    assert not_mine.status_code == 400
    response = client.post(
        "/organisations/add/",
        {
            "name_en": "Shenzhen Example Co.",
            "name_zh_hans": "深圳示例公司",
            "kind": "company",
            "status": "active",
            "owner_unit": units.enterprise.pk,
            "visibility": "internal",
            "acronyms": "SEC\n\nSZE",
            "aliases": "Example Shenzhen | en\n示例",
            "city": "Shenzhen",
        },
    )
    assert response.status_code == 302
    org = Organisation.objects.get(name_en="Shenzhen Example Co.")
    assert org.acronyms == ["SEC", "SZE"]
    assert org.aliases == [
        {"name": "Example Shenzhen", "language": "en"},
        {"name": "示例", "language": ""},
    ]
    assert org.created_by == users.org_user
    edit = client.get(f"/organisations/{org.pk}/edit/")
    assert "Example Shenzhen | en" in edit.content.decode()
    added = client.post(
        f"/organisations/{org.pk}/ids/add/",
        {"scheme": "uscc", "value": "91350100M000100Y44"},
        **EN,
    )
    assert added.status_code == 302
    assert not org.external_ids.exists()
    client.post(
        f"/organisations/{org.pk}/ids/add/", {"scheme": "uscc", "value": "91350100M000100Y43"}
    )
    external_id = org.external_ids.get()
    assert external_id.value == "91350100M000100Y43"
    client.post(f"/organisations/{org.pk}/ids/{external_id.pk}/remove/")
    assert not org.external_ids.exists()


def test_merge_page_previews_then_merges(
    orgs: dict[str, Organisation], users: Any, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(users.ministry_admin)
    duplicate = OrganisationFactory(
        owner_unit=orgs["tsinghua"].owner_unit, name_en="Tsing Hua Univ.", name_zh_hans=""
    )
    ExternalId.objects.create(organisation=duplicate, scheme="grid", value="grid.12527.33")
    url = f"/organisations/{orgs['tsinghua'].pk}/merge/"
    assert client.get(url).status_code == 200
    preview = client.post(url, {"other": duplicate.pk, "keep": "this"}, **EN)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "grid.12527.33" in text and "Tsing Hua Univ." in text
    assert Organisation.objects.get(pk=duplicate.pk).merged_into_id is None
    done = client.post(url, {"other": duplicate.pk, "keep": "this", "confirm": "true"})
    assert done.status_code == 302
    assert Organisation.objects.get(pk=duplicate.pk).merged_into_id == orgs["tsinghua"].pk
    refused = client.post(
        f"/organisations/{orgs['tsinghua'].pk}/merge/",
        {"other": orgs["cattc"].pk, "keep": "other", "confirm": "true"},
        **EN,
    )
    assert refused.status_code == 400  # the kept record would be a sub-organisation
    assert "keep" in refused.context["form"].errors or refused.context["form"].non_field_errors()
    assert Organisation.objects.get(pk=orgs["cattc"].pk).merged_into_id is None


def test_list_and_api_queries_do_not_grow_with_rows(
    units: Any,
    users: Any,
    client_for: Callable[[Any], Client],
    django_assert_max_num_queries: Any,
) -> None:
    china = make_country("CN", "CHN", "China", "中国")
    parent = OrganisationFactory(owner_unit=units.ministry, country=china)
    for n in range(40):
        org = OrganisationFactory(owner_unit=units.base, country=china, parent=parent)
        ExternalId.objects.create(organisation=org, scheme="pic", value=f"{100000000 + n}")
    client = client_for(users.unit_admin)
    columns = ["name", "country", "parent", "ror", "owner_unit", "acronyms"]
    with django_assert_max_num_queries(20):
        assert client.get("/organisations/", {"col": columns, "per_page": 50}).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/api/organisations/", {"page_size": 50}).status_code == 200
