from django.urls import path

from stcoop.core.views import health, history, home, imports

app_name = "core"
urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("health/", health.health, name="health"),
    path("history/<str:model>/<str:pk>/", history.HistoryView.as_view(), name="history"),
    path("import/<slug:spec>/", imports.ImportUploadView.as_view(), name="import_upload"),
    path("import/<slug:spec>/confirm/", imports.ImportConfirmView.as_view(), name="import_confirm"),
    path(
        "import/<slug:spec>/template.<str:fmt>",
        imports.ImportTemplateView.as_view(),
        name="import_template",
    ),
    path(
        "import/<slug:spec>/records.<str:fmt>",
        imports.ImportRecordsView.as_view(),
        name="import_records",
    ),
]
