"""Claims: who may claim on what, the cap, who bears the loss (A9.2 our custody, A9.3 the
carrier's unless insured with us), support's steps through the transition helper, and a payout
credited to the balance exactly once with the ledger balanced."""

import contextlib
from datetime import timedelta
from decimal import Decimal

import pytest
from constance.test import override_config
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.selectors import withdrawal_blockers
from billing.models import BalanceAccount, LedgerEntry
from notifications.models import Notification
from parcels.states import ParcelStatus, ShipmentStatus
from tests.billing.invariants import assert_ledger_balanced
from tests.factories import StaffFactory, UserFactory
from tests.parcels.factories import ParcelFactory
from tests.tracking.factories import shipped_shipment
from tests.tracking.helpers import not_a_photo, photo
from tracking import services, tasks
from tracking.models import Claim, ClaimEvent, Stall
from tracking.states import ClaimStatus, Liability
from transship.errors import DomainError, IllegalTransition

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(db):
    return StaffFactory(groups=["Support agent"])


@pytest.fixture
def delivered(ems):
    return shipped_shipment(
        service=ems, status=ShipmentStatus.DELIVERED, shipped_days_ago=3, declared_value=20000
    )


def _open(shipment, **overrides):
    values = {
        "user": shipment.user,
        "kind": "damaged",
        "description": "The vase arrived in pieces.",
        "amount_claimed": Decimal(8000),
        "shipment_id": shipment.pk,
    }
    return services.claim_open(**(values | overrides))


def _balance(user) -> Decimal:
    account = BalanceAccount.objects.filter(user=user).first()
    return account.balance if account else Decimal(0)


# --- opening ------------------------------------------------------------------------------------
def test_a_customer_claims_on_a_delivered_shipment_with_photos(delivered):
    claim = _open(delivered, photos=[photo(), photo("label.png", "PNG")])

    assert claim.status == ClaimStatus.SUBMITTED
    assert claim.liability == Liability.CARRIER  # not insured with us (A9.3)
    assert claim.amount_cap == Decimal(20000)
    assert claim.respond_by == timezone.localdate() + timedelta(days=14)
    assert claim.photos.count() == 2
    assert all(p.image.name.startswith(f"claims/{claim.pk}/") for p in claim.photos.all())
    assert list(claim.events.values_list("from_status", "to_status")) == [("", "submitted")]
    assert Notification.objects.filter(event="claim.received", user=delivered.user).count() == 1


def test_the_amount_is_capped_at_the_declared_value_or_the_insured_value(ems):
    plain = shipped_shipment(service=ems, status="delivered", declared_value=20000)
    insured = shipped_shipment(
        service=ems, status="delivered", declared_value=20000, insurance_amount=50000
    )

    with pytest.raises(DomainError) as refused:
        _open(plain, amount_claimed=Decimal(20001))
    claim = _open(insured, amount_claimed=Decimal(50000))

    assert refused.value.field == "amount_claimed"
    assert claim.liability == Liability.INSURED
    assert Claim.objects.count() == 1


def test_a_claim_after_the_window_is_refused(ems):
    late = shipped_shipment(service=ems, status="delivered", shipped_days_ago=31)

    with pytest.raises(DomainError, match="within 30 days"):
        _open(late)
    with override_config(CLAIM_WINDOW_DAYS=60):
        assert _open(late).pk

    assert Claim.objects.count() == 1


def test_a_box_in_transit_can_be_claimed_only_once_stalled_and_only_as_lost(ems):
    box = shipped_shipment(service=ems, shipped_days_ago=2)
    with pytest.raises(DomainError, match="once the shipment is delivered"):
        _open(box, kind="lost")
    Stall.objects.create(shipment=box)

    with pytest.raises(DomainError, match="only be claimed as lost"):
        _open(box, kind="damaged")
    claim = _open(box, kind="lost")

    assert claim.kind == "lost"


def test_a_parcel_damaged_in_our_custody_is_ours_to_pay(user):
    parcel = ParcelFactory(owner=user, items=[{"quantity": 2, "unit_value": 1500}])

    claim = services.claim_open(
        user=user,
        kind="damaged",
        description="Crushed corner",
        amount_claimed=Decimal(3000),
        parcel_id=parcel.pk,
    )

    assert claim.liability == Liability.US
    assert claim.amount_cap == Decimal(3000)


