"""The Chinese catalogue is complete: every string the code and templates mark for translation
has a non-empty, non-fuzzy msgstr in ``locale/zh_Hans/LC_MESSAGES/django.po``, with the
same placeholders as its msgid.

The strings are extracted with Django's ``makemessages`` (GNU gettext's ``xgettext``) from a
temporary copy of the package, so running the test never touches the source tree.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from django.core.management import call_command
from django.test import override_settings

import stcoop

PACKAGE = Path(stcoop.__file__).resolve().parent
CATALOGUE = PACKAGE / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
SHOWN = 50

# {name}, {0}, %(name)s, %s, %d ... but not a literal %% or {{ }}.
_PLACEHOLDER = re.compile(r"%\([A-Za-z_]\w*\)[sdifr]|%[sdifr]|\{[A-Za-z_0-9]*\}")

Key = tuple[str | None, str]


@contextmanager
def _working_directory(path: Path) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def _key(message: Message) -> Key:
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return (message.context, msgid)


def _strings(message: Message) -> list[str]:
    value = message.string
    return [s or "" for s in value] if isinstance(value, tuple | list) else [value or ""]


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text.replace("%%", "").replace("{{", "").replace("}}", "")))


def _describe(key: Key) -> str:
    context, msgid = key
    return f"[{context}] {msgid!r}" if context else repr(msgid)


def _read(path: Path, *, strict: bool = True) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, abort_invalid=strict)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[Key, Message]:
    """Every msgid of the package, extracted from a throw-away copy."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is missing: apt-get install gettext")
    copy = tmp_path_factory.mktemp("i18n") / "stcoop"
    shutil.copytree(
        PACKAGE,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "vendor", "*.po", "*.mo"),
    )
    locale = copy / "locale"
    locale.mkdir(exist_ok=True)
    with _working_directory(copy), override_settings(LOCALE_PATHS=[locale]):
        call_command(
            "makemessages", locale=["zh_Hans"], domain="django", no_obsolete=True, verbosity=0
        )
    # A fresh template has no plural rule yet (two empty plural msgstrs); read it leniently.
    catalogue = _read(locale / "zh_Hans" / "LC_MESSAGES" / "django.po", strict=False)
    return {_key(message): message for message in catalogue if message.id}


@pytest.fixture(scope="module")
def translated() -> dict[Key, Message]:
    if not CATALOGUE.exists():
        return {}
    return {_key(message): message for message in _read(CATALOGUE) if message.id}


def test_something_was_extracted(extracted: dict[Key, Message]) -> None:
    # Guards against a broken extraction passing the completeness test vacuously.
    assert len(extracted) > 50
    assert (None, "Page not found") in extracted


def test_every_string_is_translated(
    extracted: dict[Key, Message], translated: dict[Key, Message]
) -> None:
    missing = sorted(
        (key for key in extracted if key not in translated), key=lambda k: (k[0] or "", k[1])
    )
    empty = sorted(
        (
            key
            for key in extracted
            if key in translated and not all(s.strip() for s in _strings(translated[key]))
        ),
        key=lambda k: (k[0] or "", k[1]),
    )
    fuzzy = sorted(
        (key for key in extracted if key in translated and translated[key].fuzzy),
        key=lambda k: (k[0] or "", k[1]),
    )
    problems = []
    for label, keys in (
        ("missing from the catalogue", missing),
        ("with an empty msgstr", empty),
        ("marked fuzzy", fuzzy),
    ):
        if keys:
            listed = "\n  ".join(_describe(k) for k in keys[:SHOWN])
            more = f"\n  ... and {len(keys) - SHOWN} more" if len(keys) > SHOWN else ""
            problems.append(f"{len(keys)} msgid(s) {label} ({CATALOGUE}):\n  {listed}{more}")
    assert not problems, "\n\n".join(problems)


def test_placeholders_match(extracted: dict[Key, Message], translated: dict[Key, Message]) -> None:
    mismatched = []
    for key in extracted:
        message = translated.get(key)
        if message is None:
            continue
        ids = list(message.id) if isinstance(message.id, tuple | list) else [message.id]
        accepted = {tuple(_placeholders(text)) for text in ids}
        for text in _strings(message):
            if text and tuple(_placeholders(text)) not in accepted:
                mismatched.append(f"{_describe(key)} -> {text!r}")
    assert not mismatched, "placeholders differ between msgid and msgstr:\n  " + "\n  ".join(
        mismatched[:SHOWN]
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Hello {name}, you have %(count)s and %s", ["%(count)s", "%s", "{name}"]),
        ("100%% sure {{ literal }}", []),
        ("{0} of {1}", ["{0}", "{1}"]),
    ],
)
def test_placeholder_pattern(text: str, found: list[str]) -> None:
    assert _placeholders(text) == sorted(found)
