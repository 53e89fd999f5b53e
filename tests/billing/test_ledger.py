"""The ledger: immutable entries, a balance that is their sum and never goes below zero."""

import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection

from billing import selectors, services
from billing.models import BalanceAccount, LedgerEntry
from billing.states import InvoiceStatus
from tests.billing.factories import InvoiceFactory


@pytest.mark.django_db
def test_the_balance_is_the_sum_of_the_entries(user, topped_up):
    topped_up(user, 3000)
    services.balance_adjust(user_id=user.pk, amount=Decimal(-500), actor=None, reason="fix")

    assert selectors.balance_get(user_id=user.pk) == Decimal(2500)
    assert BalanceAccount.objects.get(user=user).balance == Decimal(2500)


@pytest.mark.django_db
def test_ledger_entries_cannot_be_changed_or_deleted(user, topped_up):
    entry = topped_up(user, 100)

    entry.amount = Decimal(1_000_000)
    with pytest.raises(ValueError, match="immutable"):
        entry.save()
    with pytest.raises(ValueError, match="immutable"):
        entry.delete()

    assert LedgerEntry.objects.get(pk=entry.pk).amount == Decimal(100)


@pytest.mark.django_db
def test_an_idempotency_key_moves_money_once(user):
    for _ in range(3):
        services.ledger_post(
            user_id=user.pk, kind=LedgerEntry.Kind.TOPUP, amount=Decimal(700), idempotency_key="k1"
        )

    assert selectors.balance_get(user_id=user.pk) == Decimal(700)


@pytest.mark.django_db
def test_the_database_refuses_a_negative_balance(user):
    BalanceAccount.objects.create(user=user)

    with pytest.raises(IntegrityError):
        BalanceAccount.objects.filter(user=user).update(balance=Decimal(-1))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_balance_payments_never_overdraw(user, topped_up):
    topped_up(user, 5000)
    invoices = [InvoiceFactory(user=user, total=Decimal(4000)) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def pay(invoice_id: int) -> None:
        try:
            barrier.wait()
            services.invoice_pay_from_balance(invoice_id=invoice_id, user_id=user.pk)
            outcomes.append("paid")
        except services.InsufficientBalance:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=pay, args=(i.pk,)) for i in invoices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["paid", "refused"]
    assert selectors.balance_get(user_id=user.pk) == Decimal(1000)
    paid = [i for i in invoices if (i.refresh_from_db() or i.status == InvoiceStatus.PAID)]
    assert len(paid) == 1
