"""`{{ amount|yen }}`: the one way a template shows a yen amount, e.g. "¥1,500"."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def yen(amount: Decimal | int | None) -> str:
    if amount is None:
        return ""
    return f"¥{Decimal(amount):,.0f}"
