"""Personal data billing holds about a user, for the privacy app's export and erasure.

Invoices, the ledger, payments, refunds, settlements and remittances are accounting records the
law requires us to keep (P4(1)); they refer to the user only by id (accounts pseudonymizes the
user row), so erasure keeps them; the free text staff typed into them may still name the person,
so `kept_text` hands it to privacy to redact. The designated bank
account is personal data with no reason to outlive the account: erasure deletes it."""

import datetime
import decimal
from typing import Any

from django.db import models

from billing.models import (
    BankAccount,
    CouponRedemption,
    Invoice,
    InvoiceEvent,
    InvoiceLine,
    LedgerEntry,
    Payment,
    PointsEntry,
    Refund,
    Remittance,
    Settlement,
)


def _safe(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


def _rows(queryset: models.QuerySet, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{name: _safe(value) for name, value in row.items()} for row in queryset.values(*fields)]


def export(*, user_id: int) -> dict[str, list[dict[str, Any]]]:
    bank = BankAccount.objects.filter(user_id=user_id).first()
    return {
        "billing_invoices": _rows(
            Invoice.objects.filter(user_id=user_id).order_by("pk"),
            (
                "number",
                "kind",
                "status",
                "total",
                "amount_paid",
                "amount_refunded",
                "due_date",
                "issued_at",
                "paid_at",
            ),
        ),
        "billing_ledger": _rows(
            LedgerEntry.objects.filter(user_id=user_id).order_by("pk"),
            ("created_at", "kind", "amount", "balance_after", "description"),
        ),
        "billing_payments": _rows(
            Payment.objects.filter(user_id=user_id).order_by("pk"),
            ("number", "amount", "method", "status", "created_at", "succeeded_at"),
        ),
        "billing_points": _rows(
            PointsEntry.objects.filter(user_id=user_id).order_by("pk"), ("points", "created_at")
        ),
        "billing_coupon_uses": _rows(
            CouponRedemption.objects.filter(user_id=user_id).order_by("pk"),
            ("coupon__code", "invoice__number", "amount", "created_at"),
        ),
        "billing_settlements": _rows(
            Settlement.objects.filter(user_id=user_id).order_by("pk"),
            (
                "parcel_id",
                "sale_price",
                "costs_covered",
                "unpaid_fees_paid",
                "remainder",
                "created_at",
            ),
        ),
        "billing_remittances": _rows(
            Remittance.objects.filter(user_id=user_id).order_by("pk"),
            ("number", "gross", "fee", "amount", "due_date", "status", "paid_at"),
        ),
        "billing_bank_account": (
            [
                {
                    "bank_name": bank.bank_name,
                    "branch": bank.branch,
                    "account_number": bank.account_number,
                    "holder": bank.holder,
                    "swift": bank.swift,
                }
            ]
            if bank
            else []
        ),
    }


def erase(*, user_id: int, pseudonym: str) -> None:
    BankAccount.objects.filter(user_id=user_id).delete()
    Payment.objects.filter(user_id=user_id).update(checkout_url="")


def kept_text(*, user_id: int) -> list[tuple[Any, tuple[str, ...]]]:
    """Free text staff typed into the accounting records kept after erasure (ledger and invoice
    descriptions, refund and invoice-event reasons): redacted, not emptied."""
    return [
        (LedgerEntry.objects.filter(user_id=user_id), ("description",)),
        (InvoiceLine.objects.filter(invoice__user_id=user_id), ("description",)),
        (InvoiceEvent.objects.filter(invoice__user_id=user_id), ("reason",)),
        (Refund.objects.filter(invoice__user_id=user_id), ("reason",)),
    ]
