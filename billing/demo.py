"""Demo data for `make run`: exchange rates, a coupon, and for the demo customer a
balance, an open special-expense invoice and a paid one. Idempotent."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from billing.models import (
    Coupon,
    ExchangeRate,
    Invoice,
    LedgerEntry,
)

RATES = {
    "CNY": "0.0480",
    "USD": "0.0067",
    "EUR": "0.0062",
    "KRW": "9.2",
    "TWD": "0.21",
    "HKD": "0.052",
}


def seed(*, users: dict[str, Any], password: str, logins: list) -> None:
    from billing import services

    for currency, rate in RATES.items():
        if not ExchangeRate.objects.filter(currency=currency).exists():
            ExchangeRate.objects.create(currency=currency, rate=Decimal(rate))
    Coupon.objects.get_or_create(
        code="WELCOME500",
        defaults={
            "kind": Coupon.Kind.FIXED,
            "value": Decimal(500),
            "valid_from": timezone.now() - timedelta(days=1),
            "max_uses_per_user": 1,
        },
    )
    customer = users.get("customer")
    if customer is None:
        return
    services.ledger_post(
        user_id=customer.pk,
        kind=LedgerEntry.Kind.TOPUP,
        amount=Decimal(3000),
        description="Demo top-up",
        idempotency_key="demo:topup",
    )
    if not Invoice.objects.filter(user=customer, kind=Invoice.Kind.SPECIAL).exists():
        services.special_expense_invoice_issue(
            user_id=customer.pk,
            description="Import duties (demo)",
            amount=Decimal(1800),
            actor=users.get("finance"),
        )
