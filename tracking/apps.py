from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = _("Tracking and claims")
    default_auto_field = "django.db.models.BigAutoField"
    # An open claim blocks closing the account (accounts/closure.py).
    account_closure = "tracking.account_closure"
    # The timeline and claims on the customer's shipment page (parcels/shipment_sections.py).
    shipment_page = "tracking.shipment_page"
    role_permissions: dict[str, list[str]] = {
        "Support agent": [
            "tracking.view_claim",
            "tracking.change_claim",
            "tracking.decide_claim",
            "tracking.view_claimevent",
            "tracking.view_claimnote",
            "tracking.view_claimphoto",
            "tracking.view_stall",
            "tracking.view_carrierevent",
        ],
        "Finance": ["tracking.view_claim", "tracking.view_claimevent"],
        "Warehouse staff": ["tracking.view_carrierevent"],
    }
    staff_links = (
        {
            "label": _("Claims"),
            "url_name": "admin:tracking_claim_changelist",
            "roles": ("Support agent",),
            "permission": "tracking.decide_claim",
            "help": _("Loss and damage claims: ask, file with the carrier, decide."),
        },
        {
            "label": _("Stalled shipments"),
            "url_name": "admin:tracking_stall_changelist",
            "roles": ("Support agent",),
            "permission": "tracking.view_stall",
            "help": _("Shipments with no carrier event for longer than usual, with the last one."),
        },
    )
    periodic_tasks = (
        ("Tracking: poll carriers", "tracking.poll_carriers", {"minute": "*/15"}),
        (
            "Tracking: detect stalled shipments",
            "tracking.detect_stalls",
            {"minute": "40", "hour": "*"},
        ),
        ("Tracking: claim reminders", "tracking.remind_claims", {"minute": "0", "hour": "9"}),
    )
