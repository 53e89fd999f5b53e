"""The one transition helper (`transship.transitions`), for all eight state machines: the table
is enforced, the row lock is required, every move leaves exactly one event, and random sequences
of attempted moves keep status and history consistent."""

import itertools
import threading
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts import member_codes
from accounts.models import User
from accounts.states import AccountStatus
from billing.models import Invoice, Payment, Remittance
from billing.states import InvoiceStatus
from parcels.models import Parcel, Shipment
from parcels.states import ParcelStatus, ShipmentStatus
from privacy.models import PrivacyRequest
from privacy.states import RefusalGround, RequestKind
from tracking.models import Claim
from tracking.states import ClaimKind, Liability
from transship.errors import IllegalTransition
from transship.transitions import (
    LockRequired,
    is_locked,
    lock,
    transition,
    transition_bulk,
    transition_bulk_set,
)

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def _user(status: str = AccountStatus.ACTIVE) -> User:
    n = next(_numbers)
    return User.objects.create(
        email=f"machine{n}@example.com", status=status, member_code=member_codes.generate()
    )


def _parcel(status: str, owner: User) -> Parcel:
    n = next(_numbers)
    return Parcel.objects.create(
        owner=owner, status=status, tracking_number=f"TM{n:010d}", received_at=timezone.now()
    )


def _shipment(status: str, owner: User) -> Shipment:
    # The carrier service model is the one the shipment points to, wherever it lives.
    service_model = Shipment._meta.get_field("service").related_model
    n = next(_numbers)
    service = service_model.objects.create(code=f"svc{n}", name="EMS", carrier="Japan Post")
    return Shipment.objects.create(
        user=owner, destination_country="CN", service=service, status=status
    )


def _invoice(status: str, owner: User) -> Invoice:
    return Invoice.objects.create(
        number=f"INV-M-{next(_numbers)}",
        user=owner,
        kind=Invoice.Kind.SPECIAL,
        status=status,
        total=Decimal(5000),
        due_date=date(2030, 1, 1),
    )


def _payment(status: str, owner: User) -> Payment:
    return Payment.objects.create(
        number=f"PAY-M-{next(_numbers)}",
        user=owner,
        amount=Decimal(1000),
        method=Payment.Method.TEST,
        status=status,
    )


def _remittance(status: str, owner: User) -> Remittance:
    return Remittance.objects.create(
        number=f"REM-M-{next(_numbers)}",
        user=owner,
        gross=Decimal(1100),
        fee=Decimal(100),
        amount=Decimal(1000),
        due_date=date(2030, 1, 1),
        status=status,
    )


def _privacy_request(status: str, owner: User) -> PrivacyRequest:
    return PrivacyRequest.objects.create(
        user=owner,
        kind=RequestKind.ACCESS,
        status=status,
        due_at=timezone.now() + timedelta(days=30),
        refusal_ground=RefusalGround.UNWARRANTED,  # a refused request must name its ground
    )


def _account(status: str, owner: User) -> User:
    return _user(status)


def _claim(status: str, owner: User) -> Claim:
    return Claim.objects.create(
        user=owner,
        shipment=_shipment(ShipmentStatus.DELIVERED, owner),
        kind=ClaimKind.DAMAGED,
        description="Broken",
        amount_claimed=Decimal(1000),
        amount_cap=Decimal(5000),
        liability=Liability.CARRIER,
        status=status,
    )


MACHINES: dict[str, tuple[type, Callable]] = {
    "parcel": (Parcel, _parcel),
    "shipment": (Shipment, _shipment),
    "invoice": (Invoice, _invoice),
    "payment": (Payment, _payment),
    "remittance": (Remittance, _remittance),
    "account": (User, _account),
    "privacy request": (PrivacyRequest, _privacy_request),
    "claim": (Claim, _claim),
}


@pytest.fixture
def owner(db) -> User:
    return _user()


@pytest.fixture
def agent(db) -> User:
    return _user()


def _events(obj):
    machine = type(obj).state_machine
    return machine.event_model.objects.filter(**{machine.subject: obj}).order_by("created_at", "pk")


def _status(model: type, pk: int) -> str:
    return model.objects.values_list("status", flat=True).get(pk=pk)


