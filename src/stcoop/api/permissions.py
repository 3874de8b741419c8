"""DRF permission class that applies :mod:`stcoop.core.permissions` to every endpoint."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from rest_framework import permissions

from stcoop.core.permissions import Action, require

if TYPE_CHECKING:
    # Not at run time: DRF imports this module while ``rest_framework.views`` is still
    # loading (DEFAULT_PERMISSION_CLASSES), so importing it here would be circular.
    from rest_framework.request import Request
    from rest_framework.views import APIView

_METHOD_ACTIONS = {
    "GET": Action.VIEW,
    "HEAD": Action.VIEW,
    "OPTIONS": Action.VIEW,
    "POST": Action.ADD,
    "PUT": Action.CHANGE,
    "PATCH": Action.CHANGE,
    "DELETE": Action.DELETE,
}


class RecordPermission(permissions.BasePermission):
    """Same rules as the web pages.

    Reads are filtered by the view's queryset (which calls ``visible``); object-level
    writes ask :func:`can`. Adding is checked by the service the view calls, which knows
    the owning unit; here an anonymous client is refused any write up front.
    """

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        action = _METHOD_ACTIONS.get(request.method or "GET", Action.CHANGE)
        try:
            require(request.user, action, obj)
        except PermissionDenied as denied:
            # DRF answers 403 with this message: the same words the services use.
            self.message = str(denied)
            return False
        return True
