"""URL map of ``/api/``: a router filled by each domain app's ``api.register``, sign-in,
the OpenAPI schema and its documentation pages.

Each module in :data:`API_MODULES` exposes ``register(router)``; a module that does not
exist (yet) is skipped, any other import error (such as a missing dependency inside an
existing module) is raised.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from stcoop.api.auth import AuthTokenView, MeView
from stcoop.api.views import RedocDocsView, SwaggerDocsView, endpoint_not_found

API_MODULES: tuple[str, ...] = (
    "stcoop.accounts.api",
    "stcoop.geo.api",
    "stcoop.notices.api",
    "stcoop.organisations.api",
    "stcoop.people.api",
    "stcoop.projects.api",
    "stcoop.agreements.api",
    "stcoop.memberships.api",
    "stcoop.bases.api",
    "stcoop.technologies.api",
    "stcoop.policies.api",
    "stcoop.resources.api",
    "stcoop.collaboration.api",
    "stcoop.search.api",
    "stcoop.matching.api",
)


def build_router(modules: tuple[str, ...] = API_MODULES) -> DefaultRouter:
    """A router with the endpoints of every module in ``modules`` that exists."""
    router = DefaultRouter()
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            # Skip only when the module itself (or its app package) is missing; a missing
            # import *inside* an existing module is a real error.
            if error.name is None or not (name == error.name or name.startswith(f"{error.name}.")):
                raise
            continue
        module.register(router)
    return router


def extra_urlpatterns(modules: tuple[str, ...] = API_MODULES) -> list[Any]:
    """URL patterns a module adds beside its router entries (``extra_urlpatterns``),
    such as a path without the trailing slash that a foreign client expects."""
    patterns: list[Any] = []
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        patterns.extend(getattr(module, "extra_urlpatterns", []))
    return patterns


router = build_router()

app_name = "api"
urlpatterns = [
    path("auth/token/", AuthTokenView.as_view(), name="auth-token"),
    path("me/", MeView.as_view(), name="me"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerDocsView.as_view(), name="docs"),
    path("redoc/", RedocDocsView.as_view(), name="redoc"),
    *extra_urlpatterns(),
    path("", include(router.urls)),
    re_path(r"^.*$", endpoint_not_found, name="not-found"),
]
