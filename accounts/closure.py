"""The registry of what blocks closing an account, and of what closing it sets off.

Accounts does not know the apps above it. An app that holds something for a member (goods,
money, debts) or must act when an account closes names a module in its `AppConfig`:

    class ParcelsConfig(AppConfig):
        account_closure = "parcels.account_closure"

The module may define any of:

- `blockers(*, user_id: int) -> list[str]`: why the account cannot close now, translated for
  the member; empty when nothing of this app blocks.
- `blocked_user_ids() -> QuerySet`: the ids of every user it blocks, a values_list the
  dormant sweep excludes in one query.
- `personal_data_erase(*, user_id: int, actor, reason: str) -> None`: erase the closed
  account's personal data at once (the privacy app).

Apps answer in INSTALLED_APPS order, so the member reads the blockers in a stable order."""

from functools import cache
from importlib import import_module
from types import ModuleType

from django.apps import apps


@cache
def closure_modules() -> tuple[ModuleType, ...]:
    """Every installed app's account-closure module, in app order."""
    return tuple(
        import_module(config.account_closure)
        for config in apps.get_app_configs()
        if getattr(config, "account_closure", None)
    )


def closure_contributions(name: str) -> list:
    """The functions called `name` that the apps' closure modules define."""
    return [getattr(module, name) for module in closure_modules() if hasattr(module, name)]
