from django.urls import path

from stcoop.policies import views

app_name = "policies"
urlpatterns = [
    path("", views.PolicyDocumentListView.as_view(), name="list"),
    path("add/", views.PolicyDocumentCreateView.as_view(), name="create"),
    path("<int:pk>/", views.PolicyDocumentDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.PolicyDocumentEditView.as_view(), name="edit"),
    path("<int:pk>/delete/", views.PolicyDocumentDeleteView.as_view(), name="delete"),
]
