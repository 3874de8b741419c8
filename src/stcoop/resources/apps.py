from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "stcoop.resources"
    label = "resources"
    verbose_name = _("Shared resources")

    def ready(self) -> None:
        from stcoop.organisations.services import register_merge_reference

        # Merging two organisations moves the resources of the one merged away.
        register_merge_reference("resources.SharedResource", "owner_organisation")
