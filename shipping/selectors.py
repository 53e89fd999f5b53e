"""Shipping reads: the one box estimator, the one set of service limits, and quotes from the price
list in effect. Parcels (the shipment request, packing) and billing (the invoice, the public rate
page) both use these, so a quote and a shipment can never disagree about a box."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from constance import config
from django.db.models import CharField, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from shipping.models import CarrierService, Rate, RateTable, Zone
from transship.errors import DomainError


# --- The box -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Box:
    """A box's weight and sides, the longest side first."""

    weight_g: int
    length_cm: int
    width_cm: int
    height_cm: int

    def as_kwargs(self) -> dict[str, int]:
        return asdict(self)


def _measure(parcel: Mapping[str, Any] | Any, name: str) -> int:
    value = parcel.get(name) if isinstance(parcel, Mapping) else getattr(parcel, name, None)
    return int(value or 0)


def box_estimate(
    *, parcels: Iterable[Mapping[str, Any] | Any], allowance_g: int | None = None
) -> Box:
    """The packed box we expect for these parcels (objects or dicts with `weight_g`,
    `length_cm`, `width_cm`, `height_cm`; a parcel not yet measured counts as 0).

    Weight: the parcels' weights plus `PACKING_ALLOWANCE_G` (the carton and filling, which the
    carrier weighs too). Sides: the largest longest side and the largest middle side found, the
    short sides stacked; then sorted, longest first. The quote prices this box, the service limits
    are checked on it, and a shipment stores it when requested (`Shipment.estimated_*`).
    `allowance_g` spares a caller estimating many boxes one settings read per box."""
    parcels = list(parcels)
    if allowance_g is None:
        allowance_g = config.PACKING_ALLOWANCE_G
    weight = sum(_measure(p, "weight_g") for p in parcels) + allowance_g
    sides = [
        sorted(
            (_measure(p, "length_cm"), _measure(p, "width_cm"), _measure(p, "height_cm")),
            reverse=True,
        )
        for p in parcels
    ]
    length = max((s[0] for s in sides), default=0)
    width = max((s[1] for s in sides), default=0)
    height = sum(s[2] for s in sides)
    length, width, height = sorted((length, width, height), reverse=True)
    return Box(weight_g=weight, length_cm=length, width_cm=width, height_cm=height)


def packing_allowance_g() -> int:
    """Grams the packing adds to the parcels (`PACKING_ALLOWANCE_G`); billing's price guarantee
    lets the weighed box exceed the estimate by this much."""
    return config.PACKING_ALLOWANCE_G


# --- The service limits --------------------------------------------------------------------------
def service_limits_refusal(
    service: CarrierService,
    *,
    weight_g: int,
    length_cm: int,
    width_cm: int,
    height_cm: int,
    declared_value: Decimal | int | None = None,
) -> str:
    """Why `service` cannot carry this box, or "" when it can: minimum and maximum weight,
    longest side, length plus girth, and the declared value of the contents when one is given.

    The one set of limits: the quote gives the reason, the shipment request and packing refuse
    with it."""
    sides = sorted((length_cm, width_cm, height_cm), reverse=True)
    length_plus_girth = sides[0] + 2 * (sides[1] + sides[2])
    if weight_g < service.min_weight_g:
        return _("Too light for this service.")
    if weight_g > service.max_weight_g:
        return _("Too heavy: this service carries at most %(kg)s kg.") % {
            "kg": f"{service.max_weight_g / 1000:g}"
        }
    if sides[0] > service.max_length_cm:
        return _("Too long: the longest side may be at most %(cm)s cm.") % {
            "cm": service.max_length_cm
        }
    if length_plus_girth > service.max_length_plus_girth_cm:
        return _("Too large: length plus girth may be at most %(cm)s cm.") % {
            "cm": service.max_length_plus_girth_cm
        }
    if (
        declared_value is not None
        and service.max_declared_value is not None
        and Decimal(declared_value) > service.max_declared_value
    ):
        return _("The contents are worth more than this service carries (at most ¥%(max)s).") % {
            "max": f"{service.max_declared_value:,.0f}"
        }
    return ""


