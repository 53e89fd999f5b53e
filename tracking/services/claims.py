"""Claims for loss or damage: opened by the customer, worked and decided by support, paid through
the ledger exactly once.

Who bears the loss (agreement A9.2, A9.3): a parcel in our custody is ours to pay; a box in the
carrier's hands is the carrier's (we are not a party to the carriage contract), so support files
the claim with the carrier and accepts it when the carrier or its insurer pays, unless the
customer bought insurance with us, which we pay at once. The claimed amount is capped at the
insured value (insured boxes) or the declared value."""

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from constance import config
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from billing.models import LedgerEntry
from billing.services import ledger_post
from parcels.models import Parcel, ParcelItem, Shipment
from parcels.states import HOLDING_STATUSES, ShipmentStatus
from tracking.models import Claim, ClaimEvent, ClaimNote, ClaimPhoto, Stall
from tracking.services.notices import customer_notify, support_alert
from tracking.states import ClaimKind, ClaimStatus, Liability
from transship.errors import DomainError
from transship.transitions import lock, record_created, transition

PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}


def payout_key(claim_id: int) -> str:
    """The ledger idempotency key of a claim's payout: one credit per claim, ever."""
    return f"claim:{claim_id}:payout"


# --- checks ---------------------------------------------------------------------------------------
def claim_photos_check(photos: list[UploadedFile], *, already: int = 0) -> None:
    """Refuse files that are too large, too many, or not really JPEG, PNG or WebP images (the
    content is read, not the name or the browser's content type)."""
    if already + len(photos) > config.CLAIM_PHOTOS_MAX:
        raise DomainError(
            _("A claim holds at most %(count)s photos.") % {"count": config.CLAIM_PHOTOS_MAX},
            field="photos",
        )
    for photo in photos:
        if photo.size > config.CLAIM_PHOTO_MAX_BYTES:
            raise DomainError(
                _("%(name)s is larger than %(size)s MB.")
                % {"name": photo.name, "size": config.CLAIM_PHOTO_MAX_BYTES // (1024 * 1024)},
                field="photos",
            )
        try:
            photo.seek(0)
            with Image.open(photo) as image:
                kind = image.format
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            kind = None
        finally:
            photo.seek(0)
        if kind not in PHOTO_FORMATS:
            raise DomainError(
                _("%(name)s is not a JPEG, PNG or WebP photo.") % {"name": photo.name},
                field="photos",
            )


def _photos_save(claim: Claim, photos: list[UploadedFile]) -> None:
    for photo in photos:
        ClaimPhoto.objects.create(claim=claim, image=photo)


def _today() -> Any:
    return timezone.localdate()


def _respond_by() -> Any:
    return _today() + timedelta(days=config.CLAIM_DECISION_DAYS)


def parcel_declared_value(parcel: Parcel) -> Decimal:
    total = ParcelItem.objects.filter(parcel=parcel).aggregate(
        total=Sum(F("unit_value") * F("quantity"))
    )["total"]
    return Decimal(total or 0)


def shipment_claimable(shipment: Shipment, *, now: datetime) -> tuple[bool, str]:
    """Whether a claim may be opened on this shipment now, and what kinds: delivered within the
    window (any kind), or stalled (lost)."""
    if shipment.status == ShipmentStatus.DELIVERED:
        delivered = shipment.delivered_at or shipment.updated_at
        if now - delivered <= timedelta(days=config.CLAIM_WINDOW_DAYS):
            return True, "delivered"
        return False, "late"
    if Stall.objects.filter(shipment=shipment, cleared_at__isnull=True).exists():
        return True, "stalled"
    return False, "not_yet"


# --- the customer ---------------------------------------------------------------------------------
@transaction.atomic
def claim_open(
    *,
    user: Any,
    kind: str,
    description: str,
    amount_claimed: Decimal,
    shipment_id: int | None = None,
    parcel_id: int | None = None,
    photos: list[UploadedFile] | None = None,
    now: datetime | None = None,
) -> Claim:
    """Open a claim on one of the customer's shipments (delivered within the window, or stalled)
    or on a parcel in our custody."""
    now = now or timezone.now()
    photos = photos or []
    if kind not in ClaimKind.values:
        raise DomainError(_("Choose what happened."), field="kind")
    if not description.strip():
        raise DomainError(_("Describe what happened."), field="description")
    if (shipment_id is None) == (parcel_id is None):
        raise DomainError(
            _("Choose the shipment or the parcel the claim is about."), field="subject"
        )
    amount = Decimal(amount_claimed)
    if shipment_id is not None:
        shipment = Shipment.objects.filter(user=user, pk=shipment_id).first()
        if shipment is None:
            raise DomainError(_("Choose one of your shipments."), field="subject")
        ok, why = shipment_claimable(shipment, now=now)
        if not ok:
            message = {
                "late": _(
                    "Claims must be opened within %(days)s days of delivery; this shipment was "
                    "delivered earlier."
                )
                % {"days": config.CLAIM_WINDOW_DAYS},
                "not_yet": _(
                    "A claim can be opened once the shipment is delivered, or when it has "
                    "stalled with the carrier."
                ),
            }[why]
            raise DomainError(message, field="subject")
        if why == "stalled" and kind != ClaimKind.LOST:
            raise DomainError(
                _("A shipment that has not arrived can only be claimed as lost."), field="kind"
            )
        insured = shipment.insurance_amount > 0
        cap = shipment.insurance_amount if insured else shipment.declared_value
        liability = Liability.INSURED if insured else Liability.CARRIER
        subject = {"shipment": shipment}
    else:
        parcel = Parcel.objects.filter(owner=user, pk=parcel_id).first()
        if parcel is None or parcel.status not in HOLDING_STATUSES:
            raise DomainError(_("Choose one of your parcels in our warehouse."), field="subject")
        cap = parcel_declared_value(parcel)
        liability = Liability.US
        subject = {"parcel": parcel}
    if cap <= 0:
        raise DomainError(
            _("Nothing was declared with a value, so there is nothing we can pay."),
            field="amount_claimed",
        )
    if amount <= 0:
        raise DomainError(_("Claim an amount above zero."), field="amount_claimed")
    if amount > cap:
        raise DomainError(
            _("You can claim at most ¥%(cap)s (the insured or declared value).")
            % {"cap": f"{cap:,.0f}"},
            field="amount_claimed",
        )
    claim_photos_check(photos)
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                user=user,
                kind=kind,
                description=description.strip(),
                amount_claimed=amount,
                amount_cap=cap,
                liability=liability,
                respond_by=_respond_by(),
                **subject,
            )
    except IntegrityError:
        raise DomainError(
            _("There is already an open claim on it: add information to that claim."),
            field="subject",
        ) from None
    record_created(claim, actor=user, reason=str(_("Claim opened")))
    _photos_save(claim, photos)
    customer_notify(user, "claim.received", **_context(claim))
    return claim


