"""One error body for every API failure: ``{"detail": str, "errors": {field: [msg]}}``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from stcoop.core.middleware import still_used_message


def _field_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Flatten DRF's nested error detail into ``{"field.sub": ["message", ...]}``."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for field, messages in _field_errors(value, name).items():
                out.setdefault(field, []).extend(messages)
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            out[prefix or "non_field_errors"] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                name = f"{prefix}.{index}" if prefix else str(index)
                for field, messages in _field_errors(item, name).items():
                    out.setdefault(field, []).extend(messages)
    else:
        out[prefix or "non_field_errors"] = [str(detail)]
    return out


class StillInUse(exceptions.APIException):
    """409: the record cannot be deleted while other records refer to it."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "still_in_use"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Translate service and DRF exceptions into the platform's error body."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            exc = exceptions.ValidationError(exc.message_dict)
        else:
            exc = exceptions.ValidationError({"non_field_errors": exc.messages})
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("No record matches the given ID."))
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = StillInUse(still_used_message(exc))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        body: dict[str, Any] = {"detail": _("Invalid input."), "errors": _field_errors(exc.detail)}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        body = {"detail": str(detail) or _("Request failed."), "errors": {}}
    body["status"] = response.status_code
    response.data = body
    if response.status_code == status.HTTP_401_UNAUTHORIZED and not response.get(
        "WWW-Authenticate"
    ):
        response["WWW-Authenticate"] = "Token"
    return response
