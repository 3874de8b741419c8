from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "stcoop.core"
    label = "core"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        # Each app's ``import_specs`` module registers its bulk-import specs.
        autodiscover_modules("import_specs")
