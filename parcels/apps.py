from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParcelsConfig(AppConfig):
    name = "parcels"
    verbose_name = _("Parcels")
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions: dict[str, list[str]] = {
        "Warehouse staff": [
            "parcels.view_parcel",
            "parcels.change_parcel",
            "parcels.add_parcel",
            "parcels.view_parcelitem",
            "parcels.add_parcelitem",
            "parcels.change_parcelitem",
            "parcels.view_parcelphoto",
            "parcels.add_parcelphoto",
            "parcels.view_parcelevent",
            "parcels.view_inspection",
            "parcels.add_inspection",
            "parcels.view_shipment",
            "parcels.change_shipment",
            "parcels.view_shipmentevent",
            "parcels.view_customsline",
            "parcels.change_customsline",
            "parcels.view_parcelextra",
            "parcels.change_parcelextra",
            "parcels.view_extraservice",
        ],
        "Support agent": [
            "parcels.view_parcel",
            "parcels.view_parcelitem",
            "parcels.view_parcelphoto",
            "parcels.view_parcelevent",
            "parcels.view_inspection",
            "parcels.view_shipment",
            "parcels.view_shipmentevent",
            "parcels.view_customsline",
            "parcels.view_parcelextra",
            "parcels.view_extraservice",
        ],
        "Finance": [
            "parcels.view_parcel",
            "parcels.view_shipment",
            "parcels.view_parcelextra",
            "parcels.view_extraservice",
            "parcels.add_extraservice",
            "parcels.change_extraservice",
        ],
    }
    periodic_tasks: tuple = (
        ("Parcels: storage clock", "parcels.sweep_storage", {"minute": "15", "hour": "*"}),
        (
            "Parcels: deliver storage reminders",
            "parcels.deliver_storage_reminders",
            {"minute": "*/10"},
        ),
    )
