from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "stcoop.agreements"
    label = "agreements"
    verbose_name = _("Agreements and mechanisms")

    def ready(self) -> None:
        from stcoop.organisations.services import register_merge_reference

        # Merging two organisations moves the signing bodies and lead organisations.
        register_merge_reference("agreements.Agreement", "signatories")
        register_merge_reference("agreements.Mechanism", "chinese_leads")
        register_merge_reference("agreements.Mechanism", "partner_leads")
