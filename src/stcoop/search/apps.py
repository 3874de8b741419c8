from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "stcoop.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from stcoop.search import signals

        signals.connect()
