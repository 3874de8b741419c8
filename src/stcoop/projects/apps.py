from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "stcoop.projects"
    label = "projects"
    verbose_name = _("Programmes and projects")

    def ready(self) -> None:
        from stcoop.organisations.services import register_merge_reference

        # Merging two organisations moves the merged record's participations and the
        # programmes and funding it is named the funder of.
        register_merge_reference("projects.Participation", "organisation")
        register_merge_reference("projects.Programme", "funder")
        register_merge_reference("projects.ProjectFunding", "funder")
