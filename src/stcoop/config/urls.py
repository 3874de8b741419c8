"""URL map: the web pages of each domain app, the API under /api/, health and errors."""

from django.urls import include, path

urlpatterns = [
    path("", include("stcoop.core.urls")),
    path("accounts/", include("stcoop.accounts.urls")),
    path("geo/", include("stcoop.geo.urls")),
    path("notices/", include("stcoop.notices.urls")),
    path("organisations/", include("stcoop.organisations.urls")),
    path("people/", include("stcoop.people.urls")),
    path("projects/", include("stcoop.projects.urls")),
    path("agreements/", include("stcoop.agreements.urls")),
    path("memberships/", include("stcoop.memberships.urls")),
    path("bases/", include("stcoop.bases.urls")),
    path("technologies/", include("stcoop.technologies.urls")),
    path("policies/", include("stcoop.policies.urls")),
    path("resources/", include("stcoop.resources.urls")),
    path("collaboration/", include("stcoop.collaboration.urls")),
    path("search/", include("stcoop.search.urls")),
    path("matching/", include("stcoop.matching.urls")),
    path("indicators/", include("stcoop.indicators.urls")),
    path("api/", include("stcoop.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler400 = "stcoop.core.views.errors.bad_request"
handler403 = "stcoop.core.views.errors.permission_denied"
handler404 = "stcoop.core.views.errors.page_not_found"
handler500 = "stcoop.core.views.errors.server_error"
