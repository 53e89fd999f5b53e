"""The carriers' events in our words, and the claim's state machine."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TrackingStatus(models.TextChoices):
    """What a carrier event means, whichever carrier wrote it (the adapters map their codes)."""

    ACCEPTED = "accepted", _("Accepted by the carrier")
    IN_TRANSIT = "in_transit", _("In transit")
    CUSTOMS = "customs", _("In customs")
    OUT_FOR_DELIVERY = "out_for_delivery", _("Out for delivery")
    DELIVERED = "delivered", _("Delivered")
    EXCEPTION = "exception", _("Delivery problem")
    RETURNED = "returned", _("Returned to sender")


# The milestones a customer may be told about (TrackingPreference has one switch each).
MILESTONES = (
    TrackingStatus.CUSTOMS,
    TrackingStatus.OUT_FOR_DELIVERY,
    TrackingStatus.DELIVERED,
    TrackingStatus.EXCEPTION,
    TrackingStatus.RETURNED,
)


class ClaimKind(models.TextChoices):
    LOST = "lost", _("Lost")
    DAMAGED = "damaged", _("Damaged")
    MISSING_ITEM = "missing_item", _("Item missing from the box")


class Liability(models.TextChoices):
    """Who bears the loss (agreement A9.2, A9.3)."""

    US = "us", _("Us: in our custody (article 9.2)")
    INSURED = "insured", _("Us: insured with us")
    CARRIER = "carrier", _("The carrier or its insurer (article 9.3)")


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Under review")
    INFO_REQUESTED = "info_requested", _("Information requested")
    WITH_CARRIER = "with_carrier", _("Filed with the carrier")
    ACCEPTED = "accepted", _("Accepted")
    PAID = "paid", _("Paid")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


C = ClaimStatus
CLAIM_ALLOWED: dict[str, set[str]] = {
    C.SUBMITTED: {C.INFO_REQUESTED, C.WITH_CARRIER, C.ACCEPTED, C.REFUSED, C.WITHDRAWN},
    # The customer's answer puts the claim back under review.
    C.INFO_REQUESTED: {C.SUBMITTED, C.REFUSED, C.WITHDRAWN},
    C.WITH_CARRIER: {C.ACCEPTED, C.REFUSED, C.INFO_REQUESTED},
    C.ACCEPTED: {C.PAID},
    C.PAID: set(),
    C.REFUSED: set(),
    C.WITHDRAWN: set(),
}
CLAIM_OPEN_STATUSES = (C.SUBMITTED, C.INFO_REQUESTED, C.WITH_CARRIER, C.ACCEPTED)
# Support's turn (the decision deadline runs), as opposed to waiting for the customer.
CLAIM_SUPPORT_STATUSES = (C.SUBMITTED, C.WITH_CARRIER)
