"""Staff screens for the warehouse, built for a packing table: an intake screen with one input for
the barcode scanner, a parcel desk, a packing queue with pick lists and PDFs, a disposal queue, and
one search box (tracking number, parcel code, member code or shipment number) on the parcel list.

- `models`: the model admins (registered here), which mix in the screens and name their URLs;
- `intake`, `desk`, `disposal`, `packing`: one module per staff screen. Each screen's forms post an
  explicit `action` field; an action the screen does not know answers 400.
- `common`: what they share."""

from parcels.admin.models import ExtraServiceAdmin, ParcelAdmin, ParcelExtraAdmin, ShipmentAdmin

__all__ = ["ExtraServiceAdmin", "ParcelAdmin", "ParcelExtraAdmin", "ShipmentAdmin"]
