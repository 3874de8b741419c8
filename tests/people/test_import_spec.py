"""The ``people`` bulk-import spec: matching, row errors, encodings, contact, export."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from organisations.factories import OrganisationFactory, make_country
from people.factories import PersonFactory
from stcoop.core.choices import Visibility
from stcoop.core.imports.reading import Table, read_table
from stcoop.core.imports.run import import_apply, import_preview
from stcoop.core.imports.spec import ImportSpec, get_spec
from stcoop.core.permissions import may_see_contact
from stcoop.organisations.models import ExternalId
from stcoop.people.models import Affiliation, Person

pytestmark = pytest.mark.django_db

ORCID = "0000-0002-1825-0097"
ORCID_2 = "0000-0001-5109-3700"
BAD_ORCID = "0000-0002-1825-0098"


def _spec() -> ImportSpec:
    spec = get_spec("people")
    assert spec is not None
    return spec


def _table(text: str, filename: str = "people.csv") -> Table:
    return read_table(text.encode("utf-8"), filename, encodings=_spec().encodings)


@pytest.fixture
def world(units: Any) -> Iterator[dict[str, Any]]:
    china = make_country("CN", "CHN", "China", "中国")
    germany = make_country("DE", "DEU", "Germany", "德国")
    sysu = OrganisationFactory(
        name_zh_hans="中山大学", name_en="Sun Yat-sen University", owner_unit=units.ministry
    )
    ExternalId.objects.create(organisation=sysu, scheme="ror", value="0064kty71")
    mpg = OrganisationFactory(
        name_zh_hans="马普学会", name_en="Max Planck Society", owner_unit=units.ministry
    )
    ExternalId.objects.create(organisation=mpg, scheme="pic", value="999999999")
    with translation.override("en"):
        yield {"china": china, "germany": germany, "sysu": sysu, "mpg": mpg}


GOOD = (
    "中文姓名,family_name,given_names,性别,国籍,语言,关键词,学科,是否专家,ORCID,邮箱,电话,"
    "中文简介,英文简介,现任单位,职务,可见范围\n"
    f"李华,Li,Hua,女,中国,zh; en,光伏; 储能,能源科学,是,{ORCID},li.hua@example.org,"
    "+86 20 1234 5678,研究光伏。,Works on solar cells.,0064kty71,教授,public\n"
    ",Vogel,Anna,female,Germany,de;en,Hydrogen,Chemistry,no,,anna@example.org,,,,"
    "Max Planck Society,,internal\n"
    "王强,,,male,DEU,zh,,,yes,,,,,,999999999,研究员,internal\n"
)


def test_creates_people_with_affiliations_then_all_unchanged(
    world: dict[str, Any], units: Any, users: Any
) -> None:
    report = import_apply(_spec(), _table(GOOD), users.ministry_admin)
    assert report.applied, report.all_errors
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    li = Person.objects.get(orcid=ORCID)
    assert (li.name_zh, li.name_latin, li.gender) == ("李华", "Hua Li", "female")
    assert li.nationality == world["china"] and li.languages == ["zh", "en"]
    assert li.keywords == ["光伏", "储能"] and li.disciplines == ["能源科学"] and li.is_expert
    assert (li.bio_zh_hans, li.bio_en) == ("研究光伏。", "Works on solar cells.")
    assert li.visibility == Visibility.PUBLIC and li.email == "li.hua@example.org"
    affiliation = Affiliation.objects.get(person=li)
    assert affiliation.organisation == world["sysu"] and affiliation.role == "教授"
    assert affiliation.is_primary and affiliation.end_date is None
    anna = Person.objects.get(name_latin="Anna Vogel")
    assert anna.nationality == world["germany"] and not anna.is_expert
    assert anna.affiliations.get().organisation == world["mpg"]
    wang = Person.objects.get(name_zh="王强")
    assert wang.affiliations.get().organisation == world["mpg"]

    again = import_apply(_spec(), _table(GOOD), users.ministry_admin)
    assert again.applied and (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Affiliation.objects.count() == 3


def test_a_changed_row_updates_and_a_new_role_adds_an_affiliation(
    world: dict[str, Any], users: Any
) -> None:
    assert import_apply(_spec(), _table(GOOD), users.ministry_admin).applied
    changed = GOOD.replace("光伏; 储能", "光伏; 氢能").replace(",教授,", ",副校长,")
    report = import_apply(_spec(), _table(changed), users.ministry_admin)
    assert report.applied and (report.created, report.updated, report.unchanged) == (0, 1, 2)
    li = Person.objects.get(orcid=ORCID)
    assert li.keywords == ["光伏", "氢能"]
    roles = {a.role: a.is_primary for a in li.affiliations.all()}
    assert roles == {"教授": False, "副校长": True}


def test_a_row_with_an_orcid_completes_a_person_stored_without_one(
    world: dict[str, Any], units: Any, users: Any
) -> None:
    stored = PersonFactory(
        name_zh="李华", family_name="Li", given_names="Hua", nationality=world["china"],
        owner_unit=units.ministry,
    )  # fmt: skip
    text = f"name_zh,name_latin,nationality,orcid\n李华,Hua Li,CN,https://orcid.org/{ORCID}\n"
    report = import_apply(_spec(), _table(text), users.ministry_admin)
    assert report.applied and report.updated == 1
    stored.refresh_from_db()
    assert stored.orcid == ORCID and Person.objects.count() == 1


def test_duplicate_orcids_in_one_file(world: dict[str, Any], users: Any) -> None:
    text = (
        "name_latin,ORCID iD\n"
        f"Josiah Carberry,{ORCID}\n"
        f"J. Carberry,https://orcid.org/{ORCID.replace('-', '')}\n"
        f"Laure Haak,{ORCID_2}\n"
    )
    preview = import_preview(_spec(), _table(text), users.ministry_admin)
    assert [str(p) for p in preview.problems] == [
        "row 3, column ORCID iD: a person with this ORCID iD is already in row 2"
    ]
    assert not import_apply(_spec(), _table(text), users.ministry_admin).applied
    assert not Person.objects.exists()


def test_bad_orcid_and_other_cells_name_row_and_column(world: dict[str, Any], users: Any) -> None:
    text = (
        "中文姓名,ORCID,国籍,语言,是否专家,邮箱,现任单位,职务\n"
        f"张三,{BAD_ORCID},CN,zh,是,,,\n"
        "李四,1234,Atlantis,zz,maybe,not-an-address,,\n"
        "王五,,CN,zh,否,,不存在的大学,教授\n"
        "赵六,,CN,zh,否,,,教授\n"
        ",,CN,,,,,\n"
    )
    preview = import_preview(_spec(), _table(text), users.ministry_admin)
    problems = [str(p) for p in preview.problems]
    assert problems == [
        "row 2, column ORCID: The check digit of this ORCID iD is wrong.",
        "row 3, column 国籍: 'Atlantis' is not a known country code or name",
        "row 3, column 语言: 'zz' is not an ISO 639-1 language code such as zh, en or de",
        "row 3, column 是否专家: 'maybe' is not yes or no (use yes, no, 是 or 否)",
        "row 3, column ORCID: An ORCID iD has 16 digits (the last may be X).",
        "row 3, column 邮箱: 'not-an-address' is not an e-mail address",
        "row 4, column 现任单位: no organisation you may see has the ROR ID, PIC or name "
        "'不存在的大学'",
        "row 5, column 职务: Give the organisation of this role in the organisation column.",
        "row 6, column 中文姓名: Give the name in Chinese script, in Latin script or in both.",
    ]
    assert not Person.objects.exists()


def test_an_organisation_the_importer_may_not_see_is_unknown(
    world: dict[str, Any], units: Any, users: Any
) -> None:
    OrganisationFactory(name_zh_hans="内部研究所", owner_unit=units.ministry,
                        visibility=Visibility.INTERNAL)  # fmt: skip
    text = "中文姓名,现任单位\n张三,内部研究所\n"
    preview = import_preview(_spec(), _table(text), users.org_user)
    assert [str(p) for p in preview.problems] == [
        "row 2, column 现任单位: no organisation you may see has the ROR ID, PIC or name "
        "'内部研究所'"
    ]


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_gbk_and_utf8_bom_files_through_the_upload_page(
    world: dict[str, Any], users: Any, client_for: Callable[[Any], Any], encoding: str
) -> None:
    text = "中文姓名,拉丁文姓名,国籍,关键词\n李华,Hua Li,中国,光伏；储能\n"
    data = text.encode(encoding)
    assert data.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    client = client_for(users.ministry_admin)
    response = client.post(
        "/import/people/?lang=en", {"file": SimpleUploadedFile("people.csv", data)}
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    body = response.content.decode()
    assert "李华" in body and "光伏" in body
    token = response.context["token"]
    confirmed = client.post("/import/people/confirm/?lang=en", {"token": token})
    assert confirmed.status_code == 200
    person = Person.objects.get()
    assert person.name_zh == "李华" and person.keywords == ["光伏", "储能"]
    assert person.owner_unit is not None


def test_cli_reads_a_gbk_file(world: dict[str, Any], users: Any, tmp_path: Any) -> None:
    from stcoop.cli.commands.import_spec import run_spec_import

    path = tmp_path / "people.csv"
    path.write_bytes("中文姓名,国籍\n李华,CN\n".encode("gbk"))
    run_spec_import("people", path, dry_run=False, username="madmin", sheet=None)
    assert Person.objects.get().name_zh == "李华"


def test_only_those_who_may_see_contact_may_change_it(
    world: dict[str, Any], units: Any, users: Any
) -> None:
    person = PersonFactory(orcid=ORCID, owner_unit=units.enterprise, email="old@example.org")
    text = f"orcid,email\n{ORCID},new@example.org\n"
    preview = import_preview(_spec(), _table(text), users.org_user)  # may change, not see contact
    assert [str(p) for p in preview.problems] == [
        "row 2, column email: You may not change this person's contact details."
    ]
    same = import_preview(_spec(), _table(f"orcid,email\n{ORCID},old@example.org\n"),
                          users.org_user)  # fmt: skip
    assert same.ok and same.unchanged == 1
    report = import_apply(_spec(), _table(text), users.ministry_admin)
    assert report.applied and report.updated == 1
    person.refresh_from_db()
    assert person.email == "new@example.org"


def test_a_row_for_a_person_the_importer_may_not_change(
    world: dict[str, Any], units: Any, users: Any
) -> None:
    PersonFactory(orcid=ORCID, owner_unit=units.ministry, keywords=["a"])
    text = f"orcid,keywords\n{ORCID},b\n"
    preview = import_preview(_spec(), _table(text), users.org_user)  # public: sees, not changes
    assert len(preview.problems) == 1 and preview.problems[0].column is None
    assert "permission" in preview.problems[0].message


def _export_table(spec: ImportSpec, actor: Any) -> tuple[Table, list[dict[str, str]]]:
    records = spec.export_queryset(actor)
    assert records is not None
    rows = [dict(spec.export_values(record)) for record in records]
    names = [c.name for c in spec.columns if any(c.name in row for row in rows)]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(names)
    for row in rows:
        writer.writerow([row.get(name, "") for name in names])
    return read_table(out.getvalue().encode(), "export.csv"), rows


@pytest.mark.parametrize(
    "role", ["platform_admin", "ministry_admin", "unit_admin", "base_manager", "org_user",
             "expert"],
)  # fmt: skip
def test_export_then_import_is_all_unchanged(
    world: dict[str, Any], units: Any, users: Any, role: str
) -> None:
    assert import_apply(_spec(), _table(GOOD), users.ministry_admin).applied
    PersonFactory(owner_unit=units.base, user=users.expert, nationality=world["china"],
                  keywords=["量子", "AI"], languages=["fr"])  # fmt: skip
    PersonFactory(owner_unit=units.enterprise, visibility=Visibility.INTERNAL, name_zh="",
                  family_name="Smith", given_names="Jo")  # fmt: skip
    actor = getattr(users, role)
    spec = _spec()
    table, rows = _export_table(spec, actor)
    assert rows, "every role sees the public people"
    report = import_apply(spec, table, actor)
    assert report.applied, report.all_errors
    assert report.unchanged == len(rows) and report.created == report.updated == 0


def test_contact_is_exported_only_where_it_may_be_seen(
    world: dict[str, Any], units: Any, users: Any
) -> None:
    assert import_apply(_spec(), _table(GOOD), users.ministry_admin).applied
    PersonFactory(owner_unit=units.base, user=users.expert, email="own@example.org")
    PersonFactory(owner_unit=units.enterprise, email="ent@example.org")
    spec = _spec()
    for role in ("platform_admin", "ministry_admin", "unit_admin", "base_manager", "org_user",
                 "expert", "division_user"):  # fmt: skip
        actor = getattr(users, role)
        records = spec.export_queryset(actor)
        assert records is not None
        for record in records:
            values = spec.export_values(record)
            assert ("email" in values) is may_see_contact(actor, record), (role, record)
    _, expert_rows = _export_table(spec, users.expert)
    assert [row["email"] for row in expert_rows if "email" in row] == ["own@example.org"]
    _, org_rows = _export_table(spec, users.org_user)
    assert not any("email" in row or "phone" in row for row in org_rows)


def test_list_page_links_the_import_for_those_who_may_use_it(
    users: Any, client_for: Callable[[Any], Any]
) -> None:
    page = client_for(users.base_manager).get("/people/?lang=en").content.decode()
    assert "/import/people/" in page
    assert "/import/people/" not in client_for(None).get("/people/").content.decode()
    template = client_for(users.base_manager).get("/import/people/template.csv")
    assert template.status_code == 200
    header = b"".join(template.streaming_content).decode("utf-8-sig").splitlines()[0]
    assert header.startswith("name_zh,family_name,given_names,name_latin,gender,nationality")
