"""Matches of a technology request: ranking, exclusions, reasons, pages, API, exports."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import translation
from openpyxl import load_workbook

from stcoop.matching import scoring
from stcoop.matching.matchmaking import (
    expert_matches,
    organisation_matches,
    profile_matches,
)

pytestmark = pytest.mark.django_db


def _codes(match: Any) -> set[str]:
    return {reason.code for reason in match.reasons}


def test_same_topic_in_the_other_language_ranks_above_an_unrelated_offer(
    market: Any, users: Any
) -> None:
    matches = profile_matches(actor=users.org_user, profile=market.request)
    ids = [m.instance.pk for m in matches]
    assert market.same_topic_zh.pk in ids
    if market.unrelated.pk in ids:
        assert ids.index(market.same_topic_zh.pk) < ids.index(market.unrelated.pk)
        unrelated = matches[ids.index(market.unrelated.pk)]
        assert matches[0].score > unrelated.score + 15
    assert ids[0] == market.same_topic_zh.pk
    assert all(0 <= m.score <= 100 for m in matches)


def test_expired_invisible_draft_and_own_profiles_never_match(market: Any, users: Any) -> None:
    ids = {m.instance.pk for m in profile_matches(actor=users.org_user, profile=market.request)}
    assert market.expired.pk not in ids
    assert market.hidden.pk not in ids  # internal to the province: org_user cannot see it
    assert market.draft.pk not in ids
    assert market.request.pk not in ids
    # The province's administrator sees the internal offer, and it matches for them.
    admin_ids = {
        m.instance.pk for m in profile_matches(actor=users.unit_admin, profile=market.request)
    }
    assert market.hidden.pk in admin_ids
    assert market.expired.pk not in admin_ids


def test_reasons_name_terms_similarity_sectors_trl_country_ip_and_past_projects(
    market: Any, users: Any
) -> None:
    best = profile_matches(actor=users.org_user, profile=market.request)[0]
    codes = _codes(best)
    assert {"semantic", "sector", "trl", "cooperation", "country", "collaboration", "ip"} <= codes
    assert "cross_lingual" in codes or "terms" in codes
    with translation.override("en"):
        texts = [r.text for r in best.reasons]
    assert any("TRL 6 meets the TRL 5" in t for t in texts)
    assert any("PEROSOL" in t for t in texts)
    assert any("New energy" in t for t in texts)
    assert any("China" in t for t in texts)
    with translation.override("zh-hans"):
        country_zh = next(r.text for r in best.reasons if r.code == "country")
    # Country names come from the database in both languages, whatever the catalogue.
    assert "中国" in country_zh or "泰国" in country_zh


def test_offer_sees_the_request(market: Any, users: Any) -> None:
    matches = profile_matches(actor=users.ministry_admin, profile=market.same_topic_zh)
    assert [m.instance.pk for m in matches][:1] == [market.request.pk]


def test_organisations_and_experts_lists(market: Any, users: Any) -> None:
    organisations = organisation_matches(actor=users.org_user, profile=market.request)
    ids = [m.instance.pk for m in organisations]
    assert market.tsinghua.pk in ids[:2]
    assert market.requester.pk not in ids  # the requester itself
    assert market.secret.pk not in ids  # internal to the province
    tsinghua = organisations[ids.index(market.tsinghua.pk)]
    assert {"profiles", "collaboration"} <= _codes(tsinghua)
    experts = expert_matches(actor=users.org_user, profile=market.request)
    assert experts and experts[0].instance.pk == market.expert.pk
    assert "affiliation" in _codes(experts[0])


def test_scoring_parts() -> None:
    assert scoring.trl_fit(5, 7) == 1.0
    assert scoring.trl_fit(7, 5) == 0.5
    assert scoring.trl_fit(None, 5) is None
    assert scoring.overlap(["a", "b"], ["b", "c"]) == pytest.approx(1 / 3)
    assert scoring.overlap([], ["a"]) is None
    assert scoring.country_fit({"CN"}, set(), "CN") == 1.0
    assert scoring.country_fit(set(), {"TH"}, "TH") == 0.8
    assert scoring.country_fit({"CN"}, set(), "DE") == 0.0
    assert scoring.country_fit(set(), set(), "DE") is None
    assert scoring.ip_fit(["licence"], "granted_patent") == 1.0
    assert scoring.ip_fit(["licence"], "none") == 0.2
    assert scoring.ip_fit(["research"], "granted_patent") is None
    assert scoring.blend({"text": 1.0}, {"text": 0.5, "trl": 0.5}) == pytest.approx(75.0)
    assert scoring.blend({}, {"text": 1.0}) == 0.0
    assert scoring.semantic_fit(0.9) == 1.0 and scoring.semantic_fit(0.0) == 0.0


def test_matches_page_tabs_and_exports(market: Any, users: Any, client_for: Any) -> None:
    client = client_for(users.org_user)
    with translation.override("en"):
        response = client.get(
            f"/matching/technology/{market.request.pk}/", HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 200
    body = response.content.decode()
    assert market.same_topic_zh.title_zh_hans in body
    assert market.hidden.title_en not in body
    assert 'data-testid="match-reasons"' in body
    for tab in ("organisations", "experts"):
        page = client.get(f"/matching/technology/{market.request.pk}/?tab={tab}")
        assert page.status_code == 200
    page = client.get(f"/matching/technology/{market.request.pk}/?tab=experts")
    assert "Wei Zhang" in page.content.decode()
    csv = client.get(f"/matching/technology/{market.request.pk}/?export=csv")
    assert csv.status_code == 200
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert market.same_topic_zh.title_zh_hans in text
    assert market.hidden.title_en not in text
    xlsx = client.get(f"/matching/technology/{market.request.pk}/?export=xlsx&tab=organisations")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    values = [row[2] for row in sheet.iter_rows(values_only=True)]
    assert str(market.tsinghua) in values or "Tsinghua University" in values


def test_pages_for_hidden_or_missing_profiles_answer_404(
    market: Any, users: Any, client_for: Any
) -> None:
    client = client_for(users.org_user)
    assert client.get(f"/matching/technology/{market.hidden.pk}/").status_code == 404
    assert client.get("/matching/technology/999999/").status_code == 404


def test_technology_list_page(market: Any, users: Any, client_for: Any) -> None:
    client = client_for(users.org_user)
    body = client.get("/matching/").content.decode()
    assert f"/matching/technology/{market.request.pk}/" in body
    assert market.hidden.title_en not in body
    assert market.expired.title_en not in body
    mine = client.get("/matching/?mine=1").content.decode()
    assert f"/matching/technology/{market.request.pk}/" in mine
    assert f"/matching/technology/{market.same_topic_zh.pk}/" not in mine
    empty = client.get("/matching/?q=zzzzqqq").content.decode()
    assert 'data-testid="empty"' in empty


def test_detail_page_links_to_matches(market: Any, users: Any, client_for: Any) -> None:
    body = client_for(users.org_user).get(f"/technologies/{market.request.pk}/").content.decode()
    assert f"/matching/technology/{market.request.pk}/" in body


def test_matches_api(market: Any, users: Any, api_for: Any) -> None:
    client = api_for(users.org_user)
    response = client.get(f"/api/matches/?technology={market.request.pk}&kind=offers")
    assert response.status_code == 200, response.content
    data = response.json()
    ids = [r["pk"] for r in data["results"]]
    assert ids[0] == market.same_topic_zh.pk
    assert market.hidden.pk not in ids and market.expired.pk not in ids
    reason = data["results"][0]["reasons"][0]
    assert reason["text_en"] and reason["text_zh_hans"]
    orgs = client.get(f"/api/matches/?technology={market.request.pk}&kind=organisations").json()
    assert market.tsinghua.pk in [r["pk"] for r in orgs["results"]]
    assert market.secret.pk not in [r["pk"] for r in orgs["results"]]
    assert client.get(f"/api/matches/?technology={market.hidden.pk}").status_code == 404
    bad = client.get(f"/api/matches/?technology={market.request.pk}&kind=planets")
    assert bad.status_code == 400
    assert "kind" in bad.json()["errors"]
    assert client.get("/api/matches/?technology=abc").status_code == 400
