"""Billing reads: quotes from the price list in effect, balances, invoices, exchange rates."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from constance import config
from django.db.models import Q, QuerySet, Sum
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.models import (
    BalanceAccount,
    CarrierService,
    ExchangeRate,
    Invoice,
    LedgerEntry,
    Rate,
    RateTable,
    Settlement,
)
from billing.states import UNPAID_STATUSES, InvoiceStatus
from transship.money import quantize

LANGUAGE_CURRENCY = {"zh-hans": "CNY", "ja": "JPY", "en": "USD"}


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


def _tables_in_effect(at: date) -> dict[int, RateTable]:
    tables: dict[int, RateTable] = {}
    for table in RateTable.objects.filter(effective_from__lte=at).order_by("effective_from"):
        tables[table.service_id] = table  # later versions overwrite earlier ones
    return tables


def quote_services(
    *,
    weight_g: int,
    length_cm: int,
    width_cm: int,
    height_cm: int,
    country: str,
    at: date | datetime | None = None,
) -> list[ServiceQuote]:
    """Every active service with its price for this box to `country`, or the reason it cannot.

    Chargeable weight is the larger of the actual and the volumetric weight; the price is that of
    the smallest weight step of the country's zone that holds it, in the table in effect on `at`.
    Four queries whatever the number of services."""
    if at is None:
        at = timezone.localdate()
    elif isinstance(at, datetime):
        at = timezone.localdate(at) if timezone.is_aware(at) else at.date()
    country = (country or "").upper()
    services = list(CarrierService.objects.filter(is_active=True).prefetch_related("zones"))
    tables = _tables_in_effect(at)
    zone_for: dict[int, object] = {}
    for service in services:
        for zone in service.zones.all():
            if country in {c.code for c in zone.countries}:
                zone_for[service.pk] = zone
                break
    steps: dict[tuple[int, int], list[Rate]] = {}
    wanted = [
        Q(table_id=tables[sid].pk, zone_id=zone.pk)
        for sid, zone in zone_for.items()
        if sid in tables
    ]
    if wanted:
        query = wanted[0]
        for clause in wanted[1:]:
            query |= clause
        for rate in Rate.objects.filter(query).order_by("max_weight_g"):
            steps.setdefault((rate.table_id, rate.zone_id), []).append(rate)

    sides = sorted((length_cm, width_cm, height_cm), reverse=True)
    length_plus_girth = sides[0] + 2 * (sides[1] + sides[2])
    quotes = []
    for service in services:
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
        zone = zone_for.get(service.pk)
        table = tables.get(service.pk)
        if weight_g < service.min_weight_g:
            quote.reason = _("Too light for this service.")
        elif weight_g > service.max_weight_g:
            quote.reason = _("Too heavy: this service carries at most %(kg)s kg.") % {
                "kg": service.max_weight_g / 1000
            }
        elif sides[0] > service.max_length_cm:
            quote.reason = _("Too long: the longest side may be at most %(cm)s cm.") % {
                "cm": service.max_length_cm
            }
        elif length_plus_girth > service.max_length_plus_girth_cm:
            quote.reason = _("Too large: length plus girth may be at most %(cm)s cm.") % {
                "cm": service.max_length_plus_girth_cm
            }
        elif zone is None:
            quote.reason = _("This service does not go to that country.")
        elif table is None:
            quote.reason = _("No price list is in effect for this service.")
        else:
            quote.zone_code = zone.code
            quote.rate_table_id = table.pk
            step = next(
                (r for r in steps.get((table.pk, zone.pk), []) if r.max_weight_g >= chargeable),
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
) -> ServiceQuote | None:
    """The quote of one service (None when the service is inactive or unknown)."""
    quotes = quote_services(
        weight_g=weight_g,
        length_cm=length_cm,
        width_cm=width_cm,
        height_cm=height_cm,
        country=country,
        at=at,
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


def estimated_box(*, parcels: list[dict]) -> dict:
    """The packed box we expect for these parcels: their weights plus the packing allowance,
    the largest footprint and the heights stacked."""
    weights = sum(p["weight_g"] for p in parcels) + config.PACKING_ALLOWANCE_G
    sides = [sorted((p["length_cm"], p["width_cm"], p["height_cm"]), reverse=True) for p in parcels]
    return {
        "weight_g": weights,
        "length_cm": max(s[0] for s in sides),
        "width_cm": max(s[1] for s in sides),
        "height_cm": sum(s[2] for s in sides),
    }


def consolidation_compare(*, parcels: list[dict], country: str) -> list[ConsolidationQuote]:
    """For several parcels: what each service costs shipping them one by one vs in one box."""
    box = estimated_box(parcels=parcels)
    consolidated = quote_services(country=country, **box)
    separate: dict[int, Decimal | None] = {q.service.pk: Decimal(0) for q in consolidated}
    for parcel in parcels:
        for quote in quote_services(
            weight_g=parcel["weight_g"] + config.PACKING_ALLOWANCE_G,
            length_cm=parcel["length_cm"],
            width_cm=parcel["width_cm"],
            height_cm=parcel["height_cm"],
            country=country,
        ):
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


def storage_fee(*, received_at: datetime | None, until: datetime | None = None) -> Decimal:
    """Storage fee of one parcel: free for STORAGE_FREE_DAYS after receipt, then per day."""
    if received_at is None:
        return Decimal(0)
    until = until or timezone.now()
    days = (timezone.localdate(until) - timezone.localdate(received_at)).days
    charged = max(0, days - config.STORAGE_FREE_DAYS)
    return Decimal(charged * config.STORAGE_FEE_PER_DAY_JPY)


# --- Balances and invoices ----------------------------------------------------------------------
def balance_get(*, user_id: int) -> Decimal:
    """The customer's balance: the sum of their ledger entries."""
    total = LedgerEntry.objects.filter(user_id=user_id).aggregate(s=Sum("amount"))["s"]
    return total or Decimal(0)


