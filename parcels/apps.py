from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParcelsConfig(AppConfig):
    name = "parcels"
    verbose_name = _("Parcels")
    role_permissions: dict[str, list[str]] = {}
    periodic_tasks: tuple = ()
