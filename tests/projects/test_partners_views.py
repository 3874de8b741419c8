"""The partner-suggestion pages: the free form, "more partners" for a project, bad
input, visibility, and reasons in both languages."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from projects.partner_fixtures import PartnerWorld, build_world

pytestmark = pytest.mark.django_db

URL = "/projects/partners/"


@pytest.fixture(autouse=True)
def lexical_only(settings: Any) -> None:
    settings.STCOOP_PARTNERS_DENSE = False


@pytest.fixture
def world(units: Any) -> PartnerWorld:
    return build_world(units)


def _form(**extra: Any) -> dict[str, Any]:
    data = {"title": "Solar cells", "description": "", "k": "10",
            "p-TOTAL_FORMS": "2", "p-INITIAL_FORMS": "0",
            "p-0-name": "Solar Energy Lab", "p-0-country": "DE",
            "p-1-name": "", "p-1-country": ""}  # fmt: skip
    data.update(extra)
    return data


def test_urls() -> None:
    assert reverse("projects:partner_suggest") == URL
    assert (
        reverse("projects:partner_suggest_for_project", kwargs={"pk": 7}) == "/projects/7/partners/"
    )


def test_empty_form_shows_blank_partner_rows(
    client_for: Any, users: Any, world: PartnerWorld
) -> None:
    response = client_for(users.expert).get(URL)
    assert response.status_code == 200
    assert response.context["results"] is None
    assert len(response.context["formset"].forms) == 3


def test_form_ranks_the_network_neighbour_first_with_english_reasons(
    client_for: Any, users: Any, world: PartnerWorld
) -> None:
    response = client_for(users.expert).get(URL, _form())  # the expert reads English
    assert response.status_code == 200
    results = response.context["results"]
    assert results[0]["suggestion"].org_id == world.neighbour.pk
    labels = [r["label"] for r in results[0]["reasons"]]
    assert labels[0] == "Worked with Solar Energy Lab (2 shared projects)"
    assert "Adds a country to the consortium: France" in labels
    html = response.content.decode()
    assert "Université de Photonique" in html and "光子大学" in html
    assert world.solar_lab.pk not in [r["suggestion"].org_id for r in results]


def test_reasons_in_chinese(client_for: Any, units: Any, world: PartnerWorld) -> None:
    from conftest import make_user
    from stcoop.accounts.choices import Role

    reader = make_user("zhreader", Role.ORG_USER, units.ministry, language="zh-hans")
    response = client_for(reader).get(URL, _form())
    assert response.status_code == 200
    new_country = next(
        r for r in response.context["results"][0]["reasons"] if r["code"] == "new_country"
    )
    assert "法国" in new_country["label"]


def test_add_rows_keeps_what_was_typed(client_for: Any, users: Any, world: PartnerWorld) -> None:
    response = client_for(users.expert).get(URL, _form(add_rows="1"))
    assert response.status_code == 200
    assert response.context["results"] is None
    forms = response.context["formset"].forms
    assert len(forms) == 5 and forms[0].initial == {"name": "Solar Energy Lab", "country": "DE"}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "description": ""}, "__all__"),
        ({"k": "0"}, "k"),
        ({"k": "many"}, "k"),
        ({"countries": "XX"}, "countries"),
    ],
)
def test_bad_input_is_a_form_error(
    client_for: Any, users: Any, world: PartnerWorld, data: dict[str, str], field: str
) -> None:
    response = client_for(users.expert).get(URL, _form(**data))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response.context["results"] is None


def test_bad_partner_row_and_broken_formset(
    client_for: Any, users: Any, world: PartnerWorld
) -> None:
    response = client_for(users.expert).get(URL, _form(**{"p-1-country": "FR"}))
    assert response.status_code == 200
    assert "name" in response.context["formset"].forms[1].errors
    broken = client_for(users.expert).get(URL, {"title": "x", "p-TOTAL_FORMS": "zz"})
    assert broken.status_code == 200
    assert broken.context["results"] is None


def test_filters_by_country_and_grouping(client_for: Any, users: Any, world: PartnerWorld) -> None:
    response = client_for(users.expert).get(URL, _form(countries="DE"))
    ids = [r["suggestion"].org_id for r in response.context["results"]]
    assert ids == [world.battery_firm.pk]


def test_project_page_links_to_suggestions_prefilled(
    client_for: Any, users: Any, world: PartnerWorld
) -> None:
    client = client_for(users.platform_admin)
    detail = client.get(reverse("projects:detail", kwargs={"pk": world.current.pk}))
    link = reverse("projects:partner_suggest_for_project", kwargs={"pk": world.current.pk})
    assert link in detail.content.decode()
    response = client.get(link)
    assert response.status_code == 200
    assert response.context["form"].initial["title"] == "Solar cells for rooftops"
    rows = [f.initial for f in response.context["formset"].forms if f.initial]
    assert rows == [{"name": "Solar Energy Lab", "country": "DE"}]
    results = response.context["results"]
    assert results[0]["suggestion"].org_id == world.neighbour.pk
    assert world.solar_lab.pk not in [r["suggestion"].org_id for r in results]
    # Submitting the pre-filled form still leaves the project's partners out.
    again = client.get(link, _form(**{"p-0-name": "", "p-0-country": ""}))
    assert world.solar_lab.pk not in [r["suggestion"].org_id for r in again.context["results"]]


def test_project_the_user_may_not_see_is_404(
    client_for: Any, users: Any, world: PartnerWorld
) -> None:
    link = reverse("projects:partner_suggest_for_project", kwargs={"pk": world.secret.pk})
    assert client_for(users.org_user).get(link).status_code == 404
    assert client_for(users.org_user).get("/projects/999999/partners/").status_code == 404


def test_hidden_records_stay_hidden(client_for: Any, users: Any, world: PartnerWorld) -> None:
    data = _form(title="perovskite tandem solar",
                 **{"p-0-name": "Ocean Research Institute", "p-0-country": "NO"})  # fmt: skip
    outsider = client_for(users.org_user).get(URL, data)
    ids = [r["suggestion"].org_id for r in outsider.context["results"]]
    assert world.hidden_partner.pk not in ids
    assert "Solar perovskite tandem cells" not in outsider.content.decode()
    insider = client_for(users.platform_admin).get(URL, data)
    assert world.hidden_partner.pk in [r["suggestion"].org_id for r in insider.context["results"]]


def test_anonymous_visitors_see_public_records(client: Any, world: PartnerWorld) -> None:
    response = client.get(URL, _form())
    assert response.status_code == 200
    assert response.context["results"][0]["suggestion"].org_id == world.neighbour.pk
