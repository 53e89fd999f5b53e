"""Payments from outside through Stripe, the webhook events seen, refunds."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from billing.models.invoices import Invoice
from billing.states import PAYMENT_ALLOWED, PaymentStatus, RefundStatus
from transship.money import MoneyField
from transship.transitions import StateMachine, TransitionEvent


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
    # Stripe reported a completed checkout whose amount or currency is not ours: not booked,
    # held for Finance to review (blank when nothing is held).
    held_reason = models.CharField(_("held for review"), max_length=200, blank=True, editable=False)
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
    # Booked when made; a card refund Stripe reports pending stays pending until it succeeds, or
    # fails and is reversed (the money back on the balance) once.
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RefundStatus.choices,
        default=RefundStatus.SUCCEEDED,
        editable=False,
    )
    failure_reason = models.CharField(_("failure reason"), max_length=100, blank=True)
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
