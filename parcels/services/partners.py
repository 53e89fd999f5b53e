"""Calls into billing and privacy by their contract names. Each is looked up when called, so
parcels keeps working (without prices, invoices or disclosure records) on a tree where the other
app has not landed its side yet; the log says so."""

import logging
from decimal import Decimal
from importlib import import_module
from typing import Any

log = logging.getLogger(__name__)


def _contract(module: str, name: str) -> Any:
    try:
        return getattr(import_module(module), name, None)
    except ImportError:
        return None


def service_quotes(
    *, weight_g: int, length_cm: int, width_cm: int, height_cm: int, country: str
) -> list[Any] | None:
    """billing's quotes for a box, or None when billing cannot quote yet."""
    quote = _contract("billing.selectors", "quote_services")
    if quote is None:
        return None
    return quote(
        weight_g=weight_g,
        length_cm=length_cm,
        width_cm=width_cm,
        height_cm=height_cm,
        country=country,
    )


def shipment_invoice_issue(*, shipment_id: int, actor: Any) -> None:
    issue = _contract("billing.services", "shipment_invoice_issue")
    if issue is None:
        log.warning(
            "billing.services.shipment_invoice_issue missing: shipment %s not invoiced", shipment_id
        )
        return
    issue(shipment_id=shipment_id, actor=actor)


def shipment_is_paid(*, shipment_id: int) -> bool:
    is_paid = _contract("billing.selectors", "shipment_is_paid")
    if is_paid is None:
        log.warning(
            "billing.selectors.shipment_is_paid missing: shipment %s treated as paid", shipment_id
        )
        return True
    return bool(is_paid(shipment_id=shipment_id))


def disposal_settle(*, parcel_id: int, sale_price: Decimal, actor: Any) -> None:
    """Disposal proceeds go to billing's settlement (A15.5-15.8)."""
    settle = _contract("billing.services", "disposal_settle")
    if settle is None:
        log.warning(
            "billing.services.disposal_settle missing: parcel %s proceeds ¥%s unsettled",
            parcel_id,
            sale_price,
        )
        return
    settle(parcel_id=parcel_id, sale_price=sale_price, actor=actor)


def disclosure_record(
    *, user_id: int, recipient: str, purpose: str, data_categories: list[str], country: str
) -> None:
    """Record that personal data left us for a carrier abroad (P3, P7)."""
    record = _contract("privacy.services", "disclosure_record")
    if record is None:
        log.warning("privacy.services.disclosure_record missing: disclosure not recorded")
        return
    record(
        user_id=user_id,
        recipient=recipient,
        purpose=purpose,
        data_categories=data_categories,
        country=country,
    )