def test_one_open_claim_per_shipment_and_only_on_your_own(delivered, other_user):
    _open(delivered)

    with pytest.raises(DomainError, match="already an open claim"):
        _open(delivered)
    with pytest.raises(DomainError, match="one of your shipments"):
        _open(delivered, user=other_user)
    with pytest.raises(DomainError, match="parcels in our warehouse"):
        services.claim_open(
            user=other_user,
            kind="damaged",
            description="x",
            amount_claimed=Decimal(1),
            parcel_id=ParcelFactory(status=ParcelStatus.SHIPPED).pk,
        )

    assert Claim.objects.count() == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (not_a_photo(), "not a JPEG, PNG or WebP"),
        (photo("huge.png", "PNG", size=(1500, 1500)), "larger than"),
    ],
    ids=["not-an-image", "too-large"],
)
def test_photos_are_checked_by_content_and_size(delivered, upload, message):
    with override_config(CLAIM_PHOTO_MAX_BYTES=2000), pytest.raises(DomainError, match=message):
        _open(delivered, photos=[upload])

    assert Claim.objects.count() == 0


def test_too_many_photos_are_refused(delivered):
    with override_config(CLAIM_PHOTOS_MAX=1), pytest.raises(DomainError, match="at most 1"):
        _open(delivered, photos=[photo(), photo()])


# --- support ------------------------------------------------------------------------------------
def test_an_in_transit_claim_is_paid_only_once_the_carrier_has_paid(delivered, agent):
    claim = _open(delivered)

    with pytest.raises(DomainError, match="file the claim with the carrier first"):
        services.claim_accept(claim_id=claim.pk, actor=agent, amount=Decimal(8000))
    services.claim_file_with_carrier(claim_id=claim.pk, actor=agent, reference="JP-CL-778")
    with pytest.raises(DomainError, match="what the carrier answered"):
        services.claim_accept(claim_id=claim.pk, actor=agent, amount=Decimal(8000))
    services.claim_accept(
        claim_id=claim.pk, actor=agent, amount=Decimal(8000), carrier_outcome="Paid in full"
    )

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    assert _balance(delivered.user) == Decimal(8000)
    entry = LedgerEntry.objects.get(user=delivered.user)
    assert entry.kind == LedgerEntry.Kind.CLAIM
    assert entry.idempotency_key == services.payout_key(claim.pk)
    assert list(claim.events.values_list("to_status", flat=True)) == [
        "submitted", "with_carrier", "accepted", "paid",
    ]  # fmt: skip
    assert all(e.actor == agent for e in claim.events.all()[1:])
    assert_ledger_balanced()


def test_an_insured_box_is_paid_by_us_at_once_and_a_part_needs_a_reason(ems, agent):
    insured = shipped_shipment(service=ems, status="delivered", insurance_amount=30000)
    claim = _open(insured, amount_claimed=Decimal(30000))

    with pytest.raises(DomainError, match="why only part"):
        services.claim_accept(claim_id=claim.pk, actor=agent, amount=Decimal(10000))
    services.claim_accept(
        claim_id=claim.pk, actor=agent, amount=Decimal(10000), reason="One item was intact."
    )
    services.claim_accept(claim_id=claim.pk, actor=agent, amount=Decimal(10000))  # a double click

    claim.refresh_from_db()
    assert claim.is_partly_accepted
    assert claim.decision_reason == "One item was intact."
    assert _balance(insured.user) == Decimal(10000)
    assert LedgerEntry.objects.filter(user=insured.user).count() == 1
    paid = Notification.objects.get(event="claim.paid")
    assert "10000" in paid.body_text
    assert "30000" in paid.body_text


def test_our_custody_claims_cannot_be_filed_with_a_carrier(user, agent):
    parcel = ParcelFactory(owner=user)
    claim = services.claim_open(
        user=user, kind="lost", description="Lost", amount_claimed=Decimal(100), parcel_id=parcel.pk
    )

    with pytest.raises(DomainError, match="bear this loss ourselves"):
        services.claim_file_with_carrier(claim_id=claim.pk, actor=agent, reference="X")
    services.claim_accept(claim_id=claim.pk, actor=agent, amount=Decimal(100))

    assert _balance(user) == Decimal(100)


def test_asking_for_information_then_the_answer_puts_the_claim_back_under_review(delivered, agent):
    claim = _open(delivered)

    services.claim_info_request(claim_id=claim.pk, actor=agent, message="A photo of the box?")
    services.claim_information_add(
        claim_id=claim.pk, user=delivered.user, text="Here it is", photos=[photo()]
    )

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert claim.notes.get().text == "Here it is"
    assert claim.photos.count() == 1
    asked = Notification.objects.get(event="claim.info_requested")
    assert "A photo of the box?" in asked.body_text


