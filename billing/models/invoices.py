"""Invoices, their lines and the append-only history of their status."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from billing.states import INVOICE_ALLOWED, InvoiceStatus
from transship.money import MoneyField
from transship.transitions import StateMachine, TransitionEvent


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
