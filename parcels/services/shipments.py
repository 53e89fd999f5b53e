"""Outbound shipments (A9): the customer's request (consolidating stored parcels into one box),
cancellation, and staff packing and shipping. Limits are guarded at request time."""

from decimal import Decimal, InvalidOperation
from typing import Any

from constance import config
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from billing import selectors as billing_selectors
from billing import services as billing_services
from parcels import selectors as parcels_selectors
from parcels.models import (
    CustomsLine,
    Parcel,
    ParcelExtra,
    ParcelItem,
    Shipment,
    normalise_tracking,
)
from parcels.services.transitions import _actor, lock_shipment, notify_user
from parcels.services.warehouse import (
    MAX_SIDE_CM,
    MAX_WEIGHT_G,
    _check_measure,
    parcel_extra_done,
)
from parcels.states import CUSTOMER_CUSTOMS_CATEGORIES, ParcelStatus, ShipmentStatus
from shipping import selectors as shipping_selectors
from transship.disclosures import disclosure_record
from transship.errors import DomainError
from transship.transitions import lock_all, record_created, transition


def _user_is_frozen(user_id: int) -> bool:
    from accounts import selectors as accounts_selectors

    return accounts_selectors.user_is_frozen(user_id=user_id)


def _shipment_context(shipment: Shipment) -> dict[str, Any]:
    return {
        "shipment_id": shipment.pk,
        "shipment_number": shipment.number,
        "service": shipment.service.name,
        "carrier": shipment.service.carrier,
        "tracking_number": shipment.tracking_number,
        "tracking_url": shipment.tracking_url,
    }


