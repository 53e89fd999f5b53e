"""After the box leaves: the carrier's events, stalls, the customer's milestone choices, claims.

Shipments live in parcels (this app sits above it); the poller's own columns on the shipment
(`carrier_event_at`, `tracking_checked_at`, …) are parcels' fields written only by this app."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracking.states import (
    CLAIM_ALLOWED,
    CLAIM_OPEN_STATUSES,
    ClaimKind,
    ClaimStatus,
    Liability,
    TrackingStatus,
)
from transship.money import MoneyField
from transship.transitions import StateMachine, TransitionEvent

CLAIM_CODE_PREFIX = "CL"


class CarrierEvent(models.Model):
    """One event of the carrier's tracking, recorded once: `key` is unique per carrier."""

    shipment = models.ForeignKey(
        "parcels.Shipment", on_delete=models.CASCADE, related_name="carrier_events"
    )
    carrier = models.CharField(_("carrier"), max_length=20)
    key = models.CharField(max_length=200)
    occurred_at = models.DateTimeField(_("time"), db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=TrackingStatus.choices)
    code = models.CharField(_("carrier's code"), max_length=40, blank=True)
    description = models.CharField(_("carrier's description"), max_length=300, blank=True)
    location = models.CharField(_("place"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("carrier event")
        verbose_name_plural = _("carrier events")
        ordering = ("occurred_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=["carrier", "key"], name="carrier_event_once"),
            models.CheckConstraint(
                condition=Q(status__in=TrackingStatus.values), name="carrier_event_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.get_status_display()}"


class TrackingPreference(models.Model):
    """The milestones a customer wants to be told about (a missing row: the defaults)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="tracking_preference",
    )
    customs = models.BooleanField(_("In customs"), default=False)
    out_for_delivery = models.BooleanField(_("Out for delivery"), default=False)
    delivered = models.BooleanField(_("Delivered"), default=True)
    exception = models.BooleanField(_("Delivery problem"), default=True)
    returned = models.BooleanField(_("Returned to sender"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tracking notification choice")
        verbose_name_plural = _("tracking notification choices")

    def __str__(self) -> str:
        return str(self.user_id)

    def wants(self, status: str) -> bool:
        return bool(getattr(self, status, False))


class Stall(models.Model):
    """A shipment with no carrier event for longer than its service's expected gap: support's
    queue. Open while `cleared_at` is empty; the next carrier event clears it."""

    shipment = models.ForeignKey(
        "parcels.Shipment", on_delete=models.CASCADE, related_name="stalls"
    )
    flagged_at = models.DateTimeField(_("flagged at"), default=timezone.now, db_index=True)
    last_event_at = models.DateTimeField(_("last carrier event"), null=True, blank=True)
    last_event = models.CharField(_("last event"), max_length=300, blank=True)
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)

    class Meta:
        verbose_name = _("stalled shipment")
        verbose_name_plural = _("stalled shipments")
        ordering = ("flagged_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["shipment"], condition=Q(cleared_at__isnull=True), name="one_open_stall"
            )
        ]

    def __str__(self) -> str:
        return f"{self.shipment_id} {self.flagged_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.cleared_at is None


class Claim(models.Model):
    """A customer's claim for loss or damage, on a shipment or on a parcel in our custody."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name=_("customer"),
    )
    shipment = models.ForeignKey(
        "parcels.Shipment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name=_("shipment"),
    )
    parcel = models.ForeignKey(
        "parcels.Parcel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name=_("parcel"),
    )
    kind = models.CharField(_("what happened"), max_length=20, choices=ClaimKind.choices)
    description = models.TextField(_("description"))
    amount_claimed = MoneyField(verbose_name=_("amount claimed (JPY)"))
    # The most we may pay: the insured value when insured, else the declared value.
    amount_cap = MoneyField(verbose_name=_("cap (JPY)"), editable=False)
    liability = models.CharField(
        _("who bears the loss"), max_length=10, choices=Liability.choices, editable=False
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ClaimStatus.choices,
        default=ClaimStatus.SUBMITTED,
        editable=False,
        db_index=True,
    )
    state_machine = StateMachine(CLAIM_ALLOWED, events="tracking.ClaimEvent", subject="claim")
    info_request = models.TextField(_("information we asked for"), blank=True, editable=False)
    carrier_reference = models.CharField(
        _("carrier's claim reference"), max_length=100, blank=True, editable=False
    )
    carrier_outcome = models.TextField(_("carrier's answer"), blank=True, editable=False)
    amount_accepted = MoneyField(
        verbose_name=_("amount accepted (JPY)"), null=True, blank=True, editable=False
    )
    decision_reason = models.TextField(_("reason given"), blank=True, editable=False)
    respond_by = models.DateField(_("decide by"), null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ("-created_at", "-id")
        permissions = [("decide_claim", _("Can work and decide claims"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(shipment__isnull=False) ^ Q(parcel__isnull=False),
                name="claim_on_one_object",
            ),
            models.CheckConstraint(
                condition=Q(amount_claimed__gt=0) & Q(amount_claimed__lte=models.F("amount_cap")),
                name="claim_amount_within_cap",
            ),
            models.CheckConstraint(
                condition=Q(amount_accepted__isnull=True)
                | (Q(amount_accepted__gt=0) & Q(amount_accepted__lte=models.F("amount_claimed"))),
                name="claim_accepted_within_claimed",
            ),
            # One open claim per shipment and per parcel: a second would pay twice.
            models.UniqueConstraint(
                fields=["shipment"],
                condition=Q(status__in=CLAIM_OPEN_STATUSES),
                name="one_open_claim_per_shipment",
            ),
            models.UniqueConstraint(
                fields=["parcel"],
                condition=Q(status__in=CLAIM_OPEN_STATUSES),
                name="one_open_claim_per_parcel",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"{CLAIM_CODE_PREFIX}{self.pk or 0:07d}"

    @property
    def is_open(self) -> bool:
        return self.status in CLAIM_OPEN_STATUSES

    @property
    def is_partly_accepted(self) -> bool:
        return self.amount_accepted is not None and self.amount_accepted < self.amount_claimed

    @property
    def subject_label(self) -> str:
        return self.shipment.number if self.shipment_id else self.parcel.code


class ClaimEvent(TransitionEvent):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=ClaimStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ClaimStatus.choices)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("claim event")
        verbose_name_plural = _("claim events")


class ClaimNote(models.Model):
    """Information the customer added to their claim (the first description is on the claim)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("information"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("claim information")
        verbose_name_plural = _("claim information")
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return self.text[:50]


def claim_photo_path(instance: "ClaimPhoto", filename: str) -> str:
    """An unguessable name under the claim: the customer's file name is not kept."""
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"claims/{instance.claim_id}/{uuid.uuid4().hex}{suffix}"


class ClaimPhoto(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=claim_photo_path)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("claim photo")
        verbose_name_plural = _("claim photos")
        ordering = ("id",)

    def __str__(self) -> str:
        return self.image.name
