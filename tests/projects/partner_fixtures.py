"""A small registry for the partner-suggestion tests: countries, organisations and
past projects with a clear collaboration network."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from organisations.factories import OrganisationFactory, make_country
from projects.factories import ProjectFactory
from stcoop.core.choices import Visibility
from stcoop.organisations.models import Organisation
from stcoop.projects.models import Participation, Project


@dataclass
class PartnerWorld:
    solar_lab: Organisation  # DE, coordinates the solar projects
    neighbour: Organisation  # FR, worked with solar_lab twice
    battery_firm: Organisation  # DE, one solar project
    ocean_institute: Organisation  # NO, ocean projects only
    hidden_partner: Organisation  # ES, only in an internal project
    solar: Project
    storage: Project
    ocean: Project
    secret: Project
    current: Project  # the project we look for partners for


def _join(project: Project, *orgs: Organisation, coordinator: Organisation | None = None) -> None:
    for order, org in enumerate(orgs):
        Participation.objects.create(
            project=project,
            organisation=org,
            country=org.country,
            role="coordinator" if org == coordinator else "participant",
            order=order,
        )


def build_world(units: Any) -> PartnerWorld:
    de = make_country("DE", "DEU", "Germany", "德国")
    fr = make_country("FR", "FRA", "France", "法国")
    no = make_country("NO", "NOR", "Norway", "挪威")
    es = make_country("ES", "ESP", "Spain", "西班牙")
    make_country("CN", "CHN", "China", "中国")

    def org(en: str, zh: str, country: Any, kind: str = "institute", **kw: Any) -> Organisation:
        return OrganisationFactory(name_en=en, name_zh_hans=zh, country=country, kind=kind,
                                   owner_unit=units.ministry, **kw)  # fmt: skip

    solar_lab = org("Solar Energy Lab", "太阳能实验室", de)
    neighbour = org("Université de Photonique", "光子大学", fr, "university")
    battery_firm = org("Battery Works GmbH", "电池工厂", de, "company")
    ocean_institute = org("Ocean Research Institute", "海洋研究所", no)
    hidden_partner = org("Hidden Solar Partner", "隐藏伙伴", es)

    def project(title: str, zh: str, **kw: Any) -> Project:
        return ProjectFactory(title_en=title, title_zh_hans=zh, owner_unit=units.ministry, **kw)

    solar = project("Perovskite solar cells", "钙钛矿太阳能电池")
    _join(solar, solar_lab, neighbour, battery_firm, coordinator=solar_lab)
    storage = project("Solar photovoltaic modules", "光伏组件")
    _join(storage, solar_lab, neighbour)
    ocean = project("Ocean acidification sensors", "海洋酸化传感器")
    _join(ocean, ocean_institute)
    secret = project("Solar perovskite tandem cells", "叠层电池", visibility=Visibility.INTERNAL)
    _join(secret, hidden_partner, ocean_institute)
    current = project("Solar cells for rooftops", "屋顶太阳能电池")
    _join(current, solar_lab)
    return PartnerWorld(solar_lab, neighbour, battery_firm, ocean_institute, hidden_partner,
                        solar, storage, ocean, secret, current)  # fmt: skip