@transaction.atomic
def shipment_request(
    *,
    user: Any,
    parcel_ids: list[int],
    recipient_id: int,
    service_id: int,
    customs_confirmed: bool,
    customs_category: str,
    insurance_amount: Any = 0,
) -> Shipment:
    """Request an outbound shipment of stored parcels in one box, with the customs declaration
    prefilled from the declared contents. Weight, size, the service's availability and the
    contents a customs form needs (every line described, counted, valued and HS-coded) are
    checked now, not at the packing table; the form (CN22/CN23) is chosen now too."""
    from accounts.models import Address
    from accounts.sensitive import sensitive_action_check

    if _user_is_frozen(user.pk):
        raise DomainError(_("Your account is frozen (article 8(2)); goods cannot be shipped."))
    ids = sorted({int(pk) for pk in parcel_ids})
    if not ids:
        raise DomainError(_("Choose at least one parcel."), field="parcels")
    recipient = Address.objects.filter(pk=recipient_id, user=user).first()
    if recipient is None:
        raise DomainError(_("Choose a recipient from your address book."), field="recipient")
    # A4.4: while the member's password may be known to someone else, no new recipient.
    sensitive_action_check(user_id=user.pk, changed_at=recipient.updated_at)
    service = shipping_selectors.carrier_service_get_active(service_id=service_id)
    if service is None:
        raise DomainError(_("Choose a carrier service."), field="service")
    try:
        insurance = Decimal(str(insurance_amount or 0))
    except InvalidOperation:
        raise DomainError(_("Enter the insured value in yen."), field="insurance_amount") from None
    if insurance < 0 or insurance != insurance.to_integral_value():
        raise DomainError(
            _("The insured value is a whole number of yen, 0 or more."), field="insurance_amount"
        )
    if insurance > config.SHIPMENT_MAX_INSURANCE_JPY:
        raise DomainError(
            _("We insure at most ¥%(max)s per box.")
            % {"max": f"{config.SHIPMENT_MAX_INSURANCE_JPY:,}"},
            field="insurance_amount",
        )
    if customs_category not in CUSTOMER_CUSTOMS_CATEGORIES:
        raise DomainError(
            _("Choose what the contents are for customs: a gift or a sale of goods."),
            field="customs_category",
        )
    if not customs_confirmed:
        raise DomainError(_("Confirm the customs declaration."), field="customs_confirmed")

    parcels = lock_all(Parcel.objects.filter(pk__in=ids, owner=user).order_by("pk"))
    if len(parcels) != len(ids):
        raise DomainError(_("Some of these parcels are not yours."), field="parcels")
    for parcel in parcels:
        if parcel.status != ParcelStatus.STORED:
            raise DomainError(
                _("%(code)s cannot be shipped: it is “%(status)s”.")
                % {"code": parcel.code, "status": parcel.get_status_display()},
                field="parcels",
            )
    # A cleared hold or an old declaration may have left lines no customs form can carry.
    problems = parcels_selectors.contents_problems(parcels=parcels)
    if problems:
        raise DomainError(" ".join(problems), field="parcels")
    items = [item for parcel in parcels for item in parcel.items.all()]
    declared = sum((item.quantity * item.unit_value for item in items), Decimal(0))
    # Estimated once, here; the limits, the quote and billing's price guarantee read this box.
    contents = parcels_selectors.contents_kinds(items=items)
    box = shipping_selectors.box_estimate(parcels=parcels)
    shipping_selectors.service_limits_check(
        service, box=box, declared_value=declared, contents=contents
    )
    country = recipient.country.code
    quote = shipping_selectors.quote_price(
        service_id=service.pk,
        country=country,
        declared_value=declared,
        contents=contents,
        **box.as_kwargs(),
    )
    if quote is None or not quote.is_available:
        raise DomainError(
            (quote.reason if quote is not None and quote.reason else None)
            or _("%(service)s does not go to this destination.") % {"service": service.name},
            field="service",
        )

    lines = ", ".join(
        filter(
            None,
            [
                recipient.line1,
                recipient.line2,
                recipient.city,
                recipient.region,
                recipient.postcode,
                country,
            ],
        )
    )
    shipment = Shipment.objects.create(
        user=user,
        recipient=recipient,
        recipient_name=recipient.name,
        recipient_address=lines,
        recipient_phone=recipient.phone,
        destination_country=country,
        service=service,
        insurance_amount=insurance,
        quoted_price=quote.price,
        declared_value=declared,
        needs_export_declaration=declared > config.EXPORT_DECLARATION_THRESHOLD_JPY,
        customs_category=customs_category,
        customs_form=parcels_selectors.customs_form_for(declared_value=declared, service=service),
        estimated_weight_g=box.weight_g,
        estimated_length_cm=box.length_cm,
        estimated_width_cm=box.width_cm,
        estimated_height_cm=box.height_cm,
        customs_confirmed_at=timezone.now(),
    )
    shipment.parcels.set(parcels)
    customs = []
    for parcel in parcels:
        parcel_items = [item for item in items if item.parcel_id == parcel.pk]
        # The parcel's weighed contents spread over its units: a line of 3 weighs 3 units.
        per_unit = (parcel.weight_g or 0) // max(sum(item.quantity for item in parcel_items), 1)
        customs.extend(
            CustomsLine(
                shipment=shipment,
                description=item.description,
                category=item.category,
                hs_code=item.hs_code,
                quantity=item.quantity,
                value=item.quantity * item.unit_value,
                weight_g=per_unit * item.quantity,
            )
            for item in parcel_items
        )
    CustomsLine.objects.bulk_create(customs)
    record_created(shipment, actor=user, reason=_("Requested by the customer"))
    for parcel in parcels:
        transition(
            parcel,
            to=ParcelStatus.PICKED,
            actor=user,
            reason=_("Requested for shipment %(number)s") % {"number": shipment.number},
        )
    notify_user(
        user, "shipment.requested", **_shipment_context(shipment), parcels=[p.code for p in parcels]
    )
    return shipment


@transaction.atomic
def shipment_plan_choose(
    *,
    user: Any,
    boxes: list[Any],
    recipient_id: int,
    insure: bool,
    customs_confirmed: bool,
    customs_category: str,
) -> list[Shipment]:
    """Request one shipment per box of a chosen shipping plan (`parcels.planning`), all or none.

    Each box goes through `shipment_request` (the same checks, the same estimated box, the same
    quote stored as the guaranteed price); a box whose price is now above the carriage the plan
    showed is refused, so nothing is requested at a price the customer did not see. Insured:
    each box for its declared value."""
    if not boxes:
        raise DomainError(_("Choose one of the plans."), field="plan")
    seen: set[int] = set()
    for box in boxes:
        if not box.parcel_ids or seen & set(box.parcel_ids):
            raise DomainError(_("Each parcel goes in exactly one box."), field="plan")
        seen |= set(box.parcel_ids)
    shipments = []
    for box in boxes:
        declared = Decimal(0)
        if insure:
            declared = sum(
                (
                    item.quantity * item.unit_value
                    for item in ParcelItem.objects.filter(
                        parcel__owner=user, parcel_id__in=box.parcel_ids
                    )
                ),
                Decimal(0),
            )
        shipment = shipment_request(
            user=user,
            parcel_ids=list(box.parcel_ids),
            recipient_id=recipient_id,
            service_id=box.service_id,
            customs_confirmed=customs_confirmed,
            customs_category=customs_category,
            insurance_amount=declared,
        )
        if shipment.quoted_price is None or shipment.quoted_price > box.carriage:
            raise DomainError(
                _(
                    "The price of %(service)s for %(parcels)s is now ¥%(now)s, not ¥%(then)s: "
                    "look at the plans again."
                )
                % {
                    "service": shipment.service.name,
                    "parcels": ", ".join(p.code for p in shipment.parcels.order_by("pk")),
                    "now": f"{shipment.quoted_price or 0:,.0f}",
                    "then": f"{box.carriage:,.0f}",
                },
                field="plan",
            )
        shipments.append(shipment)
    return shipments