@transaction.atomic
def claim_information_add(
    *, claim_id: int, user: Any, text: str, photos: list[UploadedFile] | None = None
) -> Claim:
    """The customer adds information (text, photos); an answer to our question puts the claim
    back under review with a fresh deadline."""
    photos = photos or []
    claim = lock(Claim.objects.filter(user=user), pk=claim_id)
    if claim.status not in (
        ClaimStatus.SUBMITTED,
        ClaimStatus.INFO_REQUESTED,
        ClaimStatus.WITH_CARRIER,
    ):
        raise DomainError(_("This claim is decided: it takes no more information."))
    if not text.strip() and not photos:
        raise DomainError(_("Write something or add a photo."), field="text")
    claim_photos_check(photos, already=claim.photos.count())
    ClaimNote.objects.create(claim=claim, author=user, text=text.strip())
    _photos_save(claim, photos)
    if claim.status == ClaimStatus.INFO_REQUESTED:
        claim.respond_by = _respond_by()
        claim.reminded_at = None
        transition(
            claim,
            to=ClaimStatus.SUBMITTED,
            actor=user,
            reason=str(_("Information added")),
            fields=("respond_by", "reminded_at"),
        )
    return claim


@transaction.atomic
def claim_withdraw(*, claim_id: int, user: Any) -> Claim:
    claim = lock(Claim.objects.filter(user=user), pk=claim_id)
    if claim.status not in (ClaimStatus.SUBMITTED, ClaimStatus.INFO_REQUESTED):
        raise DomainError(_("This claim can no longer be withdrawn."))
    transition(claim, to=ClaimStatus.WITHDRAWN, actor=user, reason=str(_("Withdrawn")))
    return claim


# --- support --------------------------------------------------------------------------------------
@transaction.atomic
def claim_info_request(*, claim_id: int, actor: Any, message: str) -> Claim:
    """Ask the customer for more (photos of the packaging, the receipt…): they read `message`."""
    if not message.strip():
        raise DomainError(_("Say what information you need."), field="message")
    claim = lock(Claim, pk=claim_id)
    claim.info_request = message.strip()
    claim.reminded_at = None
    transition(
        claim,
        to=ClaimStatus.INFO_REQUESTED,
        actor=actor,
        reason=claim.info_request,
        fields=("info_request", "reminded_at"),
    )
    customer_notify(claim.user, "claim.info_requested", **_context(claim), message=message.strip())
    return claim


@transaction.atomic
def claim_file_with_carrier(*, claim_id: int, actor: Any, reference: str) -> Claim:
    """Record the claim filed with the carrier (in-transit loss or damage, A9.3)."""
    if not reference.strip():
        raise DomainError(_("Enter the carrier's claim reference."), field="reference")
    claim = lock(Claim, pk=claim_id)
    if claim.liability != Liability.CARRIER:
        raise DomainError(_("We bear this loss ourselves: decide it, do not file it."))
    claim.carrier_reference = reference.strip()[:100]
    claim.respond_by = _respond_by()
    transition(
        claim,
        to=ClaimStatus.WITH_CARRIER,
        actor=actor,
        reason=_("Filed with the carrier: %(ref)s") % {"ref": claim.carrier_reference},
        fields=("carrier_reference", "respond_by"),
    )
    customer_notify(claim.user, "claim.filed", **_context(claim))
    return claim


