"""What parcels says about closing an account (see accounts/closure.py): the goods we hold, the
shipments not yet sent and the parcels declared but not yet arrived block it, each named, with
what the member can do about it."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from parcels import selectors
from parcels.states import ParcelStatus


def blockers(*, user_id: int) -> list[str]:
    found = []
    shipments = selectors.open_shipment_numbers(user_id=user_id)
    if shipments:
        found.append(
            _("Shipment %(numbers)s has not left our warehouse yet: wait until it is shipped.")
            % {"numbers": ", ".join(shipments)}
        )
    parcels = selectors.held_parcel_codes(user_id=user_id)
    if parcels:
        found.append(
            _(
                "We hold your parcels %(codes)s: request their shipment, or ask us to dispose "
                "of them."
            )
            % {"codes": ", ".join(parcels)}
        )
    expected = selectors.held_parcel_codes(user_id=user_id, statuses=(ParcelStatus.EXPECTED,))
    if expected:
        # Closing now would leave the parcel to arrive for an account that no longer exists.
        found.append(
            _(
                "You declared parcels %(codes)s that have not arrived yet: withdraw their "
                "declaration, or wait until they arrive."
            )
            % {"codes": ", ".join(expected)}
        )
    return found


def blocked_user_ids() -> QuerySet:
    return selectors.user_ids_holding_goods().union(selectors.user_ids_with_parcels_expected())
