"""Token authentication that also speaks the client's language."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from rest_framework import authentication
from rest_framework.request import Request


class TokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>``; a client that sends no ``Accept-Language`` gets its
    user's preferred language (the locale middleware has already applied the header when
    there is one; it cannot see token users, who are only known here)."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is not None and not request.META.get("HTTP_ACCEPT_LANGUAGE"):
            language = getattr(result[0], "language", "")
            if language and translation.check_for_language(language):
                translation.activate(language)
                request._request.LANGUAGE_CODE = translation.get_language()
        return result
