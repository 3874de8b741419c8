from django.urls import path

from stcoop.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list_view, name="list"),
    path("add/", views.PersonCreateView.as_view(), name="create"),
    path("<int:pk>/", views.PersonDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.PersonEditView.as_view(), name="edit"),
    path("<int:pk>/delete/", views.PersonDeleteView.as_view(), name="delete"),
    path("<int:pk>/affiliations/add/", views.AffiliationAddView.as_view(), name="affiliation_add"),
    path(
        "<int:pk>/affiliations/<int:affiliation_pk>/end/",
        views.AffiliationEndView.as_view(),
        name="affiliation_end",
    ),
    path(
        "<int:pk>/affiliations/<int:affiliation_pk>/remove/",
        views.AffiliationRemoveView.as_view(),
        name="affiliation_remove",
    ),
    path("<int:pk>/publications/add/", views.PublicationAddView.as_view(), name="publication_add"),
    path(
        "<int:pk>/publications/<int:publication_pk>/remove/",
        views.PublicationRemoveView.as_view(),
        name="publication_remove",
    ),
]
