"""Shipping factories: a carrier service, and a price list (one zone, one table in effect)."""

from datetime import date
from decimal import Decimal

import factory

from shipping.models import CarrierService, Rate, RateTable, Zone


class CarrierServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CarrierService
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"svc{n}")
    name = factory.Sequence(lambda n: f"Service {n}")
    carrier = "Japan Post"
    volumetric_divisor = 5000
    max_weight_g = 30000
    max_length_cm = 150
    max_length_plus_girth_cm = 300


def price_list(
    *,
    service: CarrierService,
    countries: tuple[str, ...] = ("CN", "US"),
    steps: tuple[tuple[int, int], ...] = ((500, 1450), (1000, 1900), (2000, 3000), (30000, 20000)),
    effective_from: date = date(2020, 1, 1),
    zone_code: str = "Z1",
) -> RateTable:
    """A rate table for `service` with one zone over `countries` and (max_weight_g, price) steps."""
    zone, _ = Zone.objects.get_or_create(
        service=service, code=zone_code, defaults={"countries": list(countries)}
    )
    table, _ = RateTable.objects.get_or_create(service=service, effective_from=effective_from)
    for max_weight_g, price in steps:
        Rate.objects.update_or_create(
            table=table, zone=zone, max_weight_g=max_weight_g, defaults={"price": Decimal(price)}
        )
    return table


def ems_service() -> CarrierService:
    """EMS (30 kg at most) with the default price list to CN and US."""
    service = CarrierServiceFactory(code="ems", name="EMS", max_weight_g=30000, position=1)
    price_list(service=service)
    return service


def sal_service() -> CarrierService:
    """SAL (2 kg at most, divisor 6000) with a price list to CN only."""
    service = CarrierServiceFactory(
        code="sal", name="SAL", max_weight_g=2000, volumetric_divisor=6000, position=2
    )
    price_list(service=service, countries=("CN",), steps=((1000, 900), (2000, 1500)))
    return service
