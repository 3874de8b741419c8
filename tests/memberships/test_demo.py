"""The memberships demo step: ITER, SKA, GEO, IODP and China's memberships, run twice,
reset."""

from __future__ import annotations

from typing import Any

import pytest

from stcoop.demo import demo_reset, generate_demo
from stcoop.memberships.models import BigScienceProgramme, InternationalMembership
from stcoop.organisations.models import Organisation

pytestmark = pytest.mark.django_db(transaction=False)
MODULES = [
    "stcoop.demo.accounts",
    "stcoop.demo.reference",
    "stcoop.organisations.demo",
    "stcoop.memberships.demo",
]


def test_demo_creates_memberships_and_programmes_once() -> None:
    generate_demo(modules=MODULES)
    acronyms = set(BigScienceProgramme.objects.values_list("acronym", flat=True))
    assert {"ITER", "SKA", "GEO", "IODP"} <= acronyms
    iter_programme = BigScienceProgramme.objects.get(acronym="ITER")
    assert (iter_programme.name_zh_hans, iter_programme.host_country.iso2) == (
        "国际热核聚变实验堆计划",
        "FR",
    )
    china = iter_programme.participations.get(country__iso2="CN")
    assert str(china.share) == "9.09" and china.in_kind
    iaea = Organisation.objects.get(name_en="International Atomic Energy Agency")
    assert iaea.kind == "international"
    china_iaea = InternationalMembership.objects.get(organisation=iaea, member_country__iso2="CN")
    assert china_iaea.notes_zh_hans and china_iaea.notes_en
    skao = Organisation.objects.get(name_en="SKA Observatory")
    assert InternationalMembership.objects.filter(
        organisation=skao, member_country__iso2="CN", role="founding"
    ).exists()
    cast = InternationalMembership.objects.get(
        member_organisation__name_en__startswith="China Assoc"
    )
    assert cast.organisation.name_en == "International Science Council"
    assert not InternationalMembership.objects.filter(notes_en="").exists()
    counts = (InternationalMembership.objects.count(), BigScienceProgramme.objects.count())
    generate_demo(modules=MODULES)
    assert (InternationalMembership.objects.count(), BigScienceProgramme.objects.count()) == counts
    demo_reset(modules=MODULES)
    assert not InternationalMembership.objects.exists()
    assert not BigScienceProgramme.objects.exists()


def test_demo_pages_render_in_both_languages(client_for: Any) -> None:
    from stcoop.accounts.models import User
    from stcoop.demo.accounts import ADMIN_USERNAME
    from stcoop.resources.models import SharedResource

    generate_demo(modules=[*MODULES, "stcoop.resources.demo"])
    admin = client_for(User.objects.get(username=ADMIN_USERNAME))
    anonymous = client_for(None)
    urls = ["/memberships/", "/memberships/big-science/", "/resources/"]
    urls += [
        f"/memberships/{pk}/" for pk in InternationalMembership.objects.values_list("pk", flat=True)
    ]
    urls += [
        f"/memberships/big-science/{pk}/"
        for pk in BigScienceProgramme.objects.values_list("pk", flat=True)
    ]
    urls += [f"/resources/{pk}/" for pk in SharedResource.objects.values_list("pk", flat=True)]
    iaea = Organisation.objects.get(name_en="International Atomic Energy Agency")
    urls.append(f"/organisations/{iaea.pk}/")
    for language in ("zh-hans", "en"):
        for url in urls:
            assert admin.get(url, {"lang": language}).status_code == 200, url
    page = anonymous.get(f"/organisations/{iaea.pk}/", {"lang": "zh-hans"}).content.decode()
    assert "国际原子能机构" in page and "中国" in page  # China is listed among its members
    assert anonymous.get("/resources/", {"lang": "en"}).status_code == 200
