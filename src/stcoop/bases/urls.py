from django.urls import path

from stcoop.bases import views

app_name = "bases"
urlpatterns = [
    path("", views.BaseListView.as_view(), name="list"),
    path("add/", views.BaseCreateView.as_view(), name="create"),
    path("<int:pk>/", views.BaseDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.BaseEditView.as_view(), name="edit"),
    path("<int:pk>/delete/", views.BaseDeleteView.as_view(), name="delete"),
    path("<int:pk>/status/", views.BaseStatusView.as_view(), name="status"),
    path("<int:pk>/reports/add/", views.ReportCreateView.as_view(), name="report_create"),
    path("reports/", views.ReportListView.as_view(), name="reports"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/edit/", views.ReportEditView.as_view(), name="report_edit"),
    path("reports/<int:pk>/delete/", views.ReportDeleteView.as_view(), name="report_delete"),
    path("reports/<int:pk>/submit/", views.ReportSubmitView.as_view(), name="report_submit"),
    path("reports/<int:pk>/review/", views.ReportReviewView.as_view(), name="report_review"),
]
