"""OpenAPI descriptions shared by the registry endpoints."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.serializers import BaseSerializer

from stcoop.api.serializers import ErrorSerializer

#: The error answers of a write on an owned record.
WRITE_ERRORS: dict[int, OpenApiResponse] = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input, keyed by field."),
    403: OpenApiResponse(ErrorSerializer, description="Not allowed for this record or unit."),
}


def crud_schema(
    request: type[BaseSerializer[Any]], response: type[BaseSerializer[Any]]
) -> Callable[[Any], Any]:
    """Describe a ModelViewSet whose writes take ``request`` and answer ``response``.

    Create answers 201, update and partial update 200, delete 204; writes may fail
    with the platform's error body (:data:`WRITE_ERRORS`).
    """
    return extend_schema_view(
        create=extend_schema(request=request, responses={201: response, **WRITE_ERRORS}),
        update=extend_schema(request=request, responses={200: response, **WRITE_ERRORS}),
        partial_update=extend_schema(request=request, responses={200: response, **WRITE_ERRORS}),
        destroy=extend_schema(responses={204: None, 403: WRITE_ERRORS[403]}),
    )