def _release_parcels(shipment: Shipment, *, actor: Any, reason: str) -> None:
    for parcel in lock_all(shipment.parcels.order_by("pk")):
        if parcel.status in (ParcelStatus.PICKED, ParcelStatus.PACKED):
            transition(parcel, to=ParcelStatus.STORED, actor=actor, reason=reason)


def _move_parcels(shipment: Shipment, *, to: ParcelStatus, actor: Any) -> None:
    reason = f"{shipment.number}"
    for parcel in lock_all(shipment.parcels.order_by("pk")):
        transition(parcel, to=to, actor=actor, reason=reason)


@transaction.atomic
def shipment_cancel(*, shipment_id: int, actor: Any, user: Any = None) -> Shipment:
    """Cancel a shipment: a customer (`user` given) until staff start packing, staff until it is
    packed. The parcels go back to storage."""
    shipment = lock_shipment(shipment_id=shipment_id, user=user)
    if user is not None and shipment.status != ShipmentStatus.REQUESTED:
        raise DomainError(
            _(
                "Our staff have started packing; the shipment can no longer be "
                "cancelled. Contact support."
            )
        )
    moved = transition(shipment, to=ShipmentStatus.CANCELLED, actor=actor, reason=_("Cancelled"))
    if moved:
        _release_parcels(
            shipment, actor=actor, reason=_("Shipment %(n)s cancelled") % {"n": shipment.number}
        )
        notify_user(shipment.user, "shipment.cancelled", **_shipment_context(shipment))
    return shipment


@transaction.atomic
def shipment_packing_start(*, shipment_id: int, actor: Any) -> Shipment:
    """Staff take a requested shipment to the packing table; the customer can no longer cancel."""
    shipment = lock_shipment(shipment_id=shipment_id)
    if shipment.status == ShipmentStatus.REQUESTED and _user_is_frozen(shipment.user_id):
        raise DomainError(_("The customer's account is frozen (article 8(2))."))
    if transition(shipment, to=ShipmentStatus.PACKING, actor=actor, reason=_("Packing")):
        notify_user(shipment.user, "shipment.packing", **_shipment_context(shipment))
    return shipment


def shipment_invoice_request(*, shipment: Shipment, actor: Any) -> Any:
    """Have billing invoice the packed shipment, handing it the facts it needs (billing never
    imports parcels): the parcels in packing order and the total of their paid extras."""
    parcels = list(shipment.parcels.order_by("bin_location", "pk"))
    extras = ParcelExtra.objects.filter(parcel__shipments__pk=shipment.pk).aggregate(
        total=Sum("price")
    )["total"]
    return billing_services.shipment_invoice_issue(
        shipment=shipment, parcels=parcels, extras_total=Decimal(extras or 0), actor=actor
    )


@transaction.atomic
def shipment_extras_done(*, shipment_id: int, extra_ids: list[int], actor: Any) -> int:
    """The packer ticks paid extras of this shipment's parcels done at the packing table; ids
    of other shipments' extras are ignored. Returns how many were ticked now."""
    shipment = lock_shipment(shipment_id=shipment_id)
    ids = ParcelExtra.objects.filter(
        parcel__shipments__pk=shipment.pk, pk__in=[int(pk) for pk in extra_ids], is_done=False
    ).values_list("pk", flat=True)
    count = 0
    for extra_id in sorted(ids):
        parcel_extra_done(extra_id=extra_id, actor=actor)
        count += 1
    return count