@pytest.mark.parametrize("name", MACHINES)
def test_every_status_of_every_machine_has_a_row_in_its_table(name):
    model, _make = MACHINES[name]
    machine = model.state_machine
    statuses = {value for value, _label in model._meta.get_field(machine.field).choices}

    assert set(machine.allowed) == statuses
    assert all(set(targets) <= statuses for targets in machine.allowed.values())


@pytest.mark.parametrize("name", MACHINES)
def test_every_allowed_move_writes_exactly_one_event_with_actor_and_reason(name, owner, agent):
    model, make = MACHINES[name]
    moves = [(a, b) for a, targets in model.state_machine.allowed.items() for b in targets]
    assert moves, "every machine has moves"

    for current, to in moves:
        obj = lock(model, pk=make(current, owner).pk)

        moved = transition(obj, to=to, actor=agent, reason=f"{current} to {to}")

        assert moved is True
        assert obj.status == to
        assert _status(model, obj.pk) == to
        events = list(_events(obj))
        assert [(e.from_status, e.to_status) for e in events] == [(current, to)]
        assert events[0].actor == agent
        assert events[0].reason == f"{current} to {to}"


@pytest.mark.parametrize("name", MACHINES)
def test_an_illegal_move_is_refused_and_leaves_no_trace(name, owner, agent):
    model, make = MACHINES[name]
    machine = model.state_machine
    refused = 0

    for current in machine.allowed:
        obj = lock(model, pk=make(current, owner).pk)
        for to in machine.allowed:
            if to == current or machine.can(current, to):
                continue

            with pytest.raises(IllegalTransition):
                transition(obj, to=to, actor=agent, reason="not allowed")

            refused += 1
            assert obj.status == current
            assert _status(model, obj.pk) == current
            assert not _events(obj).exists()
    assert refused > 0


@pytest.mark.parametrize("name", MACHINES)
def test_moving_to_the_current_status_changes_nothing(name, owner, agent):
    model, make = MACHINES[name]
    current = next(iter(model.state_machine.allowed))
    obj = lock(model, pk=make(current, owner).pk)

    moved = transition(obj, to=current, actor=agent, reason="again")

    assert moved is False
    assert not _events(obj).exists()


@pytest.mark.parametrize("name", MACHINES)
def test_a_transition_needs_the_row_lock(name, owner, agent):
    model, make = MACHINES[name]
    current, targets = next((s, t) for s, t in model.state_machine.allowed.items() if t)
    unlocked = model.objects.get(pk=make(current, owner).pk)

    with pytest.raises(LockRequired):
        transition(unlocked, to=next(iter(targets)), actor=agent, reason="no lock")

    assert not is_locked(unlocked)
    assert unlocked.status == current
    assert _status(model, unlocked.pk) == current
    assert not _events(unlocked).exists()


