"""A deletion or cancellation waits while we hold the customer's goods or money or they owe us
(issue 12, rules 14-15): the agent sees what blocks it, the customer is told what to do in their
language, the request waits "awaiting settlement", and the erasure runs as soon as nothing
blocks it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.states import AccountStatus
from billing.services.ledger import balance_adjust
from notifications.models import Notification
from privacy import services, tasks
from privacy.apps import PrivacyConfig
from privacy.models import Erasure, PrivacyRequest
from privacy.states import RequestStatus
from tests.parcels.factories import ParcelFactory

pytestmark = pytest.mark.django_db


def _verified(customer, agent, kind: str) -> PrivacyRequest:
    extra = {"deletion_ground": "no_longer_using"} if kind == "deletion" else {}
    request = services.privacy_request_create(user=customer, kind=kind, **extra)
    services.privacy_request_verify(request_id=request.pk, actor=agent, method="id_document")
    return request


def _top_up(user, amount: int, agent) -> None:
    balance_adjust(user_id=user.pk, amount=Decimal(amount), actor=agent, reason="test")


def test_a_deletion_waits_while_goods_and_money_are_held(customer, support_agent):
    parcel = ParcelFactory(owner=customer)
    _top_up(customer, 500, support_agent)
    request = _verified(customer, support_agent, "deletion")

    services.privacy_request_process(request_id=request.pk, actor=support_agent)

    request.refresh_from_db()
    assert request.status == RequestStatus.SETTLING
    assert request.settlement_started_at is not None
    assert not Erasure.objects.filter(user_pk=customer.pk).exists()
    customer.refresh_from_db()
    assert customer.email == "zhang.weiming@example.com"
    message = Notification.objects.get(user=customer, event="privacy.request_awaiting_settlement")
    assert parcel.code in message.body_text
    assert "¥500" in message.body_text
    assert "bank account" in message.body_text


def test_the_customer_reads_what_to_do_in_their_language(customer, support_agent):
    customer.language = "ja"
    customer.save(update_fields=["language"])
    ParcelFactory(owner=customer)
    request = _verified(customer, support_agent, "deletion")
    support_agent.language = "en"

    services.privacy_request_process(request_id=request.pk, actor=support_agent)

    message = Notification.objects.get(user=customer, event="privacy.request_awaiting_settlement")
    english = "request their shipment, or ask us to dispose"
    assert message.language == "ja"
    assert english not in message.body_text


def test_the_agent_sees_the_blockers_on_the_request(admin_client, customer, support_agent):
    parcel = ParcelFactory(owner=customer)
    request = _verified(customer, support_agent, "cancellation")
    services.privacy_request_process(request_id=request.pk, actor=support_agent)

    page = admin_client.get(reverse("admin:privacy_privacyrequest_change", args=[request.pk]))

    html = page.content.decode()
    assert 'data-testid="settlement-blocker"' in html
    assert parcel.code in html
    assert "Awaiting settlement" in html


def test_the_erasure_runs_as_soon_as_the_blockers_clear(customer, support_agent):
    _top_up(customer, 500, support_agent)
    request = _verified(customer, support_agent, "deletion")
    services.privacy_request_process(request_id=request.pk, actor=support_agent)

    services.privacy_requests_settlement_sweep()
    assert PrivacyRequest.objects.get(pk=request.pk).status == RequestStatus.SETTLING

    _top_up(customer, -500, support_agent)  # refunded
    tasks.settlement_sweep()
    tasks.settlement_sweep()  # twice: harmless

    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED
    assert request.settlement_ended_at is not None
    assert Erasure.objects.filter(user_pk=customer.pk).count() == 1
    event = request.events.get(to_status=RequestStatus.COMPLETED)
    assert "waiting 0 days for settlement" in event.reason
    assert not event.reason.startswith("late")


def test_a_late_answer_records_the_settlement_as_the_reason(customer, support_agent):
    _top_up(customer, 500, support_agent)
    request = _verified(customer, support_agent, "deletion")
    services.privacy_request_process(request_id=request.pk, actor=support_agent)
    PrivacyRequest.objects.filter(pk=request.pk).update(
        settlement_started_at=timezone.now() - timedelta(days=20),
        due_at=timezone.now() - timedelta(days=5),
    )
    _top_up(customer, -500, support_agent)

    services.privacy_requests_settlement_sweep()

    event = PrivacyRequest.objects.get(pk=request.pk).events.get(to_status="completed")
    assert event.reason.startswith("late: settled after waiting 20 days for settlement")


def test_a_waiting_request_raises_no_overdue_alarm(customer, support_agent):
    _top_up(customer, 500, support_agent)
    request = _verified(customer, support_agent, "deletion")
    services.privacy_request_process(request_id=request.pk, actor=support_agent)

    services.privacy_requests_deadline_sweep(now=request.due_at + timedelta(days=1))

    assert not Notification.objects.filter(event="privacy.request_overdue").exists()


def test_a_cancellation_waits_then_closes_and_erases_at_once(customer, support_agent):
    _top_up(customer, 500, support_agent)
    request = _verified(customer, support_agent, "cancellation")

    services.privacy_request_process(request_id=request.pk, actor=support_agent)
    customer.refresh_from_db()
    assert customer.status == AccountStatus.ACTIVE
    assert PrivacyRequest.objects.get(pk=request.pk).status == RequestStatus.SETTLING

    _top_up(customer, -500, support_agent)
    services.privacy_requests_settlement_sweep()

    customer.refresh_from_db()
    assert customer.status == AccountStatus.WITHDRAWN
    assert Erasure.objects.filter(user_pk=customer.pk).exists()  # the one rule: at once


def test_the_customer_may_withdraw_a_waiting_request(customer, support_agent):
    _top_up(customer, 500, support_agent)
    request = _verified(customer, support_agent, "deletion")
    services.privacy_request_process(request_id=request.pk, actor=support_agent)

    services.privacy_request_withdraw(request_id=request.pk, user=customer)

    _top_up(customer, -500, support_agent)
    services.privacy_requests_settlement_sweep()
    assert PrivacyRequest.objects.get(pk=request.pk).status == RequestStatus.WITHDRAWN
    assert not Erasure.objects.filter(user_pk=customer.pk).exists()


def test_a_deletion_with_nothing_held_erases_at_once(customer, support_agent):
    request = _verified(customer, support_agent, "deletion")

    services.privacy_request_process(request_id=request.pk, actor=support_agent)

    assert PrivacyRequest.objects.get(pk=request.pk).status == RequestStatus.COMPLETED
    assert Erasure.objects.filter(user_pk=customer.pk).exists()


def test_the_settlement_sweep_is_a_periodic_task():
    assert "privacy.settlement_sweep" in [task for _, task, _ in PrivacyConfig.periodic_tasks]


def test_a_declared_parcel_not_yet_arrived_makes_the_deletion_wait(customer, support_agent):
    """Erasing now would leave the parcel to arrive for nobody (found by test_invariants)."""
    parcel = ParcelFactory(owner=customer, status="expected")
    request = _verified(customer, support_agent, "deletion")

    services.privacy_request_process(request_id=request.pk, actor=support_agent)

    assert PrivacyRequest.objects.get(pk=request.pk).status == RequestStatus.SETTLING
    message = Notification.objects.get(user=customer, event="privacy.request_awaiting_settlement")
    assert f"You declared parcels {parcel.code}" in message.body_text
