from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TechnologiesConfig(AppConfig):
    name = "stcoop.technologies"
    label = "technologies"
    verbose_name = _("Technology offers and requests")

    def ready(self) -> None:
        from stcoop.organisations.services import register_merge_reference

        # Merging two organisations moves the profiles of the one merged away.
        register_merge_reference("technologies.TechnologyProfile", "organisation")
