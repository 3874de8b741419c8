"""Pages of the co-authorship figures, under ``/collaboration/``."""

from django.urls import path

from stcoop.collaboration import views

app_name = "collaboration"
urlpatterns = [
    path("", views.PairListView.as_view(), name="list"),
    path("country/", views.CountryView.as_view(), name="country"),
]
