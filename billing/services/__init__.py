"""Billing writes. Every function is keyword-only and atomic; see the modules for the rules."""

from billing.services.dunning import invoices_due_remind, invoices_overdue_suspend
from billing.services.issuing import (
    fee_invoice_issue,
    invoice_price_approve,
    invoice_transition,
    invoice_void,
    shipment_invoice_issue,
    special_expense_invoice_issue,
)
from billing.services.ledger import (
    BalanceFrozen,
    InsufficientBalance,
    balance_adjust,
    ledger_post,
)
from billing.services.loyalty import invoice_coupon_apply, invoice_points_redeem
from billing.services.payments import (
    invoice_checkout_start,
    payment_fail,
    payment_hold,
    payment_start,
    payment_succeed,
    stripe_webhook_handle,
    test_payment_complete,
)
from billing.services.rates import exchange_rate_set, exchange_rates_refresh
from billing.services.refunds import (
    invoice_refund,
    refund_outcome_record,
    stripe_refund_book,
    stripe_refund_sync,
)
from billing.services.settlement import (
    bank_account_set,
    disposal_settle,
    remittance_mark_paid,
    remittances_bank_account_remind,
    remittances_follow_up,
    remittances_overdue_alarm,
    remittances_warn_due,
)
from billing.services.settling import invoice_pay_from_balance

__all__ = [
    "BalanceFrozen",
    "InsufficientBalance",
    "balance_adjust",
    "bank_account_set",
    "disposal_settle",
    "exchange_rate_set",
    "exchange_rates_refresh",
    "fee_invoice_issue",
    "invoice_checkout_start",
    "invoice_coupon_apply",
    "invoice_pay_from_balance",
    "invoice_points_redeem",
    "invoice_price_approve",
    "invoice_refund",
    "invoice_transition",
    "invoice_void",
    "invoices_due_remind",
    "invoices_overdue_suspend",
    "ledger_post",
    "payment_fail",
    "payment_hold",
    "payment_start",
    "payment_succeed",
    "refund_outcome_record",
    "remittance_mark_paid",
    "remittances_bank_account_remind",
    "remittances_follow_up",
    "remittances_overdue_alarm",
    "remittances_warn_due",
    "shipment_invoice_issue",
    "special_expense_invoice_issue",
    "stripe_refund_book",
    "stripe_refund_sync",
    "stripe_webhook_handle",
    "test_payment_complete",
]
