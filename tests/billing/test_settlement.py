"""Disposal settlement (A15.5-15.8): proceeds pay costs, then unpaid fees; the remainder is
credited and remitted within 20 days less the remittance fee."""

from datetime import timedelta
from decimal import Decimal

import pytest
from constance.test import override_config
from django.core import mail
from django.utils import timezone

from billing import selectors, services
from billing.models import Invoice, LedgerEntry, Remittance
from billing.states import InvoiceStatus, RemittanceStatus
from tests.billing.factories import InvoiceFactory, disposed_parcel

pytestmark = pytest.mark.django_db

SETTINGS = {
    "STORAGE_FREE_DAYS": 30,
    "STORAGE_FEE_PER_DAY_JPY": 50,
    "DISPOSAL_FEE_JPY": 1000,
    "REMITTANCE_FEE_JPY": 800,
    "REMITTANCE_DAYS": 20,
}


@override_config(**SETTINGS)
def test_proceeds_pay_costs_then_unpaid_fees_and_the_rest_is_remitted_in_20_days(user, staff_user):
    parcel = disposed_parcel(user=user, received_days_ago=62)  # 32 charged days: ¥1600
    unpaid = InvoiceFactory(user=user, total=Decimal(2000))

    settlement = services.disposal_settle(
        parcel_id=parcel.pk,
        user_id=parcel.owner_id,
        received_at=parcel.received_at,
        sale_price=Decimal(10000),
        actor=staff_user,
    )

    unpaid.refresh_from_db()
    assert settlement.storage_fee == Decimal(1600)
    assert settlement.costs_covered == Decimal(2600)
    assert settlement.unpaid_fees_paid == Decimal(2000)
    assert settlement.remainder == Decimal(5400)
    assert unpaid.status == InvoiceStatus.PAID
    remittance = settlement.remittance
    assert remittance.fee == Decimal(800)
    assert remittance.amount == Decimal(4600)
    assert remittance.due_date == timezone.localdate() + timedelta(days=20)
    assert selectors.balance_get(user_id=user.pk) == 0
    kinds = list(LedgerEntry.objects.filter(user=user).values_list("kind", "amount"))
    assert kinds == [
        ("disposal_proceeds", Decimal(10000)),
        ("fee", Decimal(-2600)),
        ("payment", Decimal(-2000)),
        ("remittance_fee", Decimal(-800)),
        ("remittance", Decimal(-4600)),
    ]


@override_config(**SETTINGS)
def test_settling_twice_settles_once(user, staff_user):
    parcel = disposed_parcel(user=user, received_days_ago=62)

    first = services.disposal_settle(
        parcel_id=parcel.pk,
        user_id=parcel.owner_id,
        received_at=parcel.received_at,
        sale_price=Decimal(10000),
        actor=None,
    )
    second = services.disposal_settle(
        parcel_id=parcel.pk,
        user_id=parcel.owner_id,
        received_at=parcel.received_at,
        sale_price=Decimal(10000),
        actor=None,
    )

    assert first.pk == second.pk
    assert Remittance.objects.count() == 1
    assert LedgerEntry.objects.filter(kind="disposal_proceeds").count() == 1


@override_config(**SETTINGS)
def test_proceeds_below_the_costs_leave_the_rest_to_pay(user):
    parcel = disposed_parcel(user=user, received_days_ago=62)

    settlement = services.disposal_settle(
        parcel_id=parcel.pk,
        user_id=parcel.owner_id,
        received_at=parcel.received_at,
        sale_price=Decimal(0),
        actor=None,
    )

    assert settlement.remainder == 0
    assert settlement.remittance is None
    shortfall = Invoice.objects.get(user=user, kind=Invoice.Kind.STORAGE)
    assert shortfall.total == Decimal(2600)


@override_config(**SETTINGS)
def test_a_remainder_below_the_fee_stays_on_the_balance(user):
    parcel = disposed_parcel(user=user, received_days_ago=10)  # no storage fee

    settlement = services.disposal_settle(
        parcel_id=parcel.pk,
        user_id=parcel.owner_id,
        received_at=parcel.received_at,
        sale_price=Decimal(1500),
        actor=None,
    )

    assert settlement.remainder == Decimal(500)
    assert settlement.remittance is None
    assert selectors.balance_get(user_id=user.pk) == Decimal(500)


@override_config(**SETTINGS, REMITTANCE_WARN_DAYS=3)
def test_finance_is_warned_once_of_remittances_nearing_due_and_marks_them_paid(user, finance_user):
    parcel = disposed_parcel(user=user, received_days_ago=10)
    settlement = services.disposal_settle(
        parcel_id=parcel.pk,
        user_id=parcel.owner_id,
        received_at=parcel.received_at,
        sale_price=Decimal(9000),
        actor=None,
    )
    today = timezone.localdate()
    mail.outbox = []

    assert services.remittances_warn_due(today=today) == 0
    assert services.remittances_warn_due(today=today + timedelta(days=17)) == 1
    assert services.remittances_warn_due(today=today + timedelta(days=18)) == 0
    services.bank_account_set(
        user_id=user.pk, bank_name="MUFG", account_number="1234567", holder="TARO YAMADA"
    )
    services.remittance_mark_paid(remittance_id=settlement.remittance_id, actor=finance_user)
    services.remittance_mark_paid(remittance_id=settlement.remittance_id, actor=finance_user)

    settlement.remittance.refresh_from_db()
    assert settlement.remittance.status == RemittanceStatus.PAID
    assert settlement.remittance.paid_by == finance_user
    event = settlement.remittance.events.get()  # marking twice: one move, one event
    assert (event.from_status, event.to_status) == (RemittanceStatus.PENDING, RemittanceStatus.PAID)
    assert event.actor == finance_user


@pytest.mark.parametrize(
    ("sale", "days", "unpaid"),
    [
        (0, 70, [1000]),
        (2000, 45, []),
        (2600, 62, [500]),
        (4000, 62, [700, 900]),
        (50000, 90, [3000]),
    ],
)
@override_config(**SETTINGS)
def test_settlement_always_adds_up_and_never_overdraws(user, sale, days, unpaid):
    parcel = disposed_parcel(user=user, received_days_ago=days)
    for total in unpaid:
        InvoiceFactory(user=user, total=Decimal(total))

    settlement = services.disposal_settle(
        parcel_id=parcel.pk,
        user_id=parcel.owner_id,
        received_at=parcel.received_at,
        sale_price=Decimal(sale),
        actor=None,
    )

    assert settlement.costs_covered + settlement.unpaid_fees_paid + settlement.remainder == sale
    assert settlement.unpaid_fees_paid <= sum(unpaid)
    remitted = settlement.remittance.gross if settlement.remittance else 0
    assert selectors.balance_get(user_id=user.pk) == settlement.remainder - remitted
    assert all(e.balance_after >= 0 for e in LedgerEntry.objects.filter(user=user))
