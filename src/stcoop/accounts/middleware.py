"""Activate a signed-in user's preferred language for every request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation


class UserLanguageMiddleware:
    """Switch to ``user.language`` after authentication (the choice is remembered per user).

    An explicit ``?lang=`` in the URL wins for that request only, so links can be shared
    in a given language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        requested = request.GET.get("lang", "")
        user = getattr(request, "user", None)
        language = ""
        if requested and translation.check_for_language(requested):
            language = requested
        elif user is not None and user.is_authenticated and user.language:
            language = user.language
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if language:
            response.headers.setdefault("Content-Language", language)
        return response
