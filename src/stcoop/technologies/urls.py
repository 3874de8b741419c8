from django.urls import path

from stcoop.technologies import views

app_name = "technologies"
urlpatterns = [
    path("", views.TechnologyProfileListView.as_view(), name="list"),
    path("add/", views.TechnologyProfileCreateView.as_view(), name="create"),
    path("<int:pk>/", views.TechnologyProfileDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.TechnologyProfileEditView.as_view(), name="edit"),
    path("<int:pk>/delete/", views.TechnologyProfileDeleteView.as_view(), name="delete"),
]
