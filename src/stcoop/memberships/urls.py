from django.urls import path  # noqa: F401

app_name = "memberships"
urlpatterns: list = []  # type: ignore[type-arg]
