from django.urls import path

from stcoop.resources import views

app_name = "resources"
urlpatterns = [
    path("", views.resource_list_view, name="list"),
    path("add/", views.ResourceCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ResourceDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ResourceEditView.as_view(), name="edit"),
    path("<int:pk>/delete/", views.ResourceDeleteView.as_view(), name="delete"),
]
