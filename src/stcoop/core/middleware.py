"""Request logging: one structured log line per request, tagged with a request ID."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

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
