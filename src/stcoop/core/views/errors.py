"""Error pages in the visitor's language; API paths get JSON bodies instead."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _


def respond(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    """An error page (or, under ``/api/``, the API's error body) with ``status``."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "errors": {}, "status": status}, status=status)
    template = loader.get_template("errors/error.html")
    body = template.render({"status": status, "title": title, "message": message}, request)
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400: the request was malformed (or named a host this site does not answer to)."""
    return respond(request, 400, _("Bad request"), _("The request could not be understood."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403, with the reason the permission layer gave when there is one."""
    reason = str(exception) if exception and str(exception) else ""
    return respond(
        request,
        403,
        _("Access denied"),
        reason or _("You do not have permission to see this page."),
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 for unknown addresses and unknown record IDs alike."""
    return respond(
        request,
        404,
        _("Page not found"),
        _("There is nothing at {path}.").format(path=request.path),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The 403 page for a form sent without a valid CSRF token (``CSRF_FAILURE_VIEW``)."""
    return respond(
        request,
        403,
        _("Form expired"),
        _(
            "This form could not be accepted: it has expired or was not sent from this "
            "site. Go back, reload the page and try again."
        ),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request context: the error may have come from a context processor.
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("Internal server error."), "errors": {}, "status": 500}, status=500
        )
    body = loader.get_template("errors/500.html").render({})
    return HttpResponse(body, status=500)
