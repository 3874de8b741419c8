"""Agreement and mechanism pages: filters, export, detail pages, forms, sessions, and
the section on a country's page."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from agreements.factories import AgreementFactory, MechanismFactory
from organisations.factories import OrganisationFactory, make_country
from stcoop.agreements.filtersets import AgreementFilterSet, MechanismFilterSet
from stcoop.agreements.models import Agreement, Mechanism, MechanismMeeting
from stcoop.core.models import ObjectChange
from stcoop.geo.models import Grouping, GroupingMembership

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def data(units: Any) -> dict[str, Any]:
    il = make_country("IL", "ISR", "Israel", "以色列")
    de = make_country("DE", "DEU", "Germany", "德国")
    sg = make_country("SG", "SGP", "Singapore", "新加坡")
    th = make_country("TH", "THA", "Thailand", "泰国")
    asean = Grouping.objects.create(
        code="asean", name_en="ASEAN", name_zh_hans="东盟", kind="regional"
    )
    GroupingMembership.objects.create(grouping=asean, country=sg, valid_from=D(1967, 8, 8))
    GroupingMembership.objects.create(
        grouping=asean, country=th, valid_from=D(1967, 8, 8), valid_to=D(2000, 1, 1)
    )
    past = timezone.localdate() - datetime.timedelta(days=30)
    israel = AgreementFactory(
        owner_unit=units.ministry,
        title_en="China–Israel S&T agreement",
        title_zh_hans="中以科技合作协定",
        signed_date=D(1993, 7, 1),
        reference_number="CN-IL-1",
        countries=[il],
    )
    germany = AgreementFactory(
        owner_unit=units.ministry,
        kind="mou",
        title_en="China–Germany MoU",
        title_zh_hans="中德谅解备忘录",
        signed_date=D(2015, 1, 1),
        expiry_date=past,
        countries=[de],
    )
    asean_mou = AgreementFactory(
        owner_unit=units.ministry,
        kind="mou",
        title_en="China–ASEAN partnership MoU",
        title_zh_hans="中国—东盟科技伙伴计划备忘录",
        signed_date=D(2012, 9, 1),
        countries=[sg, th],
    )
    draft = AgreementFactory(
        owner_unit=units.ministry,
        title_en="Draft with Thailand",
        title_zh_hans="中泰协定草案",
        status="negotiation",
        signed_date=None,
        countries=[th],
    )
    committee = MechanismFactory(
        owner_unit=units.ministry,
        name_en="China–Israel Joint Committee",
        name_zh_hans="中以创新合作联合委员会",
        agreement=israel,
        frequency="annual",
        countries=[il],
    )
    MechanismMeeting.objects.create(
        mechanism=committee, session_number=1, date=D(2015, 1, 20), city="Beijing"
    )
    MechanismMeeting.objects.create(
        mechanism=committee, session_number=2, date=D(2016, 3, 29), city="Jerusalem"
    )
    forum = MechanismFactory(
        owner_unit=units.ministry,
        kind="forum",
        name_en="China–ASEAN forum",
        name_zh_hans="中国—东盟论坛",
        status="dormant",
        countries=[sg],
    )
    return {
        "israel": israel,
        "germany": germany,
        "asean": asean_mou,
        "draft": draft,
        "committee": committee,
        "forum": forum,
    }


def _titles(params: dict[str, Any]) -> set[str]:
    filterset = AgreementFilterSet(params, queryset=Agreement.objects.all())
    assert filterset.is_valid(), filterset.errors
    return {a.title_en for a in filterset.qs}


def _names(params: dict[str, Any]) -> set[str]:
    filterset = MechanismFilterSet(params, queryset=Mechanism.objects.all())
    assert filterset.is_valid(), filterset.errors
    return {m.name_en for m in filterset.qs}


def test_agreement_filters(data: dict[str, Any]) -> None:
    assert _titles({"country": "IL"}) == {"China–Israel S&T agreement"}
    assert _titles({"country": "TH"}) == {"China–ASEAN partnership MoU", "Draft with Thailand"}
    # Thailand's membership has ended in this fixture: only current members count.
    assert _titles({"grouping": "asean"}) == {"China–ASEAN partnership MoU"}
    assert _titles({"kind": ["mou"]}) == {"China–Germany MoU", "China–ASEAN partnership MoU"}
    assert _titles({"status": "expired"}) == {"China–Germany MoU"}
    assert _titles({"status": "in_force"}) == {
        "China–Israel S&T agreement",
        "China–ASEAN partnership MoU",
    }
    assert _titles({"status": "negotiation"}) == {"Draft with Thailand"}
    assert _titles({"signed_from": 2000, "signed_to": 2014}) == {"China–ASEAN partnership MoU"}
    assert _titles({"signed_to": 1999}) == {"China–Israel S&T agreement"}
    assert _titles({"q": "中以"}) == {"China–Israel S&T agreement"}
    assert _titles({"q": "cn-il"}) == {"China–Israel S&T agreement"}
    assert _titles({"q": "china mou"}) == {"China–Germany MoU", "China–ASEAN partnership MoU"}
    assert _titles({"parent": data["israel"].pk}) == set()


def test_mechanism_filters(data: dict[str, Any]) -> None:
    assert _names({"kind": ["forum"]}) == {"China–ASEAN forum"}
    assert _names({"country": "IL"}) == {"China–Israel Joint Committee"}
    assert _names({"grouping": "asean"}) == {"China–ASEAN forum"}
    assert _names({"status": "dormant"}) == {"China–ASEAN forum"}
    assert _names({"agreement": data["israel"].pk}) == {"China–Israel Joint Committee"}
    assert _names({"q": "联合委员会"}) == {"China–Israel Joint Committee"}


def test_list_pages_sort_export_and_empty_state(
    data: dict[str, Any], users: Any, client_for: Callable[[Any], Any]
) -> None:
    client = client_for(users.platform_admin)
    page = client.get("/agreements/?lang=en&sort=title")
    assert page.status_code == 200
    content = page.content.decode()
    assert content.index("China–ASEAN partnership MoU") < content.index("Draft with Thailand")
    assert "expired" in content  # the German MoU, past its expiry date
    assert 'href="/import/agreements/"' in content
    csv_text = b"".join(
        client.get(
            "/agreements/?lang=en&export=csv&country=DE&columns=title,countries,status"
        ).streaming_content
    ).decode("utf-8-sig")
    assert csv_text.splitlines() == [
        "Title,Partner countries,Status",
        "China–Germany MoU,Germany,expired",
    ]
    empty = client.get("/agreements/?lang=en&q=nothing-like-this").content.decode()
    assert "No agreements match these filters." in empty
    mechanisms = client.get("/agreements/mechanisms/?lang=en&columns=name,last_met,sessions")
    text = mechanisms.content.decode()
    assert mechanisms.status_code == 200
    assert "China–Israel Joint Committee" in text and "2016-03-29" in text
    assert 'href="/import/mechanisms/"' in text


def test_detail_pages(data: dict[str, Any], users: Any, client_for: Callable[[Any], Any]) -> None:
    client = client_for(users.platform_admin)
    protocol = AgreementFactory(
        owner_unit=data["israel"].owner_unit,
        kind="protocol",
        title_en="Protocol on joint R&D",
        parent=data["israel"],
    )
    most = OrganisationFactory(owner_unit=data["israel"].owner_unit, name_en="MOST")
    data["israel"].signatories.set([most])
    page = client.get(f"/agreements/{data['israel'].pk}/?lang=en").content.decode()
    assert "Protocol on joint R&amp;D" in page and "China–Israel Joint Committee" in page
    assert "MOST" in page and "Israel" in page
    assert "/history/agreements.agreement/" in page
    assert (
        f'href="/agreements/{data["israel"].pk}/"'
        in client.get(f"/agreements/{protocol.pk}/?lang=en").content.decode()
    )
    expired = client.get(f"/agreements/{data['germany'].pk}/?lang=en").content.decode()
    assert 'data-testid="past-expiry"' in expired
    mechanism = client.get(
        f"/agreements/mechanisms/{data['committee'].pk}/?lang=en"
    ).content.decode()
    assert "Jerusalem" in mechanism and "/history/agreements.mechanism/" in mechanism
    assert "2016-03-29" in mechanism  # last met
    assert "estimated from how often it meets" in mechanism


def test_agreement_form_validation_and_create(
    data: dict[str, Any], units: Any, users: Any, client_for: Callable[[Any], Any]
) -> None:
    client = client_for(users.org_user)
    form = client.get("/agreements/add/")
    assert form.status_code == 200
    most = OrganisationFactory(owner_unit=units.ministry, name_en="MOST")
    post = {
        "kind": "mou",
        "title_zh_hans": "企业合作备忘录",
        "countries": [data["israel"].countries.get().pk],
        "signatories": f"{most.pk}",
        "signed_date": "2020-05-01",
        "expiry_date": "2019-01-01",
        "status": "in_force",
        "owner_unit": units.enterprise.pk,
        "visibility": "internal",
    }
    bad = client.post("/agreements/add/?lang=en", post)
    assert bad.status_code == 400
    assert "The expiry date cannot be before the agreement is signed or in force." in (
        bad.content.decode()
    )
    wrong_ids = client.post("/agreements/add/?lang=en", {**post, "signatories": "999999, x"})
    assert (
        wrong_ids.status_code == 400 and "Not an organisation ID: x" in wrong_ids.content.decode()
    )
    good = client.post("/agreements/add/", {**post, "expiry_date": "2030-01-01"})
    assert good.status_code == 302
    agreement = Agreement.objects.get(title_zh_hans="企业合作备忘录")
    assert agreement.owner_unit == units.enterprise and agreement.created_by == users.org_user
    assert list(agreement.signatories.all()) == [most]
    edit = client.post(
        f"/agreements/{agreement.pk}/edit/",
        {**post, "expiry_date": "", "title_en": "Enterprise MoU"},
    )
    assert edit.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title_en == "Enterprise MoU" and agreement.expiry_date is None


def test_sessions_through_the_mechanism_page(
    data: dict[str, Any], users: Any, client_for: Callable[[Any], Any]
) -> None:
    client = client_for(users.ministry_admin)
    committee = data["committee"]
    base = f"/agreements/mechanisms/{committee.pk}/sessions/"
    form = client.get(base + "add/")
    assert form.status_code == 200 and form.context["form"].initial["session_number"] == 3
    taken = client.post(base + "add/?lang=en", {"session_number": 2, "date": "2017-09-12"})
    assert taken.status_code == 400
    assert "already has a session with this number" in taken.content.decode()
    added = client.post(
        base + "add/", {"session_number": 3, "date": "2017-09-12", "city": "Beijing"}
    )
    assert added.status_code == 302
    third = committee.meetings.get(session_number=3)
    edited = client.post(
        base + f"{third.pk}/edit/",
        {"session_number": 3, "date": "2017-09-13", "outcomes_en": "Plan signed"},
    )
    assert edited.status_code == 302
    third.refresh_from_db()
    assert third.date == D(2017, 9, 13) and third.outcomes_en == "Plan signed"
    assert client.post(base + f"{third.pk}/remove/").status_code == 302
    assert not committee.meetings.filter(session_number=3).exists()
    history = ObjectChange.objects.filter(
        object_id=str(committee.pk), content_type__model="mechanism"
    )
    assert history.count() == 3
    page = client.get(f"/history/agreements.mechanism/{committee.pk}/?lang=en")
    assert page.status_code == 200 and "Plan signed" in page.content.decode()
    # Someone who may not change the mechanism may not add sessions.
    assert client_for(users.org_user).get(base + "add/").status_code == 403


def test_country_page_lists_agreements_and_mechanisms(
    data: dict[str, Any], units: Any, client_for: Callable[[Any], Any]
) -> None:
    AgreementFactory(
        owner_unit=units.ministry,
        visibility="internal",
        title_en="Internal Israel note",
        countries=list(data["israel"].countries.all()),
    )
    page = client_for(None).get("/geo/countries/IL/?lang=en")
    assert page.status_code == 200
    content = page.content.decode()
    assert 'data-testid="country-agreements"' in content
    assert "China–Israel S&amp;T agreement" in content
    assert "China–Israel Joint Committee" in content
    assert "Internal Israel note" not in content
    assert "China–Germany MoU" not in content