@transaction.atomic
def claim_accept(
    *, claim_id: int, actor: Any, amount: Decimal, reason: str = "", carrier_outcome: str = ""
) -> Claim:
    """Accept the claim in full or in part and credit the customer's balance at once, exactly
    once (the ledger's idempotency key). A claim the carrier bears is accepted only once the
    carrier has paid (filed first, its answer recorded)."""
    claim = lock(Claim.objects.select_related("user"), pk=claim_id)
    amount = Decimal(amount)
    if claim.status == ClaimStatus.PAID:
        return claim
    Claim.state_machine.check(claim, ClaimStatus.ACCEPTED)  # a decided claim: 409
    if amount <= 0 or amount > claim.amount_claimed:
        raise DomainError(
            _("Accept an amount above zero and at most the amount claimed (¥%(amount)s).")
            % {"amount": f"{claim.amount_claimed:,.0f}"},
            field="amount",
        )
    if claim.liability == Liability.CARRIER:
        if claim.status != ClaimStatus.WITH_CARRIER:
            raise DomainError(
                _(
                    "The carrier bears this loss (article 9.3): file the claim with the carrier "
                    "first, and accept it when the carrier or its insurer pays."
                )
            )
        if not carrier_outcome.strip():
            raise DomainError(_("Record what the carrier answered."), field="carrier_outcome")
    if amount < claim.amount_claimed and not reason.strip():
        raise DomainError(
            _("Tell the customer why only part of the claim is accepted."), field="reason"
        )
    now = timezone.now()
    claim.amount_accepted = amount
    claim.decision_reason = reason.strip()
    claim.carrier_outcome = carrier_outcome.strip() or claim.carrier_outcome
    claim.decided_at = now
    transition(
        claim,
        to=ClaimStatus.ACCEPTED,
        actor=actor,
        reason=reason.strip() or str(_("Accepted")),
        fields=("amount_accepted", "decision_reason", "carrier_outcome", "decided_at"),
    )
    ledger_post(
        user_id=claim.user_id,
        kind=LedgerEntry.Kind.CLAIM,
        amount=amount,
        description=str(_("Claim %(number)s") % {"number": claim.number}),
        idempotency_key=payout_key(claim.pk),
        actor=actor,
    )
    claim.paid_at = now
    transition(
        claim,
        to=ClaimStatus.PAID,
        actor=actor,
        reason=str(_("Credited to the balance")),
        fields=("paid_at",),
    )
    customer_notify(claim.user, "claim.paid", **_context(claim))
    return claim


@transaction.atomic
def claim_refuse(*, claim_id: int, actor: Any, reason: str, carrier_outcome: str = "") -> Claim:
    """Refuse the claim with a reason the customer reads."""
    if not reason.strip():
        raise DomainError(_("Give the customer the reason for the refusal."), field="reason")
    claim = lock(Claim.objects.select_related("user"), pk=claim_id)
    claim.decision_reason = reason.strip()
    claim.carrier_outcome = carrier_outcome.strip() or claim.carrier_outcome
    claim.decided_at = timezone.now()
    transition(
        claim,
        to=ClaimStatus.REFUSED,
        actor=actor,
        reason=claim.decision_reason,
        fields=("decision_reason", "carrier_outcome", "decided_at"),
    )
    customer_notify(claim.user, "claim.refused", **_context(claim), reason=claim.decision_reason)
    return claim


# --- deadlines ------------------------------------------------------------------------------------
@transaction.atomic
def claims_remind(*, now: datetime) -> tuple[int, int]:
    """Remind once the customers who have not answered our question for
    `CLAIM_INFO_REMINDER_DAYS`, and tell support how many claims are past their decision date.
    Returns (customers reminded, claims overdue)."""
    cutoff = now - timedelta(days=config.CLAIM_INFO_REMINDER_DAYS)
    asked_before = ClaimEvent.objects.filter(
        to_status=ClaimStatus.INFO_REQUESTED, created_at__lte=cutoff
    ).values("claim_id")
    waiting = list(
        Claim.objects.filter(
            status=ClaimStatus.INFO_REQUESTED, reminded_at__isnull=True, pk__in=asked_before
        ).select_related("user")
    )
    for claim in waiting:
        customer_notify(claim.user, "claim.info_reminder", **_context(claim))
    Claim.objects.filter(pk__in=[c.pk for c in waiting]).update(reminded_at=now)
    overdue = list(
        Claim.objects.filter(
            status__in=(ClaimStatus.SUBMITTED, ClaimStatus.WITH_CARRIER),
            respond_by__lt=timezone.localdate(now),
        ).order_by("respond_by")
    )
    if overdue:
        support_alert(
            "claim.overdue", count=len(overdue), numbers=", ".join(c.number for c in overdue[:20])
        )
    return len(waiting), len(overdue)


def _context(claim: Claim) -> dict[str, Any]:
    return {
        "claim_id": claim.pk,
        "claim_number": claim.number,
        "subject": claim.subject_label,
        "amount_claimed": int(claim.amount_claimed),
        "amount_accepted": int(claim.amount_accepted) if claim.amount_accepted else None,
        "partly": claim.is_partly_accepted,
    }
