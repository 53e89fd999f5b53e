"""Billing reads. First cut: the currency a visitor sees prices in."""

from decimal import Decimal

from django.http import HttpRequest

LANGUAGE_CURRENCY = {"zh-hans": "CNY", "ja": "JPY", "en": "USD"}


def visitor_currency(request: HttpRequest) -> str:
    """The visitor's display currency: their profile's, else a cookie, else from the language."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.currency:
        return user.currency
    chosen = request.COOKIES.get("currency", "")
    if len(chosen) == 3 and chosen.isalpha():
        return chosen.upper()
    return LANGUAGE_CURRENCY.get(getattr(request, "LANGUAGE_CODE", "en"), "USD")


def exchange_rate_current(*, currency: str) -> Decimal | None:
    """Units of `currency` per 1 JPY, or None when no rate is known (the header hides it)."""
    return None
