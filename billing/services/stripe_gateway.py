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


def stripe_refund_create(*, payment: Payment, refund: Refund) -> dict:
    """Refund to the card/wallet through Stripe: Stripe's refund id, status (`pending`,
    `succeeded`, `failed`, ...) and failure reason. A test payment has nothing to call and
    succeeds at once. Called with no transaction open (billing holds no lock across it)."""
    if payment.method == Payment.Method.TEST or not stripe_is_configured():
        return {"id": "", "status": "succeeded", "failure_reason": ""}
    made = stripe_client().Refund.create(
        payment_intent=payment.stripe_payment_intent,
        amount=Money.jpy(refund.amount).to_minor_units(),
        metadata={"refund": str(refund.pk)},
        idempotency_key=f"refund:{refund.pk}",
    )
    result = made.to_dict()
    return {
        "id": result["id"],
        "status": result.get("status") or "pending",
        "failure_reason": result.get("failure_reason") or "",
    }
