"""Web pages: lists with filters, sorting and exports; details; administrators' forms."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from stcoop.geo.models import Grouping, GroupingMembership

Clients = Callable[[Any], Client]


def _csv(response: Any) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(body)))


# ---------------------------------------------------------------- lists
def test_country_list_shows_codes_names_regions(geo: Any, client: Client) -> None:
    response = client.get("/geo/countries/?q=CN")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="country-table"' in body
    assert "中国" in body and "China" in body and "东亚" in body
    assert response.context["total"] == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=美国", {"US", "UM"}),  # 美国本土外小岛屿 contains 美国
        ("q=united+states", {"US", "UM", "VI"}),
        ("q=usa", {"US"}),
        ("q=台湾", {"TW"}),
        ("sub_region=143", {"KZ", "KG", "TJ", "TM", "UZ"}),
        ("grouping=central-asia&income_group=lower_middle", {"KG", "TJ", "UZ"}),
        ("grouping=brics&region=002", {"EG", "ET", "ZA"}),
        ("income_group=none&is_independent=true", {"CK", "NU", "VA", "VE"}),
    ],
)
def test_country_list_filters(geo: Any, client: Client, query: str, expected: set[str]) -> None:
    response = client.get(f"/geo/countries/?{query}&per_page=200")
    assert response.status_code == 200
    assert {row.record.iso2 for row in response.context["table"].paginated_rows} == expected


def test_country_list_sorts(geo: Any, client: Client) -> None:
    response = client.get("/geo/countries/?sort=-iso2&per_page=25")
    first = [row.record.iso2 for row in response.context["table"].paginated_rows][:3]
    assert first == ["ZW", "ZM", "ZA"]
    response = client.get("/geo/countries/?sort=name_en&grouping=central-asia")
    names = [row.record.name_en for row in response.context["table"].paginated_rows]
    assert names == sorted(names)


def test_country_list_exports_csv_of_filtered_rows(geo: Any, client: Client) -> None:
    response = client.get("/geo/countries/?grouping=central-asia&export=csv&lang=en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert rows[0] == [
        "ISO alpha-2",
        "ISO alpha-3",
        "Name (Chinese)",
        "Name (English)",
        "Region",
        "Sub-region",
        "Income group",
    ]
    assert len(rows) == 6
    assert [row[0] for row in rows[1:]] == ["KG", "KZ", "TJ", "TM", "UZ"]
    assert rows[2] == [
        "KZ",
        "KAZ",
        "哈萨克斯坦",
        "Kazakhstan",
        "Asia",
        "Central Asia",
        "Upper-middle income",
    ]


def test_country_list_exports_xlsx(geo: Any, client: Client) -> None:
    response = client.get("/geo/countries/?grouping=eu&export=xlsx")
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_grouping_list(geo: Any, client: Client) -> None:
    response = client.get("/geo/groupings/?per_page=50")
    assert response.status_code == 200
    rows = {
        row.record.code: row.record.member_count for row in response.context["table"].paginated_rows
    }
    assert rows["asean"] == 11 and rows["bri"] == 0 and rows["developed"] == 41
    kinds = client.get("/geo/groupings/?kind=economic_class")
    assert kinds.context["total"] == 3


# ---------------------------------------------------------------- details
def test_country_page_lists_groupings_with_validity_and_source(geo: Any, client: Client) -> None:
    response = client.get("/geo/countries/CN/")
    assert response.status_code == 200
    current = [m.grouping.code for m in response.context["current"]]
    assert {"brics", "sco", "g20", "emerging", "carec"} <= set(current)
    body = response.content.decode()
    assert 'data-testid="current-groupings"' in body
    assert "/history/geo.country/" in body
    assert "worldcountrygroups" in body  # the groupings' source
    assert "2001-06-15" in body  # member of the SCO since its founding


def test_country_page_shows_past_memberships_and_the_other_language(
    geo: Any, client: Client
) -> None:
    body = client.get("/geo/countries/GB/?lang=en").content.decode()
    assert 'data-testid="other-groupings"' in body and "2020-02-01" in body
    assert 'data-testid="country-other-name" lang="zh-Hans">英国<' in body


def test_unknown_country_is_404_and_lower_case_redirects(geo: Any, client: Client) -> None:
    assert client.get("/geo/countries/XX/").status_code == 404
    response = client.get("/geo/countries/cn/")
    assert (response.status_code, response["Location"]) == (301, "/geo/countries/CN/")
    assert client.get("/geo/groupings/nope/").status_code == 404


def test_grouping_page_members_on_a_date_and_history(geo: Any, client: Client) -> None:
    response = client.get("/geo/groupings/brics/")
    assert response.status_code == 200
    assert len(response.context["memberships"]) == 10
    assert "Saudi Arabia" in Grouping.objects.get(code="brics").description_en
    on = client.get("/geo/groupings/brics/?on=2023-06-01")
    assert len(on.context["memberships"]) == 5
    history = client.get("/geo/groupings/eu/?history=1")
    assert "GB" in {m.country.iso2 for m in history.context["memberships"]}
    body = client.get("/geo/groupings/developed/").content.decode()
    assert 'data-testid="grouping-rule"' in body and "IMF" in body


# ---------------------------------------------------------------- administrators
def test_add_form_only_for_administrators(bri: Grouping, users: Any, client_for: Clients) -> None:
    assert (
        'data-testid="member-add-form"'
        in client_for(users.ministry_admin).get("/geo/groupings/bri/").content.decode()
    )
    for user in (users.org_user, users.expert, None):
        assert (
            'data-testid="member-add-form"'
            not in client_for(user).get("/geo/groupings/bri/").content.decode()
        )
    asean = client_for(users.platform_admin).get("/geo/groupings/asean/").content.decode()
    assert 'data-testid="member-add-form"' not in asean


@pytest.mark.parametrize("role", ["org_user", "expert", "unit_admin"])
def test_others_get_403(bri: Grouping, users: Any, client_for: Clients, role: str) -> None:
    client = client_for(getattr(users, role))
    assert client.post("/geo/groupings/bri/members/add/", {"country": "KZ"}).status_code == 403
    assert client.get("/geo/groupings/bri/import/").status_code == 403
    assert client.post("/geo/groupings/bri/members/KZ/remove/", {}).status_code == 403
    assert not bri.memberships.exists()


def test_anonymous_is_sent_to_sign_in(bri: Grouping, client: Client) -> None:
    response = client.post("/geo/groupings/bri/members/add/", {"country": "KZ"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not bri.memberships.exists()


def test_administrator_adds_and_ends_a_membership(
    bri: Grouping, users: Any, client_for: Clients
) -> None:
    client = client_for(users.platform_admin)
    response = client.post(
        "/geo/groupings/bri/members/add/",
        {"country": "KZ", "valid_from": "2013-09-07", "note": "MoU"},
    )
    assert response.status_code == 302
    assert bri.memberships.get().country.iso2 == "KZ"
    again = client.post("/geo/groupings/bri/members/add/?lang=en", {"country": "KZ"})
    assert again.status_code == 400 and "already a member" in again.content.decode()
    assert client.get("/geo/groupings/bri/members/KZ/remove/").status_code == 200
    ended = client.post("/geo/groupings/bri/members/KZ/remove/", {"valid_to": "2024-01-01"})
    assert ended.status_code == 302
    assert str(GroupingMembership.objects.get(grouping=bri).valid_to) == "2024-01-01"


def test_upload_preview_shows_row_errors_then_nothing_is_saved(
    bri: Grouping, users: Any, client_for: Clients
) -> None:
    client = client_for(users.platform_admin)
    upload = SimpleUploadedFile("m.csv", b"iso\nKZ\nXX\n", content_type="text/csv")
    response = client.post("/geo/groupings/bri/import/?lang=en", {"file": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert "row 3, column iso: &#x27;XX&#x27; is not a known country code" in body
    assert 'data-testid="import-confirm-form"' not in body
    assert not bri.memberships.exists()


def test_upload_preview_then_confirm(bri: Grouping, users: Any, client_for: Clients) -> None:
    client = client_for(users.platform_admin)
    upload = SimpleUploadedFile(
        "m.csv", "iso,valid_from\nKZ,2013-09-07\n巴基斯坦,\n".encode(), content_type="text/csv"
    )
    preview = client.post("/geo/groupings/bri/import/", {"file": upload})
    assert preview.status_code == 200 and preview.context["report"].created == 2
    assert not bri.memberships.exists()
    payload = preview.context["payload"]
    assert client.post("/geo/groupings/bri/import/", {"payload": payload}).status_code == 302
    assert set(bri.memberships.values_list("country__iso2", flat=True)) == {"KZ", "PK"}
    tampered = client.post("/geo/groupings/bri/import/", {"payload": payload + "x"})
    assert tampered.status_code == 302 and bri.memberships.count() == 2
    other = client_for(users.ministry_admin)  # a payload is bound to the user who previewed it
    other.post("/geo/groupings/bri/import/", {"payload": payload})
    assert bri.memberships.count() == 2


def test_administrator_records_the_source(bri: Grouping, users: Any, client_for: Clients) -> None:
    client = client_for(users.platform_admin)
    assert client.get("/geo/groupings/bri/source/").status_code == 200
    response = client.post(
        "/geo/groupings/bri/source/",
        {
            "source_name": "Belt and Road Portal",
            "source_url": "https://www.yidaiyilu.gov.cn/",
            "source_date": "2025-01-01",
            "description_zh_hans": bri.description_zh_hans,
            "description_en": bri.description_en,
        },
    )
    assert response.status_code == 302
    bri.refresh_from_db()
    assert (bri.source_name, str(bri.source_date)) == ("Belt and Road Portal", "2025-01-01")
    bad = client.post("/geo/groupings/bri/source/", {"source_url": "not a url"})
    assert bad.status_code == 400
    asean = client.get("/geo/groupings/asean/source/")
    assert asean.status_code == 302  # package-loaded: sent back with a message


def test_history_link_opens_the_record_history(geo: Any, users: Any, client_for: Clients) -> None:
    from stcoop.geo.models import Country

    china = Country.objects.get(iso2="CN")
    client = client_for(users.org_user)
    body = client.get("/geo/countries/CN/").content.decode()
    assert f'href="/history/geo.country/{china.pk}/"' in body
    assert client.get(f"/history/geo.country/{china.pk}/").status_code == 200
