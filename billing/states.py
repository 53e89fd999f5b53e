"""Invoice and remittance statuses and the tables of allowed transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InvoiceStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting your approval")
    OPEN = "open", _("Open")
    PAID = "paid", _("Paid")
    VOID = "void", _("Void")
    REFUNDED = "refunded", _("Refunded")


INVOICE_ALLOWED: dict[str, set[str]] = {
    InvoiceStatus.AWAITING_APPROVAL: {InvoiceStatus.OPEN, InvoiceStatus.VOID},
    InvoiceStatus.OPEN: {InvoiceStatus.PAID, InvoiceStatus.VOID},
    InvoiceStatus.PAID: {InvoiceStatus.REFUNDED},
    InvoiceStatus.VOID: set(),
    InvoiceStatus.REFUNDED: set(),
}

# Statuses in which the customer still owes money.
UNPAID_STATUSES = (InvoiceStatus.AWAITING_APPROVAL, InvoiceStatus.OPEN)


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


PAYMENT_ALLOWED: dict[str, set[str]] = {
    PaymentStatus.PENDING: {PaymentStatus.SUCCEEDED, PaymentStatus.FAILED},
    # A late "succeeded" after an expiry still means the money arrived: accept it.
    PaymentStatus.FAILED: {PaymentStatus.SUCCEEDED},
    PaymentStatus.SUCCEEDED: set(),
}


class RefundStatus(models.TextChoices):
    """A refund's state at Stripe; a refund to the balance succeeds at once."""

    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class RemittanceStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PAID = "paid", _("Paid")


REMITTANCE_ALLOWED: dict[str, set[str]] = {
    RemittanceStatus.PENDING: {RemittanceStatus.PAID},
    RemittanceStatus.PAID: set(),
}
