"""Staff roles: four groups (created by migration 0002) and their least-privilege permissions.

Each app's AppConfig declares `role_permissions = {"Group name": ["app.codename", …]}`; after every
migrate, `roles_sync` grants exactly those (adds missing, removes others), so a role's rights are
read in code review, not clicked together in production."""

from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction

CUSTOMER = "Customer"
WAREHOUSE = "Warehouse staff"
SUPPORT = "Support agent"
FINANCE = "Finance"
ROLES = (CUSTOMER, WAREHOUSE, SUPPORT, FINANCE)


def declared_permissions() -> dict[str, set[str]]:
    wanted: dict[str, set[str]] = {role: set() for role in ROLES}
    for config in apps.get_app_configs():
        for role, perms in getattr(config, "role_permissions", {}).items():
            wanted.setdefault(role, set()).update(perms)
    return wanted


@transaction.atomic
def roles_sync() -> None:
    """Make each role group hold exactly the permissions the apps declare."""
    for role, perms in declared_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for perm in sorted(perms):
            app_label, codename = perm.split(".", 1)
            found = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if found is None:
                raise LookupError(f"role {role!r} declares unknown permission {perm!r}")
            wanted.append(found)
        group.permissions.set(wanted)


def on_post_migrate(sender: Any, **kwargs: Any) -> None:
    # post_migrate is sent once per app, and auth creates each app's permissions on its own turn:
    # wait for the last app so every permission exists.
    last = [config for config in apps.get_app_configs() if config.models_module][-1]
    if sender.label == last.label:
        roles_sync()
