"""A small bilingual set of records of several types for the search tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from agreements.factories import AgreementFactory, MechanismFactory
from bases.factories import make_base
from memberships.factories import InternationalOrganisationFactory, MembershipFactory
from memberships.factories import ProgrammeFactory as BigScienceFactory
from notices.factories import NoticeFactory
from organisations.factories import OrganisationFactory, make_country
from people.factories import PersonFactory
from policies.factories import PolicyFactory
from projects.factories import ProgrammeFactory, ProjectFactory
from resources.factories import SharedResourceFactory
from stcoop.core.choices import Visibility
from technologies.factories import ProfileFactory


@dataclass
class Corpus:
    tsinghua: Any
    fraunhofer: Any
    secret: Any  # internal organisation of the enterprise unit
    quantum: Any  # project in English only
    solar: Any  # project in Chinese only
    technology: Any
    policy: Any
    notice: Any
    person: Any
    records: list[Any]


def build_corpus(units: Any) -> Corpus:
    china = make_country("CN", "CHN", "China", "中国")
    germany = make_country("DE", "DEU", "Germany", "德国")
    unit = units.ministry
    tsinghua = OrganisationFactory(
        owner_unit=unit,
        name_zh_hans="清华大学",
        name_en="Tsinghua University",
        acronyms=["THU"],
        country=china,
        city="Beijing",
    )
    fraunhofer = OrganisationFactory(
        owner_unit=unit,
        name_zh_hans="弗劳恩霍夫协会",
        name_en="Fraunhofer Society",
        kind="institute",
        country=germany,
    )
    secret = OrganisationFactory(
        owner_unit=units.enterprise,
        name_zh_hans="绝密光刻实验室",
        name_en="Zyxwv Lithography Laboratory",
        visibility=Visibility.INTERNAL,
    )
    quantum = ProjectFactory(
        owner_unit=unit,
        title_zh_hans="",
        title_en="Quantum computing with superconducting qubits",
        abstract_en="We build a quantum computer with superconducting circuits.",
        keywords=["quantum computing", "qubits"],
        start_date=datetime.date(2021, 3, 1),
    )
    solar = ProjectFactory(
        owner_unit=unit,
        title_zh_hans="高效钙钛矿太阳能电池",
        title_en="",
        abstract_zh_hans="研究高效稳定的钙钛矿太阳能电池及其产业化。",
        start_date=datetime.date(2024, 6, 1),
    )
    technology = ProfileFactory(
        owner_unit=unit,
        organisation=tsinghua,
        title_zh_hans="海水淡化膜技术",
        title_en="Seawater desalination membrane",
        description_en="A membrane for reverse-osmosis desalination of seawater.",
        keywords=["desalination", "membrane"],
    )
    policy = PolicyFactory(
        owner_unit=unit,
        title_zh_hans="关于促进人工智能国际合作的意见",
        title_en="Opinions on promoting international cooperation in artificial intelligence",
        country=china,
    )
    notice = NoticeFactory(
        owner_unit=unit,
        title_zh_hans="中德联合研究项目征集",
        title_en="Call for Sino-German joint research projects",
    )
    person = PersonFactory(
        owner_unit=unit,
        name_zh="王小明",
        family_name="Wang",
        given_names="Xiaoming",
        keywords=["machine learning", "robotics"],
        is_expert=True,
    )
    records: list[Any] = [
        ProgrammeFactory(owner_unit=unit, name_en="Horizon Europe", name_zh_hans="地平线欧洲"),
        AgreementFactory(owner_unit=unit),
        MechanismFactory(owner_unit=unit),
        MembershipFactory(
            owner_unit=unit,
            organisation=InternationalOrganisationFactory(
                owner_unit=unit,
                name_en="International Atomic Energy Agency",
                name_zh_hans="国际原子能机构",
            ),
            member_country=china,
        ),
        make_base(unit, "中国—东盟技术转移中心"),
        BigScienceFactory(owner_unit=unit),
        SharedResourceFactory(owner_unit=unit),
    ]
    return Corpus(
        tsinghua, fraunhofer, secret, quantum, solar, technology, policy, notice, person, records
    )
