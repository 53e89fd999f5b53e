"""The calls billing makes to Stripe's API, below both invoices (refunds) and payments."""

from typing import Any

import stripe
from django.conf import settings

from billing.models import Payment, Refund
from transship.money import Money


def stripe_is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def stripe_client() -> Any:
    stripe.api_key = settings.STRIPE_SECRET_KEY
    if settings.STRIPE_API_BASE:
        stripe.api_base = settings.STRIPE_API_BASE
    stripe.max_network_retries = 2
    return stripe


def stripe_refund_create(*, payment: Payment, refund: Refund) -> str:
    """Refund to the card/wallet through Stripe; a test payment has nothing to call."""
    if payment.method == Payment.Method.TEST or not stripe_is_configured():
        return ""
    result = stripe_client().Refund.create(
        payment_intent=payment.stripe_payment_intent,
        amount=Money.jpy(refund.amount).to_minor_units(),
        idempotency_key=f"refund:{refund.pk}",
    )
    return result["id"]
