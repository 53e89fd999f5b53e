"""Billing factories: a carrier service with a zone and a rate table in effect."""

from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone

from billing.models import CarrierService, Coupon, Invoice, Rate, RateTable, Zone
from billing.states import InvoiceStatus
from tests.factories import UserFactory


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


class InvoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invoice

    number = factory.Sequence(lambda n: f"INV-T-{n:05d}")
    user = factory.SubFactory(UserFactory)
    kind = Invoice.Kind.SPECIAL
    status = InvoiceStatus.OPEN
    total = Decimal(5000)
    due_date = factory.LazyFunction(lambda: date(2030, 1, 1))


class CouponFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coupon

    code = factory.Sequence(lambda n: f"WELCOME{n}")
    kind = Coupon.Kind.FIXED
    value = Decimal(500)
    valid_from = factory.LazyFunction(timezone.now)
