"""API pages that are not about one kind of record: docs, schema, unknown paths."""

from __future__ import annotations

from typing import Any

from csp.constants import NONCE
from csp.decorators import csp_update
from django.http import HttpRequest, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView


class SwaggerDocsView(SpectacularSwaggerSplitView):
    """Swagger UI that runs under the site's strict CSP.

    The split view serves its start-up script as a separate file (``?script``) instead
    of inline, and the template links a stylesheet instead of an inline ``<style>``.
    """

    url_name = "api:schema"
    template_name = "api/swagger_ui.html"


@method_decorator(csp_update({"style-src": [NONCE], "worker-src": ["blob:"]}), name="dispatch")
class RedocDocsView(SpectacularRedocView):
    """ReDoc reference page under the site's CSP.

    ReDoc builds its styles at run time as ``<style>`` elements, which ``style-src 'self'``
    blocks; this page alone adds a per-request nonce to ``style-src`` and the start-up
    script (a static file) hands that nonce to ReDoc. No web fonts are loaded from
    elsewhere and no script runs inline.
    """

    url_name = "api:schema"
    template_name = "api/redoc.html"


@csrf_exempt
def endpoint_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Answer every path under ``/api/`` that names no endpoint with the error body.

    A plain view, not a DRF one, so the browsable API's breadcrumbs do not list it.
    """
    path = request.path
    detail = _("There is no API endpoint at {path}.").format(path=path)
    if not path.endswith("/"):
        try:
            match = resolve(path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not endpoint_not_found:
            detail = _("There is no API endpoint at {path}; did you mean {path}/?").format(
                path=path
            )
    return JsonResponse({"detail": detail, "errors": {}, "status": 404}, status=404)
