"""Pages of the reference-data app, under ``/geo/``."""

from django.urls import path
from django.views.generic import RedirectView

from stcoop.geo import views

app_name = "geo"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="geo:country_list"), name="index"),
    path("countries/", views.CountryListView.as_view(), name="country_list"),
    path("countries/<str:iso2>/", views.CountryDetailView.as_view(), name="country_detail"),
    path("groupings/", views.GroupingListView.as_view(), name="grouping_list"),
    path("groupings/<slug:code>/", views.GroupingDetailView.as_view(), name="grouping_detail"),
    path(
        "groupings/<slug:code>/members/add/",
        views.MemberAddView.as_view(),
        name="grouping_member_add",
    ),
    path(
        "groupings/<slug:code>/members/<str:iso2>/remove/",
        views.MemberRemoveView.as_view(),
        name="grouping_member_remove",
    ),
    path("groupings/<slug:code>/import/", views.MemberImportView.as_view(), name="grouping_import"),
    path(
        "groupings/<slug:code>/source/",
        views.GroupingSourceEditView.as_view(),
        name="grouping_source_edit",
    ),
]
