"""The bulk upsert shared by the importers: plan in memory, write in batches, log."""

from __future__ import annotations

from typing import Any

import pytest

from stcoop.core.bulk import BulkUpsert, keep_when_empty, log_bulk_changes, replace
from stcoop.core.models import ObjectChange
from stcoop.geo.models import Country


def test_keep_when_empty_merges_lists_and_keeps_stored_values() -> None:
    merge = keep_when_empty(["city"], lists=["acronyms"], named_lists=["aliases"])
    assert merge("city", "Oslo", "") == "Oslo"
    assert merge("city", "Oslo", None) == "Oslo"
    assert merge("city", "Oslo", "Bergen") == "Bergen"
    assert merge("name", "A", "") == ""  # not in keep: replaced
    assert merge("acronyms", ["X", "NTNU"], ["NTNU"]) == ["NTNU", "X"]
    assert merge(
        "aliases",
        [{"name": "Old", "language": ""}, {"name": "Same", "language": "no"}],
        [{"name": "Same", "language": "en"}],
    ) == [{"name": "Same", "language": "en"}, {"name": "Old", "language": ""}]
    assert replace("x", 1, 2) == 2


def _upsert() -> BulkUpsert[Country]:
    return BulkUpsert(
        Country,
        ("name_en", "official_name"),
        merge=keep_when_empty(["official_name"]),
        snapshot=lambda c: c.snapshot(),
        batch=2,
    )


@pytest.mark.django_db
def test_add_plans_new_changed_and_unchanged_records() -> None:
    norway = Country.objects.create(iso2="NO", iso3="NOR", name_en="Norway", name_zh_hans="挪威")
    sweden = Country.objects.create(
        iso2="SE", iso3="SWE", name_en="Sweden", name_zh_hans="瑞典", official_name="Konungariket"
    )
    stamp = sweden.last_updated
    upsert = _upsert()
    upsert.add(norway, {"name_en": "Norway", "official_name": ""})  # unchanged
    upsert.add(sweden, {"name_en": "Kingdom of Sweden", "official_name": ""})  # one change
    made = [
        upsert.add(None, {"name_en": name, "official_name": ""}, iso2=iso2, iso3=iso3)
        for iso2, iso3, name in [
            ("FI", "FIN", "Finland"),
            ("DK", "DNK", "Denmark"),
            ("IS", "ISL", "Iceland"),
        ]
    ]
    assert (upsert.created_count, upsert.updated_count, upsert.unchanged_count) == (3, 1, 1)
    assert upsert.befores[sweden.pk]["name_en"] == "Sweden"
    assert all(upsert.is_new(c) for c in made) and not upsert.is_new(norway)
    assert not Country.objects.filter(iso2="FI").exists()  # nothing written yet

    ticks: list[tuple[str, int, int]] = []
    upsert.create(lambda *args: ticks.append(args), "Creating countries")
    assert ticks == [("Creating countries", 2, 3), ("Creating countries", 3, 3)]
    assert all(c.pk for c in made)
    upsert.update()
    sweden.refresh_from_db()
    assert sweden.name_en == "Kingdom of Sweden" and sweden.official_name == "Konungariket"
    assert sweden.last_updated > stamp
    assert Country.objects.count() == 5


@pytest.mark.django_db
def test_touch_counts_once_and_keeps_the_first_state() -> None:
    norway = Country.objects.create(iso2="NO", iso3="NOR", name_en="Norway", name_zh_hans="挪威")
    upsert = _upsert()
    upsert.add(norway, {"name_en": "Norway", "official_name": ""})
    upsert.touch(norway, before={"marker": 1})
    norway.name_en = "Noreg"
    upsert.touch(norway)  # already counted: the first "before" stays
    assert upsert.befores[norway.pk] == {"marker": 1}
    assert (upsert.updated_count, upsert.unchanged_count) == (1, 0)
    new = upsert.add(None, {"name_en": "Finland", "official_name": ""}, iso2="FI", iso3="FIN")
    upsert.touch(new)  # a new record is created, not updated
    assert upsert.updated_count == 1


@pytest.mark.django_db
def test_log_bulk_changes_writes_one_entry_per_record(users: Any) -> None:
    norway = Country.objects.create(iso2="NO", iso3="NOR", name_en="Norway", name_zh_hans="挪威")
    before = norway.snapshot()
    norway.name_en = "Noreg"
    norway.save()
    finland = Country.objects.create(iso2="FI", iso3="FIN", name_en="Finland", name_zh_hans="芬兰")
    count = log_bulk_changes(
        users.platform_admin,
        Country,
        [finland],
        {norway.pk: norway},
        {norway.pk: before},
        lambda c: c.snapshot(),
        request_id="test-import",
    )
    assert count == 2
    entries = ObjectChange.objects.filter(request_id="test-import").order_by("pk")
    created, updated = list(entries)
    assert (created.action, created.before, created.object_id) == ("create", None, str(finland.pk))
    assert ("name_en", "Norway", "Noreg") in updated.diff()
    assert updated.actor == users.platform_admin
    assert log_bulk_changes(None, Country, [], {}, {}, dict, request_id="x") == 0