@pytest.mark.django_db(transaction=True)
def test_a_lock_counts_only_in_the_transaction_that_took_it():
    parcel = Parcel.objects.create(owner=None, status=ParcelStatus.STORED)
    with transaction.atomic():
        locked = lock(Parcel, pk=parcel.pk)
        assert is_locked(locked)

    with pytest.raises(LockRequired):
        transition(locked, to=ParcelStatus.ON_HOLD, actor=None, reason="outside")
    with transaction.atomic(), pytest.raises(LockRequired):
        transition(locked, to=ParcelStatus.ON_HOLD, actor=None, reason="a later transaction")
    with pytest.raises(LockRequired):
        lock(Parcel, pk=parcel.pk)  # no transaction: SELECT … FOR UPDATE would lock nothing

    assert _status(Parcel, parcel.pk) == ParcelStatus.STORED
    assert not _events(parcel).exists()


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_moves_of_one_object_make_one_event():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    parcel = Parcel.objects.create(owner=None, status=ParcelStatus.STORED)
    barrier = threading.Barrier(2)
    outcomes: list[bool] = []

    def move() -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                locked = lock(Parcel, pk=parcel.pk)
                outcomes.append(
                    transition(locked, to=ParcelStatus.ON_HOLD, actor=None, reason="race")
                )
        finally:
            connection.close()

    threads = [threading.Thread(target=move) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [False, True]  # the second waited, then found it done
    assert _events(parcel).count() == 1


def test_the_bulk_move_writes_one_event_per_row_in_three_statements(
    owner, agent, django_assert_num_queries
):
    for size in (3, 30):
        parcels = [_parcel(ParcelStatus.STORED, owner) for _ in range(size)]
        rows = Parcel.objects.filter(pk__in=[p.pk for p in parcels]).order_by("pk")

        with django_assert_num_queries(3):  # lock, update, insert the events
            moved = transition_bulk(
                rows.only("id", "status"),
                to=ParcelStatus.DISPOSAL_DUE,
                actor=agent,
                reason="deadline passed",
            )

        assert len(moved) == size
        assert set(rows.values_list("status", flat=True)) == {ParcelStatus.DISPOSAL_DUE}
        for parcel in parcels:
            events = list(_events(parcel))
            assert [(e.from_status, e.to_status) for e in events] == [
                (ParcelStatus.STORED, ParcelStatus.DISPOSAL_DUE)
            ]
            assert events[0].actor == agent
            assert events[0].reason == "deadline passed"


def test_the_bulk_move_checks_the_same_table_and_refuses_the_whole_batch(owner):
    stored = _parcel(ParcelStatus.STORED, owner)
    shipped = _parcel(ParcelStatus.SHIPPED, owner)  # shipped is final
    rows = Parcel.objects.filter(pk__in=[stored.pk, shipped.pk]).order_by("pk")

    with pytest.raises(IllegalTransition):
        transition_bulk(rows, to=ParcelStatus.DISPOSAL_DUE, reason="deadline passed")

    assert _status(Parcel, stored.pk) == ParcelStatus.STORED
    assert _status(Parcel, shipped.pk) == ParcelStatus.SHIPPED
    assert not _events(stored).exists()
    assert not _events(shipped).exists()


def test_the_bulk_move_leaves_rows_already_there_alone(owner):
    there = _parcel(ParcelStatus.DISPOSAL_DUE, owner)
    stored = _parcel(ParcelStatus.STORED, owner)
    rows = Parcel.objects.filter(pk__in=[there.pk, stored.pk]).order_by("pk")

    moved = transition_bulk(rows, to=ParcelStatus.DISPOSAL_DUE, reason="deadline passed")

    assert [p.pk for p in moved] == [stored.pk]
    assert not _events(there).exists()
    assert _events(stored).count() == 1


def _attempt_moves(obj, moves: list[str], actor: User) -> None:
    """Try each move as a service would (lock, then transition), then check the invariants."""
    model = type(obj)
    machine = model.state_machine
    start = expected = obj.status
    reach = machine.reachable(start)
    successes = 0
    for to in moves:
        locked = lock(model, pk=obj.pk)
        try:
            with transaction.atomic():
                moved = transition(locked, to=to, actor=actor, reason=f"to {to}")
        except IllegalTransition:
            assert to != expected
            assert not machine.can(expected, to)
            moved = False
        else:
            assert moved == (to != expected)
        if moved:
            successes += 1
            expected = to
        assert _status(model, obj.pk) == expected
        assert expected in reach

    events = list(_events(obj))
    assert len(events) == successes
    chain = [start, *(e.to_status for e in events)]
    assert [e.from_status for e in events] == chain[:-1]
    assert chain[-1] == expected
    assert all(machine.can(e.from_status, e.to_status) for e in events)
    assert all(e.actor_id == actor.pk for e in events)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    start=st.sampled_from(ParcelStatus.values),
    moves=st.lists(st.sampled_from(ParcelStatus.values), max_size=12),
)
def test_random_parcel_moves_stay_in_the_table_and_log_every_success(owner, agent, start, moves):
    _attempt_moves(_parcel(start, owner), moves, agent)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    start=st.sampled_from(InvoiceStatus.values),
    moves=st.lists(st.sampled_from(InvoiceStatus.values), max_size=10),
)
def test_random_invoice_moves_stay_in_the_table_and_log_every_success(owner, agent, start, moves):
    _attempt_moves(_invoice(start, owner), moves, agent)


