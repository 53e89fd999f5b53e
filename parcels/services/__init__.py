"""Every write of the parcels app. Interfaces import from here: `from parcels import services`."""

from parcels.services.declarations import (
    ProhibitedContents,
    declaration_create,
    declaration_update,
    declaration_withdraw,
    items_validate,
    parcel_hold_resolve,
)
from parcels.services.shipments import (
    shipment_cancel,
    shipment_extras_done,
    shipment_pack,
    shipment_packing_start,
    shipment_plan_choose,
    shipment_request,
    shipment_ship,
)
from parcels.services.storage import (
    SweepResult,
    reminder_days,
    storage_reminders_deliver,
    storage_sweep,
)
from parcels.services.transitions import parcel_transition, shipment_transition
from parcels.services.warehouse import (
    parcel_assign_owner,
    parcel_bin_move,
    parcel_dispose,
    parcel_extra_done,
    parcel_extra_order,
    parcel_hold,
    parcel_inspect,
    parcel_intake,
    parcel_release,
    parcel_send_to_disposal,
)

__all__ = [
    "ProhibitedContents",
    "SweepResult",
    "declaration_create",
    "declaration_update",
    "declaration_withdraw",
    "items_validate",
    "parcel_assign_owner",
    "parcel_bin_move",
    "parcel_dispose",
    "parcel_extra_done",
    "parcel_extra_order",
    "parcel_hold",
    "parcel_hold_resolve",
    "parcel_inspect",
    "parcel_intake",
    "parcel_release",
    "parcel_send_to_disposal",
    "parcel_transition",
    "reminder_days",
    "shipment_cancel",
    "shipment_extras_done",
    "shipment_pack",
    "shipment_packing_start",
    "shipment_plan_choose",
    "shipment_request",
    "shipment_ship",
    "shipment_transition",
    "storage_reminders_deliver",
    "storage_sweep",
]
