"""Invoices: the shipment invoice and its price guarantee, storage fees, special expenses,
unpaid invoices blocking shipping, the overdue sweep, coupons and points."""

from datetime import timedelta
from decimal import Decimal

import pytest
from constance.test import override_config
from django.utils import timezone

from billing import selectors, services
from billing.models import Invoice, InvoiceLine, LedgerEntry
from billing.states import INVOICE_ALLOWED, InvoiceStatus
from notifications.models import Notification
from parcels.services.shipments import shipment_invoice_request
from tests.billing.factories import CouponFactory, InvoiceFactory, packed_shipment
from transship.errors import DomainError

pytestmark = pytest.mark.django_db


def _line(invoice: Invoice, kind: str) -> Decimal:
    return sum((line.amount for line in invoice.lines.filter(kind=kind)), Decimal(0))


def test_every_invoice_status_has_a_row_in_the_transition_table():
    assert set(INVOICE_ALLOWED) == set(InvoiceStatus.values)


@override_config(SERVICE_FEE_JPY=500, INSURANCE_FEE_PER_20000_JPY=50)
def test_a_shipment_invoice_charges_carriage_fee_and_insurance(user, ems):
    # 1100 g packed, 20×15×10 cm → 1100 g chargeable → the 2000 g step: ¥3000
    shipment = packed_shipment(user=user, service=ems, insurance_amount=Decimal(30000))

    invoice = shipment_invoice_request(shipment=shipment, actor=None)

    assert invoice.status == InvoiceStatus.OPEN
    assert _line(invoice, InvoiceLine.Kind.CARRIAGE) == Decimal(3000)
    assert _line(invoice, InvoiceLine.Kind.SERVICE_FEE) == Decimal(500)
    assert _line(invoice, InvoiceLine.Kind.INSURANCE) == Decimal(100)
    assert invoice.total == Decimal(3600)
    assert invoice.pricing["rate_table_id"] is not None


def test_issuing_twice_returns_the_same_invoice(user, ems):
    shipment = packed_shipment(user=user, service=ems)

    first = shipment_invoice_request(shipment=shipment, actor=None)
    second = shipment_invoice_request(shipment=shipment, actor=None)

    assert first.pk == second.pk
    assert Invoice.objects.count() == 1


@override_config(PACKING_ALLOWANCE_G=300)
def test_the_invoice_never_exceeds_the_quote_within_the_allowance(user, ems):
    # parcels 800 g + 300 g allowance = 1100 g estimate; box 1300 g is within another 300 g
    shipment = packed_shipment(
        user=user, service=ems, packed_weight_g=1300, quoted_price=Decimal(1900)
    )

    invoice = shipment_invoice_request(shipment=shipment, actor=None)

    assert invoice.status == InvoiceStatus.OPEN
    assert _line(invoice, InvoiceLine.Kind.CARRIAGE) == Decimal(1900)


@override_config(PACKING_ALLOWANCE_G=300)
def test_a_box_far_heavier_than_estimated_waits_for_the_customer_to_approve(user, ems):
    shipment = packed_shipment(
        user=user, service=ems, packed_weight_g=1800, quoted_price=Decimal(1900)
    )

    invoice = shipment_invoice_request(shipment=shipment, actor=None)

    assert invoice.status == InvoiceStatus.AWAITING_APPROVAL
    assert _line(invoice, InvoiceLine.Kind.CARRIAGE) == Decimal(3000)
    with pytest.raises(DomainError):
        services.invoice_pay_from_balance(invoice_id=invoice.pk, user_id=user.pk)

    services.invoice_price_approve(invoice_id=invoice.pk, user_id=user.pk)

    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.OPEN


def test_a_lighter_box_is_charged_its_lower_measured_price(user, ems):
    shipment = packed_shipment(
        user=user, service=ems, packed_weight_g=900, quoted_price=Decimal(3000)
    )

    invoice = shipment_invoice_request(shipment=shipment, actor=None)

    assert _line(invoice, InvoiceLine.Kind.CARRIAGE) == Decimal(1900)


@override_config(STORAGE_FREE_DAYS=30, STORAGE_FEE_PER_DAY_JPY=50)
def test_storage_past_the_free_days_is_charged_per_parcel_and_day(user, ems):
    shipment = packed_shipment(user=user, service=ems, parcel_weights=(400,), received_days_ago=40)

    invoice = shipment_invoice_request(shipment=shipment, actor=None)

    assert _line(invoice, InvoiceLine.Kind.STORAGE) == Decimal(10 * 50)


