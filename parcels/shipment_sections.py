"""The registry of sections apps above parcels add to the customer's shipment page.

Parcels does not know the apps above it. An app that has something to show on a shipment's page
(the carrier's tracking timeline, claims) names a module in its `AppConfig`:

    class TrackingConfig(AppConfig):
        shipment_page = "tracking.shipment_page"

whose `section(*, shipment, user) -> dict | None` returns `{"template": …, **context}` (the
template is included with that context) or None when it has nothing to show."""

from functools import cache
from importlib import import_module
from types import ModuleType
from typing import Any

from django.apps import apps


@cache
def section_modules() -> tuple[ModuleType, ...]:
    return tuple(
        import_module(config.shipment_page)
        for config in apps.get_app_configs()
        if getattr(config, "shipment_page", None)
    )


def shipment_sections(*, shipment: Any, user: Any) -> list[dict[str, Any]]:
    """Every installed app's section for this shipment, in app order."""
    found = []
    for module in section_modules():
        section = module.section(shipment=shipment, user=user)
        if section:
            found.append(section)
    return found
