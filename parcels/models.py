"""Warehouse parcels (agreement articles 9, 10, 12-15): the parcel from its declaration to its
shipment or disposal, its content lines, intake photos, inspections, paid extras, the storage
reminders already sent, and the outbound shipments that consolidate parcels into one box.

Statuses change only through `transship.transitions.transition`, called by `parcels.services`;
every change is an append-only event row."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parcels.states import (
    CLOCK_STATUSES,
    HOLD_INSTRUCTIONS,
    PARCEL_ALLOWED,
    PROHIBITED_CATEGORIES,
    SHIPMENT_ALLOWED,
    TRACKING_LIVE_STATUSES,
    Category,
    CustomsCategory,
    CustomsForm,
    DisposalMethod,
    HoldReason,
    InspectionResult,
    ParcelStatus,
    RefusalReason,
    ShipmentStatus,
)
from transship.fields import EncryptedCharField, EncryptedTextField
from transship.money import MoneyField
from transship.transitions import StateMachine, TransitionEvent

PARCEL_CODE_PREFIX = "P"
SHIPMENT_CODE_PREFIX = "S"


def normalise_tracking(value: str) -> str:
    """Carrier labels print tracking numbers with spaces and dashes; we store digits/letters."""
    return "".join(ch for ch in (value or "").upper() if ch.isalnum())


class DomesticCarrier(models.TextChoices):
    YAMATO = "yamato", _("Yamato Transport")
    SAGAWA = "sagawa", _("Sagawa Express")
    JAPAN_POST = "japanpost", _("Japan Post")
    OTHER = "other", _("Other")


class ParcelQuerySet(models.QuerySet["Parcel"]):
    def for_user(self, user) -> "ParcelQuerySet":
        return self.filter(owner=user)

    def in_clock(self) -> "ParcelQuerySet":
        from parcels.states import CLOCK_STATUSES

        return self.filter(status__in=CLOCK_STATUSES, received_at__isnull=False)


class Parcel(models.Model):
    """One parcel a shop sends to our warehouse for a member. It starts as the customer's
    declaration (expected) or, when nobody declared it, as an unidentified parcel at intake."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="parcels",
        null=True,
        blank=True,
        verbose_name=_("customer"),
        db_index=False,  # parcel_owner_status_idx leads with the owner
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ParcelStatus.choices,
        default=ParcelStatus.EXPECTED,
        editable=False,
        # No index of its own: parcel_clock_idx leads with the status. Every status UPDATE of
        # the sweep rewrites each index holding the status, so there are as few as can serve.
    )
    state_machine = StateMachine(PARCEL_ALLOWED, events="parcels.ParcelEvent", subject="parcel")
    shop_name = models.CharField(_("shop"), max_length=200, blank=True)
    shop_url = models.URLField(_("shop URL"), max_length=500, blank=True)
    carrier = models.CharField(
        _("domestic carrier"),
        max_length=16,
        choices=DomesticCarrier.choices,
        default=DomesticCarrier.OTHER,
    )
    tracking_number = models.CharField(
        _("domestic tracking number"), max_length=40, blank=True, db_index=True
    )
    note = models.TextField(_("note"), blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True, editable=False)
    weight_g = models.PositiveIntegerField(_("weight (g)"), null=True, blank=True, editable=False)
    length_cm = models.PositiveIntegerField(_("length (cm)"), null=True, blank=True, editable=False)
    width_cm = models.PositiveIntegerField(_("width (cm)"), null=True, blank=True, editable=False)
    height_cm = models.PositiveIntegerField(_("height (cm)"), null=True, blank=True, editable=False)
    bin_location = models.CharField(_("bin"), max_length=20, blank=True, db_index=True)
    hold_reason = models.CharField(
        _("hold reason"), max_length=20, choices=HoldReason.choices, blank=True, editable=False
    )
    hold_note = models.TextField(_("hold note for the customer"), blank=True, editable=False)
    held_at = models.DateTimeField(_("on hold since"), null=True, blank=True, editable=False)
    refusal_reason = models.CharField(
        _("refusal reason"),
        max_length=10,
        choices=RefusalReason.choices,
        blank=True,
        editable=False,
    )
    is_marked_for_report = models.BooleanField(
        _("marked for report (A13.2)"), default=False, editable=False
    )
    disposal_method = models.CharField(
        _("disposal"), max_length=10, choices=DisposalMethod.choices, blank=True, editable=False
    )
    disposal_price = MoneyField(
        verbose_name=_("sale price (JPY)"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ParcelQuerySet.as_manager()

    class Meta:
        verbose_name = _("parcel")
        verbose_name_plural = _("parcels")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["status", "received_at"], name="parcel_clock_idx"),
            models.Index(fields=["owner", "status"], name="parcel_owner_status_idx"),
            # The storage sweep's reminders and disposal moves read only parcels on the clock,
            # by receipt date: a small index that a rerun with nothing due reads nothing of.
            models.Index(
                fields=["received_at"],
                condition=Q(status__in=CLOCK_STATUSES),
                name="parcel_on_clock_received_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ParcelStatus.values), name="parcel_status_valid"
            ),
            models.UniqueConstraint(
                fields=["tracking_number"],
                condition=Q(tracking_number__gt="") & Q(status__in=TRACKING_LIVE_STATUSES),
                name="parcel_one_live_tracking_number",
            ),
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | ~Q(status=ParcelStatus.EXPECTED),
                name="parcel_declaration_has_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        return f"{PARCEL_CODE_PREFIX}{self.pk or 0:07d}"

    @property
    def hold_instructions(self) -> str:
        return str(HOLD_INSTRUCTIONS.get(self.hold_reason, "")) if self.hold_reason else ""

    def deadline(self, *, limit_days: int) -> datetime | None:
        """When the storage clock (A15.2) runs out; None before receipt."""
        if self.received_at is None:
            return None
        return self.received_at + timedelta(days=limit_days)

    @property
    def declared_value(self) -> int:
        return sum(item.quantity * item.unit_value for item in self.items.all())


class ParcelItem(models.Model):
    """A content line of the declaration (A12)."""

    parcel = models.ForeignKey(Parcel, on_delete=models.CASCADE, related_name="items")
    description = models.CharField(_("description"), max_length=200)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    unit_value = MoneyField(verbose_name=_("unit value (JPY)"))
    hs_code = models.CharField(_("HS code"), max_length=12, blank=True)
    contains_batteries = models.BooleanField(
        _("contains lithium batteries"),
        default=False,
        help_text=_("Some services (by air) refuse lithium batteries, even inside a device"),
    )

    class Meta:
        verbose_name = _("content line")
        verbose_name_plural = _("content lines")
        ordering = ("id",)
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="item_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_value__gte=0), name="item_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.description}"

    @property
    def is_prohibited(self) -> bool:
        return self.category in PROHIBITED_CATEGORIES