@pytest.mark.parametrize(
    "name", ["shipment", "payment", "remittance", "account", "privacy request", "claim"]
)
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_moves_on_the_other_machines_keep_the_same_invariants(owner, agent, name, data):
    model, make = MACHINES[name]
    statuses = list(model.state_machine.allowed)
    start = data.draw(st.sampled_from(statuses))
    moves = data.draw(st.lists(st.sampled_from(statuses), max_size=8))

    _attempt_moves(make(start, owner), moves, agent)


@pytest.mark.django_db(transaction=True)
def test_the_privacy_migration_keeps_every_step_and_its_note_as_the_reason():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("privacy", "0002_privacy_request_fee_invoice")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    user = old.get_model("accounts", "User").objects.create(email="history@example.com")
    request = old.get_model("privacy", "PrivacyRequest").objects.create(
        user_id=user.pk, kind=RequestKind.ACCESS, due_at=timezone.now()
    )
    old.get_model("privacy", "PrivacyRequestEvent").objects.create(
        request_id=request.pk, action="transition", to_status="verified", note="passport seen"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    event = PrivacyRequest.objects.get(pk=request.pk).events.get()
    assert (event.to_status, event.reason) == ("verified", "passport seen")


@pytest.mark.parametrize("size", [3, 30])
def test_the_set_based_bulk_move_keeps_the_contract(
    owner, agent, size, django_assert_max_num_queries
):
    parcels = [_parcel(ParcelStatus.STORED, owner) for _ in range(size)]
    held = _parcel(ParcelStatus.ON_HOLD, owner)
    shipped = _parcel(ParcelStatus.SHIPPED, owner)  # not a source: stays where it is
    rows = Parcel.objects.filter(pk__in=[p.pk for p in [*parcels, held, shipped]])

    with transaction.atomic(), django_assert_max_num_queries(3):
        moved = transition_bulk_set(
            rows,
            from_statuses=(ParcelStatus.STORED, ParcelStatus.ON_HOLD),
            to=ParcelStatus.DISPOSAL_DUE,
            limit=1000,
            actor=agent,
            reason="deadline passed",
        )

    assert moved == sorted(p.pk for p in [*parcels, held])
    shipped.refresh_from_db()
    assert shipped.status == ParcelStatus.SHIPPED
    events = [list(_events(p)) for p in [*parcels, held]]
    assert [[(e.from_status, e.to_status) for e in ev] for ev in events] == [
        [(ParcelStatus.STORED, ParcelStatus.DISPOSAL_DUE)]
    ] * size + [[(ParcelStatus.ON_HOLD, ParcelStatus.DISPOSAL_DUE)]]
    assert {(e.actor_id, e.reason) for ev in events for e in ev} == {(agent.pk, "deadline passed")}
    assert not _events(shipped).exists()


def test_the_set_based_bulk_move_takes_at_most_its_limit_in_id_order(owner):
    parcels = [_parcel(ParcelStatus.STORED, owner) for _ in range(5)]
    rows = Parcel.objects.filter(pk__in=[p.pk for p in parcels])

    with transaction.atomic():
        first = transition_bulk_set(
            rows, from_statuses=[ParcelStatus.STORED], to=ParcelStatus.DISPOSAL_DUE, limit=2
        )
        rest = transition_bulk_set(
            rows.filter(pk__gt=first[-1]),
            from_statuses=[ParcelStatus.STORED],
            to=ParcelStatus.DISPOSAL_DUE,
            limit=10,
        )

    assert first == [p.pk for p in parcels[:2]]
    assert rest == [p.pk for p in parcels[2:]]


def test_the_set_based_bulk_move_refuses_a_move_the_table_forbids(owner):
    shipped = _parcel(ParcelStatus.SHIPPED, owner)

    with transaction.atomic(), pytest.raises(IllegalTransition):
        transition_bulk_set(
            Parcel.objects.all(),
            from_statuses=[ParcelStatus.STORED, ParcelStatus.SHIPPED],
            to=ParcelStatus.DISPOSAL_DUE,
            limit=10,
        )

    shipped.refresh_from_db()
    assert shipped.status == ParcelStatus.SHIPPED
    assert not _events(shipped).exists()
