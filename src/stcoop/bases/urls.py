from django.urls import path  # noqa: F401

app_name = "bases"
urlpatterns: list = []  # type: ignore[type-arg]
