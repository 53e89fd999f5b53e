from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and membership")
    default_auto_field = "django.db.models.BigAutoField"
    # Least privilege per role; every app declares what its staff roles need (accounts/roles.py).
    role_permissions = {
        "Support agent": [
            "accounts.view_user",
            "accounts.change_user",
            "accounts.review_application",
            "accounts.suspend_user",
            "accounts.unlock_login",
            "accounts.view_address",
            "accounts.view_accountevent",
            "accounts.view_loginfailure",
            "accounts.view_legaldocument",
            "accounts.view_legalacceptance",
            "accounts.view_application",
            "accounts.view_marketingconsent",
        ],
        "Warehouse staff": ["accounts.view_user"],
        "Finance": ["accounts.view_user", "accounts.suspend_user"],
    }
    staff_links = (
        {
            "label": _("Application queue"),
            "url_name": "admin:accounts_application_changelist",
            "roles": ("Support agent",),
            "permission": "accounts.review_application",
            "help": _("Approve or reject applications the automatic rules left for a person."),
        },
        {
            "label": _("Locked logins"),
            "url_name": "admin:accounts_user_changelist",
            "roles": ("Support agent",),
            "permission": "accounts.unlock_login",
            "help": _("Accounts locked after wrong passwords; filter “login locked”."),
        },
    )
    periodic_tasks = (
        ("accounts: dormant accounts", "accounts.sweep_dormant", {"minute": "30", "hour": "4"}),
        (
            "accounts: password age reminders",
            "accounts.remind_stale_passwords",
            {"minute": "0", "hour": "10"},
        ),
    )

    def ready(self) -> None:
        from allauth.account import signals as allauth_signals

        from accounts import roles, selectors, services
        from notifications.recipients import RecipientProvider, recipient_provider_register

        # Django's own lifecycle signal, connected only to call one service at once.
        post_migrate.connect(roles.on_post_migrate, dispatch_uid="accounts.roles")
        # allauth's signals, each connected only to call one service at once.
        allauth_signals.email_confirmed.connect(_email_confirmed, dispatch_uid="accounts.email")
        allauth_signals.password_reset.connect(_password_reset, dispatch_uid="accounts.reset")
        allauth_signals.password_changed.connect(_password_changed, dispatch_uid="accounts.pw")
        allauth_signals.password_set.connect(_password_changed, dispatch_uid="accounts.pw_set")
        allauth_signals.user_logged_in.connect(_logged_in, dispatch_uid="accounts.login")
        # Notifications knows no accounts: it asks this provider about a message's recipient.
        recipient_provider_register(
            RecipientProvider(
                language=lambda user: user.language,
                address=selectors.notification_address,
                marketing_consent_is_granted=selectors.marketing_consent_is_granted,
                marketing_unsubscribe=services.marketing_unsubscribe,
            )
        )


def _email_confirmed(sender: Any, request: Any, email_address: Any, **kwargs: Any) -> None:
    from accounts import services

    services.application_auto_review(user_id=email_address.user_id)


def _password_reset(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from accounts import services

    services.login_unlock(user_id=user.pk)
    services.access_tokens_revoke_all(user_id=user.pk)


def _password_changed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from accounts import services

    services.access_tokens_revoke_all(user_id=user.pk)


def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from accounts import services

    services.login_recorded(user_id=user.pk)
