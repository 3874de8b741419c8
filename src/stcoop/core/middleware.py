"""Request logging: one structured log line per request, tagged with a request ID."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.db.models import ProtectedError, RestrictedError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

logger = logging.getLogger("stcoop.request")
_request_id: ContextVar[str] = ContextVar("stcoop_request_id", default="")


def current_request_id() -> str:
    """The ID of the request being served, or an empty string outside a request."""
    return _request_id.get()


class RequestLogMiddleware:
    """Assign a request ID (or accept ``X-Request-ID``) and log method, path, status, time."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if incoming.isalnum() and len(incoming) <= 64 else uuid.uuid4().hex
        token = _request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = rid
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "request_id": rid,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user": user.get_username() if user is not None and user.is_authenticated else "",
            },
        )
        return response


def still_used_message(error: ProtectedError | RestrictedError) -> str:
    """Why a record cannot be deleted: how many records of which kinds still use it."""
    objects = list(
        error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
    )
    kinds = sorted({str(o._meta.verbose_name_plural) for o in objects})
    return _(
        "This record cannot be deleted: {count} other record(s) still refer to it ({kinds}). "
        "Remove or reassign them first."
    ).format(count=len(objects), kinds=", ".join(kinds))


class ProtectedDeleteMiddleware:
    """Answer a delete refused by the database's protected references with a clear 409
    page naming what still refers to the record, instead of a server error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ProtectedError | RestrictedError):
            return None
        from stcoop.core.views.errors import respond

        return respond(request, 409, _("The record is still in use"), still_used_message(exception))
