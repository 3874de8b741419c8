from django.urls import path

from stcoop.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="list"),
    path("add/", views.OrganisationCreateView.as_view(), name="create"),
    path("<int:pk>/", views.OrganisationDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.OrganisationEditView.as_view(), name="edit"),
    path("<int:pk>/delete/", views.OrganisationDeleteView.as_view(), name="delete"),
    path("<int:pk>/merge/", views.OrganisationMergeView.as_view(), name="merge"),
    path("<int:pk>/ids/add/", views.ExternalIdAddView.as_view(), name="id_add"),
    path(
        "<int:pk>/ids/<int:id_pk>/remove/", views.ExternalIdRemoveView.as_view(), name="id_remove"
    ),
]
