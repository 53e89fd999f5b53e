"""Parcel and shipment states, the transitions allowed between them, and the fixed lists the
agreement defines (content categories of article 10, hold reasons of article 14)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ParcelStatus(models.TextChoices):
    EXPECTED = "expected", _("Expected")
    UNIDENTIFIED = "unidentified", _("Unidentified")
    RECEIVED = "received", _("Received")
    STORED = "stored", _("In storage")
    ON_HOLD = "on_hold", _("On hold")
    PICKED = "picked", _("Picked for shipment")
    PACKED = "packed", _("Packed")
    SHIPPED = "shipped", _("Shipped")
    DISPOSAL_DUE = "disposal_due", _("Awaiting disposal")
    DISPOSED = "disposed", _("Disposed")
    REFUSED = "refused", _("Refused at intake")
    CANCELLED = "cancelled", _("Declaration withdrawn")


P = ParcelStatus
PARCEL_ALLOWED: dict[str, set[str]] = {
    P.EXPECTED: {P.RECEIVED, P.REFUSED, P.CANCELLED},
    P.UNIDENTIFIED: {P.STORED, P.ON_HOLD, P.REFUSED, P.DISPOSAL_DUE},
    # The storage clock (A15.4) runs from receipt: the sweep moves any parcel of CLOCK_STATUSES.
    P.RECEIVED: {P.STORED, P.ON_HOLD, P.REFUSED, P.DISPOSAL_DUE},
    P.STORED: {P.ON_HOLD, P.PICKED, P.DISPOSAL_DUE},
    P.ON_HOLD: {P.STORED, P.DISPOSAL_DUE},
    P.PICKED: {P.STORED, P.PACKED},
    P.PACKED: {P.SHIPPED},
    P.SHIPPED: set(),
    P.DISPOSAL_DUE: {P.DISPOSED},
    P.DISPOSED: set(),
    P.REFUSED: set(),
    P.CANCELLED: set(),
}

# The storage clock (A15.2) runs for parcels in our custody that are not requested for shipment.
CLOCK_STATUSES = (P.UNIDENTIFIED, P.RECEIVED, P.STORED, P.ON_HOLD)
# Goods we hold for the customer (accounts: no withdrawal or reclaim while any exist).
HOLDING_STATUSES = (
    P.UNIDENTIFIED,
    P.RECEIVED,
    P.STORED,
    P.ON_HOLD,
    P.PICKED,
    P.PACKED,
    P.DISPOSAL_DUE,
)
# A tracking number identifies one live parcel; finished ones free it (carriers recycle numbers).
TRACKING_LIVE_STATUSES = (
    P.EXPECTED,
    P.UNIDENTIFIED,
    P.RECEIVED,
    P.STORED,
    P.ON_HOLD,
    P.PICKED,
    P.PACKED,
    P.DISPOSAL_DUE,
)


class ShipmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    PACKING = "packing", _("Being packed")
    PACKED = "packed", _("Packed")
    SHIPPED = "shipped", _("Shipped")
    CANCELLED = "cancelled", _("Cancelled")
    # After the handover the carrier's tracking moves the box (the tracking app's poller).
    EXCEPTION = "exception", _("Delivery problem")
    DELIVERED = "delivered", _("Delivered")
    RETURNED = "returned", _("Returned to sender")


S = ShipmentStatus
SHIPMENT_ALLOWED: dict[str, set[str]] = {
    S.REQUESTED: {S.PACKING, S.CANCELLED},
    S.PACKING: {S.PACKED, S.CANCELLED},
    S.PACKED: {S.SHIPPED},
    S.SHIPPED: {S.EXCEPTION, S.DELIVERED, S.RETURNED},
    # A problem the carrier reports (failed delivery, held) may resolve: the box moves on.
    S.EXCEPTION: {S.SHIPPED, S.DELIVERED, S.RETURNED},
    S.DELIVERED: set(),
    S.RETURNED: set(),
    S.CANCELLED: set(),
}
SHIPMENT_OPEN_STATUSES = (S.REQUESTED, S.PACKING, S.PACKED)
# With the carrier: the statuses the tracking poller follows.
SHIPMENT_IN_TRANSIT_STATUSES = (S.SHIPPED, S.EXCEPTION)
# Handed to the carrier, whatever happened since.
SHIPMENT_HANDED_OVER_STATUSES = (S.SHIPPED, S.EXCEPTION, S.DELIVERED, S.RETURNED)


class CustomsCategory(models.TextChoices):
    """The item category boxes of the UPU CN22/CN23 forms (one is ticked)."""

    GIFT = "gift", _("Gift")
    DOCUMENTS = "documents", _("Documents")
    COMMERCIAL_SAMPLE = "commercial_sample", _("Commercial sample")
    RETURNED_GOODS = "returned_goods", _("Returned goods")
    SALE_OF_GOODS = "sale_of_goods", _("Sale of goods")
    OTHER = "other", _("Other")


# What a customer may choose when requesting a shipment (one of them, not both).
CUSTOMER_CUSTOMS_CATEGORIES = (CustomsCategory.GIFT, CustomsCategory.SALE_OF_GOODS)


class CustomsForm(models.TextChoices):
    """The customs declaration a box carries: CN22 up to the CN22 limit (300 SDR), else CN23."""

    CN22 = "CN22", "CN22"
    CN23 = "CN23", "CN23"


class Category(models.TextChoices):
    """What a content line is. The `PROHIBITED_*` ones are article 10's list."""

    CLOTHING = "clothing", _("Clothing and shoes")
    BOOKS = "books", _("Books and printed matter")
    TOYS = "toys", _("Toys, figures and hobby goods")
    ELECTRONICS = "electronics", _("Electronics and accessories")
    COSMETICS = "cosmetics", _("Cosmetics (non-medicinal)")
    HOUSEHOLD = "household", _("Household goods and kitchenware")
    SPORTS = "sports", _("Sports and outdoor goods")
    MEDIA = "media", _("CDs, DVDs and games")
    OTHER_GOODS = "other_goods", _("Other goods")
    PROHIBITED_CASH = "p_cash", _("Cash, cheques, securities, tickets (A10(1))")
    PROHIBITED_CARDS = "p_cards", _("Credit or cash cards (A10(2))")
    PROHIBITED_PASSBOOKS = "p_passbooks", _("Bank passbooks (A10(3))")
    PROHIBITED_LETTERS = "p_letters", _("Letters (A10(5))")
    PROHIBITED_LIVING = "p_living", _("Animals or plants, living or dead (A10(6))")
    PROHIBITED_REMAINS = "p_remains", _("Human remains (A10(7))")
    PROHIBITED_PERISHABLE = "p_perishable", _("Food and perishables (A10(8))")
    PROHIBITED_DRUGS = "p_drugs", _("Narcotics and prohibited drugs (A10(9))")
    PROHIBITED_WEAPONS = "p_weapons", _("Weapons, explosives, toxic substances (A10(10))")
    PROHIBITED_MEDICINE = "p_medicine", _("Medicines and medical devices (A10(11))")
    PROHIBITED_OBSCENE = "p_obscene", _("Obscene material (A10(12))")
    PROHIBITED_IMPROPER = "p_improper", _("Goods obtained improperly (A10(13))")
    PROHIBITED_BANNED = "p_banned", _("Goods banned by origin or destination law (A10(14))")
    PROHIBITED_CARRIER = "p_carrier", _("Goods the carrier refuses (A10(15))")


