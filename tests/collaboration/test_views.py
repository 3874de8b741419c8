"""Pages: the pair list (filters, sorting, export), the country page, the geo section."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LIST = "collaboration:list"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _rows(response: Any) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def _export(client: Any, **params: str) -> list[list[str]]:
    response = client.get(reverse(LIST), {**params, "export": "csv"})
    assert response.status_code == 200
    return _rows(response)


def test_list_is_public_and_sorted_by_works(loaded: Any, client_for: Any) -> None:
    page = client_for(None).get(reverse(LIST), **EN)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Co-authorship between countries" in body and "United States" in body
    rows = _rows(client_for(None).get(reverse(LIST), {"export": "csv"}, **EN))
    assert rows[0] == ["Year", "Country", "Partner country", "Co-authored works", "Source"]
    works = [int(row[3]) for row in rows[1:]]
    assert works == sorted(works, reverse=True) and len(works) == 9
    ascending = _export(client_for(None), sort="works")
    assert [int(r[3]) for r in ascending[1:]] == sorted(works)


def test_filters_country_partner_grouping_years(loaded: Any, belt: Any, client_for: Any) -> None:
    client = client_for(None)
    china = _export(client, country="CN")
    assert {(r[1], r[2]) for r in china[1:]} == {
        ("CN", "US"),
        ("CN", "DE"),
        ("CN", "JP"),
        ("CN", "TH"),
        ("CN", "KZ"),
    }
    pair = _export(client, country="US", partner="CN")
    assert [(r[0], r[3]) for r in pair[1:]] == [("2021", "120"), ("2020", "100"), ("2022", "90")]
    partners_in_belt = _export(client, country="CN", grouping="belt")
    assert sorted(r[2] for r in partners_in_belt[1:]) == ["KZ", "TH"]
    years = _export(client, year_from="2021", year_to="2021")
    assert {r[0] for r in years[1:]} == {"2021"} and len(years) == 5
    with_germany = _export(client, partner="DE")
    assert {(r[1], r[2]) for r in with_germany[1:]} == {("CN", "DE"), ("DE", "US")}


def test_invalid_filter_is_reported(loaded: Any, client_for: Any) -> None:
    page = client_for(None).get(reverse(LIST), {"country": "ZZ"}, **EN)
    assert page.status_code == 200
    assert "Some filters are invalid" in page.content.decode()


def test_empty_state_explains_how_to_load(countries: Any, client_for: Any) -> None:
    body = client_for(None).get(reverse(LIST), **EN).content.decode()
    assert "stcoop import openalex-coauthorship FILE" in body


def test_country_page_defaults_to_china(loaded: Any, client_for: Any) -> None:
    page = client_for(None).get(reverse("collaboration:country"), **EN)
    assert page.status_code == 200
    assert page.context["country"].iso2 == "CN"
    partners = [(p.country.iso2, p.works) for p in page.context["partners"]]
    assert partners == [("US", 310), ("DE", 90), ("JP", 30), ("TH", 10), ("KZ", 7)]
    assert page.context["partners"][0].share == pytest.approx(310 / 1750)
    body = page.content.decode()
    assert 'data-testid="top-partners"' in body and "<svg" in body
    assert [(p.year, p.coauthored_works) for p in page.context["points"]] == [
        (2020, 500),
        (2021, 600),
        (2022, 650),
    ]
    assert len(page.context["chart"].bars) == 3


def test_country_page_pair_series_and_years(loaded: Any, belt: Any, client_for: Any) -> None:
    client = client_for(None)
    page = client.get(
        reverse("collaboration:country"),
        {"country": "US", "partner": "CN", "year_from": "2020", "year_to": "2021"},
        **EN,
    )
    assert [(p.year, p.coauthored_works, p.pair_works) for p in page.context["points"]] == [
        (2020, 900, 100),
        (2021, None, 120),
    ]
    assert "With China" in page.content.decode()
    assert [b.value for b in page.context["chart"].bars] == [100, 120]
    grouped = client.get(reverse("collaboration:country"), {"grouping": "belt"})
    assert [p.country.iso2 for p in grouped.context["partners"]] == ["TH", "KZ"]
    wrong = client.get(
        reverse("collaboration:country"), {"year_from": "2022", "year_to": "2020"}, **EN
    )
    assert "The last year comes before the first." in wrong.content.decode()


def test_country_detail_links_to_the_figures(loaded: Any, client_for: Any) -> None:
    body = client_for(None).get(reverse("geo:country_detail", args=["CN"]), **EN).content.decode()
    assert 'data-testid="coauthorship-section"' in body
    assert "In 2022:" in body and "650 works written" in body
    assert reverse("collaboration:country") + "?country=CN" in body
    japan = client_for(None).get(reverse("geo:country_detail", args=["JP"]), **EN)
    assert "In 2021:" in japan.content.decode()  # Japan's only figures are of 2021
    assert [p.country.iso2 for p in japan.context["coauthorship"].partners] == ["CN"]


def test_pages_without_figures(countries: Any, client_for: Any) -> None:
    client = client_for(None)
    detail = client.get(reverse("geo:country_detail", args=["DE"]), **EN).content.decode()
    assert "No co-authorship figures are loaded for this country." in detail
    page = client.get(reverse("collaboration:country"), {"country": "DE"}, **EN)
    body = page.content.decode()
    assert 'data-testid="no-partners"' in body and 'data-testid="no-series"' in body


ROLES = (
    None,
    "platform_admin",
    "ministry_admin",
    "unit_admin",
    "base_manager",
    "org_user",
    "expert",
)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_and_nobody_writes_through_the_api(
    role: str | None, loaded: Any, users: Any, client_for: Any, api_for: Any
) -> None:
    user = getattr(users, role) if role else None
    assert client_for(user).get(reverse(LIST)).status_code == 200
    assert client_for(user).get(reverse("collaboration:country")).status_code == 200
    api = api_for(user)
    listed = api.get("/api/coauthorship/")
    assert listed.status_code == 200 and listed.json()["count"] == 9
    one = listed.json()["results"][0]["id"]
    refused = (401, 403, 405)  # read-only: no user may change the figures
    assert (
        api.patch(f"/api/coauthorship/{one}/", {"works": 1}, format="json").status_code in refused
    )
    assert api.post("/api/coauthorship/", {}, format="json").status_code in refused
    assert api.get(f"/api/coauthorship/{one}/").json()["works"] > 0
