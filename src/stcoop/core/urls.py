from django.urls import path

from stcoop.core.views import health, history, home

app_name = "core"
urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("health/", health.health, name="health"),
    path("history/<str:model>/<str:pk>/", history.HistoryView.as_view(), name="history"),
]
