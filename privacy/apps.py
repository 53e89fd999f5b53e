from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy")
    default_auto_field = "django.db.models.BigAutoField"
    # What blocks closing an account, and what closing it sets off (accounts/closure.py).
    account_closure = "privacy.account_closure"
    role_permissions: dict[str, list[str]] = {
        "Support agent": [
            "privacy.view_privacyrequest",
            "privacy.change_privacyrequest",
            "privacy.view_privacyrequestevent",
            "privacy.view_personal_data",
            "privacy.view_personaldataaccess",
            "privacy.view_disclosure",
            "privacy.view_erasure",
            "privacy.view_deletionnotice",
            "privacy.view_securityincident",
            "privacy.add_securityincident",
            "privacy.change_securityincident",
        ],
        "Finance": ["privacy.view_privacyrequest"],
    }
    staff_links = (
        {
            "label": _("Privacy requests"),
            "url_name": "admin:privacy_privacyrequest_changelist",
            "roles": ("Support agent",),
            "help": _("Requests by legal deadline: verify identity, then process or refuse."),
        },
        {
            "label": _("Security incidents"),
            "url_name": "admin:privacy_securityincident_changelist",
            "roles": ("Support agent",),
            "help": _("Record an incident and notify the affected users."),
        },
    )
    periodic_tasks: tuple = (
        ("privacy: request deadlines", "privacy.deadline_sweep", {"minute": "15"}),
        (
            "privacy: erasure once settled",
            "privacy.settlement_sweep",
            {"minute": "*/10"},
        ),
        (
            "privacy: retention of closed accounts",
            "privacy.retention_sweep",
            {"minute": "40", "hour": "3"},
        ),
        ("privacy: purge expired exports", "privacy.purge_expired_exports", {"minute": "25"}),
    )

    def ready(self) -> None:
        from privacy import services
        from transship import disclosures, masking

        # The platform's masking and disclosure hooks write to this app's registers.
        masking.unmask_hook_register(
            permission="privacy.view_personal_data", record=services.personal_data_access_record
        )
        disclosures.disclosure_recorder_register(services.disclosure_record)
