from decimal import Decimal

from django.http import HttpRequest

from billing import selectors as billing_selectors
from transship.money import quantize

RATE_SHOWN_PER_JPY = 1000  # "¥1,000 ≈ 6.70 USD" reads better than a rate with five leading zeros


def currency(request: HttpRequest) -> dict:
    """The visitor's currency and its current JPY rate, shown in every page's shell."""
    currency = billing_selectors.visitor_currency(request)
    rate = billing_selectors.exchange_rate_current(currency=currency)
    shown = None
    if rate is not None and currency != "JPY":
        shown = quantize(rate * Decimal(RATE_SHOWN_PER_JPY), currency)
    return {
        "visitor_currency": currency,
        "exchange_rate": rate,
        "exchange_rate_shown": shown,
        "exchange_rate_per_jpy": f"{RATE_SHOWN_PER_JPY:,}",
    }
