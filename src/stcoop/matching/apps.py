from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "stcoop.matching"
    label = "matching"
    verbose_name = _("Matchmaking")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from stcoop.matching.tasks import record_saved

        # Writes go through services, but a saved search must hear of every new record
        # whatever wrote it (imports, the API, the admin), hence a signal here.
        post_save.connect(record_saved, dispatch_uid="stcoop.matching.record_saved")
