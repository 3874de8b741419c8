"""The search page, the API and the command line."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.utils import translation

from stcoop.search import store

from .corpus import build_corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(units: Any) -> Any:
    data = build_corpus(units)
    store.rebuild()
    return data


@pytest.fixture
def en() -> Any:
    with translation.override("en"):
        yield


def test_every_page_has_the_search_box(client: Any, db: Any) -> None:
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="site-search"' in html
    assert 'name="q"' in html
    assert 'for="site-search-q"' in html


def test_empty_query_shows_help(client: Any, db: Any) -> None:
    response = client.get("/search/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="search-help"' in html
    assert "量子计算" in html  # examples in both languages
    assert "quantum computing" in html


def test_results_with_highlights_facets_and_why(client: Any, corpus: Any, en: Any) -> None:
    response = client.get("/search/", {"q": "Tsinghua"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/organisations/{corpus.tsinghua.pk}/"' in html
    assert "<mark>Tsinghua</mark>" in html
    assert 'data-testid="type-tabs"' in html
    assert 'data-facet="country"' in html
    assert 'data-testid="why"' in html


def test_chinese_query_finds_english_record_with_badge(client: Any, corpus: Any, en: Any) -> None:
    html = client.get("/search/", {"q": "量子计算"}).content.decode()
    assert f'data-id="project:{corpus.quantum.pk}"' in html
    assert 'data-testid="cross-lingual"' in html


def test_private_record_hidden_from_visitors(client_for: Any, corpus: Any, users: Any) -> None:
    anonymous = client_for(None).get("/search/", {"q": "Zyxwv", "mode": "lexical"})
    assert f"organisation:{corpus.secret.pk}" not in anonymous.content.decode()
    member = client_for(users.org_user).get("/search/", {"q": "Zyxwv", "mode": "lexical"})
    assert f"organisation:{corpus.secret.pk}" in member.content.decode()


def test_titles_are_escaped(client: Any, units: Any, en: Any) -> None:
    from organisations.factories import OrganisationFactory

    OrganisationFactory(owner_unit=units.ministry, name_en="<script>alert(1)</script> Evil Lab")
    store.rebuild()
    html = client.get("/search/", {"q": "Evil Lab script", "mode": "lexical"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "<mark>script</mark>" not in html or "&lt;<mark>script</mark>&gt;" in html
    assert "&lt;" in html and "alert(1)" in html


def test_bad_input_never_fails(client: Any, corpus: Any, en: Any) -> None:
    long = client.get("/search/", {"q": "quantum " * 300}, HTTP_ACCEPT_LANGUAGE="en")
    assert long.status_code == 200
    assert "only the first 1000 were used" in long.content.decode()
    odd = client.get(
        "/search/",
        {"q": "\x00\u200b🙂", "country": "ZZ", "type": "spaceship", "mode": "x", "page": "-3"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert odd.status_code == 200
    text = odd.content.decode()
    assert "Unknown value “ZZ” for country" in text
    assert "Unknown record type “spaceship”" in text
    assert "Unknown search mode" in text
    assert client.get("/search/", {"q": "quantum", "page": "999"}).status_code == 200
    assert client.get("/search/", {"q": "quantum", "date_from": "yesterday"}).status_code == 200


def test_modes_sort_and_pages(client: Any, corpus: Any) -> None:
    for mode in ("hybrid", "lexical", "semantic", "dense"):
        response = client.get("/search/", {"q": "quantum", "mode": mode, "sort": "date"})
        assert response.status_code == 200


def test_export(client: Any, corpus: Any, en: Any) -> None:
    response = client.get("/search/", {"q": "Tsinghua", "format": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert "Tsinghua University" in body
    xlsx = client.get("/search/", {"q": "Tsinghua", "format": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_api(client: Any, corpus: Any, en: Any) -> None:
    response = client.get("/api/search/", {"q": "Tsinghua", "mode": "lexical"})
    assert response.status_code == 200, response.content
    data = response.json()
    first = data["items"][0]
    assert first["id"] == f"organisation:{corpus.tsinghua.pk}"
    assert first["type"] == "organisation"
    assert first["url"].endswith(f"/organisations/{corpus.tsinghua.pk}/")
    assert first["explanation"]["matched_terms"]
    assert any(match for snippet in first["snippets"] for _, match in snippet) or first["title"]
    assert data["facets"]["type"]["organisation"] == 1
    typed = client.get("/api/search/", {"q": "Tsinghua", "type": "technology"}).json()
    assert {item["type"] for item in typed["items"]} == {"technology"}


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x", "mode": "magic"},
        {"q": "x", "colour": "red"},
        {"q": "x", "type": "spaceship"},
        {"q": "x", "country": "ZZ"},
        {"q": "x", "page_size": "1000"},
        {"q": ""},
    ],
)
def test_api_refuses_bad_parameters(client: Any, corpus: Any, params: dict[str, str]) -> None:
    response = client.get("/api/search/", params)
    assert response.status_code == 400
    assert response.json()


def test_api_hides_private_records(client: Any, corpus: Any) -> None:
    data = client.get("/api/search/", {"q": "Zyxwv", "mode": "lexical"}).json()
    assert f"organisation:{corpus.secret.pk}" not in [item["id"] for item in data["items"]]


def test_cli_search_json_and_table(corpus: Any, users: Any) -> None:
    from click.testing import CliRunner

    from stcoop.cli.main import create_cli

    runner = CliRunner()
    cli = create_cli()
    result = runner.invoke(cli, ["search", "Tsinghua", "--json", "--mode", "lexical"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert lines[0]["id"] == f"organisation:{corpus.tsinghua.pk}"
    result = runner.invoke(cli, ["search", "Zyxwv", "--json", "--mode", "lexical"])
    assert f"organisation:{corpus.secret.pk}" not in result.output
    result = runner.invoke(
        cli, ["search", "Zyxwv", "--json", "--mode", "lexical", "--as", users.org_user.username]
    )
    assert f"organisation:{corpus.secret.pk}" in result.output
    table = runner.invoke(cli, ["search", "清华", "--type", "organisation", "--limit", "3"])
    assert table.exit_code == 0, table.output
    assert "Tsinghua" in table.output or "清华" in table.output
    bad = runner.invoke(cli, ["search", "x", "--type", "spaceship"])
    assert bad.exit_code != 0
    assert "spaceship" in bad.output


def test_reindex_command(corpus: Any) -> None:
    from click.testing import CliRunner

    from stcoop.cli.main import create_cli

    result = CliRunner().invoke(create_cli(), ["reindex", "--only", "search"])
    assert result.exit_code == 0, result.output
    assert "search:" in result.output


def test_demo_step_builds_the_index(corpus: Any) -> None:
    from stcoop.demo.registry import DemoContext
    from stcoop.demo.report import DemoReport
    from stcoop.search.demo import search_demo
    from stcoop.search.models import SearchDocument

    SearchDocument.objects.all().delete()
    search_demo(DemoContext(seed=1, report=DemoReport(seed=1)))
    assert SearchDocument.objects.filter(deleted=False).count() >= 13


def test_serve_starts_and_stops_a_worker(monkeypatch: Any) -> None:
    from click.testing import CliRunner

    from stcoop.cli.commands import serve as serve_module
    from stcoop.cli.main import create_cli

    started: list[list[str]] = []

    class FakeChild:
        def __init__(self, argv: list[str]) -> None:
            started.append(argv)
            self.stopped = False

        def poll(self) -> None:
            return None

        def terminate(self) -> None:
            self.stopped = True

        def wait(self, timeout: float | None = None) -> int:
            return 0

    monkeypatch.setattr(serve_module.subprocess, "Popen", FakeChild)
    monkeypatch.setattr("django.core.management.call_command", lambda *a, **kw: None)
    monkeypatch.delenv("RUN_MAIN", raising=False)
    result = CliRunner().invoke(create_cli(), ["serve", "--no-reload"])
    assert result.exit_code == 0, result.output
    assert started and started[0][-1] == "worker"
    started.clear()
    result = CliRunner().invoke(create_cli(), ["serve", "--no-reload", "--no-worker"])
    assert result.exit_code == 0
    assert started == []


def test_search_eval(corpus: Any, tmp_path: Any) -> None:
    from click.testing import CliRunner

    from stcoop.cli.main import create_cli

    queries = tmp_path / "q.jsonl"
    queries.write_text(
        json.dumps({"query": "清华大学", "relevant": [f"organisation:{corpus.tsinghua.pk}"]})
        + "\n"
        + json.dumps({"query": "量子计算", "relevant": [f"project:{corpus.quantum.pk}"]})
        + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(create_cli(), ["search-eval", "--queries", str(queries)])
    assert result.exit_code == 0, result.output
    assert "recall@10\t1.0000" in result.output
    assert "mrr\t" in result.output
    broken = tmp_path / "bad.jsonl"
    broken.write_text("{not json\n", encoding="utf-8")
    result = CliRunner().invoke(create_cli(), ["search-eval", "--queries", str(broken)])
    assert result.exit_code != 0
    assert "bad.jsonl:1" in result.output


def test_the_save_link_carries_the_search_to_the_saved_search_form() -> None:
    from django.http import QueryDict

    from stcoop.search import views

    params = QueryDict("q=quantum&type=project&mode=semantic&page=2")
    url = views._save_search_url(params)
    assert url is not None and url.startswith("/matching/saved/new/?")
    assert "mode=dense" in url and "page=" not in url and "q=quantum" in url
