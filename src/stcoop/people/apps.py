from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "stcoop.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from stcoop.organisations.services import register_merge_reference

        # Merging two organisations moves the affiliations of the one merged away.
        register_merge_reference("people.Affiliation", "organisation")
