"""Billing reads: storage fees, balances, invoices, exchange rates (quotes are `shipping`'s)."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal

from constance import config
from django.core.cache import cache
from django.db.models import QuerySet, Sum
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from billing.models import (
    BalanceAccount,
    ExchangeRate,
    Invoice,
    LedgerEntry,
    Settlement,
)
from billing.states import UNPAID_STATUSES, InvoiceStatus
from transship.money import quantize

LANGUAGE_CURRENCY = {"zh-hans": "CNY", "ja": "JPY", "en": "USD"}
# ISO 4217 code of the IMF's special drawing right: Finance keeps its rate with the others.
SDR = "XDR"
EXCHANGE_RATES_CACHE_KEY = "billing:exchange-rates"
EXCHANGE_RATES_CACHE_SECONDS = 60


# --- Fees --------------------------------------------------------------------------------------
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


def unpaid_invoices_of(*, user_id: int) -> list[Invoice]:
    """The user's invoices not yet paid in full, oldest first."""
    return list(
        Invoice.objects.filter(user_id=user_id, status__in=UNPAID_STATUSES)
        .only("number", "total", "amount_paid")
        .order_by("pk")
    )


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
    return exchange_rates_current().get(currency)


def display_currency(request: HttpRequest) -> tuple[str, Decimal | None]:
    """The visitor's display currency and its current rate (None when unknown or JPY)."""
    currency = visitor_currency(request)
    return currency, exchange_rate_current(currency=currency)


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
    """The newest rate of each currency. Every page's header shows one, so the set is cached for
    a minute; `exchange_rate_set` clears it when Finance or the feed records a rate."""
    rates = cache.get(EXCHANGE_RATES_CACHE_KEY)
    if rates is None:
        rates = {}
        for currency, rate in ExchangeRate.objects.order_by(
            "currency", "-created_at", "-pk"
        ).values_list("currency", "rate"):
            rates.setdefault(currency, rate)
        cache.set(EXCHANGE_RATES_CACHE_KEY, rates, EXCHANGE_RATES_CACHE_SECONDS)
    return rates


def sdr_to_jpy(*, amount: Decimal | int) -> Decimal:
    """Whole yen (rounded down) worth `amount` SDR: at Finance's current XDR rate (XDR per
    1 JPY, like every rate), or at the Config default until one is entered."""
    rate = exchange_rate_current(currency=SDR)
    jpy = Decimal(amount) / rate if rate else Decimal(amount) * Decimal(config.SDR_JPY_DEFAULT)
    return jpy.to_integral_value(rounding=ROUND_FLOOR)


def insurance_premium_for(*, insured_value: Decimal | int, per_20000: int | None = None) -> Decimal:
    """The insurance premium for an insured value: a fee per started ¥20,000
    (`INSURANCE_FEE_PER_20000_JPY`, read once when the caller passes it)."""
    if per_20000 is None:
        per_20000 = config.INSURANCE_FEE_PER_20000_JPY
    return Decimal(math.ceil(Decimal(insured_value) / 20000) * per_20000)


def shipment_charges() -> tuple[Decimal, Callable[[Decimal], Decimal]]:
    """What every shipment adds to its carriage: our service fee, and the insurance premium as
    a function of the insured value. Settings read once, so a planner may price many boxes."""
    per_20000 = config.INSURANCE_FEE_PER_20000_JPY

    def premium(insured_value: Decimal) -> Decimal:
        return insurance_premium_for(insured_value=insured_value, per_20000=per_20000)

    return Decimal(config.SERVICE_FEE_JPY), premium
