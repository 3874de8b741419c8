from django.urls import path

from stcoop.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.NoticeListView.as_view(), name="list"),
    path("add/", views.NoticeCreateView.as_view(), name="create"),
    path("<int:pk>/", views.NoticeDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.NoticeEditView.as_view(), name="edit"),
    path("<int:pk>/delete/", views.NoticeDeleteView.as_view(), name="delete"),
]
