"""`{% approx amount %}`: a JPY amount in the visitor's currency, e.g. "≈ 68.50 CNY". Yen amounts
themselves are shown with the platform's `{{ amount|yen }}` (`{% load money %}`)."""

from decimal import Decimal

from django import template

from transship.money import quantize

register = template.Library()


@register.simple_tag(takes_context=True)
def approx(context: template.Context, amount: Decimal | int | None) -> str:
    currency = context.get("visitor_currency") or "JPY"
    rate = context.get("exchange_rate")
    if amount is None or currency == "JPY" or not rate:
        return ""
    value = quantize(Decimal(amount) * Decimal(rate), currency)
    return f"≈ {value:,} {currency}"