def test_a_refusal_carries_the_reason_the_customer_reads(delivered, agent):
    claim = _open(delivered)

    with pytest.raises(DomainError):
        services.claim_refuse(claim_id=claim.pk, actor=agent, reason=" ")
    services.claim_refuse(claim_id=claim.pk, actor=agent, reason="Packed by the shop, unopened.")

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REFUSED
    assert "Packed by the shop" in Notification.objects.get(event="claim.refused").body_text
    with pytest.raises(IllegalTransition):
        services.claim_accept(claim_id=claim.pk, actor=agent, amount=Decimal(100))
    assert not LedgerEntry.objects.exists()


def test_the_customer_may_withdraw_until_decided(delivered):
    claim = _open(delivered)

    services.claim_withdraw(claim_id=claim.pk, user=delivered.user)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.WITHDRAWN
    assert _open(delivered).pk != claim.pk  # a new claim may be opened


def test_an_open_claim_blocks_closing_the_account(delivered, agent):
    claim = _open(delivered)

    blockers = withdrawal_blockers(user_id=delivered.user_id)
    services.claim_refuse(claim_id=claim.pk, actor=agent, reason="No damage shown")

    assert any(claim.number in str(b) for b in blockers)
    assert not any(claim.number in str(b) for b in withdrawal_blockers(user_id=delivered.user_id))


# --- deadlines ----------------------------------------------------------------------------------
def test_reminders_go_once_to_customers_who_owe_an_answer_and_support_hears_of_overdue_claims(
    delivered, ems, agent
):
    asked = _open(delivered)
    services.claim_info_request(claim_id=asked.pk, actor=agent, message="Receipt?")
    waiting = _open(shipped_shipment(service=ems, status="delivered"))
    ClaimEvent.objects.filter(claim=asked).update(created_at=timezone.now() - timedelta(days=8))
    Claim.objects.filter(pk=waiting.pk).update(respond_by=timezone.localdate() - timedelta(days=1))

    tasks.remind_claims()
    tasks.remind_claims()

    assert Notification.objects.filter(event="claim.info_reminder").count() == 1
    overdue = Notification.objects.filter(event="claim.overdue", user=agent)
    assert overdue.count() == 2  # once a day while overdue
    assert waiting.number in overdue.first().body_text


# --- the ledger over any sequence -----------------------------------------------------------------
ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["info", "answer", "file", "accept", "refuse", "withdraw", "accept_again"]),
        st.integers(min_value=1, max_value=25000),
    ),
    max_size=8,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(insured=st.booleans(), actions=ACTIONS)
def test_any_sequence_of_steps_pays_at_most_once_and_keeps_the_ledger_balanced(
    ems, agent, insured, actions
):
    box = shipped_shipment(
        service=ems,
        user=UserFactory(),
        status="delivered",
        insurance_amount=20000 if insured else 0,
    )
    claim = _open(box, amount_claimed=Decimal(15000))
    steps = {
        "info": lambda n: services.claim_info_request(claim_id=claim.pk, actor=agent, message="?"),
        "answer": lambda n: services.claim_information_add(
            claim_id=claim.pk, user=box.user, text="more"
        ),
        "file": lambda n: services.claim_file_with_carrier(
            claim_id=claim.pk, actor=agent, reference=f"R{n}"
        ),
        "accept": lambda n: services.claim_accept(
            claim_id=claim.pk, actor=agent, amount=Decimal(n), reason="r", carrier_outcome="paid"
        ),
        "accept_again": lambda n: services.claim_accept(
            claim_id=claim.pk, actor=agent, amount=Decimal(n), reason="r", carrier_outcome="paid"
        ),
        "refuse": lambda n: services.claim_refuse(claim_id=claim.pk, actor=agent, reason="no"),
        "withdraw": lambda n: services.claim_withdraw(claim_id=claim.pk, user=box.user),
    }

    for name, n in actions:
        with contextlib.suppress(DomainError):
            steps[name](n)

    claim.refresh_from_db()
    entries = LedgerEntry.objects.filter(user=box.user)
    if claim.status == ClaimStatus.PAID:
        assert entries.count() == 1
        assert entries.get().amount == claim.amount_accepted <= claim.amount_claimed
    else:
        assert entries.count() == 0
    assert claim.events.count() == 1 + sum(
        1 for e in claim.events.all()[1:] if e.from_status != e.to_status
    )
    assert_ledger_balanced()
