"""Demo data for `make run`: a price list, exchange rates, a coupon, and for the demo customer a
balance, an open special-expense invoice and a paid one. Idempotent."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from billing.models import (
    CarrierService,
    Coupon,
    ExchangeRate,
    Invoice,
    LedgerEntry,
    Rate,
    RateTable,
    Zone,
)

SERVICES = (
    # code, name, carrier, divisor, max g, max side, max L+G, zone prices (per step, JPY)
    ("ems", "EMS", "Japan Post", 6000, 30000, 150, 300, (1450, 1900, 3150, 5300, 18000)),
    ("epacket", "International ePacket", "Japan Post", 0, 2000, 60, 90, (710, 1130, 1970)),
    (
        "airmail",
        "Airmail parcel",
        "Japan Post",
        0,
        30000,
        150,
        300,
        (2000, 2700, 3800, 6000, 21000),
    ),
    ("sal", "SAL parcel", "Japan Post", 0, 30000, 150, 300, (1800, 2300, 3300, 5000, 16000)),
    ("sea", "Sea mail parcel", "Japan Post", 0, 30000, 150, 300, (1600, 1600, 2300, 3600, 9800)),
    (
        "courier",
        "Express courier",
        "Yamato Global",
        5000,
        30000,
        120,
        240,
        (2600, 3300, 4800, 7900, 25000),
    ),
)
STEPS = (500, 1000, 2000, 5000, 30000)
ZONES = {
    "asia": ["CN", "KR", "TW", "HK", "SG", "TH"],
    "world": ["US", "CA", "GB", "DE", "FR", "AU"],
}
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

    for position, (code, name, carrier, divisor, max_g, side, girth, prices) in enumerate(SERVICES):
        service, _ = CarrierService.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "carrier": carrier,
                "volumetric_divisor": divisor or 1_000_000,
                "max_weight_g": max_g if code != "epacket" else 2000,
                "max_length_cm": side,
                "max_length_plus_girth_cm": girth,
                "position": position,
            },
        )
        table, _ = RateTable.objects.get_or_create(service=service, effective_from=date(2026, 1, 1))
        for zone_code, countries in ZONES.items():
            zone, _ = Zone.objects.get_or_create(
                service=service, code=zone_code, defaults={"countries": countries}
            )
            factor = Decimal(1) if zone_code == "asia" else Decimal("1.4")
            for step, price in zip(STEPS, prices, strict=False):
                Rate.objects.get_or_create(
                    table=table,
                    zone=zone,
                    max_weight_g=step,
                    defaults={"price": (Decimal(price) * factor).quantize(Decimal(10))},
                )
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
