"""``/api/coauthorship/``: read-only pairs with the list page's filters, series, partners."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/coauthorship/"


def test_list_filters_and_ordering(loaded: Any, belt: Any, api_for: Any) -> None:
    client = api_for(None)
    everything = client.get(URL).json()
    assert everything["count"] == 9
    first = everything["results"][0]
    assert set(first) == {"id", "year", "country_a", "country_b", "works", "source"}
    china = client.get(URL, {"country": "CN", "grouping": "belt", "ordering": "-works"}).json()
    assert [(r["country_b"], r["works"]) for r in china["results"]] == [("TH", 10), ("KZ", 7)]
    years = client.get(URL, {"year_from": 2022, "ordering": "works"}).json()
    assert [r["works"] for r in years["results"]] == [7, 90]
    assert client.get(URL, {"country": "ZZ"}).status_code == 400


def test_series_of_a_country_and_a_pair(loaded: Any, api_for: Any) -> None:
    client = api_for(None)
    country = client.get(URL + "series/", {"country": "cn"}).json()
    assert country["country"] == "CN" and country["partner"] is None
    assert [(y["year"], y["coauthored_works"]) for y in country["years"]] == [
        (2020, 500),
        (2021, 600),
        (2022, 650),
    ]
    pair = client.get(URL + "series/", {"country": "US", "partner": "CN", "year_to": 2021}).json()
    assert [(y["year"], y["pair_works"]) for y in pair["years"]] == [(2020, 100), (2021, 120)]
    missing = client.get(URL + "series/")
    assert missing.status_code == 400 and "country" in missing.json()["errors"]


def test_partners(loaded: Any, api_for: Any) -> None:
    data = api_for(None).get(URL + "partners/", {"country": "CN", "limit": 2}).json()
    assert [(p["country"], p["works"]) for p in data["partners"]] == [("US", 310), ("DE", 90)]
    assert data["partners"][0]["name"] == "美国"  # the site speaks Chinese by default
    assert api_for(None).get(URL + "partners/", {"country": "CN", "limit": 0}).status_code == 400


def test_read_only_for_everyone(loaded: Any, users: Any, api_for: Any) -> None:
    admin = api_for(users.platform_admin)
    one = admin.get(URL).json()["results"][0]["id"]
    assert admin.post(URL, {"year": 2020}, format="json").status_code == 405
    assert admin.delete(f"{URL}{one}/").status_code == 405
    assert api_for(None).get(f"{URL}{one}/").status_code == 200
