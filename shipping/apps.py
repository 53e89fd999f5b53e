from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShippingConfig(AppConfig):
    """The price list, the box estimator, the service limits and quotes. Below parcels and
    billing: it imports neither (nor privacy)."""

    name = "shipping"
    verbose_name = _("Shipping")
    default_auto_field = "django.db.models.BigAutoField"
    # The same rights these models had under billing (see docs/shipping.md).
    role_permissions: dict[str, list[str]] = {
        "Finance": [
            f"shipping.{action}_{model}"
            for model in ("carrierservice", "zone", "ratetable", "rate")
            for action in ("view", "add", "change")
        ],
        "Warehouse staff": [
            "shipping.view_carrierservice",
            "shipping.view_ratetable",
            "shipping.view_rate",
            "shipping.view_zone",
        ],
        "Support agent": ["shipping.view_carrierservice"],
    }
    staff_links = (
        {
            "label": _("Rate tables"),
            "url_name": "admin:shipping_rate_changelist",
            "roles": ("Finance",),
            "help": _("Prices per service, zone and weight step; CSV import and export."),
        },
    )
