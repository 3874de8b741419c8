"""``stcoop import openalex-coauthorship FILE``: checks, upserts, idempotency, reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from collaboration.conftest import DATA
from stcoop.cli.main import create_cli
from stcoop.collaboration.importing import (
    CoauthorshipFileError,
    coauthorship_import_path,
)
from stcoop.collaboration.models import CountryPairYear, CountryYear

pytestmark = pytest.mark.django_db

REAL = Path("/work/shared/data/openalex")


def run(*args: str) -> Result:
    return CliRunner().invoke(create_cli(), ["import", "openalex-coauthorship", *args])


def pairs() -> dict[tuple[int, str, str], int]:
    return {
        (p.year, p.country_a_id, p.country_b_id): p.works for p in CountryPairYear.objects.all()
    }


def test_pairs_are_loaded_with_unknown_codes_skipped(countries: Any) -> None:
    report = coauthorship_import_path(actor=None, path=DATA / "pairs.csv")
    assert (report.kind, report.rows, report.created, report.updated) == ("pairs", 12, 9, 0)
    assert dict(report.unknown) == {"XK": 2, "EU": 1}
    assert "3 skipped for unknown country codes: XK (2), EU (1)" in report.summary()
    stored = pairs()
    assert stored[(2021, "CN", "JP")] == 30  # written JP,CN in the file: smaller code first
    assert stored[(2020, "DE", "US")] == 60 and len(stored) == 9
    assert {p.source for p in CountryPairYear.objects.all()} == {"OpenAlex"}


def test_second_import_changes_nothing_and_changed_counts_update(
    countries: Any, tmp_path: Path
) -> None:
    coauthorship_import_path(actor=None, path=DATA / "pairs.csv")
    again = coauthorship_import_path(actor=None, path=DATA / "pairs.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 9)
    edited = tmp_path / "pairs.csv"
    edited.write_text(
        (DATA / "pairs.csv").read_text().replace("2020,CN,US,100", "2020,CN,US,101")
        + "2023,CN,US,95\n"
    )
    report = coauthorship_import_path(actor=None, path=edited)
    assert (report.created, report.updated, report.unchanged) == (1, 1, 8)
    assert pairs()[(2020, "CN", "US")] == 101


def test_country_totals_file_is_recognised(countries: Any) -> None:
    report = coauthorship_import_path(actor=None, path=DATA / "countries.csv")
    assert (report.kind, report.created) == ("countries", 4)
    assert dict(report.unknown) == {"XK": 1}
    assert CountryYear.objects.get(year=2021, country_id="CN").coauthored_works == 600


def test_dry_run_writes_nothing(countries: Any) -> None:
    report = coauthorship_import_path(actor=None, path=DATA / "pairs.csv", dry_run=True)
    assert report.created == 9 and "9 would be created" in report.summary()
    assert not CountryPairYear.objects.exists()


def test_bad_rows_are_named_and_nothing_is_written(countries: Any) -> None:
    with pytest.raises(CoauthorshipFileError) as raised:
        coauthorship_import_path(actor=None, path=DATA / "bad_pairs.csv")
    assert raised.value.messages == [
        "bad_pairs.csv, row 3, column year: '19x9' is not a year between 1900 and 2100",
        "bad_pairs.csv, row 4, column country_a: 'CHN' is not an ISO alpha-2 country code",
        "bad_pairs.csv, row 5, column works: '-3' is not a whole number of zero or more",
        "bad_pairs.csv, row 6, column country_b: a country cannot be its own partner",
        "bad_pairs.csv, row 7: the same year and countries are already in row 2",
        "bad_pairs.csv, row 8: expected 4 values, found 2",
    ]
    assert not CountryPairYear.objects.exists()


def test_unknown_header_and_empty_file(countries: Any, tmp_path: Path) -> None:
    wrong = tmp_path / "other.csv"
    wrong.write_text("year,country,works\n2020,CN,4\n")
    with pytest.raises(CoauthorshipFileError, match=r"other.csv, row 1: the header must be"):
        coauthorship_import_path(actor=None, path=wrong)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(CoauthorshipFileError, match=r"empty\.csv is empty"):
        coauthorship_import_path(actor=None, path=empty)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("year,country,coauthored_works\n2020,CN,4\n2020,DE,\xe9\n".encode("latin-1"))
    with pytest.raises(CoauthorshipFileError, match=r"latin\.csv: the text is not UTF-8"):
        coauthorship_import_path(actor=None, path=latin)


def test_only_platform_admins_or_the_system_may_load(countries: Any, users: Any) -> None:
    for user in (users.ministry_admin, users.unit_admin, users.org_user):
        with pytest.raises(PermissionDenied):
            coauthorship_import_path(actor=user, path=DATA / "countries.csv")
    assert coauthorship_import_path(actor=users.platform_admin, path=DATA / "countries.csv").created


def test_pairs_must_be_ordered_in_the_database(countries: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        CountryPairYear.objects.create(year=2020, country_a_id="US", country_b_id="CN", works=1)
    CountryPairYear.objects.create(year=2020, country_a_id="CN", country_b_id="US", works=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        CountryPairYear.objects.create(year=2020, country_a_id="CN", country_b_id="US", works=2)


def test_command_reports_and_fails_clearly(countries: Any) -> None:
    done = run(str(DATA / "pairs.csv"), str(DATA / "countries.csv"))
    assert done.exit_code == 0, done.output
    assert "pairs.csv (country pairs): 12 rows; 9 were created, 0 were updated" in done.output
    assert "countries.csv (country totals): 5 rows; 4 were created" in done.output
    again = run(str(DATA / "pairs.csv"), "--dry-run")
    assert "0 would be created, 0 would be updated, 9 unchanged" in again.output
    bad = run(str(DATA / "bad_pairs.csv"))
    assert bad.exit_code == 1
    assert "bad_pairs.csv, row 3, column year:" in bad.output
    assert "bad_pairs.csv: 6 error(s); nothing was written" in bad.output


@pytest.mark.skipif(not REAL.is_dir(), reason="the OpenAlex files are not on this machine")
def test_real_files_second_import_changes_nothing() -> None:
    from stcoop.geo.services import reference_data_load

    reference_data_load(actor=None)
    for name in ("country-coauthorship-1990-2023.csv", "country-coauthored-works-1990-2023.csv"):
        first = coauthorship_import_path(actor=None, path=REAL / name)
        assert first.created > 0 and first.skipped > 0
        second = coauthorship_import_path(actor=None, path=REAL / name)
        assert (second.created, second.updated) == (0, 0)
        assert second.unchanged == first.created
    assert CountryPairYear.objects.filter(year=2023, country_a_id="CN", country_b_id="US").exists()


def test_progress_is_reported_while_checking_and_writing(countries: Any) -> None:
    calls: list[tuple[str, int, int]] = []
    coauthorship_import_path(
        actor=None, path=DATA / "pairs.csv", progress=lambda d, n, t: calls.append((d, n, t))
    )
    assert ("Checking pairs.csv", 12, 12) in calls
    assert calls[-1] == ("Importing pairs.csv", 9, 9)
