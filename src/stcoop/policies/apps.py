from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "stcoop.policies"
    label = "policies"
    verbose_name = _("Policy documents")

    def ready(self) -> None:
        from stcoop.organisations.services import register_merge_reference

        register_merge_reference("policies.PolicyDocument", "issuing_organisation")
