from django.urls import path  # noqa: F401

app_name = "resources"
urlpatterns: list = []  # type: ignore[type-arg]