@transaction.atomic
def shipment_pack(
    *, shipment_id: int, weight_g: Any, length_cm: Any, width_cm: Any, height_cm: Any, actor: Any
) -> Shipment:
    """Record the packed box's weight and size and have billing issue the invoice. Refused while
    an extra the customer paid for (protective packing, photos, …) is not ticked done."""
    weight = _check_measure(weight_g, "weight_g", _("Weight (g)"), MAX_WEIGHT_G)
    length = _check_measure(length_cm, "length_cm", _("Length (cm)"), MAX_SIDE_CM)
    width = _check_measure(width_cm, "width_cm", _("Width (cm)"), MAX_SIDE_CM)
    height = _check_measure(height_cm, "height_cm", _("Height (cm)"), MAX_SIDE_CM)
    shipment = lock_shipment(shipment_id=shipment_id)
    if shipment.status == ShipmentStatus.PACKED:
        return shipment
    undone = [
        f"{extra.parcel.code} {extra.service.name}"
        for extra in ParcelExtra.objects.filter(parcel__shipments__pk=shipment.pk, is_done=False)
        .select_related("parcel", "service")
        .order_by("parcel_id", "pk")
    ]
    if undone:
        raise DomainError(
            _("Do the paid extras first and tick them done: %(extras)s.")
            % {"extras": ", ".join(undone)}
        )
    if shipment.status == ShipmentStatus.REQUESTED:
        transition(shipment, to=ShipmentStatus.PACKING, actor=actor, reason=_("Packing"))
    shipping_selectors.service_limits_check(
        shipment.service,
        box=shipping_selectors.Box(
            weight_g=weight, length_cm=length, width_cm=width, height_cm=height
        ),
    )
    shipment.packed_weight_g, shipment.packed_length_cm = weight, length
    shipment.packed_width_cm, shipment.packed_height_cm = width, height
    transition(
        shipment,
        to=ShipmentStatus.PACKED,
        actor=actor,
        reason=_("Packed: %(g)s g, %(l)sx%(w)sx%(h)s cm")
        % {"g": weight, "l": length, "w": width, "h": height},
        fields=("packed_weight_g", "packed_length_cm", "packed_width_cm", "packed_height_cm"),
    )
    _move_parcels(shipment, to=ParcelStatus.PACKED, actor=actor)
    shipment_invoice_request(shipment=shipment, actor=actor)
    notify_user(shipment.user, "shipment.packed", **_shipment_context(shipment), weight_g=weight)
    return shipment


@transaction.atomic
def shipment_ship(*, shipment_id: int, tracking_number: str, actor: Any) -> Shipment:
    """Hand the box to the carrier with its tracking number. An unpaid shipment cannot leave
    (A14(10)); the disclosure of the recipient's data to the carrier is recorded (P3, P7)."""
    tracking = normalise_tracking(tracking_number)
    if len(tracking) < 6:
        raise DomainError(_("Scan the carrier's tracking number."), field="tracking_number")
    shipment = lock_shipment(shipment_id=shipment_id)
    if shipment.status == ShipmentStatus.SHIPPED:
        return shipment
    if shipment.status != ShipmentStatus.PACKED:
        raise DomainError(_("Pack and weigh the box before shipping it."))
    if _user_is_frozen(shipment.user_id):
        raise DomainError(_("The customer's account is frozen (article 8(2))."))
    if not billing_selectors.shipment_is_paid(shipment_id=shipment.pk):
        raise DomainError(_("The shipping invoice is not paid yet (article 14(10))."))
    shipment.tracking_number = tracking
    shipment.shipped_at = timezone.now()
    transition(
        shipment,
        to=ShipmentStatus.SHIPPED,
        actor=actor,
        reason=_("Handed to %(carrier)s, %(tracking)s")
        % {"carrier": shipment.service.carrier, "tracking": tracking},
        fields=("tracking_number", "shipped_at"),
    )
    _move_parcels(shipment, to=ParcelStatus.SHIPPED, actor=_actor(actor))
    disclosure_record(
        user_id=shipment.user_id,
        recipient=shipment.service.carrier,
        purpose="international shipping " + shipment.number,
        data_categories=["name", "address", "phone", "contents"],
        country=shipment.destination_country,
    )
    notify_user(shipment.user, "shipment.shipped", **_shipment_context(shipment))
    return shipment
