from django.urls import path  # noqa: F401

app_name = "technologies"
urlpatterns: list = []  # type: ignore[type-arg]
