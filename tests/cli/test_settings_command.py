"""``stcoop settings`` lists every variable; the README and the code agree with the list."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from stcoop.cli.commands.settings import settings_markdown
from stcoop.config.env import SETTINGS_DOC

REPO = Path(__file__).resolve().parents[2]
NAMES = [setting.name for setting in SETTINGS_DOC]


def test_table_lists_every_variable(stcoop: Any) -> None:
    result = stcoop("settings")
    assert result.exit_code == 0
    for name in NAMES:
        assert name in result.output


def test_json_shows_current_values_and_hides_secrets(stcoop: Any) -> None:
    env = {
        "STCOOP_LOG_LEVEL": "DEBUG",
        "STCOOP_SECRET_KEY": "s3cret-value",
        "STCOOP_EMAIL_URL": "smtp://mailer:hunter2@mail.example.org:587",
    }
    result = stcoop("settings", "--format", "json", env=env)
    assert result.exit_code == 0
    rows = {row["name"]: row for row in json.loads(result.output)}
    assert list(rows) == NAMES
    assert rows["STCOOP_LOG_LEVEL"]["value"] == "DEBUG"
    assert rows["STCOOP_LOG_LEVEL"]["default"] == "INFO"
    assert rows["STCOOP_SECRET_KEY"]["value"] == "(set, hidden)"
    assert rows["STCOOP_EMAIL_URL"]["value"] == "smtp://mailer:***@mail.example.org:587"
    assert "s3cret" not in result.output and "hunter2" not in result.output


def test_unset_variables_show_as_default(stcoop: Any) -> None:
    result = stcoop("settings", "--format", "json", env={"STCOOP_TIME_ZONE": ""})
    rows = {row["name"]: row for row in json.loads(result.output)}
    assert rows["STCOOP_TIME_ZONE"]["value"] is None


def test_readme_table_is_the_generated_one() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- settings:start -->", "<!-- settings:end -->"
    assert start in readme and end in readme
    table = readme.split(start, 1)[1].split(end, 1)[0].strip()
    assert table == settings_markdown(), (
        "README's configuration table is stale: replace it with `stcoop settings --format markdown`"
    )


def test_every_variable_read_by_the_code_is_documented() -> None:
    used: set[str] = set()
    for path in (REPO / "src" / "stcoop").rglob("*.py"):
        used |= set(re.findall(r"[\"'](STCOOP_[A-Z0-9_]+)[\"']", path.read_text(encoding="utf-8")))
    assert used - set(NAMES) == set()
