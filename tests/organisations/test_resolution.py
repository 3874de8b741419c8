"""Organisation resolution in the product: the registry the engine sees, the cached
resolver, the resolve page (paste, upload, correct, download, background lists), the
API's match endpoint, the duplicate finder and the review queue."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from organisations.factories import OrganisationFactory, make_country
from stcoop.core.choices import Visibility
from stcoop.engines.orgmatch import correction_key
from stcoop.organisations import resolution_services
from stcoop.organisations.models import (
    DuplicateDismissal,
    ExternalId,
    Organisation,
    ResolutionCorrection,
    ResolutionJob,
)
from stcoop.organisations.resolution import (
    clear_resolver_cache,
    get_resolver,
    registry_from_database,
    resolve_for,
)

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
EDITORS = ("platform_admin", "ministry_admin", "unit_admin", "base_manager", "org_user")


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    clear_resolver_cache()


@pytest.fixture
def orgs(units: Any) -> dict[str, Organisation]:
    china = make_country("CN", "CHN", "China", "中国")
    germany = make_country("DE", "DEU", "Germany", "德国")
    cas = OrganisationFactory(
        owner_unit=units.ministry,
        name_en="Chinese Academy of Sciences",
        name_zh_hans="中国科学院",
        acronyms=["CAS"],
        country=china,
        city="Beijing",
        kind="institute",
    )
    tsinghua = OrganisationFactory(
        owner_unit=units.ministry,
        name_en="Tsinghua University",
        name_zh_hans="清华大学",
        acronyms=["THU"],
        country=china,
        city="Beijing",
    )
    ExternalId.objects.create(organisation=tsinghua, scheme="ror", value="03cve4549")
    peking = OrganisationFactory(
        owner_unit=units.ministry,
        name_en="Peking University",
        name_zh_hans="北京大学",
        acronyms=["PKU"],
        country=china,
        city="Beijing",
    )
    mpg = OrganisationFactory(
        owner_unit=units.ministry,
        name_en="Max Planck Society",
        name_zh_hans="",
        name_original="Max-Planck-Gesellschaft",
        name_language="de",
        aliases=[{"name": "MPG", "language": ""}],
        kind="institute",
        country=germany,
        city="Munich",
    )
    lab = OrganisationFactory(
        owner_unit=units.ministry,
        name_en="Institute of Physics",
        name_zh_hans="物理研究所",
        parent=cas,
        country=china,
        city="Beijing",
        kind="institute",
    )
    secret = OrganisationFactory(
        owner_unit=units.enterprise,
        visibility=Visibility.INTERNAL,
        name_en="Shenzhen Secret Robotics Company",
        name_zh_hans="深圳秘密机器人公司",
        country=china,
        city="Shenzhen",
        kind="company",
    )
    old = OrganisationFactory(
        owner_unit=units.ministry,
        name_en="Old Tsinghua record",
        country=china,
        merged_into=tsinghua,
    )
    return {
        "cas": cas,
        "tsinghua": tsinghua,
        "peking": peking,
        "mpg": mpg,
        "lab": lab,
        "secret": secret,
        "old": old,
    }


def _client(client_for: Callable[[Any], Client], users: Any, role: str) -> Client:
    return client_for(getattr(users, role))


# ---------------------------------------------------------------- registry and cache
def test_registry_maps_every_organisation_field(orgs: dict[str, Organisation]) -> None:
    registry = registry_from_database()
    assert registry.get(str(orgs["old"].pk)) is None  # merged records are left out
    tsinghua = registry.get(str(orgs["tsinghua"].pk))
    assert tsinghua is not None
    assert tsinghua.country == "CN" and tsinghua.city == "Beijing"
    assert tsinghua.ror_id == "https://ror.org/03cve4549"
    assert tsinghua.types == ("education",)
    names = {(n.text, n.language, n.kind) for n in tsinghua.names}
    assert ("Tsinghua University", "en", "display") in names
    assert ("清华大学", "zh", "label") in names
    assert ("THU", None, "acronym") in names
    mpg = registry.get(str(orgs["mpg"].pk))
    assert mpg is not None
    assert {(n.text, n.kind) for n in mpg.names} >= {
        ("Max-Planck-Gesellschaft", "label"),
        ("MPG", "alias"),
    }
    cas = registry.get(str(orgs["cas"].pk))
    lab = registry.get(str(orgs["lab"].pk))
    assert cas is not None and lab is not None
    assert lab.parent_ids == (str(orgs["cas"].pk),)
    assert str(orgs["lab"].pk) in cas.child_ids


def test_resolver_is_cached_until_organisations_or_corrections_change(
    orgs: dict[str, Organisation], users: Any
) -> None:
    first = get_resolver()
    assert get_resolver() is first
    OrganisationFactory(owner_unit=orgs["cas"].owner_unit, name_en="Fudan University")
    second = get_resolver()
    assert second is not first
    resolution_services.correction_save(
        actor=users.platform_admin, text="Tsinghua", organisation=orgs["tsinghua"]
    )
    third = get_resolver()
    assert third is not second
    (answer,) = resolve_for(users.platform_admin, ["Tsinghua"])
    assert answer.chosen is not None
    assert answer.chosen["org_id"] == str(orgs["tsinghua"].pk)
    assert answer.chosen["matching_type"] == "CORRECTION"


def test_chinese_and_english_names_find_the_organisation(
    orgs: dict[str, Organisation], users: Any
) -> None:
    answers = resolve_for(
        users.expert,
        ["清华大学物理系", "Dept. of Physics, Tsinghua Univ., Beijing 100084, P.R. China"],
    )
    for answer in answers:
        assert answer.chosen is not None
        assert answer.chosen["org_id"] == str(orgs["tsinghua"].pk)


def test_organisations_the_viewer_may_not_see_are_not_answered(
    orgs: dict[str, Organisation], users: Any
) -> None:
    text = "Shenzhen Secret Robotics Company"
    (seen,) = resolve_for(users.org_user, [text])
    assert seen.chosen is not None and seen.chosen["org_id"] == str(orgs["secret"].pk)
    (hidden,) = resolve_for(users.expert, [text])
    assert all(m["org_id"] != str(orgs["secret"].pk) for m in hidden.matches)


# ---------------------------------------------------------------- resolve page
def _resolve(client: Client, lines: str) -> Any:
    return client.post("/organisations/resolve/", {"lines": lines}, **EN)


def test_anonymous_is_sent_to_sign_in(orgs: dict[str, Organisation]) -> None:
    response = Client().get("/organisations/resolve/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", [*EDITORS, "expert"])
def test_every_signed_in_role_may_resolve(
    orgs: dict[str, Organisation], users: Any, client_for: Callable[[Any], Client], role: str
) -> None:
    client = _client(client_for, users, role)
    response = _resolve(client, "清华大学\nPeking University, Beijing")
    assert response.status_code == 302
    job = ResolutionJob.objects.get(user=getattr(users, role))
    assert job.status == "done" and job.total == 2
    assert [r["chosen"] for r in job.results] == [
        str(orgs["tsinghua"].pk),
        str(orgs["peking"].pk),
    ]
    page = client.get(response["Location"], **EN)
    content = page.content.decode()
    assert f'href="/organisations/{orgs["tsinghua"].pk}/"' in content
    assert f'href="/organisations/{orgs["peking"].pk}/"' in content
    assert ('data-testid="choice"' in content) == (role in EDITORS)


@pytest.mark.parametrize(("role", "allowed"), [*((r, True) for r in EDITORS), ("expert", False)])
def test_only_editors_save_corrections(
    orgs: dict[str, Organisation],
    users: Any,
    client_for: Callable[[Any], Client],
    role: str,
    allowed: bool,
) -> None:
    client = _client(client_for, users, role)
    _resolve(client, "Acme Widgets Laboratory\nTsinghua University")
    job = ResolutionJob.objects.get(user=getattr(users, role))
    url = f"/organisations/resolve/{job.pk}/rows/0/"
    response = client.post(url, {"choice": str(orgs["peking"].pk)}, **EN)
    assert response.status_code == (302 if allowed else 403)
    assert ResolutionCorrection.objects.exists() == allowed


def test_correction_is_reused_and_none_is_kept(
    orgs: dict[str, Organisation], users: Any, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(users.base_manager)
    _resolve(client, "Acme Widgets Laboratory\nTsinghua University")
    job = ResolutionJob.objects.get(user=users.base_manager)
    assert job.results[0]["chosen"] is None
    # An organisation found with the search field wins over the select.
    client.post(
        f"/organisations/resolve/{job.pk}/rows/0/",
        {"choice": "none", "other": str(orgs["peking"].pk)},
        HTTP_HX_REQUEST="true",
        **EN,
    )
    client.post(f"/organisations/resolve/{job.pk}/rows/1/", {"choice": "none"}, **EN)
    job.refresh_from_db()
    assert job.results[0]["chosen"] == str(orgs["peking"].pk)
    assert job.results[1]["chosen"] is None and job.results[1]["corrected"]
    correction = ResolutionCorrection.objects.get(key=correction_key("Acme Widgets Laboratory"))
    assert correction.organisation == orgs["peking"]
    assert correction.decided_by == users.base_manager
    # Later resolutions, by anyone, use both corrections.
    answers = resolve_for(users.expert, ["ACME widgets laboratory", "Tsinghua University"])
    assert answers[0].chosen is not None
    assert answers[0].chosen["org_id"] == str(orgs["peking"].pk)
    assert answers[0].chosen["matching_type"] == "CORRECTION"
    assert answers[1].chosen is None


def test_correcting_with_an_unknown_or_hidden_organisation_is_refused(
    orgs: dict[str, Organisation], users: Any, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(users.base_manager)
    _resolve(client, "Tsinghua University")
    job = ResolutionJob.objects.get(user=users.base_manager)
    url = f"/organisations/resolve/{job.pk}/rows/0/"
    assert client.post(url, {"choice": "abc"}, **EN).status_code == 400
    assert client.post(url, {"choice": str(orgs["secret"].pk)}, **EN).status_code == 400
    assert (
        client.post(f"/organisations/resolve/{job.pk}/rows/9/", {"choice": "none"}).status_code
        == 400
    )
    # Someone else's list is not found.
    other = client_for(users.org_user)
    assert other.get(f"/organisations/resolve/{job.pk}/").status_code == 404
    assert other.post(url, {"choice": "none"}).status_code == 404
    assert not ResolutionCorrection.objects.exists()


def test_download_has_input_columns_and_organisation(
    orgs: dict[str, Organisation], users: Any, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(users.expert)
    data = (
        'id,affiliation\n7,"Dept. of Physics, Tsinghua Univ., Beijing"\n8,Acme Widgets Laboratory\n'
    )
    upload = SimpleUploadedFile("list.csv", data.encode(), content_type="text/csv")
    response = client.post(
        "/organisations/resolve/", {"file": upload, "column": "Affiliation"}, **EN
    )
    assert response.status_code == 302
    job = ResolutionJob.objects.get(user=users.expert)
    download = client.get(f"/organisations/resolve/{job.pk}/download/csv/")
    assert download.status_code == 200
    text = b"".join(download.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["id", "affiliation", "org_id", "ror_id", "org_name", "score", "method"]
    assert rows[1][0] == "7" and rows[1][2] == str(orgs["tsinghua"].pk)
    assert rows[1][3] == "https://ror.org/03cve4549"
    assert float(rows[1][5]) > 0.5 and rows[1][6]
    assert rows[2] == ["8", "Acme Widgets Laboratory", "", "", "", "", ""]
    xlsx = client.get(f"/organisations/resolve/{job.pk}/download/xlsx/")
    assert xlsx.status_code == 200
    assert client.get(f"/organisations/resolve/{job.pk}/download/pdf/").status_code == 404


def test_xlsx_upload_with_a_chosen_column(
    orgs: dict[str, Organisation], users: Any, client_for: Callable[[Any], Client]
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["name", "note"])
    sheet.append(["北京大学", "x"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("list.xlsx", buffer.getvalue())
    client = client_for(users.expert)
    response = client.post("/organisations/resolve/", {"file": upload, "column": "name"}, **EN)
    assert response.status_code == 302
    job = ResolutionJob.objects.get(user=users.expert)
    assert job.header == ["name", "note"]
    assert job.results[0]["chosen"] == str(orgs["peking"].pk)


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"lines": "  \n "}, "Paste some lines or choose a file."),
        (
            {"file": ("list.csv", b"id,affiliation\n1,x\n"), "column": "org"},
            "list.csv has no column “org”; its columns: id, affiliation.",
        ),
        (
            {"file": ("list.csv", b"id,affiliation\n1,x\n")},
            "Name the column to resolve; list.csv has: id, affiliation.",
        ),
        ({"file": ("list.txt", b"hello")}, "Upload a .csv or .xlsx file."),
        (
            {"file": ("list.xlsx", b"not a workbook")},
            "list.xlsx cannot be read as an XLSX workbook.",
        ),
        ({"file": ("list.csv", b"")}, "The submitted file is empty."),
        ({"file": ("list.csv", b'a,b\n1,"unclosed\n')}, "list.csv"),
        ({"file": ("list.csv", b"name\n\n\n")}, "list.csv has no data rows."),
    ],
)
def test_bad_input_gets_a_clear_message(
    orgs: dict[str, Organisation],
    users: Any,
    client_for: Callable[[Any], Client],
    post: dict[str, Any],
    message: str,
) -> None:
    data = dict(post)
    if "file" in data:
        name, content = data["file"]
        data["file"] = SimpleUploadedFile(name, content)
    response = client_for(users.expert).post("/organisations/resolve/", data, **EN)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ResolutionJob.objects.exists()


def test_too_large_file_and_too_many_lines(
    orgs: dict[str, Organisation],
    users: Any,
    client_for: Callable[[Any], Client],
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = client_for(users.expert)
    settings.MAX_UPLOAD_BYTES = 100
    upload = SimpleUploadedFile("big.csv", b"name\n" + b"Tsinghua University\n" * 20)
    response = client.post("/organisations/resolve/", {"file": upload}, **EN)
    assert response.status_code == 400
    assert "the limit is 100 bytes" in response.content.decode()
    monkeypatch.setattr("stcoop.organisations.resolution_forms.MAX_LINES", 3)
    response = _resolve(client, "a\nb\nc\nd")
    assert response.status_code == 400
    assert "Paste at most 3 lines; this has 4." in response.content.decode()


def test_long_list_runs_in_the_background_with_progress(
    orgs: dict[str, Organisation],
    users: Any,
    client_for: Callable[[Any], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django_tasks_db.models import DBTaskResult

    from stcoop.organisations.tasks import resolve_job

    monkeypatch.setattr("stcoop.organisations.resolution_views.INLINE_ROWS", 2)
    monkeypatch.setattr("stcoop.organisations.resolution_services.JOB_BATCH", 2)
    client = client_for(users.expert)
    response = _resolve(client, "清华大学\n北京大学\nTsinghua University\nNowhere Institute")
    job = ResolutionJob.objects.get(user=users.expert)
    assert job.status == "pending" and job.total == 4
    assert DBTaskResult.objects.filter(args_kwargs__args=[job.pk]).exists()
    page = client.get(response["Location"], **EN)
    assert 'data-testid="resolve-progress"' in page.content.decode()
    progress = client.get(f"/organisations/resolve/{job.pk}/progress/", **EN)
    assert "0 of 4 resolved" in progress.content.decode()
    assert "HX-Redirect" not in progress
    assert resolve_job.call(job.pk) == 4  # what the worker does
    job.refresh_from_db()
    assert job.status == "done" and job.done == 4
    assert job.results[1]["chosen"] == str(orgs["peking"].pk)
    progress = client.get(f"/organisations/resolve/{job.pk}/progress/", **EN)
    assert progress["HX-Redirect"] == f"/organisations/resolve/{job.pk}/"


def test_search_lists_visible_organisations(
    orgs: dict[str, Organisation], users: Any, client_for: Callable[[Any], Client]
) -> None:
    response = client_for(users.expert).get("/organisations/resolve/search/", {"q": "univ"})
    content = response.content.decode()
    assert "Tsinghua University" in content and "Peking University" in content
    hidden = client_for(users.expert).get("/organisations/resolve/search/", {"q": "secret"})
    assert "Secret" not in hidden.content.decode()


def test_list_page_links_the_pages_by_role(
    orgs: dict[str, Organisation], users: Any, client_for: Callable[[Any], Client]
) -> None:
    editor = client_for(users.base_manager).get("/organisations/", **EN).content.decode()
    for name in ("resolve", "duplicates", "review"):
        assert f'href="/organisations/{name}/" data-testid="{name}-link"' in editor
    expert = client_for(users.expert).get("/organisations/", **EN).content.decode()
    assert 'data-testid="resolve-link"' in expert
    assert 'data-testid="duplicates-link"' not in expert
    assert 'data-testid="review-link"' not in expert


# ---------------------------------------------------------------- API
def test_api_match_answers_in_ror_shape(
    orgs: dict[str, Organisation], users: Any, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(users.expert)
    response = client.get(
        "/api/organisations/match/",
        {"affiliation": "Dept. of Physics, Tsinghua Univ., Beijing 100084, P.R. China"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"items", "number_of_results"}
    assert body["number_of_results"] == len(body["items"]) >= 1
    first = body["items"][0]
    assert set(first) == {"score", "chosen", "matching_type", "substring", "organisation"}
    assert first["chosen"] is True
    organisation = first["organisation"]
    assert organisation["id"] == orgs["tsinghua"].pk
    assert organisation["name_en"] == "Tsinghua University"
    assert organisation["name_zh"] == "清华大学"
    assert organisation["country"] == "CN"
    assert organisation["ror_id"] == "https://ror.org/03cve4549"
    assert organisation["url"].endswith(f"/organisations/{orgs['tsinghua'].pk}/")
    nothing = client.get("/api/organisations/match/", {"affiliation": "Nowhere Widgets Ltd"})
    assert nothing.json() == {"items": [], "number_of_results": 0}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "affiliation parameter"),
        ({"affiliation": "   "}, "affiliation parameter"),
        ({"affiliation": "x" * 1001}, "1001 characters long; the limit is 1000"),
    ],
)
def test_api_match_refuses_bad_input(
    orgs: dict[str, Organisation],
    users: Any,
    client_for: Callable[[Any], Client],
    params: dict[str, str],
    message: str,
) -> None:
    response = client_for(users.expert).get("/api/organisations/match/", params, **EN)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_api_match_without_slash_and_anonymous_sees_public_only(
    orgs: dict[str, Organisation],
) -> None:
    client = Client()
    response = client.get("/api/organisations/match", {"affiliation": "北京大学"})
    assert response.status_code == 200
    assert response.json()["items"][0]["organisation"]["id"] == orgs["peking"].pk
    hidden = client.get(
        "/api/organisations/match/", {"affiliation": "Shenzhen Secret Robotics Company"}
    )
    assert all(i["organisation"]["id"] != orgs["secret"].pk for i in hidden.json()["items"])


# ---------------------------------------------------------------- duplicates
@pytest.fixture
def twins(orgs: dict[str, Organisation], units: Any) -> tuple[Organisation, Organisation]:
    china = orgs["tsinghua"].country
    first = OrganisationFactory(
        owner_unit=units.base,
        name_en="Guangzhou Institute of Energy Conversion",
        name_zh_hans="广州能源研究所",
        country=china,
        city="Guangzhou",
    )
    second = OrganisationFactory(
        owner_unit=units.base,
        name_en="",
        name_zh_hans="广州能源研究所",
        acronyms=[],
        country=china,
        city="Guangzhou",
    )
    return first, second


def test_duplicates_found_with_evidence(
    orgs: dict[str, Organisation], twins: tuple[Organisation, Organisation], units: Any
) -> None:
    from stcoop.organisations.duplicates import find_duplicates

    china = orgs["tsinghua"].country
    similar = OrganisationFactory(
        owner_unit=units.ministry, name_en="Tsinghua Universty", country=china, city="Beijing"
    )
    acronym = OrganisationFactory(
        owner_unit=units.ministry,
        name_en="Beijing Academy of Sciences",
        acronyms=["THU"],
        country=china,
        city="Beijing",
    )
    pairs = {(p.low, p.high): p for p in find_duplicates()}
    first, second = twins
    twin = pairs[(first.pk, second.pk)]
    assert "same_name" in twin.kinds and twin.score >= 0.95
    typo = pairs[(orgs["tsinghua"].pk, similar.pk)]
    assert "similar_name" in typo.kinds and 0.8 < typo.score < 0.95
    assert "acronym_city" in pairs[(orgs["tsinghua"].pk, acronym.pk)].kinds
    # Never a parent and its child; never across countries.
    assert (orgs["cas"].pk, orgs["lab"].pk) not in pairs
    assert not any(orgs["mpg"].pk in key for key in pairs)


@pytest.mark.parametrize(("role", "status"), [*((r, 200) for r in EDITORS), ("expert", 403)])
def test_duplicate_page_by_role(
    twins: tuple[Organisation, Organisation],
    users: Any,
    client_for: Callable[[Any], Client],
    role: str,
    status: int,
) -> None:
    response = _client(client_for, users, role).get("/organisations/duplicates/", **EN)
    assert response.status_code == status
    if status == 200:
        content = response.content.decode()
        first, second = twins
        # The twins belong to the base: only those who may change both see the buttons.
        may_merge = role in ("platform_admin", "ministry_admin", "unit_admin", "base_manager")
        assert (f"/organisations/{first.pk}/merge/?other={second.pk}" in content) == may_merge
        assert "广州能源研究所" in content


def test_dismissed_pair_is_no_longer_proposed(
    twins: tuple[Organisation, Organisation], users: Any, client_for: Callable[[Any], Client]
) -> None:
    first, second = twins
    refused = client_for(users.org_user).post(
        "/organisations/duplicates/", {"low": first.pk, "high": second.pk}
    )
    assert refused.status_code in (403, 404)
    assert not DuplicateDismissal.objects.exists()
    client = client_for(users.base_manager)
    response = client.post("/organisations/duplicates/", {"low": second.pk, "high": first.pk})
    assert response.status_code == 302
    dismissal = DuplicateDismissal.objects.get()
    assert (dismissal.low, dismissal.high, dismissal.decided_by) == (
        first,
        second,
        users.base_manager,
    )
    page = client.get("/organisations/duplicates/", **EN).content.decode()
    assert f"?other={second.pk}" not in page


def test_merge_link_prefills_the_other_record(
    twins: tuple[Organisation, Organisation], users: Any, client_for: Callable[[Any], Client]
) -> None:
    first, second = twins
    page = client_for(users.base_manager).get(
        f"/organisations/{first.pk}/merge/?other={second.pk}", **EN
    )
    assert f'value="{second.pk}"' in page.content.decode()
