from django.urls import path, re_path

from stcoop.projects import partner_views, views

app_name = "projects"
KINDS = "(?P<kind>participants|funding|outputs)"
urlpatterns = [
    path("", views.ProjectListView.as_view(), name="list"),
    path("add/", views.RecordCreateView.as_view(kind=views.PROJECT), name="add"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="detail"),
    path("partners/", partner_views.PartnerSuggestView.as_view(), name="partner_suggest"),
    path(
        "<int:pk>/partners/",
        partner_views.PartnerSuggestForProjectView.as_view(),
        name="partner_suggest_for_project",
    ),
    path("<int:pk>/edit/", views.RecordEditView.as_view(kind=views.PROJECT), name="edit"),
    path("<int:pk>/delete/", views.RecordDeleteView.as_view(kind=views.PROJECT), name="delete"),
    re_path(
        rf"^(?P<pk>[0-9]+)/{KINDS}/add/$",
        views.ChildView.as_view(),
        name="child_add",
    ),
    re_path(
        rf"^(?P<pk>[0-9]+)/{KINDS}/(?P<child_pk>[0-9]+)/edit/$",
        views.ChildView.as_view(),
        name="child_edit",
    ),
    re_path(
        rf"^(?P<pk>[0-9]+)/{KINDS}/(?P<child_pk>[0-9]+)/remove/$",
        views.ChildRemoveView.as_view(),
        name="child_remove",
    ),
    path("programmes/", views.ProgrammeListView.as_view(), name="programme_list"),
    path(
        "programmes/add/",
        views.RecordCreateView.as_view(kind=views.PROGRAMME),
        name="programme_add",
    ),
    path(
        "programmes/<int:pk>/",
        views.ProgrammeDetailView.as_view(),
        name="programme_detail",
    ),
    path(
        "programmes/<int:pk>/edit/",
        views.RecordEditView.as_view(kind=views.PROGRAMME),
        name="programme_edit",
    ),
    path(
        "programmes/<int:pk>/delete/",
        views.RecordDeleteView.as_view(kind=views.PROGRAMME),
        name="programme_delete",
    ),
    path(
        "programmes/<int:pk>/budget/add/",
        views.ChildView.as_view(),
        {"kind": "budget"},
        name="budget_add",
    ),
    path(
        "programmes/<int:pk>/budget/<int:child_pk>/edit/",
        views.ChildView.as_view(),
        {"kind": "budget"},
        name="budget_edit",
    ),
    path(
        "programmes/<int:pk>/budget/<int:child_pk>/remove/",
        views.ChildRemoveView.as_view(),
        {"kind": "budget"},
        name="budget_remove",
    ),
]
