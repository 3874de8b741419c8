"""The installed packages reference data comes from, and what they say about countries.

Sources (all read offline from installed files):

* ``pycountry``: the ISO 3166-1 list (codes, English names, official names);
* ``babel``: CLDR names in Simplified Chinese (``zh_Hans``) for countries and M49 regions;
* ``hdx-python-country``: only its bundled CSV taxonomy, for UN M49 region codes and
  names, independence and the World Bank income level (its ``Country`` class pulls in
  network code and heavy dependencies, so it is not imported);
* ``worldcountrygroups``: member lists of international groupings.
"""

from __future__ import annotations

import csv
import functools
import importlib.metadata
import importlib.resources
from dataclasses import dataclass

import babel
import pycountry

from stcoop.geo.choices import IncomeGroup, RegionLevel

HDX_PACKAGE = "hdx.location"
HDX_CSV = "Countries & Territories Taxonomy MVP - C&T Taxonomy.csv"


@dataclass(frozen=True)
class PackageSource:
    """An installed distribution, cited as the source of some reference data."""

    distribution: str
    url: str

    @property
    def version(self) -> str:
        """The installed version, as ``importlib.metadata`` reports it."""
        return package_version(self.distribution)

    @property
    def label(self) -> str:
        """``name version``, e.g. ``worldcountrygroups 0.5.0``."""
        return f"{self.distribution} {self.version}"


PYCOUNTRY = PackageSource("pycountry", "https://pypi.org/project/pycountry/")
BABEL = PackageSource("babel", "https://pypi.org/project/babel/")
HDX = PackageSource("hdx-python-country", "https://pypi.org/project/hdx-python-country/")
WORLDCOUNTRYGROUPS = PackageSource(
    "worldcountrygroups", "https://pypi.org/project/worldcountrygroups/"
)


