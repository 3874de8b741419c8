"""Tables of the list pages (sortable; their columns are what CSV/XLSX exports contain)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django_tables2.utils import A

from stcoop.geo.models import Country, Grouping

_COUNTRY_LINK = ("geo:country_detail", {"iso2": A("iso2")})
_GROUPING_LINK = ("geo:grouping_detail", {"code": A("code")})


class CountryTable(tables.Table):
    """Countries and territories: codes, both names, M49 region and income group."""

    iso2 = tables.Column(verbose_name=_("ISO alpha-2"), linkify=_COUNTRY_LINK)
    iso3 = tables.Column(verbose_name=_("ISO alpha-3"))
    numeric = tables.Column(verbose_name=_("ISO numeric"))
    name_zh_hans = tables.Column(verbose_name=_("Name (Chinese)"), linkify=_COUNTRY_LINK)
    name_en = tables.Column(verbose_name=_("Name (English)"), linkify=_COUNTRY_LINK)
    region = tables.Column(
        verbose_name=_("Region"), accessor="region__name", order_by=("region__code",)
    )
    sub_region = tables.Column(
        verbose_name=_("Sub-region"), accessor="sub_region__name", order_by=("sub_region__code",)
    )
    income_group = tables.Column(verbose_name=_("Income group"))
    is_independent = tables.BooleanColumn(verbose_name=_("Independent state"))

    class Meta:
        model = Country
        fields = (
            "iso2",
            "iso3",
            "numeric",
            "name_zh_hans",
            "name_en",
            "region",
            "sub_region",
            "income_group",
            "is_independent",
        )
        order_by = ("iso2",)
        attrs = {"class": "table table-sm table-hover align-middle", "data-testid": "country-table"}


class GroupingTable(tables.Table):
    """Groupings: name, kind, current member count, source and validity."""

    code = tables.Column(verbose_name=_("Code"), linkify=_GROUPING_LINK)
    acronym = tables.Column(verbose_name=_("Acronym"))
    name = tables.Column(verbose_name=_("Name"), linkify=_GROUPING_LINK)
    kind = tables.Column(verbose_name=_("Kind"))
    member_count = tables.Column(verbose_name=_("Members"), attrs={"td": {"class": "text-end"}})
    source_name = tables.Column(verbose_name=_("Source"))
    valid_from = tables.DateColumn(verbose_name=_("Valid from"), format="Y-m-d")
    valid_to = tables.DateColumn(verbose_name=_("Valid until"), format="Y-m-d")
    is_editable = tables.BooleanColumn(verbose_name=_("Maintained by administrators"))

    class Meta:
        model = Grouping
        fields = (
            "code",
            "acronym",
            "name",
            "kind",
            "member_count",
            "source_name",
            "valid_from",
            "valid_to",
            "is_editable",
        )
        attrs = {
            "class": "table table-sm table-hover align-middle",
            "data-testid": "grouping-table",
        }
