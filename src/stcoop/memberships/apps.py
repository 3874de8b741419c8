from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipsConfig(AppConfig):
    name = "stcoop.memberships"
    label = "memberships"
    verbose_name = _("Memberships and big-science programmes")

    def ready(self) -> None:
        from stcoop.organisations.services import register_merge_reference

        # Merging two organisations moves the merged record's memberships (as the
        # international organisation or as the member) and programme participations.
        register_merge_reference("memberships.InternationalMembership", "organisation")
        register_merge_reference("memberships.InternationalMembership", "member_organisation")
        register_merge_reference("memberships.ProgrammeParticipation", "organisation")