def points_get(*, user_id: int) -> int:
    account = BalanceAccount.objects.filter(user_id=user_id).only("points").first()
    return account.points if account else 0


def statement_for_user(*, user_id: int) -> QuerySet[LedgerEntry]:
    """Ledger entries, newest first, each with the balance after it."""
    return (
        LedgerEntry.objects.filter(user_id=user_id)
        .select_related("invoice", "payment")
        .order_by("-pk")
    )


def user_has_open_invoices(*, user_id: int) -> bool:
    return Invoice.objects.filter(user_id=user_id, status__in=UNPAID_STATUSES).exists()


def user_ids_with_money_or_debt() -> QuerySet:
    """Ids of users with a non-zero balance or an unpaid invoice (set-based, for sweeps)."""
    return (
        BalanceAccount.objects.exclude(balance=0)
        .order_by()
        .values_list("user_id", flat=True)
        .union(
            Invoice.objects.filter(status__in=UNPAID_STATUSES)
            .order_by()
            .values_list("user_id", flat=True)
        )
    )


def shipment_is_paid(*, shipment_id: int) -> bool:
    """True when the shipment has a live invoice and nothing on it (or its extras) is unpaid."""
    invoices = Invoice.objects.filter(shipment_id=shipment_id).exclude(status=InvoiceStatus.VOID)
    statuses = set(invoices.values_list("status", flat=True))
    if not statuses:
        return False
    return not statuses & set(UNPAID_STATUSES)


def invoices_for_user(*, user_id: int) -> QuerySet[Invoice]:
    return Invoice.objects.filter(user_id=user_id).order_by("-issued_at", "-pk")


def invoice_get_for_user(*, invoice_id: int, user_id: int) -> Invoice:
    """The user's own invoice with its lines, or 404 (another user's id is not found)."""
    return get_object_or_404(
        Invoice.objects.prefetch_related("lines", "events"), pk=invoice_id, user_id=user_id
    )


def settlement_for_parcel(*, parcel_id: int, user_id: int | None = None) -> Settlement | None:
    """The disposal settlement of a parcel (limited to `user_id`'s when given)."""
    query = Settlement.objects.select_related("remittance").filter(parcel_id=parcel_id)
    if user_id is not None:
        query = query.filter(user_id=user_id)
    return query.first()


# --- Currencies ---------------------------------------------------------------------------------
def visitor_currency(request: HttpRequest) -> str:
    """The visitor's display currency: their profile's, else a cookie, else from the language.

    A profile left at the default JPY does not hide the cookie's or the language's choice."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.currency and user.currency != "JPY":
        return user.currency
    chosen = request.COOKIES.get("currency", "")
    if len(chosen) == 3 and chosen.isalpha():
        return chosen.upper()
    return LANGUAGE_CURRENCY.get(getattr(request, "LANGUAGE_CODE", "en"), "USD")


def exchange_rate_current(*, currency: str) -> Decimal | None:
    """Units of `currency` per 1 JPY, or None when no rate is known (the header hides it)."""
    if currency == "JPY":
        return None
    return (
        ExchangeRate.objects.filter(currency=currency)
        .order_by("-created_at", "-pk")
        .values_list("rate", flat=True)
        .first()
    )


def jpy_convert(*, amount: Decimal | int | None, currency: str) -> Decimal | None:
    """The approximate amount of JPY `amount` in `currency`, or None without a rate."""
    if amount is None:
        return None
    if currency == "JPY":
        return Decimal(amount)
    rate = exchange_rate_current(currency=currency)
    if rate is None:
        return None
    return quantize(Decimal(amount) * rate, currency)


def exchange_rates_current() -> dict[str, Decimal]:
    """The newest rate of each currency."""
    rates: dict[str, Decimal] = {}
    for currency, rate in ExchangeRate.objects.order_by(
        "currency", "-created_at", "-pk"
    ).values_list("currency", "rate"):
        rates.setdefault(currency, rate)
    return rates
