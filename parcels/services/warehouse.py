"""What warehouse staff do to a parcel: intake (scan, weigh, photograph, refuse), bins,
inspections (A13), holds (A14), assigning unidentified parcels, disposal (A15) and extras."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing import services as billing_services
from parcels.models import (
    ExtraService,
    Inspection,
    Parcel,
    ParcelExtra,
    ParcelPhoto,
    normalise_tracking,
)
from parcels.services.transitions import _actor, lock_parcel, notify_user
from parcels.states import (
    HOLD_INSTRUCTIONS,
    DisposalMethod,
    HoldReason,
    InspectionResult,
    ParcelStatus,
    RefusalReason,
)
from transship.errors import DomainError
from transship.transitions import lock_all, record_created, record_note, transition

MAX_WEIGHT_G = 70_000
MAX_SIDE_CM = 300
CUSTODY_STATUSES = (
    ParcelStatus.UNIDENTIFIED,
    ParcelStatus.RECEIVED,
    ParcelStatus.STORED,
    ParcelStatus.ON_HOLD,
    ParcelStatus.PICKED,
    ParcelStatus.DISPOSAL_DUE,
)


def _check_measure(value: Any, field: str, label: str, maximum: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DomainError(
            _("%(label)s must be a whole number.") % {"label": label}, field=field
        ) from None
    if number <= 0:
        raise DomainError(_("%(label)s must be more than 0.") % {"label": label}, field=field)
    if number > maximum:
        raise DomainError(
            _("%(label)s is more than %(max)s: check the scale.")
            % {"label": label, "max": maximum},
            field=field,
        )
    return number


def _member(code: str) -> Any:
    from accounts import selectors as accounts_selectors

    return accounts_selectors.user_by_member_code(code=code)


def _arrival_context(parcel: Parcel) -> dict[str, Any]:
    return {
        "parcel_id": parcel.pk,
        "parcel_code": parcel.code,
        "weight_g": parcel.weight_g,
        "tracking_number": parcel.tracking_number,
    }


@transaction.atomic
def parcel_intake(
    *,
    tracking_number: str,
    weight_g: Any,
    length_cm: Any,
    width_cm: Any,
    height_cm: Any,
    actor: Any,
    member_code: str = "",
    bin_location: str = "",
    refusal: str = "",
    photos: Iterable[UploadedFile] = (),
    note: str = "",
) -> Parcel:
    """Receive a parcel at the warehouse door: match the declaration by tracking number, else the
    member by code, else store it as unidentified; record our measurements (the basis of every
    fee, A11.1) and photos; refuse it (A14(2)-(4)) when staff say so. The customer is told.

    Two scans of the same tracking number at once make one parcel: the declaration row is locked,
    and a new parcel's tracking number is unique among live parcels."""
    tracking = normalise_tracking(tracking_number)
    if not tracking and not member_code.strip():
        raise DomainError(
            _("Scan the tracking number or the member code."), field="tracking_number"
        )
    weight = _check_measure(weight_g, "weight_g", _("Weight (g)"), MAX_WEIGHT_G)
    sides = {
        name: _check_measure(value, name, label, MAX_SIDE_CM)
        for name, value, label in (
            ("length_cm", length_cm, _("Length (cm)")),
            ("width_cm", width_cm, _("Width (cm)")),
            ("height_cm", height_cm, _("Height (cm)")),
        )
    }
    if refusal and refusal not in RefusalReason.values:
        raise DomainError(_("Choose a refusal reason from the list."), field="refusal")
    owner = None
    if member_code.strip():
        owner = _member(member_code)
        if owner is None:
            raise DomainError(
                _("Unknown or mistyped member code “%(code)s”.") % {"code": member_code},
                field="member_code",
            )
    now = timezone.now()
    measured = {
        "weight_g": weight,
        **sides,
        "received_at": now,
        "bin_location": bin_location.strip().upper()[:20],
    }

    parcel = None
    if tracking:
        declared = lock_all(
            Parcel.objects.filter(tracking_number=tracking, status=ParcelStatus.EXPECTED)[:1]
        )
        parcel = declared[0] if declared else None
    if parcel is not None:
        for name, value in measured.items():
            setattr(parcel, name, value)
        transition(
            parcel,
            to=ParcelStatus.RECEIVED,
            actor=actor,
            reason=note or _("Scanned in"),
            fields=tuple(measured),
        )
    else:
        parcel = Parcel(
            owner=owner,
            tracking_number=tracking,
            note=note,
            status=ParcelStatus.RECEIVED if owner else ParcelStatus.UNIDENTIFIED,
            **measured,
        )
        try:
            with transaction.atomic():
                parcel.save()
        except IntegrityError:
            existing = (
                Parcel.objects.filter(tracking_number=tracking)
                .exclude(
                    status__in=(
                        ParcelStatus.SHIPPED,
                        ParcelStatus.DISPOSED,
                        ParcelStatus.REFUSED,
                        ParcelStatus.CANCELLED,
                    )
                )
                .first()
            )
            raise DomainError(
                _("Tracking number %(tracking)s was already scanned in as %(code)s.")
                % {"tracking": tracking, "code": existing.code if existing else "?"},
                field="tracking_number",
            ) from None
        record_created(parcel, actor=actor, reason=note or _("Scanned in without a declaration"))

    for photo in photos:
        ParcelPhoto.objects.create(parcel=parcel, image=photo, taken_by=_actor(actor))

    if refusal:
        parcel.refusal_reason = refusal
        transition(
            parcel,
            to=ParcelStatus.REFUSED,
            actor=actor,
            reason=RefusalReason(refusal).label,
            fields=("refusal_reason",),
        )
        notify_user(
            parcel.owner,
            "parcel.refused",
            **_arrival_context(parcel),
            reason=str(RefusalReason(refusal).label),
        )
        return parcel
    if parcel.status == ParcelStatus.UNIDENTIFIED:
        return parcel
    if not parcel.items.exists():
        _hold(parcel, reason=HoldReason.NO_DECLARATION, note="", actor=actor)
    else:
        transition(parcel, to=ParcelStatus.STORED, actor=actor, reason=_("Stored"))
    notify_user(parcel.owner, "parcel.arrived", **_arrival_context(parcel))
    return parcel