PROHIBITED_CATEGORIES = frozenset(c for c in Category.values if c.startswith("p_"))

# HS code suggested for a category (first 6 digits, editable on each line).
HS_CODE_SUGGESTIONS = {
    Category.CLOTHING: "620442",
    Category.BOOKS: "490199",
    Category.TOYS: "950300",
    Category.ELECTRONICS: "854370",
    Category.COSMETICS: "330499",
    Category.HOUSEHOLD: "392490",
    Category.SPORTS: "950699",
    Category.MEDIA: "852349",
    Category.OTHER_GOODS: "",
}


class HoldReason(models.TextChoices):
    """Why a parcel cannot be handed over (agreement article 14; A10 for prohibited items)."""

    PROHIBITED = "prohibited", _("Prohibited item (A10, A14(1))")
    UNKNOWN_ADDRESSEE = "unknown_addressee", _("Addressee cannot be confirmed (A14(2))")
    NO_DECLARATION = "no_declaration", _("No declaration received (A14(7))")
    CONTENTS_MISMATCH = "contents_mismatch", _("Contents do not match the declaration (A14(8))")
    CUSTOMS = "customs", _("Detained by customs (A14(9))")
    UNPAID = "unpaid", _("Unpaid service fees (A14(10))")
    VIOLATION = "violation", _("Breach of the agreement (A14(11))")
    OTHER = "other", _("Other reason (A14(12))")


HOLD_INSTRUCTIONS = {
    HoldReason.PROHIBITED: _(
        "The parcel contains an item we may not forward. Contact support; the item may be "
        "disposed of (article 15.1)."
    ),
    HoldReason.UNKNOWN_ADDRESSEE: _("Contact support to confirm you are the addressee."),
    HoldReason.NO_DECLARATION: _(
        "Declare the contents of this parcel (description, category, quantity, value)."
    ),
    HoldReason.CONTENTS_MISMATCH: _(
        "Check the contents we found against your declaration, correct it and confirm."
    ),
    HoldReason.CUSTOMS: _("Contact support: customs need more information."),
    HoldReason.UNPAID: _("Pay your open invoices."),
    HoldReason.VIOLATION: _("Contact support."),
    HoldReason.OTHER: _("Contact support."),
}
# Holds the customer clears themselves by correcting the declaration; the others need staff.
CUSTOMER_RESOLVABLE_HOLDS = frozenset({HoldReason.NO_DECLARATION, HoldReason.CONTENTS_MISMATCH})


class RefusalReason(models.TextChoices):
    """Why staff refuse a parcel at the door (article 14)."""

    CASH_ON_DELIVERY = "cod", _("Cash on delivery (A14(4))")
    ADDRESS_MISMATCH = (
        "address",
        _("Address does not match the member's warehouse address (A14(3))"),
    )
    UNKNOWN_ADDRESSEE = "unknown", _("Unknown addressee (A14(2))")


class InspectionResult(models.TextChoices):
    OK = "ok", _("Matches the declaration")
    MISMATCH = "mismatch", _("Does not match the declaration (A14(8))")
    PROHIBITED = "prohibited", _("Prohibited item found (A10)")
    SUSPECTED_CRIME = "suspected_crime", _("Suspected proceeds of crime (A13.2)")


class DisposalMethod(models.TextChoices):
    SOLD = "sold", _("Sold")
    DESTROYED = "destroyed", _("Destroyed")
