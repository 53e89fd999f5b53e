"""Demo data for `make run`: the price list (five services, two zones, one table). Idempotent."""

from datetime import date
from decimal import Decimal
from typing import Any

from shipping.models import CarrierService, Rate, RateTable, Zone

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
# Typical days to the destination (shipping plans: the fastest plan), and the services that fly
# under rules refusing lithium batteries.
TRANSIT_DAYS = {"ems": 4, "epacket": 8, "airmail": 7, "sal": 14, "sea": 45, "courier": 3}
NO_BATTERIES = {"epacket", "airmail"}
ZONES = {
    "asia": ["CN", "KR", "TW", "HK", "SG", "TH"],
    "world": ["US", "CA", "GB", "DE", "FR", "AU"],
}


def seed(*, users: dict[str, Any], password: str, logins: list) -> None:
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
                "is_courier": code == "courier",
                "transit_days": TRANSIT_DAYS.get(code),
                "carries_batteries": code not in NO_BATTERIES,
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
