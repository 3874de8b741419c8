from django.urls import path

from stcoop.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.AgreementListView.as_view(), name="list"),
    path("add/", views.AgreementCreateView.as_view(), name="create"),
    path("<int:pk>/", views.AgreementDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.AgreementEditView.as_view(), name="edit"),
    path("<int:pk>/delete/", views.AgreementDeleteView.as_view(), name="delete"),
    path("mechanisms/", views.MechanismListView.as_view(), name="mechanism_list"),
    path("mechanisms/add/", views.MechanismCreateView.as_view(), name="mechanism_create"),
    path("mechanisms/<int:pk>/", views.MechanismDetailView.as_view(), name="mechanism_detail"),
    path("mechanisms/<int:pk>/edit/", views.MechanismEditView.as_view(), name="mechanism_edit"),
    path(
        "mechanisms/<int:pk>/delete/",
        views.MechanismDeleteView.as_view(),
        name="mechanism_delete",
    ),
    path("mechanisms/<int:pk>/sessions/add/", views.MeetingAddView.as_view(), name="meeting_add"),
    path(
        "mechanisms/<int:pk>/sessions/<int:meeting_pk>/edit/",
        views.MeetingEditView.as_view(),
        name="meeting_edit",
    ),
    path(
        "mechanisms/<int:pk>/sessions/<int:meeting_pk>/remove/",
        views.MeetingRemoveView.as_view(),
        name="meeting_remove",
    ),
]
