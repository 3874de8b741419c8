"""Shared resources: rules, services and history, pages (filters, sorting, export,
forms), the contact rule everywhere, and the API."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from organisations.factories import OrganisationFactory, make_country
from resources.factories import SharedResourceFactory
from stcoop.core.models import ObjectChange
from stcoop.resources.filtersets import SharedResourceFilterSet
from stcoop.resources.models import SharedResource
from stcoop.resources.services import resource_create, resource_delete, resource_update

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages raised by services directly are read in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def data(units: Any) -> dict[str, Any]:
    cn = make_country("CN", "CHN", "China", "中国")
    th = make_country("TH", "THA", "Thailand", "泰国")
    kib = OrganisationFactory(
        owner_unit=units.ministry, name_en="Kunming Institute of Botany", kind="institute"
    )
    bank = SharedResourceFactory(
        owner_unit=units.province,
        kind="germplasm",
        name_zh_hans="中国西南野生生物种质资源库",
        name_en="Germplasm Bank of Wild Species",
        owner_organisation=kib,
        country=cn,
        province="CN-YN",
        city="Kunming",
        disciplines=["Botany"],
        keywords=["seed bank", "种质资源"],
        access_mode="application",
        open_to_foreign=True,
        contact_email="gbows@example.org",
    )
    fast = SharedResourceFactory(
        owner_unit=units.ministry,
        kind="facility",
        name_zh_hans="500米口径球面射电望远镜",
        name_en="FAST radio telescope",
        country=cn,
        province="CN-GZ",
        disciplines=["Astronomy"],
        keywords=["pulsars"],
        access_mode="application",
        open_to_foreign=True,
        contact_email="fast@example.org",
    )
    data_set = SharedResourceFactory(
        owner_unit=units.base,
        kind="dataset",
        name_zh_hans="湄公河流域数据集",
        name_en="Mekong basin data set",
        country=th,
        disciplines=["Hydrology", "Geography"],
        access_mode="open",
        status="retired",
        contact_email="data@example.org",
    )
    return {"cn": cn, "th": th, "kib": kib, "bank": bank, "fast": fast, "data_set": data_set}


def _names(params: dict[str, Any]) -> set[str]:
    filterset = SharedResourceFilterSet(params, queryset=SharedResource.objects.all())
    assert filterset.is_valid(), filterset.errors
    return {r.name_en or "" for r in filterset.qs}


def test_rules_and_history(data: dict[str, Any], units: Any, users: Any) -> None:
    admin = users.platform_admin
    with pytest.raises(ValidationError) as nameless:
        resource_create(actor=admin, owner_unit=units.ministry, kind="software")
    assert "name_zh_hans" in nameless.value.message_dict
    with pytest.raises(ValidationError) as province:
        resource_create(
            actor=admin,
            owner_unit=units.ministry,
            kind="instrument",
            name_en="X",
            country=data["th"],
            province="CN-YN",
        )
    assert "China" in province.value.message_dict["province"][0]
    with pytest.raises(ValidationError) as keywords:
        resource_create(
            actor=admin, owner_unit=units.ministry, kind="software", name_en="X", keywords=[""]
        )
    assert "keywords" in keywords.value.message_dict
    with pytest.raises(ValidationError):
        resource_create(actor=admin, owner_unit=units.ministry, kind="spaceship", name_en="X")
    with pytest.raises(PermissionDenied):
        resource_create(actor=users.org_user, owner_unit=units.base, kind="software", name_en="X")
    hidden = OrganisationFactory(owner_unit=units.ministry, visibility="internal")
    with pytest.raises(ValidationError) as unseen:
        resource_create(
            actor=users.org_user,
            owner_unit=units.enterprise,
            kind="software",
            name_en="X",
            owner_organisation=hidden,
        )
    assert unseen.value.message_dict["owner_organisation"] == ["No such organisation."]
    resource = resource_create(
        actor=users.org_user,
        owner_unit=units.enterprise,
        kind="software",
        name_en="MindSpore",
        contact_email="a@example.org",
        keywords=["deep learning"],
    )
    resource_update(actor=users.org_user, resource=resource, contact_email="b@example.org")
    resource_update(actor=users.org_user, resource=resource, status="retired")
    changes = list(
        ObjectChange.objects.filter(
            content_type=ContentType.objects.get_for_model(SharedResource),
            object_id=str(resource.pk),
        ).order_by("pk")
    )
    assert [c.action for c in changes] == ["create", "update", "update"]
    assert changes[1].before["contact_email"].startswith("sha256:")
    assert changes[1].before["contact_email"] != changes[1].after["contact_email"]
    assert "b@example.org" not in str(changes[1].after)
    assert changes[2].after["status"] == "retired"
    with pytest.raises(PermissionDenied):
        resource_delete(actor=users.base_manager, resource=resource)
    resource_delete(actor=users.org_user, resource=resource)
    assert not SharedResource.objects.filter(name_en="MindSpore").exists()


def test_filters(data: dict[str, Any], units: Any) -> None:
    assert _names({"q": "种质"}) == {"Germplasm Bank of Wild Species"}
    assert _names({"q": "SEED bank"}) == {"Germplasm Bank of Wild Species"}
    assert _names({"kind": ["facility", "dataset"]}) == {
        "FAST radio telescope",
        "Mekong basin data set",
    }
    assert _names({"province": "CN-YN"}) == {"Germplasm Bank of Wild Species"}
    assert _names({"country": "TH"}) == {"Mekong basin data set"}
    assert _names({"discipline": "geography"}) == {"Mekong basin data set"}
    assert _names({"discipline": "geo"}) == set()
    assert _names({"access_mode": ["open"]}) == {"Mekong basin data set"}
    assert _names({"open_to_foreign": "false"}) == {"Mekong basin data set"}
    assert _names({"status": "retired"}) == {"Mekong basin data set"}
    assert _names({"owner_organisation": data["kib"].pk}) == {"Germplasm Bank of Wild Species"}
    assert _names({"owner_unit": units.base.pk}) == {"Mekong basin data set"}


def test_list_sort_export_and_contact_columns(
    data: dict[str, Any], users: Any, client_for: Callable[[Any], Any]
) -> None:
    admin = client_for(users.platform_admin)
    page = admin.get("/resources/?lang=en&sort=-name").content.decode()
    assert page.index("Mekong basin") < page.index("Germplasm Bank") < page.index("FAST radio")
    assert 'href="/import/shared-resources/"' in page
    csv_text = b"".join(
        admin.get(
            "/resources/?lang=en&export=csv&sort=name&columns=name,province,contact_email"
        ).streaming_content
    ).decode("utf-8-sig")
    assert csv_text.splitlines() == [
        "Name,Province,Contact email",
        "FAST radio telescope,Guizhou,fast@example.org",
        "Germplasm Bank of Wild Species,Yunnan,gbows@example.org",
        "Mekong basin data set,,data@example.org",
    ]
    xlsx = admin.get("/resources/?export=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    # A unit administrator sees the contact of its own sub-tree only.
    unit_admin = b"".join(
        client_for(users.unit_admin)
        .get("/resources/?lang=en&export=csv&sort=name&columns=name,contact_email")
        .streaming_content
    ).decode("utf-8-sig")
    assert unit_admin.splitlines()[1:] == [
        "FAST radio telescope,",
        "Germplasm Bank of Wild Species,gbows@example.org",
        "Mekong basin data set,data@example.org",
    ]
    # Others (the record's own unit members included) have no contact columns at all.
    manager = client_for(users.base_manager)
    listing = manager.get("/resources/?lang=en&columns=name,contact_email")
    assert "contact_email" not in [c for c, _label in listing.context["all_columns"]]
    assert "data@example.org" not in listing.content.decode()
    exported = b"".join(
        manager.get("/resources/?lang=en&export=csv&columns=name,contact_email").streaming_content
    ).decode("utf-8-sig")
    assert "@example.org" not in exported
    assert "No records match" in admin.get("/resources/?lang=en&q=zzzz").content.decode()


def test_detail_and_organisation_pages(
    data: dict[str, Any], users: Any, client_for: Callable[[Any], Any]
) -> None:
    bank = data["bank"]
    anonymous = client_for(None).get(f"/resources/{bank.pk}/?lang=en").content.decode()
    assert "Kunming Institute of Botany" in anonymous and "Yunnan" in anonymous
    assert "gbows@example.org" not in anonymous and "hidden" in anonymous
    assert "/history/resources.sharedresource/" in anonymous
    admin = client_for(users.unit_admin).get(f"/resources/{bank.pk}/?lang=en").content.decode()
    assert "gbows@example.org" in admin
    organisation = client_for(None).get(f"/organisations/{data['kib'].pk}/?lang=en")
    assert f'href="/resources/{bank.pk}/"'.encode() in organisation.content


def test_forms(
    data: dict[str, Any], units: Any, users: Any, client_for: Callable[[Any], Any]
) -> None:
    client = client_for(users.base_manager)
    form = {
        "kind": "instrument",
        "name_zh_hans": "冷冻电镜",
        "name_en": "Cryo-electron microscope",
        "owner_organisation": data["kib"].pk,
        "country": data["cn"].pk,
        "province": "CN-GD",
        "disciplines": "Structural biology\n",
        "keywords": "cryo-EM\nmicroscopy",
        "access_mode": "fee",
        "open_to_foreign": "on",
        "contact_email": "em@example.org",
        "link": "example.org/em",
        "status": "available",
        "owner_unit": units.base.pk,
        "visibility": "public",
    }
    response = client.post("/resources/add/?lang=en", form)
    assert response.status_code == 302, response.content.decode()
    resource = SharedResource.objects.get(name_en="Cryo-electron microscope")
    assert resource.keywords == ["cryo-EM", "microscopy"] and resource.open_to_foreign
    assert resource.link == "https://example.org/em" and resource.contact_email == "em@example.org"
    bad = client.post("/resources/add/?lang=en", {**form, "country": data["th"].pk, "name_en": "Y"})
    assert bad.status_code == 400 and "only for resources in China" in bad.content.decode()
    nameless = client.post("/resources/add/?lang=en", {**form, "name_zh_hans": "", "name_en": ""})
    assert nameless.status_code == 400 and "Give the name" in nameless.content.decode()
    # The base manager may edit but not see the contact: the fields are not offered and
    # a posted value is ignored.
    edit = client.get(f"/resources/{resource.pk}/edit/")
    assert "contact_email" not in edit.context["form"].fields
    saved = client.post(
        f"/resources/{resource.pk}/edit/?lang=en",
        {**form, "status": "unavailable", "contact_email": "evil@example.org"},
    )
    assert saved.status_code == 302
    resource.refresh_from_db()
    assert resource.status == "unavailable" and resource.contact_email == "em@example.org"
    admin = client_for(users.unit_admin)
    assert "contact_email" in admin.get(f"/resources/{resource.pk}/edit/").context["form"].fields
    assert client.post(f"/resources/{resource.pk}/delete/").status_code == 302


def test_api(data: dict[str, Any], units: Any, users: Any, api_for: Callable[[Any], Any]) -> None:
    client = api_for(users.base_manager)
    created = client.post(
        "/api/shared-resources/",
        {
            "kind": "dataset",
            "name_en": "Soil samples",
            "name_zh_hans": "土壤样本",
            "province": "CN-YN",
            "country": "CN",
            "keywords": ["soil"],
            "contact_email": "soil@example.org",
            "owner_unit": units.base.pk,
            "visibility": "public",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert "contact_email" not in body and body["province"] == "CN-YN"
    url = f"/api/shared-resources/{body['id']}/"
    patched = client.patch(
        url, {"contact_email": "x@example.org", "city": "Kunming"}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["city"] == "Kunming"
    stored = SharedResource.objects.get(pk=body["id"])
    assert stored.contact_email == "soil@example.org"
    admin = api_for(users.unit_admin).get(url).json()
    assert admin["contact_email"] == "soil@example.org"
    wrong = client.patch(url, {"country": "TH", "keywords": [""]}, format="json")
    assert wrong.status_code == 400
    listing = client.get("/api/shared-resources/", {"kind": "germplasm", "open_to_foreign": "true"})
    assert [row["name_en"] for row in listing.json()["results"]] == [
        "Germplasm Bank of Wild Species"
    ]
    assert client.delete(url).status_code == 204
