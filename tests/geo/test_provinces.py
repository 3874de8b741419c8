"""Reading province codes and names (imports and forms accept both languages)."""

import pytest

from stcoop.geo.provinces import CHINESE_NAMES, Province, parse_province


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("CN-GD", "CN-GD"),
        ("gd", "CN-GD"),
        ("Guangdong", "CN-GD"),
        ("广东省", "CN-GD"),
        ("广东", "CN-GD"),
        ("广西壮族自治区", "CN-GX"),
        ("广西", "CN-GX"),
        ("Inner Mongolia", "CN-NM"),
        ("内蒙古", "CN-NM"),
        ("Hong Kong SAR", "CN-HK"),
        ("香港", "CN-HK"),
        ("北京市", "CN-BJ"),
        (" Yunnan Province ", "CN-YN"),
    ],
)
def test_codes_and_names_in_both_languages(text: str, code: str) -> None:
    assert parse_province(text) == code


@pytest.mark.parametrize("text", ["Atlantis", "CN-ZZ", "广", ""])
def test_unknown_names_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a province"):
        parse_province(text)


def test_every_province_has_its_chinese_name() -> None:
    assert set(CHINESE_NAMES) == set(Province.values)
    assert len(Province.values) == 34
