"""Money as a small value object: Decimal amounts in a currency's own places, no mixing.

JPY has no minor unit, so yen amounts are whole numbers. Integers appear only at the payment
provider's boundary (`to_minor_units`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# ISO 4217 exponents for the currencies we show or charge.
CURRENCY_PLACES = {
    "JPY": 0,
    "KRW": 0,
    "CNY": 2,
    "USD": 2,
    "EUR": 2,
    "GBP": 2,
    "HKD": 2,
    "TWD": 2,
    "AUD": 2,
    "CAD": 2,
    "SGD": 2,
    "THB": 2,
}


class CurrencyMismatch(ValueError):
    pass


def quantize(amount: Decimal | int | str, currency: str) -> Decimal:
    places = CURRENCY_PLACES.get(currency, 2)
    return Decimal(amount).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True, order=False)
class Money:
    amount: Decimal
    currency: str = "JPY"

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", quantize(self.amount, self.currency))

    @classmethod
    def jpy(cls, amount: Decimal | int | str) -> Money:
        return cls(Decimal(amount), "JPY")

    def _check(self, other: Money) -> None:
        if not isinstance(other, Money) or other.currency != self.currency:
            raise CurrencyMismatch(f"cannot combine {self.currency} with {other!r}")

    def __add__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        if isinstance(factor, Money | float):
            raise TypeError("multiply money by a Decimal or an int")
        return Money(self.amount * Decimal(factor), self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._check(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._check(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._check(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._check(other)
        return self.amount >= other.amount

    def is_zero(self) -> bool:
        return self.amount == 0

    def to_minor_units(self) -> int:
        """The integer a payment provider expects (yen for JPY, cents for USD)."""
        places = CURRENCY_PLACES.get(self.currency, 2)
        return int(self.amount.scaleb(places))

    def __str__(self) -> str:
        if self.currency == "JPY":
            return f"¥{self.amount:,.0f}"
        return f"{self.amount:,} {self.currency}"


def MoneyField(**kwargs) -> object:
    """A JPY amount column: Decimal with no minor unit and room for large totals."""
    from django.db import models

    kwargs.setdefault("max_digits", 14)
    kwargs.setdefault("decimal_places", 0)
    return models.DecimalField(**kwargs)
