"""Home dashboard (placeholder that shows real counts)."""

from __future__ import annotations

from typing import Any

from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        return context