def service_limits_check(
    service: CarrierService, *, box: Box, declared_value: Decimal | int | None = None
) -> None:
    """Refuse (`DomainError` on the `service` field) a box `service` cannot carry."""
    refusal = service_limits_refusal(service, declared_value=declared_value, **box.as_kwargs())
    if refusal:
        raise DomainError(refusal, field="service")


# --- Services ------------------------------------------------------------------------------------
def carrier_services_active() -> QuerySet[CarrierService]:
    """The services customers may choose, in display order."""
    return CarrierService.objects.filter(is_active=True)


def carrier_service_get_active(*, service_id: int) -> CarrierService | None:
    """An active service by id, or None."""
    return carrier_services_active().filter(pk=service_id).first()


# --- Quotes --------------------------------------------------------------------------------------
@dataclass
class ServiceQuote:
    """What one service would charge for a box, or why it cannot carry it."""

    service: CarrierService
    is_available: bool
    reason: str
    chargeable_weight_g: int
    price: Decimal | None
    volumetric_weight_g: int = 0
    rate_table_id: int | None = None
    zone_code: str = ""
    extra: dict = field(default_factory=dict)


def volumetric_weight_g(*, length_cm: int, width_cm: int, height_cm: int, divisor: int) -> int:
    """Weight in grams a box counts for by its size: L*W*H (cm³) / divisor (cm³ per kg)."""
    return math.ceil(length_cm * width_cm * height_cm * 1000 / divisor)


@dataclass
class PriceList:
    """The active services, each with its zone for one country and its table in effect on one
    day, and the weight steps of those (table, zone) pairs: all a quote needs, in two queries."""

    services: list[CarrierService]
    steps: dict[tuple[int, int], list[Rate]]


def _country_in_zone(country: str) -> Q:
    """Zones listing `country` (django-countries stores a multiple field as "CN,US,…")."""
    return (
        Q(countries=country)
        | Q(countries__startswith=f"{country},")
        | Q(countries__endswith=f",{country}")
        | Q(countries__contains=f",{country},")
    )


def price_list_load(*, country: str, at: date | datetime | None = None) -> PriceList:
    """The price list for `country` on `at` (today by default): one query for the services with
    their zone and table (subqueries), one for the weight steps."""
    if at is None:
        at = timezone.localdate()
    elif isinstance(at, datetime):
        at = timezone.localdate(at) if timezone.is_aware(at) else at.date()
    country = (country or "").upper()
    if country and "," not in country:
        zones = Zone.objects.filter(_country_in_zone(country), service=OuterRef("pk"))
        zones = zones.order_by("code")
        zone_id, zone_code = Subquery(zones.values("pk")[:1]), Subquery(zones.values("code")[:1])
    else:  # no country: no zone
        zone_id, zone_code = Value(None, IntegerField()), Value(None, CharField())
    tables = RateTable.objects.filter(service=OuterRef("pk"), effective_from__lte=at)
    services = list(
        carrier_services_active().annotate(
            quote_zone_id=zone_id,
            quote_zone_code=zone_code,
            quote_table_id=Subquery(tables.order_by("-effective_from", "-pk").values("pk")[:1]),
        )
    )
    wanted = [
        Q(table_id=s.quote_table_id, zone_id=s.quote_zone_id)
        for s in services
        if s.quote_zone_id is not None and s.quote_table_id is not None
    ]
    steps: dict[tuple[int, int], list[Rate]] = {}
    if wanted:
        query = wanted[0]
        for clause in wanted[1:]:
            query |= clause
        for rate in Rate.objects.filter(query).order_by("max_weight_g"):
            steps.setdefault((rate.table_id, rate.zone_id), []).append(rate)
    return PriceList(services=services, steps=steps)


