"""China's provincial-level divisions (ISO 3166-2:CN codes), for records whose
jurisdiction or location is a province: cooperation bases, policy documents.

Use ``models.CharField(max_length=5, choices=Province.choices, blank=True)``; the
labels are English and translated to Chinese through the catalogue.
"""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Province(models.TextChoices):
    BEIJING = "CN-BJ", _("Beijing")
    TIANJIN = "CN-TJ", _("Tianjin")
    HEBEI = "CN-HE", _("Hebei")
    SHANXI = "CN-SX", _("Shanxi")
    INNER_MONGOLIA = "CN-NM", _("Inner Mongolia")
    LIAONING = "CN-LN", _("Liaoning")
    JILIN = "CN-JL", _("Jilin")
    HEILONGJIANG = "CN-HL", _("Heilongjiang")
    SHANGHAI = "CN-SH", _("Shanghai")
    JIANGSU = "CN-JS", _("Jiangsu")
    ZHEJIANG = "CN-ZJ", _("Zhejiang")
    ANHUI = "CN-AH", _("Anhui")
    FUJIAN = "CN-FJ", _("Fujian")
    JIANGXI = "CN-JX", _("Jiangxi")
    SHANDONG = "CN-SD", _("Shandong")
    HENAN = "CN-HA", _("Henan")
    HUBEI = "CN-HB", _("Hubei")
    HUNAN = "CN-HN", _("Hunan")
    GUANGDONG = "CN-GD", _("Guangdong")
    GUANGXI = "CN-GX", _("Guangxi")
    HAINAN = "CN-HI", _("Hainan")
    CHONGQING = "CN-CQ", _("Chongqing")
    SICHUAN = "CN-SC", _("Sichuan")
    GUIZHOU = "CN-GZ", _("Guizhou")
    YUNNAN = "CN-YN", _("Yunnan")
    TIBET = "CN-XZ", _("Tibet")
    SHAANXI = "CN-SN", _("Shaanxi")
    GANSU = "CN-GS", _("Gansu")
    QINGHAI = "CN-QH", _("Qinghai")
    NINGXIA = "CN-NX", _("Ningxia")
    XINJIANG = "CN-XJ", _("Xinjiang")
    HONG_KONG = "CN-HK", _("Hong Kong SAR")
    MACAO = "CN-MO", _("Macao SAR")
    TAIWAN = "CN-TW", _("Taiwan")


#: Official Chinese names, for reading imports and forms whatever the interface language.
CHINESE_NAMES: dict[str, str] = {
    "CN-BJ": "北京市",
    "CN-TJ": "天津市",
    "CN-HE": "河北省",
    "CN-SX": "山西省",
    "CN-NM": "内蒙古自治区",
    "CN-LN": "辽宁省",
    "CN-JL": "吉林省",
    "CN-HL": "黑龙江省",
    "CN-SH": "上海市",
    "CN-JS": "江苏省",
    "CN-ZJ": "浙江省",
    "CN-AH": "安徽省",
    "CN-FJ": "福建省",
    "CN-JX": "江西省",
    "CN-SD": "山东省",
    "CN-HA": "河南省",
    "CN-HB": "湖北省",
    "CN-HN": "湖南省",
    "CN-GD": "广东省",
    "CN-GX": "广西壮族自治区",
    "CN-HI": "海南省",
    "CN-CQ": "重庆市",
    "CN-SC": "四川省",
    "CN-GZ": "贵州省",
    "CN-YN": "云南省",
    "CN-XZ": "西藏自治区",
    "CN-SN": "陕西省",
    "CN-GS": "甘肃省",
    "CN-QH": "青海省",
    "CN-NX": "宁夏回族自治区",
    "CN-XJ": "新疆维吾尔自治区",
    "CN-HK": "香港特别行政区",
    "CN-MO": "澳门特别行政区",
    "CN-TW": "台湾省",
}

_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")


def _short(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


def parse_province(text: str) -> str:
    """The code of the province ``text`` names: its code (``CN-GD`` or ``GD``) or its
    English or Chinese name (``Guangdong``, ``广东``, ``广东省``).

    Raises:
        ValueError: no province has that code or name.
    """
    value = text.strip()
    code = value.upper()
    if not code.startswith("CN-"):
        code = f"CN-{code}"
    if code in Province.values:
        return code
    wanted = value.casefold().removesuffix(" province").removesuffix(" sar")
    with translation.override("en"):
        english = {choice: str(label).casefold() for choice, label in Province.choices}
    for choice in Province.values:
        if value == CHINESE_NAMES[choice] or wanted in (
            english[choice].removesuffix(" sar"),
            _short(CHINESE_NAMES[choice]),
        ):
            return choice
    raise ValueError(f"{text!r} is not a province of China")
