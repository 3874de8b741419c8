"""The permission matrix of shared resources on the pages and in the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from memberships.factories import build_matrix
from memberships.matrix import actor, check_add_page, check_api, check_list_page, check_pages
from notices.factories import ROLES
from resources.factories import SharedResourceFactory
from stcoop.resources.models import SharedResource

pytestmark = pytest.mark.django_db


@pytest.fixture
def resources(units: Any, users: Any) -> dict[str, SharedResource]:
    def make(name: str, **fields: Any) -> SharedResource:
        return SharedResourceFactory(name_en=name, **fields)

    return build_matrix(units, users, make)


@pytest.mark.parametrize("role", ROLES)
def test_pages(
    role: str, resources: Any, users: Any, units: Any, client_for: Callable[[Any], Any]
) -> None:
    client = client_for(actor(users, role))
    check_list_page(role, resources, client, "/resources/", "/resources/")
    check_add_page(role, units, client, "/resources/add/")
    deleted = check_pages(role, resources, client, "/resources/")
    assert SharedResource.objects.count() == len(resources) - len(deleted)


@pytest.mark.usefixtures("no_throttle")
@pytest.mark.parametrize("role", ROLES)
def test_api(role: str, resources: Any, users: Any, api_for: Callable[[Any], Any]) -> None:
    check_api(
        role, resources, api_for(actor(users, role)), "/api/shared-resources/", {"city": "Kunming"}
    )
