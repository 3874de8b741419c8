"""The resolve page in a real browser: paste two lines, see the match, correct one with
the search field (htmx), download the result."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from conftest import PASSWORD
from organisations.factories import OrganisationFactory, make_country
from stcoop.organisations.resolution import clear_resolver_cache

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registry(units: Any) -> dict[str, Any]:
    clear_resolver_cache()
    china = make_country("CN", "CHN", "China", "中国")
    tsinghua = OrganisationFactory(
        owner_unit=units.ministry,
        name_en="Tsinghua University",
        name_zh_hans="清华大学",
        country=china,
        city="Beijing",
    )
    peking = OrganisationFactory(
        owner_unit=units.ministry,
        name_en="Peking University",
        name_zh_hans="北京大学",
        country=china,
        city="Beijing",
    )
    return {"tsinghua": tsinghua, "peking": peking}


def test_paste_see_correct_and_download(
    live_server: Any, page: Any, users: Any, registry: dict[str, Any], tmp_path: Path
) -> None:
    user = users.base_manager
    user.language = "en"
    user.save()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("[data-testid=login-form] button[type=submit]")

    page.goto(f"{live_server.url}/organisations/")
    with page.expect_navigation():
        page.click("[data-testid=resolve-link]")
    page.fill(
        "textarea[name=lines]", "Dept. of Physics, Tsinghua Univ., Beijing\nAcme Widgets Laboratory"
    )
    with page.expect_navigation():
        page.click("[data-testid=resolve-form] button[type=submit]")

    rows = page.locator("[data-testid=resolve-row]")
    assert rows.count() == 2
    assert "Tsinghua University" in rows.nth(0).locator("[data-testid=chosen]").inner_text()
    assert "none" in rows.nth(1).locator("[data-testid=chosen]").inner_text()

    # Correct the second row: search, pick, save (the row is swapped in place).
    second = rows.nth(1)
    second.locator("[data-testid=search]").fill("peking")
    option = second.locator(f"[data-testid=other] option[value='{registry['peking'].pk}']")
    option.wait_for(state="attached")
    second.locator("[data-testid=other]").select_option(str(registry["peking"].pk))
    second.locator("button[type=submit]").click()
    page.wait_for_selector("#row-1 [role=status]")
    chosen = page.locator("#row-1 [data-testid=chosen]").inner_text()
    assert "Peking University" in chosen and "corrected" in chosen

    with page.expect_download() as download_info:
        page.click("[data-testid=download-csv]")
    target = tmp_path / "result.csv"
    download_info.value.save_as(target)
    table = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert table[0] == ["text", "org_id", "ror_id", "org_name", "score", "method"]
    assert table[1][1] == str(registry["tsinghua"].pk)
    assert table[2][1:4] == [str(registry["peking"].pk), "", "Peking University"]
    assert table[2][5] == "CORRECTION"
    assert page.errors == []
