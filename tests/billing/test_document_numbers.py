"""Document numbers come from a database sequence (issue 12, item 6): consecutive within a month,
never repeated, and a rolled-back issuance gives its number back (no gaps in the invoice book)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction

from billing.models import Invoice
from billing.services import special_expense_invoice_issue
from transship.numbers import document_number

pytestmark = pytest.mark.django_db


def _issue(user, actor) -> Invoice:
    return special_expense_invoice_issue(
        user_id=user.pk, description="Customs duty", amount=Decimal(800), actor=actor
    )


def test_invoice_numbers_are_consecutive_and_a_rolled_back_one_is_reused(user, finance_user):
    def issue_then_fail() -> None:
        with transaction.atomic():
            _issue(user, finance_user)
            raise RuntimeError("the issuing transaction fails after taking a number")

    first = _issue(user, finance_user)
    with pytest.raises(RuntimeError):
        issue_then_fail()
    second = _issue(user, finance_user)

    prefix, month, serial = first.number.split("-")
    assert prefix == "INV"
    assert second.number == f"INV-{month}-{int(serial) + 1:06d}"
    assert Invoice.objects.count() == 2


def test_each_prefix_counts_on_its_own():
    assert document_number("REM").endswith("-000001")
    assert document_number("INV").endswith("-000001")
    assert document_number("REM").endswith("-000002")


@pytest.mark.django_db(transaction=True)
def test_concurrent_issuers_never_get_the_same_number():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite serialises them anyway")
    numbers: list[str] = []
    errors: list[BaseException] = []

    def issue_many() -> None:
        try:
            for _ in range(20):
                with transaction.atomic():
                    numbers.append(document_number("INV"))
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(numbers) == len(set(numbers)) == 80
    assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == list(range(1, 81))
