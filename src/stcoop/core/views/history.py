"""Change history of one record."""

from __future__ import annotations

from typing import Any

from django.views.generic import TemplateView


class HistoryView(TemplateView):
    template_name = "core/history.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs)