def _hold(parcel: Parcel, *, reason: str, note: str, actor: Any) -> None:
    parcel.hold_reason = reason
    parcel.hold_note = note
    parcel.held_at = timezone.now()
    fields = ("hold_reason", "hold_note", "held_at")
    label = str(HoldReason(reason).label)
    if parcel.status == ParcelStatus.ON_HOLD:
        parcel.save(update_fields=[*fields, "updated_at"])
        record_note(parcel, actor=actor, reason=label)
    else:
        transition(
            parcel,
            to=ParcelStatus.ON_HOLD,
            actor=actor,
            reason=f"{label} {note}".strip(),
            fields=fields,
        )
    notify_user(
        parcel.owner,
        "parcel.on_hold",
        parcel_id=parcel.pk,
        parcel_code=parcel.code,
        reason=label,
        instructions=str(HOLD_INSTRUCTIONS[reason]),
        note=note,
    )


@transaction.atomic
def parcel_hold(*, parcel_id: int, reason: str, actor: Any, note: str = "") -> Parcel:
    """Put a parcel on hold with a reason of article 14; the customer is told what to do."""
    if reason not in HoldReason.values:
        raise DomainError(_("Choose a hold reason."), field="reason")
    parcel = lock_parcel(parcel_id=parcel_id)
    _hold(parcel, reason=reason, note=note, actor=actor)
    return parcel


@transaction.atomic
def parcel_release(*, parcel_id: int, actor: Any, reason: str = "") -> Parcel:
    """Staff clear a hold: the parcel is back in storage."""
    parcel = lock_parcel(parcel_id=parcel_id)
    if parcel.status != ParcelStatus.ON_HOLD:
        raise DomainError(_("%(code)s is not on hold.") % {"code": parcel.code})
    parcel.hold_reason, parcel.hold_note, parcel.held_at = "", "", None
    transition(
        parcel,
        to=ParcelStatus.STORED,
        actor=actor,
        reason=reason or _("Hold cleared"),
        fields=("hold_reason", "hold_note", "held_at"),
    )
    return parcel


INSPECTION_HOLDS = {
    InspectionResult.MISMATCH: HoldReason.CONTENTS_MISMATCH,
    InspectionResult.PROHIBITED: HoldReason.PROHIBITED,
    InspectionResult.SUSPECTED_CRIME: HoldReason.VIOLATION,
}


@transaction.atomic
def parcel_inspect(*, parcel_id: int, result: str, actor: Any, notes: str = "") -> Inspection:
    """Record an inspection (A13). A mismatch or a prohibited item puts the parcel on hold
    (A14(8), A14(1)); suspected proceeds of crime are also marked for report (A13.2)."""
    if result not in InspectionResult.values:
        raise DomainError(_("Choose an inspection result."), field="result")
    parcel = lock_parcel(parcel_id=parcel_id)
    if parcel.status not in (
        ParcelStatus.UNIDENTIFIED,
        ParcelStatus.RECEIVED,
        ParcelStatus.STORED,
        ParcelStatus.ON_HOLD,
    ):
        raise DomainError(_("%(code)s is not in storage.") % {"code": parcel.code})
    inspection = Inspection.objects.create(
        parcel=parcel, result=result, notes=notes, actor=_actor(actor)
    )
    if result == InspectionResult.SUSPECTED_CRIME:
        parcel.is_marked_for_report = True
        parcel.save(update_fields=["is_marked_for_report", "updated_at"])
    hold = INSPECTION_HOLDS.get(result)
    if hold is not None:
        _hold(
            parcel,
            reason=hold,
            note=notes if result == InspectionResult.MISMATCH else "",
            actor=actor,
        )
    return inspection


