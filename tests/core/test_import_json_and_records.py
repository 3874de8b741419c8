"""JSON import files, and the "current records" downloads of the import pages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from stcoop.core.choices import Visibility
from stcoop.core.imports.reading import ImportFileError, read_table
from stcoop.geo.models import Country
from stcoop.organisations.models import Organisation


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def test_json_list_of_objects_becomes_a_table() -> None:
    table = read_table(
        _json([{"name": "中山大学", "year": 1924}, {"name": "X", "note": None, "ok": True}, {}]),
        "orgs.json",
    )
    assert table.header == ["name", "year", "note", "ok"]
    assert table.rows == [["中山大学", "1924", "", ""], ["X", "", "", "true"], ["", "", "", ""]]
    assert table.row_number(0) == 1  # messages count the objects from 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'[{"a": 1},', "orgs.json, line 1, column 11: not valid JSON"),
        (b'{"a": 1}', "orgs.json: the file must hold a list of objects"),
        (b'[{"a": 1}, 3]', "orgs.json, item 2: each item of the list must be an object"),
        (b'[{"a": 1}, {"a": [1]}]', "orgs.json, item 2, key a: the value must be text"),
        (b"[]", "orgs.json is empty"),
        (b"  ", "orgs.json is empty"),
    ],
)
def test_malformed_json_names_the_position(data: bytes, message: str) -> None:
    with pytest.raises(ImportFileError) as raised:
        read_table(data, "orgs.json")
    assert raised.value.message.startswith(message), raised.value.message


def test_json_row_limit() -> None:
    with pytest.raises(ImportFileError, match="more than 2 rows"):
        read_table(_json([{"a": 1}] * 3), "big.json", max_rows=2)


@pytest.mark.django_db
def test_import_page_offers_current_records_by_visibility(
    units: Any, users: Any, client_for: Any
) -> None:
    china = Country.objects.create(iso2="CN", iso3="CHN", name_en="China", name_zh_hans="中国")
    Organisation.objects.create(
        name_en="Open Org",
        kind="university",
        country=china,
        owner_unit=units.ministry,
        visibility=Visibility.PUBLIC,
    )
    Organisation.objects.create(
        name_en="Closed Org",
        kind="company",
        country=china,
        owner_unit=units.ministry,
        visibility=Visibility.INTERNAL,
    )
    page = client_for(users.org_user).get(reverse("core:import_upload", args=["organisations"]))
    assert page.status_code == 200
    assert reverse("core:import_records", args=["organisations", "json"]) in page.content.decode()

    def download(user: Any, fmt: str) -> Any:
        url = reverse("core:import_records", args=["organisations", fmt])
        return client_for(user).get(url)

    mine = download(users.org_user, "json")
    assert mine.status_code == 200 and mine["Content-Type"].startswith("application/json")
    assert [r["name_en"] for r in json.loads(mine.content)] == ["Open Org"]
    everything = download(users.platform_admin, "csv")
    text = everything.content.decode("utf-8")
    assert text.startswith("\ufeffname_zh,") and "Closed Org" in text
    assert download(users.platform_admin, "xlsx").status_code == 200
    assert download(users.platform_admin, "pdf").status_code == 404
    assert (
        client_for(None)
        .get(reverse("core:import_records", args=["organisations", "csv"]))
        .status_code
        == 302
    )