def photo_path(instance: "ParcelPhoto", filename: str) -> str:
    return f"parcels/{instance.parcel_id}/{filename}"


class ParcelPhoto(models.Model):
    parcel = models.ForeignKey(Parcel, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=photo_path)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ("id",)

    def __str__(self) -> str:
        return self.caption or self.image.name


class ParcelEvent(TransitionEvent):
    """Append-only: who moved the parcel from which status to which, when and why."""

    parcel = models.ForeignKey(Parcel, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, choices=ParcelStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ParcelStatus.choices)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("parcel event")
        verbose_name_plural = _("parcel events")


class Inspection(models.Model):
    """An opened-and-checked record (A13)."""

    parcel = models.ForeignKey(Parcel, on_delete=models.CASCADE, related_name="inspections")
    result = models.CharField(_("result"), max_length=16, choices=InspectionResult.choices)
    notes = models.TextField(_("findings"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return self.get_result_display()


class StorageReminder(models.Model):
    """One row per (parcel, reminder day): the unique pair is what makes the sweep send each
    reminder once, even when two sweeps run at the same time."""

    parcel = models.ForeignKey(Parcel, on_delete=models.CASCADE, related_name="reminders")
    day = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["parcel", "day"], name="one_reminder_per_parcel_day")
        ]
        indexes = [
            models.Index(
                fields=["id"], condition=Q(notified_at__isnull=True), name="reminder_pending_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.parcel_id}@{self.day}"


class DisposalNotice(models.Model):
    """The customer's notice that a parcel went to the disposal queue past its storage deadline:
    the sweep writes these in bulk with the move (one per parcel), the reminder delivery sends
    them through the outbox, each once."""

    parcel = models.OneToOneField(Parcel, on_delete=models.CASCADE, related_name="disposal_notice")
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["id"],
                condition=Q(notified_at__isnull=True),
                name="disposal_notice_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.parcel_id} disposal notice"


class ExtraService(models.Model):
    """The catalogue of paid extras staff maintain (photos, inspection, packing, return)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    price = MoneyField(verbose_name=_("price (JPY)"))
    is_active = models.BooleanField(_("offered"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("extra service")
        verbose_name_plural = _("extra services")
        ordering = ("position", "name")
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="extra_price_not_negative")
        ]

    def __str__(self) -> str:
        return self.name


class ParcelExtra(models.Model):
    """An extra ordered for one parcel, at the price of the day it was ordered."""

    parcel = models.ForeignKey(Parcel, on_delete=models.CASCADE, related_name="extras")
    service = models.ForeignKey(ExtraService, on_delete=models.PROTECT, related_name="+")
    price = MoneyField(verbose_name=_("price (JPY)"))
    is_done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ordered extra")
        verbose_name_plural = _("ordered extras")
        ordering = ("id",)
        constraints = [
            models.UniqueConstraint(fields=["parcel", "service"], name="one_extra_per_parcel")
        ]

    def __str__(self) -> str:
        return f"{self.service} ({self.parcel})"


class Shipment(models.Model):
    """An outbound box (A9): parcels consolidated for one recipient with one carrier service.
    The recipient is copied at request time: the address book may change, the customs record
    may not."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="shipments",
        verbose_name=_("customer"),
    )
    recipient = models.ForeignKey(
        "accounts.Address",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    recipient_name = EncryptedCharField(_("recipient name"), blank=True)
    recipient_address = EncryptedTextField(_("recipient address"), blank=True)
    recipient_phone = EncryptedCharField(_("recipient phone"), blank=True)
    destination_country = models.CharField(_("destination country"), max_length=2)
    service = models.ForeignKey(
        "shipping.CarrierService",
        on_delete=models.PROTECT,
        related_name="shipments",
        verbose_name=_("carrier service"),
    )
    parcels = models.ManyToManyField(Parcel, related_name="shipments", verbose_name=_("parcels"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ShipmentStatus.choices,
        default=ShipmentStatus.REQUESTED,
        editable=False,
        db_index=True,
    )
    state_machine = StateMachine(
        SHIPMENT_ALLOWED, events="parcels.ShipmentEvent", subject="shipment"
    )
    insurance_amount = MoneyField(verbose_name=_("insured value (JPY)"), default=0)
    quoted_price = MoneyField(verbose_name=_("quoted price (JPY)"), null=True, blank=True)
    declared_value = MoneyField(verbose_name=_("declared value (JPY)"), default=0)
    needs_export_declaration = models.BooleanField(_("export declaration needed"), default=False)
    customs_category = models.CharField(
        _("customs category"), max_length=20, choices=CustomsCategory.choices, blank=True
    )
    # Chosen at request time from the declared value, the CN22 limit of the day and the service.
    customs_form = models.CharField(
        _("customs form"), max_length=4, choices=CustomsForm.choices, blank=True
    )
    # The packed box estimated when the shipment was requested (`shipping.selectors.box_estimate`:
    # parcels plus the packing allowance); stored so the quote, the limits and billing's price
    # guarantee all read the same box.
    estimated_weight_g = models.PositiveIntegerField(
        _("estimated weight (g)"), default=0, editable=False
    )
    estimated_length_cm = models.PositiveIntegerField(
        _("estimated length (cm)"), default=0, editable=False
    )
    estimated_width_cm = models.PositiveIntegerField(
        _("estimated width (cm)"), default=0, editable=False
    )
    estimated_height_cm = models.PositiveIntegerField(
        _("estimated height (cm)"), default=0, editable=False
    )
    packed_weight_g = models.PositiveIntegerField(
        _("packed weight (g)"), null=True, blank=True, editable=False
    )
    packed_length_cm = models.PositiveIntegerField(null=True, blank=True, editable=False)
    packed_width_cm = models.PositiveIntegerField(null=True, blank=True, editable=False)
    packed_height_cm = models.PositiveIntegerField(null=True, blank=True, editable=False)
    tracking_number = models.CharField(
        _("carrier tracking number"), max_length=40, blank=True, db_index=True, editable=False
    )
    customs_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True, editable=False)
    # Written by the tracking app's poller (above parcels): when the carrier says it arrived,
    # the time of the carrier's latest event, and when we last asked the carrier (one poll per
    # shipment per interval) with the outcome of a failed poll.
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True, editable=False)
    carrier_event_at = models.DateTimeField(
        _("last carrier event"), null=True, blank=True, editable=False
    )
    tracking_checked_at = models.DateTimeField(
        _("tracking last checked"), null=True, blank=True, editable=False, db_index=True
    )
    tracking_failures = models.PositiveSmallIntegerField(default=0, editable=False)
    tracking_error = models.CharField(
        _("last tracking error"), max_length=200, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ShipmentStatus.values), name="shipment_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(insurance_amount__gte=0), name="shipment_insurance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"{SHIPMENT_CODE_PREFIX}{self.pk or 0:07d}"

    @property
    def tracking_url(self) -> str:
        template = self.service.tracking_url if self.service_id else ""
        if not template or not self.tracking_number:
            return ""
        return template.replace("{number}", self.tracking_number)


class ShipmentEvent(TransitionEvent):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12, choices=ShipmentStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ShipmentStatus.choices)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("shipment event")
        verbose_name_plural = _("shipment events")


class CustomsLine(models.Model):
    """A line of the customs declaration (CN22/CN23), prefilled from the declared contents."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="customs_lines")
    description = models.CharField(_("description"), max_length=200)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    hs_code = models.CharField(_("HS code"), max_length=12, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"))
    value = MoneyField(verbose_name=_("value (JPY)"))
    weight_g = models.PositiveIntegerField(_("net weight (g)"), default=0)
    origin_country = models.CharField(_("origin"), max_length=2, default="JP")

    class Meta:
        verbose_name = _("customs line")
        verbose_name_plural = _("customs lines")
        ordering = ("id",)

    def __str__(self) -> str:
        return f"{self.quantity} x {self.description}"
