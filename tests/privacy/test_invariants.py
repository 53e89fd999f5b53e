"""Nothing is lost between apps (issue 12): random sequences of what customers and staff do —
declare, intake, request a shipment, pay, refund, dispose, ask for deletion, withdraw, the dormant
sweep, the settlement sweep — and after every step the invariants hold:

- no goods in our custody and no open shipment belong to an erased or closed account;
- every balance equals the sum of its ledger entries, and none is negative;
- an erasure leaves none of the person's data anywhere in the database (a full text dump).

Services are called directly; every example runs in a transaction rolled back at its end."""

import contextlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts import services as accounts_services
from accounts.models import Address, User
from accounts.states import AccountStatus
from billing import selectors as billing_selectors
from billing import services as billing_services
from billing.models import BalanceAccount, Invoice, LedgerEntry, Refund
from billing.states import UNPAID_STATUSES, InvoiceStatus
from parcels import services as parcel_services
from parcels.models import Parcel, Shipment
from parcels.states import (
    HOLDING_STATUSES,
    SHIPMENT_OPEN_STATUSES,
    DisposalMethod,
    HoldReason,
    ParcelStatus,
    ShipmentStatus,
)
from privacy import services
from privacy.models import Erasure, PrivacyRequest
from tests.privacy.test_erasure import every_text_value, leaks
from transship.errors import DomainError

pytestmark = pytest.mark.django_db

ITEMS = [{"description": "Wool sweater", "category": "clothing", "quantity": 1, "unit_value": 8000}]
CLOSED = (AccountStatus.WITHDRAWN, AccountStatus.DECEASED)

ACTIONS = (
    "declare",
    "intake",
    "request_shipment",
    "pay",
    "refund",
    "pay_out_balance",
    "dispose",
    "request_deletion",
    "withdraw",
    "dormant_sweep",
    "settlement_sweep",
)


class World:
    """One customer, the staff, and the actions as each of them would take them."""

    def __init__(self, *, customer, address, staff, finance, agent, service) -> None:
        self.customer, self.address, self.service = customer, address, service
        self.staff, self.finance, self.agent = staff, finance, agent
        self.now = timezone.now()
        self.tracking = 0

    def user(self) -> User:
        return User.objects.get(pk=self.customer.pk)

    def can_act(self) -> bool:
        """A customer acts only while they can log in and are not erased."""
        user = self.user()
        return user.is_active and not Erasure.objects.filter(user_pk=user.pk).exists()

    # --- the customer -----------------------------------------------------------------------
    def declare(self) -> None:
        if not self.can_act():
            return
        self.tracking += 1
        parcel_services.declaration_create(
            user=self.user(), tracking_number=f"4000-0000-{self.tracking:04d}", items=ITEMS
        )

    def request_shipment(self) -> None:
        stored = (
            Parcel.objects.filter(owner=self.customer, status=ParcelStatus.STORED)
            .exclude(shipments__status__in=SHIPMENT_OPEN_STATUSES)
            .values_list("pk", flat=True)
        )
        if not self.can_act() or not stored:
            return
        parcel_services.shipment_request(
            user=self.user(),
            parcel_ids=list(stored),
            recipient_id=self.address.pk,
            service_id=self.service.pk,
            customs_confirmed=True,
            customs_category="gift",
        )

    def pay(self) -> None:
        """Staff pack requested shipments (the invoice is issued); the customer pays every
        unpaid invoice; staff ship what is paid."""
        for shipment in Shipment.objects.filter(
            user=self.customer, status__in=(ShipmentStatus.REQUESTED, ShipmentStatus.PACKING)
        ):
            parcel_services.shipment_pack(
                shipment_id=shipment.pk,
                weight_g=1500,
                length_cm=30,
                width_cm=20,
                height_cm=12,
                actor=self.staff,
            )
        if self.can_act():
            for invoice in Invoice.objects.filter(user=self.customer, status__in=UNPAID_STATUSES):
                payment = billing_services.invoice_checkout_start(
                    invoice_id=invoice.pk,
                    user_id=self.customer.pk,
                    use_balance=Decimal(0),
                    success_url="http://testserver/paid/",
                    cancel_url="http://testserver/",
                )
                if payment is not None:
                    billing_services.test_payment_complete(
                        payment_number=payment.number, user_id=self.customer.pk
                    )
        for shipment in Shipment.objects.filter(user=self.customer, status=ShipmentStatus.PACKED):
            parcel_services.shipment_ship(
                shipment_id=shipment.pk, tracking_number="EJ123456789JP", actor=self.staff
            )

    def request_deletion(self) -> None:
        if not self.can_act():
            return
        request = services.privacy_request_create(
            user=self.user(), kind="deletion", deletion_ground="no_longer_using"
        )
        services.privacy_request_verify(
            request_id=request.pk, actor=self.agent, method="id_document"
        )
        services.privacy_request_process(request_id=request.pk, actor=self.agent)

    def withdraw(self) -> None:
        if not self.can_act():
            return
        with contextlib.suppress(accounts_services.AccountClosureBlocked):
            accounts_services.account_withdraw(
                user_id=self.customer.pk, actor=self.user(), reason="bye"
            )

    # --- staff and finance ------------------------------------------------------------------
    def intake(self) -> None:
        expected = Parcel.objects.filter(status=ParcelStatus.EXPECTED).order_by("pk").first()
        if expected is None:
            return
        parcel_services.parcel_intake(
            tracking_number=expected.tracking_number,
            weight_g=1200,
            length_cm=30,
            width_cm=20,
            height_cm=10,
            bin_location="A-01",
            actor=self.staff,
        )

    def refund(self) -> None:
        """Finance refunds part of a paid invoice to the balance: money we now owe."""
        invoice = (
            Invoice.objects.filter(user=self.customer, status=InvoiceStatus.PAID)
            .order_by("pk")
            .first()
        )
        if invoice is None or invoice.amount_paid - invoice.amount_refunded < 100:
            return
        billing_services.invoice_refund(
            invoice_id=invoice.pk,
            amount=Decimal(100),
            destination=Refund.Destination.BALANCE,
            actor=self.finance,
            reason="damaged box",
        )

    def pay_out_balance(self) -> None:
        """The customer gave a bank account; finance pays the balance out."""
        balance = billing_selectors.balance_get(user_id=self.customer.pk)
        if balance > 0:
            billing_services.balance_adjust(
                user_id=self.customer.pk, amount=-balance, actor=self.finance, reason="payout"
            )

    def dispose(self) -> None:
        parcel = (
            Parcel.objects.filter(owner=self.customer, status=ParcelStatus.STORED)
            .order_by("pk")
            .first()
        )
        if parcel is None:
            return
        parcel_services.parcel_hold(
            parcel_id=parcel.pk, reason=HoldReason.PROHIBITED, actor=self.staff
        )
        parcel_services.parcel_send_to_disposal(parcel_id=parcel.pk, actor=self.staff)
        parcel_services.parcel_dispose(
            parcel_id=parcel.pk, method=DisposalMethod.DESTROYED, actor=self.staff
        )

    def dormant_sweep(self) -> None:
        self.now += timedelta(days=800)
        User.objects.filter(pk=self.customer.pk).update(last_login=self.now - timedelta(days=760))
        for gap in (0, 31, 62):
            accounts_services.dormant_sweep(now=self.now + timedelta(days=gap))

    def settlement_sweep(self) -> None:
        services.privacy_requests_settlement_sweep()


