from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BasesConfig(AppConfig):
    name = "stcoop.bases"
    label = "bases"
    verbose_name = _("Cooperation bases")

    def ready(self) -> None:
        from stcoop.organisations.services import register_merge_reference

        # Merging two organisations moves the bases the merged record hosts.
        register_merge_reference("bases.CooperationBase", "host_organisation")
        register_merge_reference("bases.CooperationBase", "partner_organisations")
