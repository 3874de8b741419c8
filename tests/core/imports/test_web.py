"""The import pages: upload, preview, confirm, template downloads, refusals."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from core.imports.unit_spec import UnitSpec

pytestmark = pytest.mark.django_db

URL = "/import/test-units/"
CONFIRM = "/import/test-units/confirm/"
GOOD = b"name_en,kind\nAlpha Lab,institute\nBeta Co,enterprise\n"


@pytest.fixture(autouse=True)
def english_users(users: Any) -> None:
    for user in (users.platform_admin, users.ministry_admin):
        user.language = "en"
        user.save(update_fields=["language"])


def upload(client: Client, data: bytes = GOOD, name: str = "units.csv") -> Any:
    return client.post(URL, {"file": SimpleUploadedFile(name, data)})


def test_upload_preview_confirm(
    unit_spec: UnitSpec, users: Any, client_for: Any, children: Callable[[], list[str]]
) -> None:
    client = client_for(users.platform_admin)
    assert client.get(URL).status_code == 200
    before = children()
    preview = upload(client)
    assert preview.status_code == 200
    assert "2 to create, 0 to update, 0 unchanged." in preview.content.decode()
    token = preview.context["token"]
    assert token and children() == before
    done = client.post(CONFIRM, {"token": token})
    assert done.status_code == 200
    assert "units.csv was imported: 2 created, 0 updated, 0 unchanged." in done.content.decode()
    assert {"Alpha Lab", "Beta Co"} <= set(children())
    again = client.post(CONFIRM, {"token": token})
    assert again.status_code == 400  # a token is used once


def test_preview_shows_row_errors_and_offers_no_confirmation(
    unit_spec: UnitSpec, users: Any, client_for: Any, var_dir: Path
) -> None:
    response = upload(client_for(users.platform_admin), b"name_en,kind\nX,castle\n")
    page = response.content.decode()
    assert "row 2, column kind: &#x27;castle&#x27; is not a unit kind" in page
    assert 'class="table-danger"' in page
    assert response.context["token"] == ""
    assert 'name="token"' not in page
    assert not list((var_dir / "uploads").glob("*.bin"))


def test_anonymous_is_sent_to_sign_in(unit_spec: UnitSpec, client_for: Any) -> None:
    response = client_for(None).get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_unknown_spec_is_404(users: Any, client_for: Any) -> None:
    assert client_for(users.platform_admin).get("/import/nothing-here/").status_code == 404


def test_csrf_is_required(unit_spec: UnitSpec, users: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(users.platform_admin)
    assert upload(client).status_code == 403


def test_token_of_another_user_is_refused(
    unit_spec: UnitSpec, users: Any, client_for: Any, children: Callable[[], list[str]]
) -> None:
    token = upload(client_for(users.platform_admin)).context["token"]
    before = children()
    other = client_for(users.ministry_admin)
    response = other.post(CONFIRM, {"token": token})
    assert response.status_code == 400
    assert "The preview has expired or is not yours" in response.content.decode()
    # Even with the token in its own session, the stored file is not this user's.
    session = other.session
    session["stcoop_import_tokens"] = [token]
    session.save()
    assert other.post(CONFIRM, {"token": token}).status_code == 400
    assert children() == before


def test_forged_token_is_refused(unit_spec: UnitSpec, users: Any, client_for: Any) -> None:
    client = client_for(users.platform_admin)
    assert client.post(CONFIRM, {"token": "../../secret_key"}).status_code == 400


def test_oversize_upload_gets_a_clear_message(
    unit_spec: UnitSpec, users: Any, client_for: Any, settings: Any
) -> None:
    settings.MAX_UPLOAD_BYTES = 20
    response = upload(client_for(users.platform_admin))
    assert response.status_code == 400
    assert "The file is 52 bytes large; the limit is 20 bytes." in response.content.decode()


def test_unreadable_file_gets_a_clear_message(
    unit_spec: UnitSpec, users: Any, client_for: Any
) -> None:
    response = upload(client_for(users.platform_admin), b"a,b\n\xff\xfe\n")
    assert response.status_code == 400
    assert "units.csv, line 2: the text is neither UTF-8 nor GBK" in response.content.decode()


def test_templates(unit_spec: UnitSpec, users: Any, client_for: Any) -> None:
    client = client_for(users.platform_admin)
    csv = client.get(URL + "template.csv")
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert text.splitlines() == ["name_en,name_zh_hans,kind,acronym", "Lab,实验室,lab,L"]
    xlsx = client.get(URL + "template.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == ["name_en", "name_zh_hans", "kind", "acronym"]
    assert client.get(URL + "template.pdf").status_code == 404


def test_templates_with_chinese_headers_import_the_same(
    unit_spec: UnitSpec, users: Any, client_for: Any
) -> None:
    client = client_for(users.platform_admin)
    csv = client.get(URL + "template.csv?headers=zh")
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    # A column without a Chinese alias keeps its canonical name.
    assert text.splitlines() == ["英文名称,中文名称,类型,acronym", "Lab,实验室,lab,L"]
    xlsx = load_workbook(io.BytesIO(client.get(URL + "template.xlsx?headers=zh").content))
    assert [c.value for c in xlsx.worksheets[0][1]] == ["英文名称", "中文名称", "类型", "acronym"]
    help_rows = [[c.value for c in row] for row in xlsx.worksheets[1].iter_rows()]
    assert help_rows[0][:3] == ["column", "列名", "required 必填"]
    assert help_rows[1][:4] == ["name_en", "英文名称", "yes 是", "English name"]
    assert client.get(URL + "template.csv?headers=fr").status_code == 404
    # The Chinese template, filled in, previews like the English one.
    filled = text.replace("Lab,实验室,lab,L", "Lab,实验室,institute,L")
    preview = upload(client, filled.encode("utf-8"))
    assert preview.status_code == 200
    assert "1 to create, 0 to update, 0 unchanged." in preview.content.decode()


def test_a_gbk_file_is_read_and_an_undecodable_one_named(
    unit_spec: UnitSpec, users: Any, client_for: Any
) -> None:
    client = client_for(users.platform_admin)
    gbk = "name_en,name_zh_hans,kind\nAlpha Lab,阿尔法实验室,institute\n".encode("gbk")
    preview = upload(client, gbk)
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "1 to create, 0 to update, 0 unchanged." in body and "阿尔法实验室" in body
    bad = upload(client, b"name_en,kind\nAlpha,institute\n\x80\n")
    assert bad.status_code == 400
    assert "units.csv, line 3: the text is neither UTF-8 nor GBK" in bad.content.decode()
