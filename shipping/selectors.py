"""Shipping reads: the one box estimator, the one set of service limits, and quotes from the price
list in effect. Parcels (the shipment request, packing) and billing (the invoice, the public rate
page) both use these, so a quote and a shipment can never disagree about a box."""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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
        return {
            "weight_g": self.weight_g,
            "length_cm": self.length_cm,
            "width_cm": self.width_cm,
            "height_cm": self.height_cm,
        }


def _measure(parcel: Mapping[str, Any] | Any, name: str) -> int:
    value = parcel.get(name) if isinstance(parcel, Mapping) else getattr(parcel, name, None)
    return int(value or 0)


def box_part(parcel: Mapping[str, Any] | Any) -> tuple[int, tuple[int, int, int]]:
    """What one parcel brings to a box: its weight and its sides, longest first."""
    sides = sorted(
        (
            _measure(parcel, "length_cm"),
            _measure(parcel, "width_cm"),
            _measure(parcel, "height_cm"),
        ),
        reverse=True,
    )
    return _measure(parcel, "weight_g"), (sides[0], sides[1], sides[2])


def box_of_parts(parts: Iterable[tuple[int, tuple[int, int, int]]], *, allowance_g: int) -> Box:
    """The estimator's rule on parcels already reduced by `box_part` (the planner calls it for
    many groupings of the same parcels; `box_estimate` for one)."""
    weight = length = width = height = 0
    for part_weight, sides in parts:
        weight += part_weight
        length = max(length, sides[0])
        width = max(width, sides[1])
        height += sides[2]
    length, width, height = sorted((length, width, height), reverse=True)
    return Box(weight_g=weight + allowance_g, length_cm=length, width_cm=width, height_cm=height)


def box_estimate(
    *, parcels: Iterable[Mapping[str, Any] | Any], allowance_g: int | None = None
) -> Box:
    """The packed box we expect for these parcels (objects or dicts with `weight_g`,
    `length_cm`, `width_cm`, `height_cm`; a parcel not yet measured counts as 0).

    Weight: the parcels' weights plus `PACKING_ALLOWANCE_G` (the carton and filling, which the
    carrier weighs too). Sides: the largest longest side and the largest middle side found, the
    short sides stacked; then sorted, longest first. The quote prices this box, the service limits
    are checked on it, and a shipment stores it when requested (`Shipment.estimated_*`)."""
    if allowance_g is None:
        allowance_g = config.PACKING_ALLOWANCE_G
    return box_of_parts((box_part(p) for p in parcels), allowance_g=allowance_g)


def packing_allowance_g() -> int:
    """Grams the packing adds to the parcels (`PACKING_ALLOWANCE_G`); billing's price guarantee
    lets the weighed box exceed the estimate by this much."""
    return config.PACKING_ALLOWANCE_G


# --- The service limits --------------------------------------------------------------------------
# Kinds of contents a service may refuse (`CarrierService.refused_contents`).
CONTENT_BATTERIES = "batteries"


def service_limits_breach(
    service: CarrierService,
    *,
    weight_g: int,
    length_cm: int,
    width_cm: int,
    height_cm: int,
    declared_value: Decimal | int | None = None,
    contents: Iterable[str] = (),
) -> str:
    """Which limit of `service` this box breaks ("" when none): `too_light`, `too_heavy`,
    `too_long`, `too_large` (length plus girth), `too_valuable` (declared value of the contents,
    checked when one is given) or `refused_contents` (kinds of contents the service refuses,
    `CONTENT_BATTERIES`: `contents` names the kinds the box holds).

    The one set of limits; `service_limits_refusal` words it. The planner asks it many times, so
    it only compares numbers."""
    sides = sorted((length_cm, width_cm, height_cm), reverse=True)
    if weight_g < service.min_weight_g:
        return "too_light"
    if weight_g > service.max_weight_g:
        return "too_heavy"
    if sides[0] > service.max_length_cm:
        return "too_long"
    if sides[0] + 2 * (sides[1] + sides[2]) > service.max_length_plus_girth_cm:
        return "too_large"
    if (
        declared_value is not None
        and service.max_declared_value is not None
        and declared_value > service.max_declared_value
    ):
        return "too_valuable"
    if contents and not service.refused_contents.isdisjoint(contents):
        return "refused_contents"
    return ""


def service_limits_reason(service: CarrierService, breach: str) -> str:
    """The customer's words for a breach found by `service_limits_breach`."""
    if breach == "too_light":
        return _("Too light for this service.")
    if breach == "too_heavy":
        return _("Too heavy: this service carries at most %(kg)s kg.") % {
            "kg": f"{service.max_weight_g / 1000:g}"
        }
    if breach == "too_long":
        return _("Too long: the longest side may be at most %(cm)s cm.") % {
            "cm": service.max_length_cm
        }
    if breach == "too_large":
        return _("Too large: length plus girth may be at most %(cm)s cm.") % {
            "cm": service.max_length_plus_girth_cm
        }
    if breach == "too_valuable":
        return _("The contents are worth more than this service carries (at most ¥%(max)s).") % {
            "max": f"{service.max_declared_value:,.0f}"
        }
    if breach == "refused_contents":
        return _("This service does not carry lithium batteries.")
    return ""


