from django.conf import settings
from django.http import HttpRequest

from billing import selectors as billing_selectors


def site(request: HttpRequest) -> dict:
    """What every page's shell needs: the visitor's currency and its current JPY rate."""
    currency = billing_selectors.visitor_currency(request)
    return {
        "SITE_URL": settings.SITE_URL,
        "visitor_currency": currency,
        "exchange_rate": billing_selectors.exchange_rate_current(currency=currency),
    }