def quote_services(
    *,
    weight_g: int,
    length_cm: int,
    width_cm: int,
    height_cm: int,
    country: str,
    at: date | datetime | None = None,
    declared_value: Decimal | int | None = None,
    price_list: PriceList | None = None,
) -> list[ServiceQuote]:
    """Every active service with its price for this box to `country`, or the reason it cannot.

    Chargeable weight is the larger of the actual and the volumetric weight; the price is that of
    the smallest weight step of the country's zone that holds it, in the table in effect on `at`.
    Two queries whatever the number of services, none when given the `price_list` (loaded for the
    same country and day) to price several boxes."""
    if price_list is None:
        price_list = price_list_load(country=country, at=at)
    quotes = []
    for service in price_list.services:
        volumetric = volumetric_weight_g(
            length_cm=length_cm,
            width_cm=width_cm,
            height_cm=height_cm,
            divisor=service.volumetric_divisor,
        )
        chargeable = max(weight_g, volumetric)
        quote = ServiceQuote(
            service=service,
            is_available=False,
            reason="",
            chargeable_weight_g=chargeable,
            price=None,
            volumetric_weight_g=volumetric,
        )
        refusal = service_limits_refusal(
            service,
            weight_g=weight_g,
            length_cm=length_cm,
            width_cm=width_cm,
            height_cm=height_cm,
            declared_value=declared_value,
        )
        if refusal:
            quote.reason = refusal
        elif service.quote_zone_id is None:
            quote.reason = _("This service does not go to that country.")
        elif service.quote_table_id is None:
            quote.reason = _("No price list is in effect for this service.")
        else:
            quote.zone_code = service.quote_zone_code
            quote.rate_table_id = service.quote_table_id
            key = (service.quote_table_id, service.quote_zone_id)
            step = next(
                (r for r in price_list.steps.get(key, []) if r.max_weight_g >= chargeable),
                None,
            )
            if step is None:
                quote.reason = _("Too heavy for this service by chargeable weight (%(kg)s kg).") % {
                    "kg": chargeable / 1000
                }
            else:
                quote.is_available = True
                quote.price = step.price
        quotes.append(quote)
    quotes.sort(key=lambda q: (not q.is_available, q.price or 0, q.service.position))
    return quotes


def quote_price(
    *,
    service_id: int,
    weight_g: int,
    length_cm: int,
    width_cm: int,
    height_cm: int,
    country: str,
    at: date | datetime | None = None,
    declared_value: Decimal | int | None = None,
) -> ServiceQuote | None:
    """The quote of one service (None when the service is inactive or unknown)."""
    quotes = quote_services(
        weight_g=weight_g,
        length_cm=length_cm,
        width_cm=width_cm,
        height_cm=height_cm,
        country=country,
        at=at,
        declared_value=declared_value,
    )
    return next((q for q in quotes if q.service.pk == service_id), None)


@dataclass
class ConsolidationQuote:
    service: CarrierService
    separate_price: Decimal | None
    consolidated: ServiceQuote

    @property
    def saving(self) -> Decimal | None:
        if self.separate_price is None or self.consolidated.price is None:
            return None
        return self.separate_price - self.consolidated.price


def consolidation_compare(
    *, parcels: list[Mapping[str, Any]], country: str
) -> list[ConsolidationQuote]:
    """For several parcels: what each service costs shipping them one by one vs in one box (each
    box estimated by `box_estimate`). The price list is loaded once: a fixed number of queries
    whatever the number of parcels."""
    prices = price_list_load(country=country)
    allowance = config.PACKING_ALLOWANCE_G
    consolidated = quote_services(
        country=country,
        price_list=prices,
        **box_estimate(parcels=parcels, allowance_g=allowance).as_kwargs(),
    )
    separate: dict[int, Decimal | None] = {q.service.pk: Decimal(0) for q in consolidated}
    for parcel in parcels:
        box = box_estimate(parcels=[parcel], allowance_g=allowance)
        for quote in quote_services(country=country, price_list=prices, **box.as_kwargs()):
            if separate.get(quote.service.pk) is not None and quote.price is not None:
                separate[quote.service.pk] += quote.price
            else:
                separate[quote.service.pk] = None
    return [
        ConsolidationQuote(
            service=q.service, separate_price=separate.get(q.service.pk), consolidated=q
        )
        for q in consolidated
    ]
