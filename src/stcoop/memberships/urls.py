from django.urls import path

from stcoop.memberships import views

app_name = "memberships"
urlpatterns = [
    path("", views.MembershipListView.as_view(), name="list"),
    path("add/", views.MembershipCreateView.as_view(), name="create"),
    path("<int:pk>/", views.MembershipDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.MembershipEditView.as_view(), name="edit"),
    path("<int:pk>/delete/", views.MembershipDeleteView.as_view(), name="delete"),
    path("big-science/", views.ProgrammeListView.as_view(), name="bigscience_list"),
    path("big-science/add/", views.ProgrammeCreateView.as_view(), name="bigscience_create"),
    path("big-science/<int:pk>/", views.ProgrammeDetailView.as_view(), name="bigscience_detail"),
    path("big-science/<int:pk>/edit/", views.ProgrammeEditView.as_view(), name="bigscience_edit"),
    path(
        "big-science/<int:pk>/delete/",
        views.ProgrammeDeleteView.as_view(),
        name="bigscience_delete",
    ),
    path(
        "big-science/<int:pk>/participants/add/",
        views.ParticipationAddView.as_view(),
        name="participation_add",
    ),
    path(
        "big-science/<int:pk>/participants/<int:participation_pk>/edit/",
        views.ParticipationEditView.as_view(),
        name="participation_edit",
    ),
    path(
        "big-science/<int:pk>/participants/<int:participation_pk>/remove/",
        views.ParticipationRemoveView.as_view(),
        name="participation_remove",
    ),
]
