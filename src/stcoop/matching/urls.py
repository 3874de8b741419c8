from django.urls import path

from stcoop.matching import views

app_name = "matching"
urlpatterns = [
    path("", views.TechnologyListView.as_view(), name="technology_list"),
    path("technology/<int:pk>/", views.TechnologyMatchesView.as_view(), name="technology_matches"),
    path("saved/", views.SavedSearchListView.as_view(), name="saved_list"),
    path("saved/new/", views.SavedSearchCreateView.as_view(), name="saved_create"),
    path("saved/<int:pk>/edit/", views.SavedSearchEditView.as_view(), name="saved_edit"),
    path("saved/<int:pk>/delete/", views.SavedSearchDeleteView.as_view(), name="saved_delete"),
    path("saved/<int:pk>/run/", views.SavedSearchRunView.as_view(), name="saved_run"),
    path("notifications/", views.NotificationListView.as_view(), name="notification_list"),
    path(
        "notifications/<int:pk>/read/",
        views.NotificationReadView.as_view(),
        name="notification_read",
    ),
    path(
        "notifications/read-all/",
        views.NotificationReadAllView.as_view(),
        name="notification_read_all",
    ),
]