def check_invariants(world: World, erased_before: bool) -> bool:
    user = world.user()
    erased = Erasure.objects.filter(user_pk=user.pk).exists()
    if user.status in CLOSED or erased:
        held = Parcel.objects.filter(owner=user, status__in=HOLDING_STATUSES)
        assert not held.exists(), f"goods held for a closed account: {list(held)}"
        shipments = Shipment.objects.filter(user=user, status__in=SHIPMENT_OPEN_STATUSES)
        assert not shipments.exists(), f"open shipment of a closed account: {list(shipments)}"
    for account in BalanceAccount.objects.all():
        total = LedgerEntry.objects.filter(user_id=account.user_id).aggregate(s=Sum("amount"))
        assert account.balance == (total["s"] or 0)
        assert account.balance >= 0, f"negative balance {account.balance}"
    if erased and not erased_before:
        assert leaks(every_text_value()) == []
    if user.status in CLOSED:
        assert erased, "a closed account keeps its personal data (the one closure rule)"
    return erased


@pytest.fixture
def world(customer, staff_user, finance_user, support_agent, settings):
    from tests.shipping.factories import CarrierServiceFactory, price_list

    settings.STRIPE_SECRET_KEY = ""  # billing's labelled test payments
    service = CarrierServiceFactory(code="ems", name="EMS", max_weight_g=30000, position=1)
    price_list(service=service)
    return World(
        customer=customer,
        address=Address.objects.get(user=customer),
        staff=staff_user,
        finance=finance_user,
        agent=support_agent,
        service=service,
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.sampled_from(ACTIONS), min_size=3, max_size=14))
def test_nothing_is_lost_between_apps(world, steps):
    with transaction.atomic():
        erased = False
        world.now = timezone.now()
        world.tracking = 0
        try:
            for done, step in enumerate(steps, start=1):
                try:
                    with transaction.atomic():
                        getattr(world, step)()
                except DomainError:
                    pass  # a refusal is an answer, not a failure; its changes are rolled back
                try:
                    erased = check_invariants(world, erased)
                except AssertionError as broken:
                    raise AssertionError(f"after {steps[:done]}: {broken}") from None
        finally:
            transaction.set_rollback(True)
    assert PrivacyRequest.objects.count() == 0  # rolled back: the next example starts clean