@functools.cache
def package_version(distribution: str) -> str:
    """The installed version of ``distribution`` (``"unknown"`` if it has no metadata)."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


# Names shown on this platform where the packages' names differ. The platform serves
# Chinese government users, so Taiwan, Hong Kong and Macao are named as parts of China,
# in both languages, following the usage of Chinese official documents. Palestine is
# named as the state China recognises (CLDR's zh_Hans says "巴勒斯坦领土").
NAME_OVERRIDES: dict[str, tuple[str, str]] = {
    # iso2: (Simplified Chinese, English)
    "TW": ("中国台湾", "Taiwan, China"),
    "HK": ("中国香港", "Hong Kong SAR, China"),
    "MO": ("中国澳门", "Macao SAR, China"),
    "PS": ("巴勒斯坦", "Palestine"),
}
OFFICIAL_NAME_OVERRIDES: dict[str, str] = {
    "TW": "Taiwan, Province of China",
    "HK": "Hong Kong Special Administrative Region of the People's Republic of China",
    "MO": "Macao Special Administrative Region of the People's Republic of China",
}

# M49 names in Chinese where CLDR's zh_Hans differs from the UN's own Chinese names or
# has none (830 Channel Islands).
REGION_ZH_OVERRIDES: dict[str, str] = {
    "021": "北美洲",
    "053": "澳大利亚和新西兰",
    "061": "波利尼西亚",
    "419": "拉丁美洲和加勒比",
    "830": "海峡群岛",
}

_INCOME: dict[str, str] = {
    "High": IncomeGroup.HIGH.value,
    "Upper middle": IncomeGroup.UPPER_MIDDLE.value,
    "Lower middle": IncomeGroup.LOWER_MIDDLE.value,
    "Low": IncomeGroup.LOW.value,
}


@dataclass(frozen=True)
class RegionRow:
    """One M49 region as read from the packages."""

    code: str
    level: RegionLevel
    parent_code: str | None
    name_zh_hans: str
    name_en: str


@dataclass(frozen=True)
class CountryRow:
    """One ISO 3166-1 country or territory as read from the packages."""

    iso2: str
    iso3: str
    numeric: str
    name_zh_hans: str
    name_en: str
    official_name: str
    alt_names: str
    region_code: str | None
    sub_region_code: str | None
    intermediate_region_code: str | None
    income_group: str
    is_independent: bool
    latitude: float | None
    longitude: float | None


def hdx_rows() -> list[dict[str, str]]:
    """The rows of the taxonomy CSV bundled with ``hdx-python-country``."""
    resource = importlib.resources.files(HDX_PACKAGE).joinpath(HDX_CSV)
    with resource.open("r", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _m49(code: str) -> str | None:
    return code.strip().zfill(3) if code.strip() else None


def _float(value: str) -> float | None:
    try:
        return round(float(value), 6) if value.strip() else None
    except ValueError:
        return None


@functools.cache
def _territory_names(locale: str) -> dict[str, str]:
    return dict(babel.Locale.parse(locale).territories)


def region_rows() -> list[RegionRow]:
    """Every M49 region, sub-region and intermediate region used by a country, parents first."""
    zh = _territory_names("zh_Hans")
    found: dict[str, RegionRow] = {}
    levels = (
        ("Region", RegionLevel.REGION, None),
        ("Sub-region", RegionLevel.SUB_REGION, "Region"),
        ("Intermediate Region", RegionLevel.INTERMEDIATE, "Sub-region"),
    )
    for row in hdx_rows():
        if not row["ISO 3166-1 Alpha 2-Codes"].strip():
            continue
        for column, level, parent_column in levels:
            code = _m49(row[f"{column} Code"])
            if code is None or code in found:
                continue
            name_en = row[f"{column} Name"].strip()
            found[code] = RegionRow(
                code=code,
                level=level,
                parent_code=_m49(row[f"{parent_column} Code"]) if parent_column else None,
                name_zh_hans=REGION_ZH_OVERRIDES.get(code) or zh.get(code) or name_en,
                name_en=name_en,
            )
    order = {RegionLevel.REGION: 0, RegionLevel.SUB_REGION: 1, RegionLevel.INTERMEDIATE: 2}
    return sorted(found.values(), key=lambda r: (order[r.level], r.code))


def _alt_names(*names: str | None, exclude: tuple[str, ...]) -> str:
    seen: list[str] = []
    for name in names:
        name = (name or "").strip()
        if name and name not in seen and name not in exclude:
            seen.append(name)
    return "\n".join(seen)


def country_rows() -> list[CountryRow]:
    """Every ISO 3166-1 entry, with M49 and income data where the HDX taxonomy has them."""
    zh = _territory_names("zh_Hans")
    en = _territory_names("en")
    taxonomy = {
        row["ISO 3166-1 Alpha 2-Codes"].strip(): row
        for row in hdx_rows()
        if row["ISO 3166-1 Alpha 2-Codes"].strip() and row["Deprecated"] != "Y"
    }
    rows: list[CountryRow] = []
    for entry in pycountry.countries:
        iso2 = entry.alpha_2
        hdx = taxonomy.get(iso2, {})
        iso_name = entry.name
        common = getattr(entry, "common_name", None)
        official = getattr(entry, "official_name", None)
        name_zh, name_en = NAME_OVERRIDES.get(
            iso2, (zh.get(iso2) or hdx.get("M49 Chinese") or iso_name, common or iso_name)
        )
        formal = hdx.get("English Formal", "").removeprefix("the ")
        official_name = OFFICIAL_NAME_OVERRIDES.get(iso2) or official or formal or iso_name
        other_names: tuple[str | None, ...] = (iso_name, common, official)
        # The packages' other names for Taiwan, Hong Kong and Macao are not kept, so the
        # platform shows and matches them only in forms that name them as parts of China.
        if iso2 not in OFFICIAL_NAME_OVERRIDES:
            other_names += (
                formal,
                en.get(iso2),
                hdx.get("Preferred Term"),
                hdx.get("M49 English"),
                zh.get(iso2),
                hdx.get("Chinese Short"),
                hdx.get("M49 Chinese"),
            )
        rows.append(
            CountryRow(
                iso2=iso2,
                iso3=entry.alpha_3,
                numeric=entry.numeric,
                name_zh_hans=name_zh,
                name_en=name_en,
                official_name=official_name.removeprefix("the "),
                alt_names=_alt_names(*other_names, exclude=(name_zh, name_en)),
                region_code=_m49(hdx.get("Region Code", "")),
                sub_region_code=_m49(hdx.get("Sub-region Code", "")),
                intermediate_region_code=_m49(hdx.get("Intermediate Region Code", "")),
                income_group=_INCOME.get(hdx.get("World Bank Income Level", "").strip(), ""),
                is_independent=hdx.get("Independent") == "Y",
                latitude=_float(hdx.get("Latitude", "")),
                longitude=_float(hdx.get("Longitude", "")),
            )
        )
    return sorted(rows, key=lambda r: r.iso2)
