"""Command-line tools of the policies app (see :mod:`stcoop.cli.registry`).

* ``stcoop import policy-text FILE --issuer ... --date ... [--title ...] [--level ...]``:
  load a plain-text file (UTF-8 or GBK) as the full text of one policy document.

Bulk imports of document lists use the ``policies`` import spec
(``stcoop import policies FILE``).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import click

from stcoop.cli.django_setup import needs_django
from stcoop.cli.errors import CliError

LEVELS = ("international", "national", "provincial", "municipal")
STATUSES = ("draft", "in_force", "amended", "repealed")


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD)") from None


def _actor(username: str | None) -> Any:
    if not username:
        from stcoop.cli.actors import import_actor

        return import_actor()
    from django.contrib.auth import get_user_model

    user = get_user_model()._default_manager.filter(username=username).first()
    if user is None:
        raise CliError(f"no user is called {username!r}")
    return user


@click.command("policy-text")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", help="Title (default: the first title-like line of the file).")
@click.option("--title-en", default="", help="English title, if the text is Chinese.")
@click.option("--issuer", required=True, help="Who issued the document, e.g. 科技部.")
@click.option("--date", "issue_date", required=True, help="Issue date, YYYY-MM-DD.")
@click.option("--level", type=click.Choice(LEVELS), default="national", show_default=True)
@click.option("--status", type=click.Choice(STATUSES), default="in_force", show_default=True)
@click.option("--number", "document_number", default="", help="Document number (文号).")
@click.option("--country", default="CN", show_default=True, help="ISO code of the jurisdiction.")
@click.option("--province", default="", help="Province of a Chinese document (code or name).")
@click.option("--language", default="", help="ISO code of the text (default: guessed).")
@click.option("--link", default="", help="Address of the published document.")
@click.option(
    "--owner-unit",
    "owner_unit_id",
    type=int,
    help='ID of the owning unit (default: the "Reference data" unit).',
)
@click.option(
    "--visibility",
    type=click.Choice(("public", "shared", "internal")),
    default="public",
    show_default=True,
)
@click.option(
    "--user", "username", help="Import as this user (default: the first platform administrator)."
)
@click.option("--dry-run", is_flag=True, help="Read and check; write nothing.")
@needs_django
def import_policy_text(
    file: Path,
    title: str | None,
    title_en: str,
    issuer: str,
    issue_date: str,
    level: str,
    status: str,
    document_number: str,
    country: str,
    province: str,
    language: str,
    link: str,
    owner_unit_id: int | None,
    visibility: str,
    username: str | None,
    dry_run: bool,
) -> None:
    """Load FILE, a plain-text policy document (UTF-8 or GBK), as one document's full text.

    The document with the same number, or else the same title and issue date, is updated;
    otherwise a new one is added. Running it again with the same file changes nothing.
    """
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.db import transaction

    from stcoop.geo.models import Country
    from stcoop.geo.provinces import parse_province
    from stcoop.organisations.cli import import_owner
    from stcoop.policies.models import PolicyDocument
    from stcoop.policies.services import policy_create, policy_update
    from stcoop.policies.texts import (
        TextDecodeError,
        clean_text,
        decode_text,
        guess_language,
        guess_title,
    )

    day = _date(issue_date)
    try:
        text = clean_text(decode_text(file.read_bytes()))
    except TextDecodeError as error:
        raise CliError(f"{file.name}: {error}") from None
    if not text:
        raise CliError(f"{file.name} is empty")
    title = (title or "").strip() or guess_title(text)
    if not title:
        raise CliError(f"{file.name} has no line that looks like a title; give --title")
    language = language.strip().lower() or guess_language(text)
    jurisdiction = Country.objects.filter(iso2=country.strip().upper()).first()
    if jurisdiction is None:
        raise CliError(f"no country has the ISO code {country!r}")
    province_code = ""
    if province:
        try:
            province_code = parse_province(province)
        except ValueError as error:
            raise CliError(str(error)) from None
    chinese = language.startswith("zh")
    fields: dict[str, Any] = {
        "title_zh_hans" if chinese else "title_en": title,
        "issuer_zh_hans" if chinese else "issuer_en": issuer.strip(),
        "issue_date": day,
        "status": status,
        "level": level,
        "country": jurisdiction,
        "province": province_code,
        "full_text": text,
        "language": language,
    }
    if title_en and chinese:
        fields["title_en"] = title_en.strip()
    if document_number:
        fields["document_number"] = document_number.strip()
    if link:
        fields["link"] = link.strip()
    actor = _actor(username)
    with transaction.atomic():
        owner = import_owner(actor, owner_unit_id)
        if document_number:
            existing = PolicyDocument.objects.filter(document_number=document_number).first()
        else:
            title_field = "title_zh_hans" if chinese else "title_en"
            existing = PolicyDocument.objects.filter(**{title_field: title}, issue_date=day).first()
        try:
            if existing is None:
                policy = policy_create(
                    actor=actor, owner_unit=owner, visibility=visibility, **fields
                )
                outcome = "created"
            else:
                changes = {k: v for k, v in fields.items() if getattr(existing, k) != v}
                if changes:
                    policy_update(actor=actor, policy=existing, **changes)
                outcome = "updated" if changes else "unchanged"
                policy = existing
        except ValidationError as error:
            messages = (
                [
                    f"{field}: {message}"
                    for field, items in error.message_dict.items()
                    for message in items
                ]
                if hasattr(error, "error_dict")
                else error.messages
            )
            raise CliError("; ".join(messages)) from None
        except PermissionDenied as error:
            raise CliError(str(error)) from None
        if dry_run:
            transaction.set_rollback(True)
    verb = f"would be {outcome}" if dry_run and outcome != "unchanged" else outcome
    click.echo(
        f"policy-text: “{title}” {verb} ({len(text)} characters, language {language})"
        + ("" if dry_run else f", ID {policy.pk}")
    )


import_commands = [import_policy_text]
