from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParcelsConfig(AppConfig):
    name = "parcels"
    verbose_name = _("Parcels")
    default_auto_field = "django.db.models.BigAutoField"
    # What blocks closing an account, and what closing it sets off (accounts/closure.py).
    account_closure = "parcels.account_closure"
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
    staff_links = (
        {
            "label": _("Intake scan"),
            "url_name": "admin:parcels_parcel_intake",
            "roles": ("Warehouse staff",),
            "permission": "parcels.add_parcel",
            "help": _("Scan arriving parcels: weigh, measure, photograph, bin."),
        },
        {
            "label": _("Packing queue"),
            "url_name": "admin:parcels_shipment_packing",
            "roles": ("Warehouse staff",),
            "permission": "parcels.change_shipment",
            "help": _("Requested shipments: pick list, pack, labels, ship."),
        },
        {
            "label": _("Disposal queue"),
            "url_name": "admin:parcels_parcel_disposal",
            "roles": ("Warehouse staff",),
            "permission": "parcels.change_parcel",
            "help": _("Parcels past their storage deadline: sell or destroy."),
        },
        {
            "label": _("Find a parcel"),
            "url_name": "admin:parcels_parcel_changelist",
            "roles": ("Warehouse staff", "Support agent"),
            "help": _("Search by tracking number, member code or shipment number."),
        },
    )
    periodic_tasks: tuple = (
        ("Parcels: storage clock", "parcels.sweep_storage", {"minute": "15", "hour": "*"}),
        (
            "Parcels: deliver storage reminders",
            "parcels.deliver_storage_reminders",
            {"minute": "*/10"},
        ),
    )
