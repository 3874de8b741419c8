"""The cell parsers and owned-record helpers shared by the apps' import specs."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from conftest import make_unit
from stcoop.core.choices import Visibility
from stcoop.core.imports import parsers
from stcoop.geo.models import Country


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


def test_choice_lookup_takes_codes_and_both_labels() -> None:
    lookup = parsers.choice_lookup(Visibility.choices)
    assert lookup["public"] == "public"
    with translation.override("zh-hans"):
        chinese = str(Visibility.PUBLIC.label)
    assert lookup[parsers.normalise_header(chinese)] == "public"


def test_choice_parser_refuses_unknown_values_with_default_or_given_message() -> None:
    parse = parsers.choice_parser(Visibility.choices, "visibility")
    assert parse("PUBLIC") == "public"
    with pytest.raises(ValueError, match="'secret' is not a visibility; use one of: public"):
        parse("secret")
    custom = parsers.choice_parser(
        Visibility.choices, "visibility", gettext_lazy("'{value}' is not a valid {what}: {codes}")
    )
    with pytest.raises(ValueError, match="'secret' is not a valid visibility: public, "):
        custom("secret")


def test_limited() -> None:
    parse = parsers.limited(3)
    assert parse("abc") == "abc"
    with pytest.raises(ValueError, match="longer than 3 characters"):
        parse("abcd")


def test_split_list_drops_empty_items_and_repeats() -> None:
    assert parsers.split_list(" a; b；a ;; c ") == ["a", "b", "c"]
    assert parsers.write_list(["a", "b"]) == "a; b"
    assert parsers.write_list(None) == ""


def test_parse_web_address() -> None:
    assert parsers.parse_web_address("example.org") == "https://example.org"
    assert parsers.parse_web_address("http://example.org/x") == "http://example.org/x"
    with pytest.raises(ValueError, match="is not a web address"):
        parsers.parse_web_address("not a url")
    with pytest.raises(ValueError, match="longer than 500 characters"):
        parsers.parse_web_address("https://example.org/" + "a" * 500)


def test_writers() -> None:
    assert parsers.write_date(datetime.date(2024, 5, 31)) == "2024-05-31"
    assert parsers.write_date(None) == ""
    assert parsers.write_number(Decimal("1.50")) == "1.50"
    assert parsers.write_number(None) == ""


def test_parse_unit_by_id_or_name(units: Any) -> None:
    assert parsers.parse_unit(str(units.base.pk)) == units.base
    assert parsers.parse_unit(units.base.name_en) == units.base
    with pytest.raises(ValueError, match="no unit has the ID or name 'Nowhere'"):
        parsers.parse_unit("Nowhere")


def test_parse_unit_refuses_a_shared_name(units: Any) -> None:
    make_unit(units.base.name_en, units.base.kind)
    with pytest.raises(ValueError, match="several units are named"):
        parsers.parse_unit(units.base.name_en)


def test_default_unit_and_may_own(users: Any, units: Any) -> None:
    assert parsers.default_unit(users.unit_admin) == units.province
    assert parsers.may_own(users.unit_admin, units.base)
    assert not parsers.may_own(users.unit_admin, units.ministry)
    mixin = parsers.OwnedSpecMixin()
    assert mixin.may_import(users.unit_admin)
    assert mixin.default_unit(users.unit_admin) == units.province


def test_owner_columns() -> None:
    parse = parsers.choice_parser(Visibility.choices, "visibility")
    unit, visibility = parsers.owner_columns(parse)
    assert (unit.name, visibility.name) == ("owner_unit", "visibility")
    assert unit.parse is parsers.parse_unit
    assert visibility.parse is parse


@pytest.fixture
def countries(db: Any) -> dict[str, Country]:
    return {
        iso2: Country.objects.create(iso2=iso2, iso3=iso3, name_en=en, name_zh_hans=zh)
        for iso2, iso3, en, zh in (
            ("DE", "DEU", "Germany", "德国"),
            ("FR", "FRA", "France", "法国"),
        )
    }


def test_country_parser(countries: dict[str, Country]) -> None:
    parser = parsers.CountryParser()
    assert parser.parse_country("DE") == countries["DE"]
    assert parser.parse_country("FRA") == countries["FR"]
    assert parser.parse_country("德国") == countries["DE"]
    assert parser.parse_countries("DE; Germany；FR") == [countries["DE"], countries["FR"]]
    with pytest.raises(ValueError, match="'ZZ' is not a known country code or name"):
        parser.parse_country("ZZ")


def test_country_parser_can_tell_codes(countries: dict[str, Country]) -> None:
    parser = parsers.CountryParser()
    parser.tell_codes = True
    with pytest.raises(ValueError, match=r"'ZZ' is not a known country code$"):
        parser.parse_country("ZZ")
    with pytest.raises(ValueError, match="'Atlantis' is not a known country code or name"):
        parser.parse_country("Atlantis")


def test_rule_errors_key_messages_by_column() -> None:
    from django.core.exceptions import ValidationError

    class Record:
        start = None

        def clean(self) -> None:
            if self.start == "late":
                raise ValidationError({"start": ["too late"], "other": ["odd"]})

    assert parsers.rule_errors(Record, None, {"start": "early"}, {"begins": "start"}) == {}
    assert parsers.rule_errors(Record, Record(), {"start": "late"}, {"begins": "start"}) == {
        "begins": ["too late"],
        "__all__": ["odd"],
    }


def test_may_see_follows_visibility(users: Any, units: Any) -> None:
    from organisations.factories import OrganisationFactory

    internal = OrganisationFactory(owner_unit=units.ministry, visibility=Visibility.INTERNAL)
    public = OrganisationFactory(owner_unit=units.ministry, visibility=Visibility.PUBLIC)
    assert parsers.may_see(users.org_user, public)
    assert not parsers.may_see(users.org_user, internal)