@override_config(STORAGE_FREE_DAYS=30)
def test_storage_within_the_free_days_costs_nothing(user, ems):
    shipment = packed_shipment(user=user, service=ems, received_days_ago=30)

    invoice = shipment_invoice_request(shipment=shipment, actor=None)

    assert not invoice.lines.filter(kind=InvoiceLine.Kind.STORAGE).exists()


def test_an_unpaid_shipment_cannot_be_shipped(user, ems, staff_user):
    from parcels.services.shipments import shipment_ship
    from parcels.states import ShipmentStatus

    shipment = packed_shipment(user=user, service=ems)
    shipment_invoice_request(shipment=shipment, actor=None)

    with pytest.raises(DomainError):
        shipment_ship(shipment_id=shipment.pk, tracking_number="EJ123456789JP", actor=staff_user)

    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.PACKED
    assert shipment.tracking_number == ""
    assert selectors.shipment_is_paid(shipment_id=shipment.pk) is False


def test_a_paid_shipment_is_paid_and_a_later_special_expense_is_not(user, ems, topped_up):
    shipment = packed_shipment(user=user, service=ems)
    invoice = shipment_invoice_request(shipment=shipment, actor=None)
    topped_up(user, int(invoice.total))

    services.invoice_pay_from_balance(invoice_id=invoice.pk, user_id=user.pk)
    assert selectors.shipment_is_paid(shipment_id=shipment.pk) is True

    services.special_expense_invoice_issue(
        user_id=user.pk,
        shipment_id=shipment.pk,
        description="Import duties, China customs",
        amount=Decimal(2300),
        actor=None,
    )
    assert selectors.shipment_is_paid(shipment_id=shipment.pk) is False


def test_paying_from_the_balance_writes_one_ledger_entry_and_earns_points(
    user, open_invoice, topped_up
):
    topped_up(user, 6000)

    with override_config(POINTS_PER_100_JPY=1):
        services.invoice_pay_from_balance(invoice_id=open_invoice.pk, user_id=user.pk)

    open_invoice.refresh_from_db()
    assert open_invoice.status == InvoiceStatus.PAID
    assert selectors.balance_get(user_id=user.pk) == Decimal(1000)
    assert selectors.points_get(user_id=user.pk) == 50
    payment = LedgerEntry.objects.get(kind=LedgerEntry.Kind.PAYMENT)
    assert payment.amount == Decimal(-5000)
    assert payment.balance_after == Decimal(1000)


def test_a_payment_beyond_the_balance_is_refused_and_moves_nothing(user, open_invoice, topped_up):
    topped_up(user, 1000)

    with pytest.raises(services.InsufficientBalance):
        services.invoice_pay_from_balance(invoice_id=open_invoice.pk, user_id=user.pk)

    open_invoice.refresh_from_db()
    assert open_invoice.amount_paid == 0
    assert selectors.balance_get(user_id=user.pk) == Decimal(1000)


def test_a_coupon_pays_part_of_an_invoice_once_per_customer(user, topped_up):
    first = InvoiceFactory(user=user, total=Decimal(5000))
    second = InvoiceFactory(user=user, total=Decimal(5000))
    CouponFactory(code="SPRING", kind="percent", value=Decimal(10), max_uses_per_user=1)

    services.invoice_coupon_apply(invoice_id=first.pk, user_id=user.pk, code="spring")
    with pytest.raises(DomainError):
        services.invoice_coupon_apply(invoice_id=second.pk, user_id=user.pk, code="SPRING")

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.amount_paid == Decimal(500)
    assert second.amount_paid == 0
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.COUPON).count() == 1
    assert selectors.balance_get(user_id=user.pk) == 0


def test_points_are_redeemed_as_a_payment(user, topped_up):
    paid = InvoiceFactory(user=user, total=Decimal(10000))
    topped_up(user, 10000)
    services.invoice_pay_from_balance(invoice_id=paid.pk, user_id=user.pk)
    invoice = InvoiceFactory(user=user, total=Decimal(3000))

    services.invoice_points_redeem(invoice_id=invoice.pk, user_id=user.pk, points=80)

    invoice.refresh_from_db()
    assert invoice.amount_paid == Decimal(80)
    assert selectors.points_get(user_id=user.pk) == 100 - 80 + 0
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.POINTS).count() == 1


