"""Policy documents: validation, history, the pages (form, filters, full text)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from organisations.factories import make_country
from policies.factories import PolicyFactory
from stcoop.core.models import ObjectChange
from stcoop.policies.models import PolicyDocument
from stcoop.policies.services import policy_create, policy_delete, policy_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def china() -> Any:
    return make_country("CN", "CHN", "China", "中国")


def _create(actor: Any, unit: Any, **fields: Any) -> PolicyDocument:
    data: dict[str, Any] = {
        "title_zh_hans": "若干措施",
        "issuer_zh_hans": "广东省科学技术厅",
        "issue_date": datetime.date(2025, 6, 1),
        **fields,
    }
    return policy_create(actor=actor, owner_unit=unit, level=data.pop("level", "national"), **data)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title_zh_hans": ""}, "title_zh_hans"),
        ({"issuer_zh_hans": "", "issuer_en": ""}, "issuer_en"),
        ({"topics": ["astrology"]}, "topics"),
        ({"keywords": [""]}, "keywords"),
        ({"language": "Chinese"}, "language"),
        ({"level": "provincial"}, "province"),
        ({"level": "national", "province": "CN-GD"}, "province"),
        ({"repeal_date": datetime.date(2024, 1, 1), "status": "repealed"}, "repeal_date"),
        ({"repeal_date": datetime.date(2026, 1, 1)}, "status"),
        ({"link": "not a link"}, "link"),
    ],
)
def test_invalid_input_is_refused_by_field(
    units: Any, users: Any, china: Any, fields: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _create(users.platform_admin, units.province, country=china, **fields)
    assert field in caught.value.message_dict, caught.value.message_dict


def test_province_only_for_china(units: Any, users: Any) -> None:
    germany = make_country("DE", "DEU", "Germany", "德国")
    with pytest.raises(ValidationError) as caught:
        _create(
            users.platform_admin,
            units.province,
            level="provincial",
            country=germany,
            province="CN-GD",
        )
    assert "province" in caught.value.message_dict
    bavaria = _create(users.platform_admin, units.province, level="provincial", country=germany)
    assert bavaria.province == ""


def test_services_check_permission_and_log(units: Any, users: Any, china: Any) -> None:
    with pytest.raises(PermissionDenied):
        _create(users.org_user, units.province)
    policy = _create(
        users.unit_admin, units.province, level="provincial", country=china, province="CN-GD"
    )
    policy_update(actor=users.unit_admin, policy=policy, status="amended")
    with pytest.raises(PermissionDenied):
        policy_delete(actor=users.org_user, policy=policy)
    pk = policy.pk
    policy_delete(actor=users.unit_admin, policy=policy)
    actions = list(
        ObjectChange.objects.filter(object_id=str(pk), content_type__model="policydocument")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "delete"]


def _form(unit: Any, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title_zh_hans": "云南省国际合作资金管理办法",
        "title_en": "",
        "issuer_zh_hans": "云南省科学技术厅",
        "issuer_en": "",
        "document_number": "云科规〔2026〕1号",
        "issue_date": "2026-02-01",
        "status": "in_force",
        "level": "provincial",
        "province": "CN-YN",
        "topics": ["funding"],
        "keywords": "资金，南亚",
        "full_text": "第一条 总则。\n\n第二条 范围。",
        "language": "ZH",
        "owner_unit": unit.pk,
        "visibility": "public",
    }
    data.update(extra)
    return data


def test_add_through_the_form(
    units: Any, users: Any, china: Any, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(users.unit_admin)
    assert client.get("/policies/add/").status_code == 200
    response = client.post("/policies/add/", _form(units.province, country=china.pk))
    policy = PolicyDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/policies/{policy.pk}/"
    assert policy.keywords == ["资金", "南亚"] and policy.language == "zh"
    page = client.get(f"/policies/{policy.pk}/?lang=en").content.decode()
    assert "云科规〔2026〕1号" in page and "第二条 范围。" in page
    assert f"/history/policies.policydocument/{policy.pk}/" in page
    history = client.get(f"/history/policies.policydocument/{policy.pk}/?lang=en")
    assert history.status_code == 200 and "云科规〔2026〕1号" in history.content.decode()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"title_zh_hans": ""}, "title_zh_hans"),
        ({"issuer_zh_hans": ""}, "issuer_zh_hans"),
        ({"province": ""}, "province"),
        ({"issue_date": "2026-13-40"}, "issue_date"),
        ({"repeal_date": "2020-01-01", "status": "repealed"}, "repeal_date"),
    ],
)
def test_form_errors_beside_the_field(
    units: Any,
    users: Any,
    china: Any,
    client_for: Callable[[Any], Client],
    extra: dict[str, Any],
    field: str,
) -> None:
    response = client_for(users.unit_admin).post(
        "/policies/add/", _form(units.province, country=china.pk, **extra)
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors, response.context["form"].errors
    assert f'id="id_{field}-errors"' in response.content.decode()


def test_long_full_text_is_folded(units: Any, client_for: Callable[[Any], Client]) -> None:
    text = "\n".join(f"第{n}段内容。" for n in range(1, 21))
    policy = PolicyFactory(owner_unit=units.ministry, full_text=text)
    page = client_for(None).get(f"/policies/{policy.pk}/?lang=en").content.decode()
    assert 'data-testid="full-text-more"' in page and "Show 12 more paragraphs" in page
    assert page.index("第8段内容。") < page.index("full-text-more") < page.index("第9段内容。")
    short = PolicyFactory(owner_unit=units.ministry, full_text="一、总则\n只有一段。")
    page = client_for(None).get(f"/policies/{short.pk}/").content.decode()
    assert "full-text-more" not in page and '<h3 class="h6 mt-3">一、总则</h3>' in page


def test_list_filters_and_full_text_search(
    units: Any, china: Any, client_for: Callable[[Any], Client]
) -> None:
    PolicyFactory(
        owner_unit=units.ministry,
        title_en="Talent visas",
        topics=["talent"],
        full_text="外籍人才可办理五年工作许可。",
        issue_date=datetime.date(2024, 5, 1),
        country=china,
    )
    PolicyFactory(
        owner_unit=units.ministry,
        title_en="Guangdong transfer",
        level="provincial",
        province="CN-GD",
        country=china,
        topics=["technology_transfer"],
        status="repealed",
        document_number="粤科〔2025〕6号",
        issue_date=datetime.date(2025, 6, 1),
    )
    client = client_for(None)

    def titles(**params: Any) -> set[str]:
        response = client.get("/policies/", {"lang": "en", **params})
        assert response.status_code == 200
        text = response.content.decode()
        return {t for t in ("Talent visas", "Guangdong transfer") if t in text}

    assert titles() == {"Talent visas", "Guangdong transfer"}
    assert titles(level="provincial") == {"Guangdong transfer"}
    assert titles(province="CN-GD") == {"Guangdong transfer"}
    assert titles(topic="talent") == {"Talent visas"}
    assert titles(status="repealed") == {"Guangdong transfer"}
    assert titles(issued_from="2025-01-01") == {"Guangdong transfer"}
    assert titles(issued_to="2024-12-31") == {"Talent visas"}
    assert titles(country="CN") == {"Talent visas", "Guangdong transfer"}
    assert titles(q="工作许可") == {"Talent visas"}
    assert titles(q="粤科") == {"Guangdong transfer"}
    assert titles(q="TALENT visas") == {"Talent visas"}
