"""Demo step: shared resources in several provinces: large facilities and instruments,
a germplasm bank in Yunnan, data sets, a literature collection and open software.

The resources are real national facilities and platforms; contacts are invented
(user offices at ``example.org`` addresses, 555 telephone numbers). Owner organisations
the organisations step does not make are added, owned by the ministry's international
department.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from stcoop.core.choices import Visibility
from stcoop.demo.registry import DemoContext, DemoStep
from stcoop.memberships.demo import OrganisationNeeded, ensure_organisations

ORGANISATIONS: tuple[OrganisationNeeded, ...] = (
    OrganisationNeeded(
        "中国科学院国家天文台",
        "National Astronomical Observatories, Chinese Academy of Sciences",
        "NAOC",
        "institute",
        "CN",
        "Beijing",
        "http://www.nao.cas.cn",
    ),
    OrganisationNeeded(
        "中国科学院昆明植物研究所",
        "Kunming Institute of Botany, Chinese Academy of Sciences",
        "KIB",
        "institute",
        "CN",
        "Kunming",
        "http://www.kib.cas.cn",
    ),
    OrganisationNeeded(
        "中国科学院上海高等研究院",
        "Shanghai Advanced Research Institute, Chinese Academy of Sciences",
        "SARI",
        "institute",
        "CN",
        "Shanghai",
        "http://www.sari.cas.cn",
    ),
    OrganisationNeeded(
        "中国科学院高能物理研究所",
        "Institute of High Energy Physics, Chinese Academy of Sciences",
        "IHEP",
        "institute",
        "CN",
        "Beijing",
        "http://www.ihep.cas.cn",
    ),
    OrganisationNeeded(
        "国家科技图书文献中心",
        "National Science and Technology Library",
        "NSTL",
        "government",
        "CN",
        "Beijing",
        "https://www.nstl.gov.cn",
    ),
    OrganisationNeeded(
        "中山大学",
        "Sun Yat-sen University",
        "SYSU",
        "university",
        "CN",
        "Guangzhou",
        "https://www.sysu.edu.cn",
    ),
    OrganisationNeeded(
        "华为技术有限公司",
        "Huawei Technologies (China)",
        "Huawei",
        "company",
        "CN",
        "Shenzhen",
        "https://www.huawei.com",
    ),
)


@dataclass(frozen=True)
class ResourceSpec:
    """One demo resource; ``organisation`` is an acronym of :data:`ORGANISATIONS`."""

    kind: str
    zh: str
    en: str
    organisation: str
    province: str
    city: str
    access_mode: str
    open_to_foreign: bool
    description_zh: str
    description_en: str
    conditions_zh: str
    conditions_en: str
    disciplines: tuple[str, ...]
    keywords: tuple[str, ...]
    link: str = ""
    status: str = "available"
    contact: str = "user-office"
    owner: str = "ministry-international"
    visibility: str = Visibility.PUBLIC


RESOURCES: tuple[ResourceSpec, ...] = (
    ResourceSpec(
        "facility",
        "500米口径球面射电望远镜",
        "Five-hundred-meter Aperture Spherical radio Telescope (FAST)",
        "NAOC",
        "CN-GZ",
        "Pingtang",
        "application",
        True,
        "世界最大单口径射电望远镜，位于贵州省平塘县。",
        "The world's largest single-dish radio telescope, in Pingtang County, Guizhou.",
        "每年公开征集观测申请，经时间分配委员会评审后分配观测时间。",
        "Observing proposals are called for every year and reviewed by the time "
        "allocation committee.",
        ("Astronomy",),
        ("radio astronomy", "pulsars", "射电天文"),
        "https://fast.bao.ac.cn",
        contact="fast-users",
    ),
    ResourceSpec(
        "germplasm",
        "中国西南野生生物种质资源库",
        "Germplasm Bank of Wild Species",
        "KIB",
        "CN-YN",
        "Kunming",
        "application",
        True,
        "保存野生植物种子、植物离体材料、DNA、微生物菌株和动物种质资源的国家重大科学工程。",
        "A national facility conserving seeds of wild plants, in-vitro plant material, DNA, "
        "microbial strains and animal germplasm.",
        "科研用途可申请获取种质材料，需签署材料转移协议。",
        "Material is supplied for research under a material transfer agreement.",
        ("Botany", "Biodiversity conservation"),
        ("seed bank", "种质资源", "wild plants"),
        "http://www.genobank.org",
        owner="yunnan",
    ),
    ResourceSpec(
        "facility",
        "上海光源",
        "Shanghai Synchrotron Radiation Facility (SSRF)",
        "SARI",
        "CN-SH",
        "Shanghai",
        "application",
        True,
        "第三代中能同步辐射光源，向国内外用户开放线站机时。",
        "A third-generation medium-energy synchrotron light source with beamlines open to "
        "users from China and abroad.",
        "通过用户系统提交机时申请，每年两轮评审。",
        "Beamtime proposals through the user system, reviewed twice a year.",
        ("Physics", "Materials science", "Structural biology"),
        ("synchrotron", "X-ray", "同步辐射"),
        "https://ssrf.sari.ac.cn",
        owner="shanghai",
    ),
    ResourceSpec(
        "facility",
        "中国散裂中子源",
        "China Spallation Neutron Source (CSNS)",
        "IHEP",
        "CN-GD",
        "Dongguan",
        "application",
        True,
        "位于广东东莞的脉冲散裂中子源，为多学科提供中子散射研究平台。",
        "A pulsed spallation neutron source in Dongguan, Guangdong, for neutron scattering "
        "across disciplines.",
        "通过用户服务系统申请束流时间。",
        "Beam time is applied for through the user service system.",
        ("Physics", "Materials science"),
        ("neutron scattering", "中子散射"),
        "https://csns.ihep.ac.cn",
        owner="guangdong",
    ),
    ResourceSpec(
        "facility",
        "国家超级计算广州中心",
        "National Supercomputer Center in Guangzhou",
        "SYSU",
        "CN-GD",
        "Guangzhou",
        "fee",
        False,
        "依托中山大学建设的国家级超级计算中心，提供高性能计算服务。",
        "A national supercomputing centre at Sun Yat-sen University offering high-performance "
        "computing services.",
        "按机时收费；科研合作项目可申请优惠。",
        "Charged per core-hour; reduced rates for research cooperation projects.",
        ("Computer science",),
        ("HPC", "supercomputing", "超级计算"),
        "https://www.nscc-gz.cn",
        owner="guangdong",
    ),
    ResourceSpec(
        "instrument",
        "大天区面积多目标光纤光谱天文望远镜（郭守敬望远镜）",
        "Large Sky Area Multi-Object Fiber Spectroscopic Telescope (LAMOST)",
        "NAOC",
        "CN-HE",
        "Xinglong",
        "open",
        True,
        "位于河北兴隆观测站的大视场光谱巡天望远镜，巡天数据按计划公开发布。",
        "A wide-field spectroscopic survey telescope at Xinglong Station, Hebei; survey data "
        "are released to the public on schedule.",
        "已发布的数据集可直接下载使用，须注明数据来源。",
        "Released data sets may be downloaded freely with acknowledgement.",
        ("Astronomy",),
        ("spectroscopic survey", "光谱巡天"),
        "https://www.lamost.org",
    ),
    ResourceSpec(
        "dataset",
        "国家地球系统科学数据中心数据集",
        "National Earth System Science Data Center collections",
        "",
        "CN-BJ",
        "Beijing",
        "open",
        True,
        "汇集地球系统科学领域的观测、调查与模拟数据，提供在线共享服务。",
        "Observation, survey and model data in Earth system science, shared online.",
        "注册用户可在线下载，引用须注明数据来源。",
        "Registered users download online and cite the source.",
        ("Earth sciences", "Geography"),
        ("climate", "land cover", "地球系统"),
        "https://www.geodata.cn",
        owner="beijing",
    ),
    ResourceSpec(
        "literature",
        "国家科技图书文献中心馆藏",
        "National Science and Technology Library collections",
        "NSTL",
        "CN-BJ",
        "Beijing",
        "fee",
        False,
        "外文科技期刊、会议录、学位论文等科技文献资源，提供文献传递服务。",
        "Foreign-language journals, proceedings and theses in science and technology, with "
        "document delivery.",
        "注册后检索免费，全文传递按篇收费。",
        "Searching is free after registration; full-text delivery is charged per item.",
        ("Information science",),
        ("journals", "document delivery", "文献传递"),
        "https://www.nstl.gov.cn",
    ),
    ResourceSpec(
        "software",
        "昇思MindSpore深度学习框架",
        "MindSpore deep-learning framework",
        "Huawei",
        "CN-GD",
        "Shenzhen",
        "open",
        True,
        "开源的全场景人工智能计算框架。",
        "An open-source AI computing framework for device, edge and cloud.",
        "依据Apache 2.0许可证开源。",
        "Open source under the Apache License 2.0.",
        ("Computer science", "Artificial intelligence"),
        ("deep learning", "深度学习", "open source"),
        "https://www.mindspore.cn",
        owner="guangdong",
    ),
    ResourceSpec(
        "biological",
        "云南热带植物标本馆（示例）",
        "Yunnan tropical plant herbarium (example)",
        "KIB",
        "CN-YN",
        "Xishuangbanna",
        "restricted",
        False,
        "热带植物标本收藏，仅对合作单位开放（演示用内部记录）。",
        "A herbarium of tropical plants, open to partner institutions only (internal demo record).",
        "仅限合作协议框架内的研究人员使用。",
        "Only for researchers under a cooperation agreement.",
        ("Botany",),
        ("herbarium", "标本"),
        status="unavailable",
        owner="yunnan",
        visibility=Visibility.INTERNAL,
    ),
)


def resources_demo(context: DemoContext) -> None:
    """Create the demo resources not there yet (matched by Chinese name)."""
    from stcoop.geo.models import Country
    from stcoop.resources.models import SharedResource
    from stcoop.resources.services import resource_create

    actor = context.require_actor()
    countries = {c.iso2: c for c in Country.objects.all()}
    organisations = ensure_organisations(context, ORGANISATIONS, countries)
    total = len(RESOURCES)
    for done, spec in enumerate(RESOURCES, start=1):
        context.tick("shared resources", done, total)
        if SharedResource.objects.filter(name_zh_hans=spec.zh).exists():
            context.report.count("shared resources", created=False)
            continue
        owner = context.units.get(spec.owner)
        if owner is None:
            context.report.notes.append(f"Resource skipped: no demo unit '{spec.owner}'.")
            continue
        resource_create(
            actor=actor,
            owner_unit=owner,
            kind=spec.kind,
            visibility=spec.visibility,
            name_zh_hans=spec.zh,
            name_en=spec.en,
            description_zh_hans=spec.description_zh,
            description_en=spec.description_en,
            owner_organisation=organisations.get(spec.organisation),
            country=countries.get("CN"),
            province=spec.province,
            city=spec.city,
            disciplines=list(spec.disciplines),
            keywords=list(spec.keywords),
            access_mode=spec.access_mode,
            access_conditions_zh_hans=spec.conditions_zh,
            access_conditions_en=spec.conditions_en,
            open_to_foreign=spec.open_to_foreign,
            contact_name="用户服务办公室 User office",
            contact_email=f"{spec.contact}@example.org",
            contact_phone="+86 10 5555 0100",
            link=spec.link,
            status=spec.status,
        )
        context.report.count("shared resources", created=True)


def resources_demo_reset(context: DemoContext) -> None:
    """Delete every resource a demo unit owns, so the organisations and units can be
    deleted next."""
    from stcoop.accounts.models import OrganisationUnit
    from stcoop.demo.accounts import demo_root_units
    from stcoop.resources.models import SharedResource

    roots = demo_root_units()
    if not roots:
        return
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(path__startswith=root.path)
    SharedResource.objects.filter(
        owner_unit__in=OrganisationUnit.objects.filter(condition)
    ).delete()


demo_steps = [DemoStep("shared resources", resources_demo, resources_demo_reset)]
