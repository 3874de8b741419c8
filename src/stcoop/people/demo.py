"""Demo step: invented Chinese and foreign experts with affiliations and publications.

Every person here is invented (no real people); affiliations point at the demo
organisations (:mod:`stcoop.organisations.demo`) by their English names. DOIs use
Crossref's test prefix 10.5555 and addresses the reserved ``example.org`` domain.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from stcoop.core.choices import Visibility
from stcoop.demo.registry import DemoContext, DemoStep


@dataclass(frozen=True)
class PublicationSpec:
    title: str
    year: int
    venue: str
    coauthors: tuple[str, ...] = ()
    doi: str = ""
    abstract: str = ""


@dataclass(frozen=True)
class PersonSpec:
    """One demo person; ``affiliations`` are ``(organisation English name, role, start
    year, end year or None)``, the first current one primary."""

    zh: str
    family: str
    given: str
    nationality: str
    gender: str
    languages: tuple[str, ...]
    keywords: tuple[str, ...]
    disciplines: tuple[str, ...]
    affiliations: tuple[tuple[str, str, int, int | None], ...]
    bio_zh: str = ""
    bio_en: str = ""
    is_expert: bool = True
    latin: str = ""
    phone: str = ""
    publications: tuple[PublicationSpec, ...] = ()
    owner: str = "ministry-international"
    visibility: str = Visibility.PUBLIC
    user: str = ""
    email_name: str = field(default="")


PEOPLE: tuple[PersonSpec, ...] = (
    PersonSpec(
        "林子涵",
        "Lin",
        "Zihan",
        "CN",
        "female",
        ("zh", "en"),
        ("光伏材料", "钙钛矿电池", "perovskite solar cells"),
        ("材料科学", "Materials science"),
        (
            ("Tsinghua University", "教授 Professor", 2015, None),
            ("National University of Singapore", "Research Fellow", 2010, 2014),
        ),
        bio_zh="长期从事新型光伏材料研究。",
        bio_en="Works on new photovoltaic materials.",
        phone="+86 10 5555 0101",
        publications=(
            PublicationSpec(
                "Stable perovskite layers for tandem solar cells",
                2022,
                "Journal of Demo Energy Materials",
                ("Tan Wei Ming", "Maria Santos"),
                "10.5555/demo.2022.001",
                "We report a simple route to moisture-stable perovskite layers.",
            ),
        ),
    ),
    PersonSpec(
        "周明远",
        "Zhou",
        "Mingyuan",
        "CN",
        "male",
        ("zh", "en", "de"),
        ("智能制造", "工业互联网"),
        ("机械工程", "Mechanical engineering"),
        (
            ("Zhejiang University", "副教授 Associate Professor", 2018, None),
            (
                "Fraunhofer Institute for Systems and Innovation Research",
                "Guest researcher",
                2016,
                2017,
            ),
        ),
        publications=(
            PublicationSpec(
                "Digital twins for small and medium manufacturers",
                2021,
                "Demo Proceedings on Industrial Systems",
                ("Katrin Vogelsang",),
            ),
        ),
    ),
    PersonSpec(
        "陈嘉怡",
        "Chen",
        "Jiayi",
        "CN",
        "female",
        ("zh", "en"),
        ("海洋生态", "珊瑚礁保护", "coral reefs"),
        ("海洋科学", "Marine science"),
        (("Sun Yat-sen University", "研究员 Research Professor", 2012, None),),
        owner="guangdong",
        phone="+86 20 5555 0102",
    ),
    PersonSpec(
        "吴浩然",
        "Wu",
        "Haoran",
        "CN",
        "male",
        ("zh",),
        ("储能电池", "固态电解质"),
        ("电化学", "Electrochemistry"),
        (
            ("Shenzhen Huarui New Energy Technology Co., Ltd.", "首席技术官 CTO", 2019, None),
            ("Huawei Technologies (China)", "工程师 Engineer", 2012, 2019),
        ),
        owner="guangdong",
        visibility=Visibility.INTERNAL,
    ),
    PersonSpec(
        "",
        "Santos",
        "Maria",
        "PT",
        "female",
        ("pt", "en", "zh"),
        ("tropical medicine", "vector-borne disease", "热带医学"),
        ("Public health",),
        (
            ("Sun Yat-sen University", "Visiting Professor", 2023, None),
            ("World Health Organization", "Technical Officer", 2016, 2022),
        ),
        bio_en="Epidemiologist working on dengue control in South-East Asia and South China.",
        owner="guangdong",
        user="expert",
        publications=(
            PublicationSpec(
                "Community surveillance of dengue vectors in river deltas",
                2023,
                "Demo Journal of Tropical Health",
                ("Chen Jiayi", "Nguyen Thi Lan"),
                "10.5555/demo.2023.014",
            ),
        ),
    ),
    PersonSpec(
        "",
        "Vogelsang",
        "Katrin",
        "DE",
        "female",
        ("de", "en"),
        ("innovation policy", "technology transfer"),
        ("Economics",),
        (
            (
                "Fraunhofer Institute for Systems and Innovation Research",
                "Senior Scientist",
                2011,
                None,
            ),
        ),
        bio_en="Studies how research results reach industry.",
    ),
    PersonSpec(
        "",
        "Hartmann",
        "Jonas",
        "DE",
        "male",
        ("de", "en"),
        ("quantum optics", "atomic clocks"),
        ("Physics",),
        (("Max Planck Society", "Group Leader", 2017, None),),
        publications=(
            PublicationSpec(
                "Compact optical lattice clocks for field use",
                2020,
                "Demo Letters in Applied Physics",
                ("Lin Zihan",),
            ),
        ),
    ),
    PersonSpec(
        "",
        "Reid",
        "Olivia",
        "AU",
        "female",
        ("en",),
        ("drought-tolerant crops", "soil carbon"),
        ("Agricultural science",),
        (
            (
                "Commonwealth Scientific and Industrial Research Organisation",
                "Researcher",
                2014,
                None,
            ),
        ),
    ),
    PersonSpec(
        "陈伟明",
        "Tan",
        "Wei Ming",
        "SG",
        "male",
        ("en", "zh", "ms"),
        ("solar grids", "energy storage"),
        ("Electrical engineering",),
        (("National University of Singapore", "Associate Professor", 2013, None),),
        latin="Tan Wei Ming",
    ),
    PersonSpec(
        "",
        "Nguyen",
        "Thi Lan",
        "VN",
        "female",
        ("vi", "en"),
        ("mosquito ecology", "public health entomology"),
        ("Biology",),
        (("Vietnam Academy of Science and Technology", "Researcher", 2015, None),),
        owner="yunnan",
        latin="Nguyen Thi Lan",
    ),
    PersonSpec(
        "",
        "Srisuk",
        "Kittipong",
        "TH",
        "male",
        ("th", "en"),
        ("rice genomics", "plant breeding"),
        ("Agricultural science",),
        (("Chulalongkorn University", "Lecturer", 2016, None),),
        owner="yunnan",
    ),
    PersonSpec(
        "",
        "Abenova",
        "Aigerim",
        "KZ",
        "female",
        ("kk", "ru", "en"),
        ("water resources", "glacier monitoring"),
        ("Earth sciences",),
        (("Al-Farabi Kazakh National University", "Associate Professor", 2012, None),),
        owner="yunnan",
        is_expert=False,
    ),
)


def _email(spec: PersonSpec) -> str:
    local = f"{spec.given}.{spec.family}".lower().replace(" ", "")
    return f"{local}@example.org"


def people_demo(context: DemoContext) -> None:
    """Create the demo people not there yet (matched by Latin-script name)."""
    from stcoop.accounts.models import User
    from stcoop.geo.models import Country
    from stcoop.organisations.models import Organisation
    from stcoop.people.models import Person
    from stcoop.people.services import affiliation_add, person_create, publication_add

    actor = context.require_actor()
    countries = {c.iso2: c for c in Country.objects.all()}
    organisations = {
        o.name_en: o
        for o in Organisation.objects.filter(
            name_en__in={a[0] for s in PEOPLE for a in s.affiliations}
        )
    }
    total = len(PEOPLE)
    for done, spec in enumerate(PEOPLE, start=1):
        context.tick("people", done, total)
        latin = spec.latin or f"{spec.given} {spec.family}"
        if Person.objects.filter(name_latin=latin).exists():
            context.report.count("people", created=False)
            continue
        owner = context.units.get(spec.owner)
        if owner is None:
            context.report.notes.append(f"Person skipped: no demo unit '{spec.owner}'.")
            continue
        user = User.objects.filter(username=spec.user).first() if spec.user else None
        if user is not None and Person.objects.filter(user=user).exists():
            user = None
        person = person_create(
            actor=actor,
            owner_unit=owner,
            visibility=spec.visibility,
            name_zh=spec.zh,
            family_name=spec.family,
            given_names=spec.given,
            name_latin=latin,
            gender=spec.gender,
            nationality=countries.get(spec.nationality),
            languages=list(spec.languages),
            keywords=list(spec.keywords),
            disciplines=list(spec.disciplines),
            is_expert=spec.is_expert,
            email=_email(spec),
            phone=spec.phone,
            bio_zh_hans=spec.bio_zh,
            bio_en=spec.bio_en,
            user=user,
        )
        primary_given = False
        for name, role, start, end in spec.affiliations:
            organisation = organisations.get(name)
            if organisation is None:
                context.report.notes.append(f"Affiliation skipped: no organisation '{name}'.")
                continue
            affiliation_add(
                actor=actor,
                person=person,
                organisation=organisation,
                role=role,
                start_date=datetime.date(start, 9, 1),
                end_date=datetime.date(end, 7, 31) if end else None,
                is_primary=end is None and not primary_given,
            )
            primary_given = primary_given or end is None
        for publication in spec.publications:
            publication_add(
                actor=actor,
                person=person,
                title=publication.title,
                year=publication.year,
                venue=publication.venue,
                coauthors=list(publication.coauthors),
                doi=publication.doi,
                abstract=publication.abstract,
            )
        context.report.count("people", created=True)


def people_demo_reset(context: DemoContext) -> None:
    """Delete every person a demo unit owns, so the units can be deleted next."""
    from stcoop.accounts.models import OrganisationUnit
    from stcoop.demo.accounts import demo_root_units
    from stcoop.people.models import Person

    roots = demo_root_units()
    if not roots:
        return
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(path__startswith=root.path)
    Person.objects.filter(owner_unit__in=OrganisationUnit.objects.filter(condition)).delete()


demo_steps = [DemoStep("people", people_demo, people_demo_reset)]
