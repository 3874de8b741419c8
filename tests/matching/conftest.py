"""A small bilingual technology market for the matchmaking tests.

The enterprise's English request for stable perovskite solar cells faces: a Chinese-only
offer on the same topic (Tsinghua, which worked with the enterprise's organisation on a
project), an unrelated English offer, an expired offer and an internal offer of another
unit on the same topic, and a draft. Tasks run at once; the search index is rebuilt from
the store for each scenario.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from api.conftest import _fresh_throttle_counts, api_for, no_throttle
from organisations.factories import OrganisationFactory, make_country
from people.factories import PersonFactory
from projects.factories import ProjectFactory
from stcoop.core.choices import Visibility
from stcoop.geo.models import Grouping, GroupingMembership
from stcoop.people.models import Affiliation
from stcoop.projects.models import Participation
from stcoop.search import store
from technologies.factories import ProfileFactory

__all__ = ["_fresh_throttle_counts", "api_for", "no_throttle"]


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Any) -> None:
    """Run queued tasks at once, in the test's process."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def fresh_index() -> Iterator[None]:
    store.reset_index()
    cache.clear()
    yield
    store.reset_index()
    cache.clear()


def reindex() -> None:
    """Build the search store from the database and make this process read it afresh."""
    store.rebuild()
    store.reset_index()


@dataclass
class Market:
    request: Any
    same_topic_zh: Any
    unrelated: Any
    expired: Any
    hidden: Any
    draft: Any
    tsinghua: Any
    secret: Any
    requester: Any
    expert: Any
    project: Any


@pytest.fixture
def market(units: Any, users: Any) -> Market:
    china = make_country("CN", "CHN", "China", "中国")
    germany = make_country("DE", "DEU", "Germany", "德国")
    thailand = make_country("TH", "THA", "Thailand", "泰国")
    asean = Grouping.objects.create(
        code="asean", name_en="ASEAN", name_zh_hans="东盟", kind="regional"
    )
    GroupingMembership.objects.create(grouping=asean, country=thailand)
    ministry = units.ministry
    requester = OrganisationFactory(
        owner_unit=units.enterprise,
        name_en="Shenzhen Example Technology",
        name_zh_hans="深圳示例科技",
        country=thailand,
    )
    tsinghua = OrganisationFactory(
        owner_unit=ministry, name_en="Tsinghua University", name_zh_hans="清华大学", country=china
    )
    other = OrganisationFactory(
        owner_unit=ministry,
        name_en="Berlin Health Software GmbH",
        name_zh_hans="柏林医疗软件",
        country=germany,
    )
    secret = OrganisationFactory(
        owner_unit=units.province,
        visibility=Visibility.INTERNAL,
        name_en="Guangdong Solar Institute",
        name_zh_hans="广东太阳能研究所",
        country=china,
    )
    request = ProfileFactory(
        owner_unit=units.enterprise,
        kind="technology_request",
        organisation=requester,
        title_zh_hans="",
        title_en="Stable perovskite solar cells sought",
        description_en=(
            "We look for a perovskite solar cell technology whose modules stay stable in "
            "damp heat, to license and produce photovoltaic modules."
        ),
        keywords=["perovskite", "solar cells"],
        sectors=["new_energy"],
        cooperation=["licence", "technical"],
        trl=5,
    )
    request.target_countries.set([china])
    same_topic_zh = ProfileFactory(
        owner_unit=ministry,
        organisation=tsinghua,
        title_zh_hans="高稳定性钙钛矿太阳能电池制备技术",
        title_en="",
        description_en="",
        description_zh_hans="一种低成本的钙钛矿太阳能电池制备工艺，组件在湿热环境下稳定运行超过2000小时，寻求光伏企业技术许可。",
        keywords=["钙钛矿", "太阳能电池"],
        sectors=["new_energy", "new_materials"],
        cooperation=["licence"],
        trl=6,
        ip_status="granted_patent",
    )
    same_topic_zh.target_groupings.set([asean])
    unrelated = ProfileFactory(
        owner_unit=ministry,
        organisation=other,
        title_zh_hans="",
        title_en="Appointment scheduling software for hospitals",
        description_en="A web application that books patient appointments and reminds them.",
        sectors=["ict"],
        cooperation=["commercial_assistance"],
        trl=9,
    )
    today = timezone.localdate()
    expired = ProfileFactory(
        owner_unit=ministry,
        organisation=other,
        title_zh_hans="",
        title_en="Perovskite solar cells with stable modules",
        description_en="Stable perovskite solar cell modules for licence.",
        sectors=["new_energy"],
        publication_date=today - datetime.timedelta(days=400),
        expiry_date=today - datetime.timedelta(days=10),
    )
    hidden = ProfileFactory(
        owner_unit=units.province,
        organisation=secret,
        visibility=Visibility.INTERNAL,
        title_zh_hans="",
        title_en="Perovskite solar cell encapsulation for stable modules",
        description_en="Stable perovskite solar modules.",
        sectors=["new_energy"],
    )
    draft = ProfileFactory(
        owner_unit=ministry,
        organisation=tsinghua,
        status="draft",
        publication_date=None,
        title_zh_hans="",
        title_en="Perovskite solar cell draft offer",
        description_en="Stable perovskite solar cells, not yet published.",
    )
    project = ProjectFactory(
        owner_unit=ministry, acronym="PEROSOL", title_en="Joint perovskite pilot line"
    )
    Participation.objects.create(project=project, organisation=requester)
    Participation.objects.create(project=project, organisation=tsinghua)
    expert = PersonFactory(
        owner_unit=ministry,
        family_name="Zhang",
        given_names="Wei",
        name_latin="Wei Zhang",
        is_expert=True,
        keywords=["perovskite solar cells", "photovoltaics"],
        bio_en="Works on stable perovskite solar cells and photovoltaic modules.",
        nationality=china,
    )
    Affiliation.objects.create(person=expert, organisation=tsinghua)
    PersonFactory(
        owner_unit=ministry,
        family_name="Muller",
        given_names="Anna",
        is_expert=True,
        keywords=["hospital software"],
        bio_en="Builds hospital information systems.",
    )
    reindex()
    return Market(
        request=request,
        same_topic_zh=same_topic_zh,
        unrelated=unrelated,
        expired=expired,
        hidden=hidden,
        draft=draft,
        tsinghua=tsinghua,
        secret=secret,
        requester=requester,
        expert=expert,
        project=project,
    )
