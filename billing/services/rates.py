"""Exchange rates JPY → other currencies: entered by Finance or refreshed from a feed."""

import json
import urllib.request
from decimal import Decimal, InvalidOperation
from typing import Any

from constance import config
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from billing.models import ExchangeRate
from billing.selectors import EXCHANGE_RATES_CACHE_KEY
from transship.errors import DomainError


@transaction.atomic
def exchange_rate_set(
    *, currency: str, rate: Decimal, actor: Any, source: str = ExchangeRate.Source.MANUAL
) -> ExchangeRate:
    """Record a new current rate (units of `currency` per 1 JPY)."""
    currency = currency.strip().upper()
    if len(currency) != 3 or not currency.isalpha() or currency == "JPY":
        raise DomainError(_("Enter a three-letter currency code other than JPY."), field="currency")
    rate = Decimal(rate)
    if rate <= 0:
        raise DomainError(_("The rate must be positive."), field="rate")
    recorded = ExchangeRate.objects.create(
        currency=currency,
        rate=rate,
        source=source,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    # Now (this transaction reads its own rate) and after commit (a reader in between may have
    # cached the previous rate again).
    cache.delete(EXCHANGE_RATES_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(EXCHANGE_RATES_CACHE_KEY))
    return recorded


def exchange_rates_fetch(*, url: str) -> dict[str, Decimal]:
    """Read a JSON feed `{"base": "JPY", "rates": {"USD": 0.0067, …}}` (http(s) or file)."""
    if not url.startswith(("https://", "http://", "file://")):
        raise DomainError(_("The rate source must be an http(s) URL."))
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - scheme checked
        data = json.loads(response.read().decode())
    if data.get("base", "JPY") != "JPY":
        raise DomainError(_("The rate feed must be based on JPY."))
    rates = {}
    for currency, value in (data.get("rates") or {}).items():
        try:
            rates[str(currency).upper()] = Decimal(str(value))
        except InvalidOperation:
            continue
    return rates


def exchange_rates_refresh(*, url: str | None = None) -> int:
    """Refresh the configured currencies from the feed; returns how many were recorded."""
    url = url if url is not None else config.EXCHANGE_RATE_SOURCE_URL
    if not url:
        return 0
    wanted = {c.strip().upper() for c in config.EXCHANGE_RATE_CURRENCIES.split(",") if c.strip()}
    rates = exchange_rates_fetch(url=url)
    count = 0
    with transaction.atomic():
        for currency, rate in sorted(rates.items()):
            if currency in wanted and rate > 0:
                exchange_rate_set(
                    currency=currency, rate=rate, actor=None, source=ExchangeRate.Source.FEED
                )
                count += 1
    return count