@transaction.atomic
def parcel_bin_move(*, parcel_id: int, bin_location: str, actor: Any) -> Parcel:
    """Set a parcel's bin (scanned at the shelf)."""
    bin_location = bin_location.strip().upper()[:20]
    if not bin_location:
        raise DomainError(_("Scan the bin label."), field="bin_location")
    parcel = lock_parcel(parcel_id=parcel_id)
    if parcel.status not in CUSTODY_STATUSES:
        raise DomainError(_("%(code)s is not in the warehouse.") % {"code": parcel.code})
    old = parcel.bin_location
    parcel.bin_location = bin_location
    parcel.save(update_fields=["bin_location", "updated_at"])
    record_note(
        parcel,
        actor=actor,
        reason=_("Bin %(old)s → %(new)s") % {"old": old or "-", "new": bin_location},
    )
    return parcel


@transaction.atomic
def parcel_assign_owner(*, parcel_id: int, member_code: str, actor: Any) -> Parcel:
    """Give an unidentified parcel to the member it belongs to; it waits for their declaration."""
    owner = _member(member_code)
    if owner is None:
        raise DomainError(
            _("Unknown or mistyped member code “%(code)s”.") % {"code": member_code},
            field="member_code",
        )
    parcel = lock_parcel(parcel_id=parcel_id)
    if parcel.status != ParcelStatus.UNIDENTIFIED:
        raise DomainError(_("%(code)s is not unidentified.") % {"code": parcel.code})
    parcel.owner = owner
    parcel.save(update_fields=["owner", "updated_at"])
    _hold(parcel, reason=HoldReason.NO_DECLARATION, note="", actor=actor)
    notify_user(owner, "parcel.arrived", **_arrival_context(parcel))
    return parcel


@transaction.atomic
def parcel_send_to_disposal(*, parcel_id: int, actor: Any, reason: str = "") -> Parcel:
    """Put a held prohibited parcel in the disposal queue at once (A15.1)."""
    parcel = lock_parcel(parcel_id=parcel_id)
    if not (parcel.status == ParcelStatus.ON_HOLD and parcel.hold_reason == HoldReason.PROHIBITED):
        raise DomainError(
            _("Only a parcel held for a prohibited item goes to disposal before its deadline.")
        )
    transition(
        parcel,
        to=ParcelStatus.DISPOSAL_DUE,
        actor=actor,
        reason=reason or _("Prohibited item (A15.1)"),
    )
    return parcel


@transaction.atomic
def parcel_dispose(*, parcel_id: int, method: str, actor: Any, sale_price: Any = 0) -> Parcel:
    """Record the sale or destruction of a parcel past its deadline and settle the proceeds."""
    if method not in DisposalMethod.values:
        raise DomainError(_("Choose sell or destroy."), field="method")
    try:
        price = Decimal(str(sale_price or 0))
    except ArithmeticError:
        raise DomainError(_("Enter the sale price in yen."), field="sale_price") from None
    if method == DisposalMethod.DESTROYED:
        price = Decimal(0)
    if price < 0 or price != price.to_integral_value():
        raise DomainError(
            _("The sale price is a whole number of yen, 0 or more."), field="sale_price"
        )
    parcel = lock_parcel(parcel_id=parcel_id)
    parcel.disposal_method = method
    parcel.disposal_price = price
    moved = transition(
        parcel,
        to=ParcelStatus.DISPOSED,
        actor=actor,
        reason=f"{DisposalMethod(method).label} ¥{price:,.0f}",
        fields=("disposal_method", "disposal_price"),
    )
    if moved and parcel.owner_id:
        billing_services.disposal_settle(
            parcel_id=parcel.pk,
            user_id=parcel.owner_id,
            received_at=parcel.received_at,
            sale_price=price,
            actor=actor,
        )
    return parcel


@transaction.atomic
def parcel_extra_order(*, parcel_id: int, user: Any, service_id: int) -> ParcelExtra:
    """The customer orders a paid extra for a parcel in storage, at today's catalogue price."""
    parcel = lock_parcel(parcel_id=parcel_id, owner=user)
    if parcel.status not in (ParcelStatus.RECEIVED, ParcelStatus.STORED, ParcelStatus.ON_HOLD):
        raise DomainError(_("Extras can be ordered only for parcels in storage."))
    service = ExtraService.objects.filter(pk=service_id, is_active=True).first()
    if service is None:
        raise DomainError(_("This extra is not offered."), field="service")
    extra, created = ParcelExtra.objects.get_or_create(
        parcel=parcel, service=service, defaults={"price": service.price}
    )
    if not created:
        raise DomainError(_("You already ordered this extra for this parcel."), field="service")
    return extra


@transaction.atomic
def parcel_extra_done(*, extra_id: int, actor: Any) -> ParcelExtra:
    """Staff tick an ordered extra as done."""
    extra = ParcelExtra.objects.select_for_update(of=("self",)).select_related(
        "parcel__owner", "service"
    )
    extra = extra.filter(pk=extra_id).first()
    if extra is None:
        raise DomainError(_("No such extra."))
    if extra.is_done:
        return extra
    extra.is_done, extra.done_at, extra.done_by = True, timezone.now(), _actor(actor)
    extra.save(update_fields=["is_done", "done_at", "done_by"])
    notify_user(
        extra.parcel.owner,
        "parcel.extra_done",
        parcel_id=extra.parcel_id,
        parcel_code=extra.parcel.code,
        extra=extra.service.name,
    )
    return extra