def service_limits_refusal(
    service: CarrierService,
    *,
    weight_g: int,
    length_cm: int,
    width_cm: int,
    height_cm: int,
    declared_value: Decimal | int | None = None,
    contents: Iterable[str] = (),
) -> str:
    """Why `service` cannot carry this box, or "" when it can: minimum and maximum weight,
    longest side, length plus girth, the declared value of the contents when one is given, and
    the kinds of contents the service refuses.

    The one set of limits: the quote gives the reason, the shipment request and packing refuse
    with it."""
    if declared_value is not None:
        declared_value = Decimal(declared_value)
    breach = service_limits_breach(
        service,
        weight_g=weight_g,
        length_cm=length_cm,
        width_cm=width_cm,
        height_cm=height_cm,
        declared_value=declared_value,
        contents=frozenset(contents),
    )
    return service_limits_reason(service, breach)


def service_limits_check(
    service: CarrierService,
    *,
    box: Box,
    declared_value: Decimal | int | None = None,
    contents: Iterable[str] = (),
) -> None:
    """Refuse (`DomainError` on the `service` field) a box `service` cannot carry."""
    refusal = service_limits_refusal(
        service, declared_value=declared_value, contents=contents, **box.as_kwargs()
    )
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


def _country_in_zone(country: str) -> Q:
    """Zones listing `country` (django-countries stores a multiple field as "CN,US,…")."""
    return (
        Q(countries=country)
        | Q(countries__startswith=f"{country},")
        | Q(countries__endswith=f",{country}")
        | Q(countries__contains=f",{country},")
    )


@dataclass
class ServicePrices:
    """One active service with its zone for a country and the weight steps of the table in
    effect (ascending); `zone`/`table` None when it does not go there or has no prices."""

    service: CarrierService
    zone: Zone | None
    table: RateTable | None
    steps: list[Rate]
    step_weights: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.step_weights = [rate.max_weight_g for rate in self.steps]


def price_list_in_effect(*, country: str, at: date | datetime | None = None) -> list[ServicePrices]:
    """The price list of every active service to `country` on `at` (default today), in display
    order; quotes and plans price from it. Two queries whatever the number of services: the
    services with their zone for the country and their table in effect (subqueries), then the
    weight steps of those (table, zone) pairs."""
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
    prices = []
    for service in services:
        zone = table = None
        if service.quote_zone_id is not None:
            zone = Zone(pk=service.quote_zone_id, service=service, code=service.quote_zone_code)
        if service.quote_table_id is not None:
            table = RateTable(pk=service.quote_table_id, service=service)
        key = (service.quote_table_id, service.quote_zone_id)
        prices.append(ServicePrices(service, zone, table, steps.get(key, [])))
    return prices


def quote_box(
    prices: ServicePrices,
    *,
    box: Box,
    declared_value: Decimal | int | None = None,
    contents: Iterable[str] = (),
    words: bool = True,
) -> ServiceQuote:
    """What one service charges for `box` (from `price_list_in_effect`), or why it cannot
    (`words=False`: the reason stays a code, for the planner's many tries)."""
    service = prices.service
    volumetric = volumetric_weight_g(
        length_cm=box.length_cm,
        width_cm=box.width_cm,
        height_cm=box.height_cm,
        divisor=service.volumetric_divisor,
    )
    chargeable = max(box.weight_g, volumetric)
    quote = ServiceQuote(
        service=service,
        is_available=False,
        reason="",
        chargeable_weight_g=chargeable,
        price=None,
        volumetric_weight_g=volumetric,
    )
    zone, table = prices.zone, prices.table
    breach = service_limits_breach(
        service,
        declared_value=Decimal(declared_value) if declared_value is not None else None,
        contents=frozenset(contents),
        **box.as_kwargs(),
    )
    if breach:
        quote.reason = service_limits_reason(service, breach) if words else breach
    elif zone is None:
        quote.reason = _("This service does not go to that country.") if words else "zone"
    elif table is None:
        quote.reason = _("No price list is in effect for this service.") if words else "table"
    else:
        quote.zone_code = zone.code
        quote.rate_table_id = table.pk
        at = bisect.bisect_left(prices.step_weights, chargeable)
        if at == len(prices.steps):
            quote.reason = (
                _("Too heavy for this service by chargeable weight (%(kg)s kg).")
                % {"kg": chargeable / 1000}
                if words
                else "chargeable_weight"
            )
        else:
            quote.is_available = True
            quote.price = prices.steps[at].price
    return quote


def quote_services(
    *,
    weight_g: int,
    length_cm: int,
    width_cm: int,
    height_cm: int,
    country: str,
    at: date | datetime | None = None,
    declared_value: Decimal | int | None = None,
    contents: Iterable[str] = (),
) -> list[ServiceQuote]:
    """Every active service with its price for this box to `country`, or the reason it cannot.

    Chargeable weight is the larger of the actual and the volumetric weight; the price is that of
    the smallest weight step of the country's zone that holds it, in the table in effect on `at`.
    Two queries whatever the number of services."""
    box = Box(weight_g=weight_g, length_cm=length_cm, width_cm=width_cm, height_cm=height_cm)
    quotes = [
        quote_box(prices, box=box, declared_value=declared_value, contents=contents)
        for prices in price_list_in_effect(country=country, at=at)
    ]
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
    contents: Iterable[str] = (),
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
        contents=contents,
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
    box estimated by `box_estimate`). The price list is loaded once for every box: a fixed number
    of queries whatever the number of parcels."""
    prices = price_list_in_effect(country=country)
    allowance = config.PACKING_ALLOWANCE_G
    consolidated = [
        quote_box(p, box=box_estimate(parcels=parcels, allowance_g=allowance)) for p in prices
    ]
    consolidated.sort(key=lambda q: (not q.is_available, q.price or 0, q.service.position))
    separate: dict[int, Decimal | None] = {q.service.pk: Decimal(0) for q in consolidated}
    for parcel in parcels:
        box = box_estimate(parcels=[parcel], allowance_g=allowance)
        for quote in (quote_box(p, box=box) for p in prices):
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
