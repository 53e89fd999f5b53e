from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Support")
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions: dict[str, list[str]] = {
        "Support agent": [
            "support.view_conversation",
            "support.change_conversation",
            "support.view_conversationevent",
            "support.view_message",
            "support.view_cannedreply",
            "support.add_cannedreply",
            "support.change_cannedreply",
            "support.delete_cannedreply",
            "support.view_compromisereport",
            "support.restore_account",
            "support.view_servicenotice",
            "support.add_servicenotice",
            "support.change_servicenotice",
            "support.view_abuseflag",
            "support.add_abuseflag",
        ],
        "Warehouse staff": ["support.view_servicenotice"],
        "Finance": ["support.view_servicenotice"],
    }
    staff_links = (
        {
            "label": _("Support queue"),
            "url_name": "admin:support_conversation_changelist",
            "roles": ("Support agent",),
            "help": _("Customer conversations by first-answer deadline: assign, reply, resolve."),
        },
        {
            "label": _("Service notices"),
            "url_name": "admin:support_servicenotice_changelist",
            "roles": ("Support agent",),
            "help": _("Announce maintenance, carrier suspensions, price changes and closures."),
        },
    )
    periodic_tasks: tuple = (
        ("support: conversation targets", "support.deadline_sweep", {"minute": "*/15"}),
    )

    def ready(self) -> None:
        from accounts import sensitive
        from support import selectors

        # Parcels, billing and accounts ask accounts whether a security hold applies; the
        # reports that make one live here.
        sensitive.hold_source_register(selectors.compromise_hold_since)
