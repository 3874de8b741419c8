from django.urls import path

from stcoop.organisations import resolution_views, views

app_name = "organisations"
urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="list"),
    path("add/", views.OrganisationCreateView.as_view(), name="create"),
    path("resolve/", resolution_views.ResolveView.as_view(), name="resolve"),
    path("resolve/search/", resolution_views.OrganisationSearchView.as_view(), name="search"),
    path("resolve/<int:job_id>/", resolution_views.ResolveJobView.as_view(), name="resolve_job"),
    path(
        "resolve/<int:job_id>/progress/",
        resolution_views.ResolveProgressView.as_view(),
        name="resolve_progress",
    ),
    path(
        "resolve/<int:job_id>/rows/<int:index>/",
        resolution_views.ResolveCorrectView.as_view(),
        name="resolve_correct",
    ),
    path(
        "resolve/<int:job_id>/download/<str:fmt>/",
        resolution_views.ResolveDownloadView.as_view(),
        name="resolve_download",
    ),
    path("duplicates/", resolution_views.DuplicatesView.as_view(), name="duplicates"),
    path("review/", resolution_views.ReviewView.as_view(), name="review"),
    path(
        "review/<int:item_id>/decide/",
        resolution_views.ReviewDecideView.as_view(),
        name="review_decide",
    ),
    path(
        "review/bulk-accept/",
        resolution_views.ReviewBulkAcceptView.as_view(),
        name="review_bulk_accept",
    ),
    path("<int:pk>/", views.OrganisationDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.OrganisationEditView.as_view(), name="edit"),
    path("<int:pk>/delete/", views.OrganisationDeleteView.as_view(), name="delete"),
    path("<int:pk>/merge/", views.OrganisationMergeView.as_view(), name="merge"),
    path("<int:pk>/ids/add/", views.ExternalIdAddView.as_view(), name="id_add"),
    path(
        "<int:pk>/ids/<int:id_pk>/remove/", views.ExternalIdRemoveView.as_view(), name="id_remove"
    ),
]
