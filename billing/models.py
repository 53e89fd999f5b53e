"""Billing: the ledger and balances, invoices, payments through Stripe, refunds, coupons and
points, disposal settlements and remittances, exchange rates. The price list (carrier services,
zones, rate tables) is `shipping`'s.

Money is JPY `Decimal` with no minor unit (`MoneyField`). Ledger rows are immutable: corrections
are new entries. A balance is the sum of its entries; `BalanceAccount` caches it as the row that
payments lock, and a CHECK constraint keeps it from going below zero."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from billing.states import (
    INVOICE_ALLOWED,
    PAYMENT_ALLOWED,
    REMITTANCE_ALLOWED,
    InvoiceStatus,
    PaymentStatus,
    RemittanceStatus,
)
from transship.fields import EncryptedCharField
from transship.money import MoneyField
from transship.transitions import StateMachine, TransitionEvent


# --- Ledger --------------------------------------------------------------------------------------
class BalanceAccount(models.Model):
    """The per-user row payments lock (`select_for_update`); `balance` caches the ledger sum."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="balance_account",
    )
    balance = MoneyField(default=0, editable=False)
    points = models.IntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("balance")
        verbose_name_plural = _("balances")
        constraints = [
            models.CheckConstraint(condition=Q(balance__gte=0), name="balance_never_negative"),
            models.CheckConstraint(condition=Q(points__gte=0), name="points_never_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: ¥{self.balance}"


class LedgerEntry(models.Model):
    """One immutable movement of a customer's money, signed as seen from their balance."""

    class Kind(models.TextChoices):
        TOPUP = "topup", _("Top-up")
        PAYMENT = "payment", _("Payment")
        REFUND = "refund", _("Refund")
        CARD_REFUND = "card_refund", _("Refund to card")
        FEE = "fee", _("Fee")
        DISPOSAL_PROCEEDS = "disposal_proceeds", _("Disposal proceeds")
        REMITTANCE = "remittance", _("Remittance")
        REMITTANCE_FEE = "remittance_fee", _("Remittance fee")
        COUPON = "coupon", _("Coupon")
        POINTS = "points", _("Points")
        ADJUSTMENT = "adjustment", _("Adjustment")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount = MoneyField(verbose_name=_("amount (JPY)"))
    balance_after = MoneyField(verbose_name=_("balance after"))
    invoice = models.ForeignKey(
        "Invoice", on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    payment = models.ForeignKey(
        "Payment", on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    idempotency_key = models.CharField(max_length=120, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("user", "pk")
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="ledger_amount_not_zero"),
            models.CheckConstraint(
                condition=Q(balance_after__gte=0), name="ledger_balance_never_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ¥{self.amount}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("ledger entries are immutable; add a reversing entry")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> None:
        raise ValueError("ledger entries are immutable; add a reversing entry")


class PointsEntry(models.Model):
    """Points earned on paid invoices (positive) or redeemed as a payment (negative)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="points_entries"
    )
    points = models.IntegerField()
    invoice = models.ForeignKey("Invoice", on_delete=models.PROTECT, null=True, blank=True)
    idempotency_key = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("user", "pk")
        verbose_name = _("points entry")
        verbose_name_plural = _("points entries")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.points:+d}"


# --- Invoices ------------------------------------------------------------------------------------
class Invoice(models.Model):
    class Kind(models.TextChoices):
        SHIPMENT = "shipment", _("Shipment")
        SPECIAL = "special", _("Special expenses")
        STORAGE = "storage", _("Storage")
        FEE = "fee", _("Fee")

    number = models.CharField(_("number"), max_length=20, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invoices"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    shipment = models.ForeignKey(
        "parcels.Shipment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
        verbose_name=_("shipment"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InvoiceStatus.choices,
        default=InvoiceStatus.OPEN,
        editable=False,
    )
    state_machine = StateMachine(INVOICE_ALLOWED, events="billing.InvoiceEvent", subject="invoice")
    total = MoneyField(verbose_name=_("total (JPY)"))
    amount_paid = MoneyField(verbose_name=_("paid (JPY)"), default=0, editable=False)
    amount_refunded = MoneyField(verbose_name=_("refunded (JPY)"), default=0, editable=False)
    quoted_price = MoneyField(verbose_name=_("quoted carriage (JPY)"), null=True, blank=True)
    pricing = models.JSONField(_("pricing used"), default=dict, blank=True)
    # Set by callers that issue on behalf of another app (e.g. "privacy-fee:<request id>"):
    # issuing twice with the same key returns the first invoice.
    idempotency_key = models.CharField(
        max_length=120, unique=True, null=True, blank=True, editable=False
    )
    due_date = models.DateField(_("due date"))
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True, editable=False)
    # Claimed by the daily sweep with UPDATE … WHERE reminder_sent_at IS NULL: one reminder each.
    reminder_sent_at = models.DateTimeField(
        _("due-date reminder sent"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-issued_at", "-pk")
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        permissions = [("refund_invoice", _("Can refund invoices"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=InvoiceStatus.values), name="invoice_status_valid"
            ),
            models.CheckConstraint(condition=Q(total__gte=0), name="invoice_total_non_negative"),
            models.CheckConstraint(
                condition=Q(amount_paid__gte=0) & Q(amount_paid__lte=models.F("total")),
                name="invoice_paid_within_total",
            ),
            models.CheckConstraint(
                condition=Q(amount_refunded__gte=0)
                & Q(amount_refunded__lte=models.F("amount_paid")),
                name="invoice_refund_within_paid",
            ),
            models.UniqueConstraint(
                fields=["shipment"],
                condition=Q(kind="shipment") & ~Q(status="void"),
                name="one_live_invoice_per_shipment",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def amount_due(self):
        return self.total - self.amount_paid

    @property
    def is_payable(self) -> bool:
        return self.status == InvoiceStatus.OPEN and self.amount_due > 0


class InvoiceLine(models.Model):
    class Kind(models.TextChoices):
        CARRIAGE = "carriage", _("Carriage")
        SERVICE_FEE = "service_fee", _("Service fee")
        INSURANCE = "insurance", _("Insurance")
        PACKING = "packing", _("Packing options")
        STORAGE = "storage", _("Storage fee")
        SPECIAL = "special", _("Special expense")
        FEE = "fee", _("Fee")
        DISCOUNT = "discount", _("Discount")

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=200)
    amount = MoneyField(verbose_name=_("amount (JPY)"))

    class Meta:
        ordering = ("invoice", "pk")
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")

    def __str__(self) -> str:
        return f"{self.description}: ¥{self.amount}"


class InvoiceEvent(TransitionEvent):
    """Append-only history of an invoice's status: who, when, why."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=InvoiceStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=InvoiceStatus.choices)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("invoice event")
        verbose_name_plural = _("invoice events")

    def __str__(self) -> str:
        return f"{self.invoice_id}: {self.from_status}→{self.to_status}"


# --- Payments through Stripe --------------------------------------------------------------------
class Payment(models.Model):
    """Money coming in from outside (card, Alipay, WeChat Pay via Stripe, or a labelled test).

    `number` is the order number Stripe sees; with the amount it is all Stripe gets."""

    class Method(models.TextChoices):
        STRIPE = "stripe", _("Card, Alipay or WeChat Pay (Stripe)")
        TEST = "test", _("Test payment (no money moves)")

    number = models.CharField(_("order number"), max_length=24, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payments"
    )
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    amount = MoneyField(verbose_name=_("amount (JPY)"))
    method = models.CharField(max_length=10, choices=Method.choices)
    status = models.CharField(
        max_length=10,
        choices=PaymentStatus.choices,
        default=PaymentStatus.PENDING,
        editable=False,
    )
    state_machine = StateMachine(PAYMENT_ALLOWED, events="billing.PaymentEvent", subject="payment")
    stripe_session_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    stripe_payment_intent = models.CharField(max_length=255, blank=True)
    checkout_url = models.URLField(max_length=1000, blank=True)
    amount_refunded = MoneyField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    succeeded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(amount_refunded__gte=0) & Q(amount_refunded__lte=models.F("amount")),
                name="payment_refund_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class PaymentEvent(TransitionEvent):
    """Append-only history of a payment's status (pending, succeeded, failed)."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=PaymentStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=PaymentStatus.choices)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("payment event")
        verbose_name_plural = _("payment events")

    def __str__(self) -> str:
        return f"{self.payment_id}: {self.from_status or '∅'} → {self.to_status}"


class StripeEvent(models.Model):
    """Each Stripe webhook event id is processed once (the unique id is the guard)."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=255, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-received_at",)
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class Refund(models.Model):
    class Destination(models.TextChoices):
        BALANCE = "balance", _("Account balance")
        CARD = "card", _("Original card / wallet")

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="refunds")
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="refunds"
    )
    amount = MoneyField(verbose_name=_("amount (JPY)"))
    destination = models.CharField(max_length=10, choices=Destination.choices)
    stripe_refund_id = models.CharField(max_length=255, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
            # a refund made in Stripe is booked once, whether we or the dashboard made it
            models.UniqueConstraint(
                fields=["stripe_refund_id"],
                condition=~Q(stripe_refund_id=""),
                name="one_refund_per_stripe_refund",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invoice} -¥{self.amount}"


# --- Coupons ------------------------------------------------------------------------------------
class Coupon(models.Model):
    class Kind(models.TextChoices):
        FIXED = "fixed", _("Fixed amount (JPY)")
        PERCENT = "percent", _("Percentage")

    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    max_uses = models.PositiveIntegerField(_("maximum uses"), null=True, blank=True)
    max_uses_per_user = models.PositiveIntegerField(_("maximum uses per customer"), default=1)
    times_used = models.PositiveIntegerField(default=0, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ("-valid_from",)
        verbose_name = _("coupon")
        verbose_name_plural = _("coupons")
        constraints = [
            models.CheckConstraint(condition=Q(value__gt=0), name="coupon_value_positive"),
            models.CheckConstraint(
                condition=~Q(kind="percent") | Q(value__lte=100), name="coupon_percent_le_100"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class CouponRedemption(models.Model):
    coupon = models.ForeignKey(Coupon, on_delete=models.PROTECT, related_name="redemptions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="redemptions")
    amount = MoneyField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("coupon use")
        verbose_name_plural = _("coupon uses")
        constraints = [
            models.UniqueConstraint(fields=["coupon", "invoice"], name="coupon_once_per_invoice")
        ]

    def __str__(self) -> str:
        return f"{self.coupon} on {self.invoice}"


# --- Disposal settlement and remittances (articles 15.5-15.8) -----------------------------------
class BankAccount(models.Model):
    """The customer's designated account for remittances; encrypted at rest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bank_account"
    )
    bank_name = EncryptedCharField(_("bank"))
    branch = EncryptedCharField(_("branch"), blank=True)
    account_number = EncryptedCharField(_("account number / IBAN"))
    holder = EncryptedCharField(_("account holder"))
    swift = EncryptedCharField(_("SWIFT/BIC"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")

    def __str__(self) -> str:
        return f"{self.user_id}: …{self.account_number[-4:]}"


class Remittance(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="remittances"
    )
    gross = MoneyField(verbose_name=_("amount before fee"))
    fee = MoneyField(verbose_name=_("remittance fee"))
    amount = MoneyField(verbose_name=_("amount remitted"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        max_length=10,
        choices=RemittanceStatus.choices,
        default=RemittanceStatus.PENDING,
        editable=False,
    )
    state_machine = StateMachine(
        REMITTANCE_ALLOWED, events="billing.RemittanceEvent", subject="remittance"
    )
    paid_at = models.DateTimeField(null=True, blank=True, editable=False)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    warned_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("due_date", "pk")
        verbose_name = _("remittance")
        verbose_name_plural = _("remittances")
        permissions = [("mark_remittance_paid", _("Can mark remittances paid"))]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="remittance_positive"),
            models.CheckConstraint(
                condition=Q(gross=models.F("amount") + models.F("fee")),
                name="remittance_gross_is_amount_plus_fee",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class RemittanceEvent(TransitionEvent):
    """Append-only history of a remittance's status: who marked it paid, and when."""

    remittance = models.ForeignKey(Remittance, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=RemittanceStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=RemittanceStatus.choices)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("remittance event")
        verbose_name_plural = _("remittance events")

    def __str__(self) -> str:
        return f"{self.remittance_id}: {self.from_status or '∅'} → {self.to_status}"


class Settlement(models.Model):
    """How the proceeds of one disposed parcel were used (A15.5-15.8)."""

    parcel = models.OneToOneField(
        "parcels.Parcel",
        on_delete=models.PROTECT,
        related_name="settlement",
        verbose_name=_("parcel"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="settlements"
    )
    sale_price = MoneyField(verbose_name=_("sale price"))
    storage_fee = MoneyField(verbose_name=_("storage fee"))
    disposal_fee = MoneyField(verbose_name=_("disposal cost"))
    costs_covered = MoneyField(verbose_name=_("costs paid from proceeds"))
    unpaid_fees_paid = MoneyField(verbose_name=_("unpaid invoices paid from proceeds"))
    remainder = MoneyField(verbose_name=_("credited to the customer"))
    remittance = models.OneToOneField(
        Remittance, on_delete=models.PROTECT, null=True, blank=True, related_name="settlement"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("disposal settlement")
        verbose_name_plural = _("disposal settlements")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    sale_price=models.F("costs_covered")
                    + models.F("unpaid_fees_paid")
                    + models.F("remainder")
                ),
                name="settlement_adds_up",
            ),
        ]

    def __str__(self) -> str:
        return f"parcel {self.parcel_id}: ¥{self.sale_price}"


# --- Exchange rates -----------------------------------------------------------------------------
class ExchangeRate(models.Model):
    """Units of `currency` per 1 JPY; the newest row per currency is current."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by Finance")
        FEED = "feed", _("Rate feed")

    currency = models.CharField(_("currency"), max_length=3)
    rate = models.DecimalField(_("units per 1 JPY"), max_digits=20, decimal_places=10)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("currency", "-created_at", "-pk")
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        indexes = [models.Index(fields=["currency", "-created_at"], name="rate_currency_latest")]
        constraints = [
            models.CheckConstraint(condition=Q(rate__gt=0), name="exchange_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"JPY→{self.currency} {self.rate}"
