"""Checks of the ledger that must hold after any billing operation."""

from django.db.models import Sum

from billing.models import BalanceAccount, LedgerEntry


def assert_ledger_balanced() -> None:
    """Every cached balance is the sum of its entries, and no balance went below zero."""
    for account in BalanceAccount.objects.all():
        entries = LedgerEntry.objects.filter(user_id=account.user_id)
        total = entries.aggregate(s=Sum("amount"))["s"] or 0
        assert account.balance == total, f"user {account.user_id}: {account.balance} != {total}"
        assert not entries.filter(balance_after__lt=0).exists()
