"""Uploaded import files kept on the server between the preview and the confirmation.

The confirmation applies the very file that was previewed: it is stored under
``<STCOOP_VAR_DIR>/uploads`` with a random token, the user who uploaded it and the spec,
and expires after :data:`MAX_AGE` seconds. The browser only sends the token back; the
view also checks that the token belongs to the same session.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

#: Seconds an uploaded file stays available for confirmation.
MAX_AGE = 60 * 60
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


@dataclass(frozen=True)
class StoredUpload:
    """A previewed file waiting for confirmation."""

    token: str
    filename: str
    data: bytes


def upload_dir() -> Path:
    """The folder of stored uploads (created when missing)."""
    folder = Path(settings.VAR_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _paths(token: str) -> tuple[Path, Path]:
    folder = upload_dir()
    return folder / f"{token}.bin", folder / f"{token}.json"


def purge_expired(now: float | None = None) -> int:
    """Delete stored uploads older than :data:`MAX_AGE`; return how many."""
    limit = (time.time() if now is None else now) - MAX_AGE
    removed = 0
    for meta in upload_dir().glob("*.json"):
        try:
            created = float(json.loads(meta.read_text(encoding="utf-8"))["created"])
        except (OSError, ValueError, KeyError, TypeError):
            created = 0.0
        if created < limit:
            meta.with_suffix(".bin").unlink(missing_ok=True)
            meta.unlink(missing_ok=True)
            removed += 1
    return removed


def store_upload(*, data: bytes, filename: str, spec_name: str, user_id: Any) -> str:
    """Keep ``data`` for a later confirmation; return its token."""
    purge_expired()
    token = secrets.token_urlsafe(32)
    content, meta = _paths(token)
    content.write_bytes(data)
    meta.write_text(
        json.dumps(
            {"filename": filename, "spec": spec_name, "user": user_id, "created": time.time()}
        ),
        encoding="utf-8",
    )
    return token


def load_upload(token: str, *, spec_name: str, user_id: Any) -> StoredUpload | None:
    """The stored file for ``token``, or ``None`` if unknown, expired, or someone else's."""
    if not _TOKEN.match(token or ""):
        return None
    content, meta_path = _paths(token)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        data = content.read_bytes()
    except (OSError, ValueError):
        return None
    if meta.get("user") != user_id or meta.get("spec") != spec_name:
        return None
    if float(meta.get("created", 0)) < time.time() - MAX_AGE:
        discard_upload(token)
        return None
    return StoredUpload(token=token, filename=str(meta.get("filename", "")), data=data)


def discard_upload(token: str) -> None:
    """Delete a stored upload (after it was applied)."""
    if _TOKEN.match(token or ""):
        for path in _paths(token):
            path.unlink(missing_ok=True)