def test_overdue_invoices_suspend_the_account_once_and_tell_the_customer(user, mailoutbox):
    InvoiceFactory(user=user, due_date=timezone.localdate() - timedelta(days=45))

    with override_config(OVERDUE_GRACE_DAYS=30):
        first = services.invoices_overdue_suspend(today=timezone.localdate())
        second = services.invoices_overdue_suspend(today=timezone.localdate())

    user.refresh_from_db()
    assert user.status == "suspended"
    assert (first, second) == (1, 0)


def test_invoices_within_the_grace_period_suspend_nobody(user):
    InvoiceFactory(user=user, due_date=timezone.localdate() - timedelta(days=10))

    with override_config(OVERDUE_GRACE_DAYS=30):
        count = services.invoices_overdue_suspend(today=timezone.localdate())

    user.refresh_from_db()
    assert count == 0
    assert user.status == "active"


def test_a_refund_to_the_balance_credits_it(user, open_invoice, topped_up, finance_user):
    topped_up(user, 5000)
    services.invoice_pay_from_balance(invoice_id=open_invoice.pk, user_id=user.pk)

    services.invoice_refund(
        invoice_id=open_invoice.pk,
        amount=Decimal(2000),
        destination="balance",
        actor=finance_user,
        reason="Damaged item",
    )

    open_invoice.refresh_from_db()
    assert selectors.balance_get(user_id=user.pk) == Decimal(2000)
    assert open_invoice.amount_refunded == Decimal(2000)
    assert open_invoice.status == InvoiceStatus.PAID


def test_a_disqualified_customers_balance_is_frozen(user, open_invoice, topped_up):
    topped_up(user, 5000)
    user.status = "disqualified"
    user.save(update_fields=["status"])

    with pytest.raises(services.BalanceFrozen):
        services.invoice_pay_from_balance(invoice_id=open_invoice.pk, user_id=user.pk)

    assert selectors.balance_get(user_id=user.pk) == Decimal(5000)
    open_invoice.refresh_from_db()
    assert open_invoice.amount_paid == 0


def test_without_a_price_for_the_box_the_accepted_quote_stands(user, ems):
    from shipping.models import RateTable

    shipment = packed_shipment(user=user, service=ems, quoted_price=Decimal(2500))
    RateTable.objects.filter(service=ems).delete()

    invoice = shipment_invoice_request(shipment=shipment, actor=None)

    assert _line(invoice, InvoiceLine.Kind.CARRIAGE) == Decimal(2500)


@override_config(INVOICE_DUE_DAYS=14)
def test_a_fee_invoice_is_a_separate_invoice_due_in_the_usual_days(user, finance_user):
    invoice = services.fee_invoice_issue(
        user_id=user.pk,
        description="Fee for repeated privacy request #7",
        amount=Decimal(1000),
        actor=finance_user,
        idempotency_key="privacy-fee:7",
    )

    assert invoice.kind == Invoice.Kind.FEE
    assert invoice.status == InvoiceStatus.OPEN
    assert invoice.total == Decimal(1000)
    assert invoice.due_date == timezone.localdate() + timedelta(days=14)
    assert _line(invoice, InvoiceLine.Kind.FEE) == Decimal(1000)
    assert Notification.objects.filter(user=user, event="billing.invoice_issued").count() == 1


def test_a_fee_invoice_issued_twice_under_one_key_is_issued_once(user):
    first = services.fee_invoice_issue(
        user_id=user.pk, description="Fee", amount=Decimal(1000), actor=None, idempotency_key="k1"
    )

    second = services.fee_invoice_issue(
        user_id=user.pk, description="Fee", amount=Decimal(1000), actor=None, idempotency_key="k1"
    )

    assert second == first
    assert Invoice.objects.count() == 1
    assert Notification.objects.filter(event="billing.invoice_issued").count() == 1


def test_a_fee_invoice_without_a_notice_leaves_the_message_to_the_caller(user):
    services.fee_invoice_issue(
        user_id=user.pk,
        description="Fee",
        amount=Decimal(1000),
        actor=None,
        idempotency_key="k2",
        notify_customer=False,
    )

    assert Invoice.objects.count() == 1
    assert not Notification.objects.filter(event="billing.invoice_issued").exists()


def test_a_fee_invoice_of_nothing_is_refused(user):
    with pytest.raises(DomainError):
        services.fee_invoice_issue(
            user_id=user.pk, description="Fee", amount=Decimal(0), actor=None, idempotency_key="k3"
        )

    assert not Invoice.objects.exists()
