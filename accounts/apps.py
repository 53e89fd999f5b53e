from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and membership")
    default_auto_field = "django.db.models.BigAutoField"
    # Least privilege per role; every app declares what its staff roles need (accounts/roles.py).
    role_permissions = {
        "Support agent": ["accounts.view_user", "accounts.view_address"],
        "Warehouse staff": ["accounts.view_user"],
        "Finance": ["accounts.view_user"],
    }

    def ready(self) -> None:
        from accounts import roles

        # Django's own lifecycle signal, connected only to call one service at once.
        post_migrate.connect(roles.on_post_migrate, dispatch_uid="accounts.roles")
