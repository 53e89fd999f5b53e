"""Billing: the ledger and balances, invoices, payments through Stripe, refunds, coupons and
points, disposal settlements and remittances, exchange rates. The price list (carrier services,
zones, rate tables) is `shipping`'s.

Money is JPY `Decimal` with no minor unit (`MoneyField`). Ledger rows are immutable: corrections
are new entries. A balance is the sum of its entries; `BalanceAccount` caches it as the row that
payments lock, and a CHECK constraint keeps it from going below zero."""

from billing.models.bank_accounts import BankAccount
from billing.models.invoices import Invoice, InvoiceEvent, InvoiceLine
from billing.models.ledger import BalanceAccount, LedgerEntry
from billing.models.loyalty import Coupon, CouponRedemption, PointsEntry
from billing.models.payments import Payment, PaymentEvent, Refund, StripeEvent
from billing.models.rates import ExchangeRate
from billing.models.settlements import Remittance, RemittanceEvent, Settlement

__all__ = [
    "BalanceAccount",
    "BankAccount",
    "Coupon",
    "CouponRedemption",
    "ExchangeRate",
    "Invoice",
    "InvoiceEvent",
    "InvoiceLine",
    "LedgerEntry",
    "Payment",
    "PaymentEvent",
    "PointsEntry",
    "Refund",
    "Remittance",
    "RemittanceEvent",
    "Settlement",
    "StripeEvent",
]
