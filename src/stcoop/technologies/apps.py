from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TechnologiesConfig(AppConfig):
    name = "stcoop.technologies"
    label = "technologies"
    verbose_name = _("Technology offers and requests")
