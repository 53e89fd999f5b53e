"""Points earned on an invoice are taken back when it is refunded: all of them on a full refund,
in proportion (rounded down) on a partial one, always by a reversing points entry."""

from decimal import Decimal

import pytest
from constance.test import override_config

from billing import selectors, services
from billing.models import PointsEntry
from billing.states import InvoiceStatus
from notifications.models import Notification
from tests.billing.factories import InvoiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_invoice(user, topped_up):
    """A ¥5,000 invoice paid from the balance, which earned 50 points."""
    invoice = InvoiceFactory(user=user, total=Decimal(5000))
    topped_up(user, 5000)
    with override_config(POINTS_PER_100_JPY=1):
        services.invoice_pay_from_balance(invoice_id=invoice.pk, user_id=user.pk)
    assert selectors.points_get(user_id=user.pk) == 50
    return invoice


def _refund(invoice, amount: int, finance_user):
    return services.invoice_refund(
        invoice_id=invoice.pk,
        amount=Decimal(amount),
        destination="balance",
        actor=finance_user,
        reason="Damaged item",
    )


def test_a_full_refund_takes_back_every_point_earned(user, paid_invoice, finance_user):
    refund = _refund(paid_invoice, 5000, finance_user)

    paid_invoice.refresh_from_db()
    assert paid_invoice.status == InvoiceStatus.REFUNDED
    assert selectors.points_get(user_id=user.pk) == 0
    earned = PointsEntry.objects.get(idempotency_key=f"points:earn:{paid_invoice.pk}")
    assert earned.points == 50  # the earning stays as it was
    reversal = PointsEntry.objects.get(invoice=paid_invoice, points__lt=0)
    assert reversal.points == -50
    assert reversal.idempotency_key.endswith(f":{refund.pk}")
    assert sum(PointsEntry.objects.filter(user=user).values_list("points", flat=True)) == 0


def test_a_partial_refund_takes_back_in_proportion_rounded_down(user, paid_invoice, finance_user):
    _refund(paid_invoice, 1990, finance_user)  # 39.8% of 50 points = 19.9

    assert selectors.points_get(user_id=user.pk) == 31
    assert PointsEntry.objects.get(invoice=paid_invoice, points__lt=0).points == -19


def test_partial_refunds_adding_up_to_the_whole_take_back_exactly_what_was_earned(
    user, paid_invoice, finance_user
):
    for amount in (1990, 1990, 1020):
        _refund(paid_invoice, amount, finance_user)

    reversals = PointsEntry.objects.filter(invoice=paid_invoice, points__lt=0)
    assert [r.points for r in reversals.order_by("pk")] == [-19, -20, -11]
    assert selectors.points_get(user_id=user.pk) == 0


def test_a_refund_too_small_for_a_whole_point_takes_nothing_back(user, paid_invoice, finance_user):
    _refund(paid_invoice, 99, finance_user)  # 0.99 of a point

    assert selectors.points_get(user_id=user.pk) == 50
    assert not PointsEntry.objects.filter(invoice=paid_invoice, points__lt=0).exists()


def test_points_already_spent_are_not_taken_below_zero(user, paid_invoice, finance_user, topped_up):
    other = InvoiceFactory(user=user, total=Decimal(1000))
    with override_config(POINT_VALUE_JPY=1):
        services.invoice_points_redeem(invoice_id=other.pk, user_id=user.pk, points=40)
    assert selectors.points_get(user_id=user.pk) == 10

    _refund(paid_invoice, 5000, finance_user)

    assert selectors.points_get(user_id=user.pk) == 0
    assert PointsEntry.objects.get(invoice=paid_invoice, points__lt=0).points == -10


def test_a_refund_of_an_invoice_that_earned_no_points_takes_none(
    user, paid_invoice, topped_up, finance_user
):
    unearned = InvoiceFactory(user=user, total=Decimal(5000))
    topped_up(user, 5000)
    with override_config(POINTS_PER_100_JPY=0):
        services.invoice_pay_from_balance(invoice_id=unearned.pk, user_id=user.pk)

    _refund(unearned, 5000, finance_user)

    assert selectors.points_get(user_id=user.pk) == 50  # those of the other invoice stay
    assert not PointsEntry.objects.filter(points__lt=0).exists()


def test_the_refund_message_says_the_points_were_taken_back(user, paid_invoice, finance_user):
    _refund(paid_invoice, 5000, finance_user)

    message = Notification.objects.get(event="billing.refund")
    assert "50 points" in message.body_text
