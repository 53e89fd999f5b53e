"""Data-subject requests (P5): the state machine, verification before processing, refusal on the
grounds of P5(6), fees for repeated requests, the export and its single-use link, deadlines."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import MarketingConsent
from notifications.models import Notification
from privacy import services, tasks
from privacy.models import PrivacyRequest
from privacy.states import ALLOWED, RequestAction, RequestStatus
from transship.errors import DomainError, IllegalTransition

pytestmark = pytest.mark.django_db


def test_every_status_has_a_row_in_the_transition_table():
    assert set(ALLOWED) == set(RequestStatus.values)


def test_a_request_is_due_fifteen_days_after_receipt(customer):
    request = services.privacy_request_create(user=customer, kind="access")

    assert request.status == RequestStatus.RECEIVED
    assert request.due_at - request.received_at == timedelta(days=15)
    assert request.events.get().to_status == RequestStatus.RECEIVED
    assert Notification.objects.filter(user=customer, event="privacy.request_received").exists()


def test_the_deadline_follows_the_setting(customer, settings):
    from constance import config

    config.PRIVACY_RESPONSE_DAYS = 10
    request = services.privacy_request_create(user=customer, kind="access")

    assert request.due_at - request.received_at == timedelta(days=10)


def test_a_deletion_request_needs_a_ground_of_policy_5_3(customer):
    with pytest.raises(DomainError) as error:
        services.privacy_request_create(user=customer, kind="deletion")

    assert error.value.field == "deletion_ground"
    assert not PrivacyRequest.objects.exists()


def test_a_second_open_request_of_the_same_kind_is_refused(customer):
    services.privacy_request_create(user=customer, kind="access")

    with pytest.raises(DomainError):
        services.privacy_request_create(user=customer, kind="access")

    assert PrivacyRequest.objects.count() == 1


def test_nothing_is_processed_before_the_identity_is_verified(customer, support_agent):
    request = services.privacy_request_create(
        user=customer, kind="deletion", deletion_ground="no_longer_using"
    )

    with pytest.raises(DomainError):
        services.privacy_request_process(request_id=request.pk, actor=support_agent)

    customer.refresh_from_db()
    assert customer.email == "zhang.weiming@example.com"
    assert PrivacyRequest.objects.get().status == RequestStatus.RECEIVED


def test_verification_records_who_how_and_when(customer, support_agent):
    request = services.privacy_request_create(user=customer, kind="access")

    services.privacy_request_verify(
        request_id=request.pk, actor=support_agent, method="id_document", note="passport"
    )

    request.refresh_from_db()
    assert request.status == RequestStatus.VERIFIED
    assert request.verified_by == support_agent
    assert request.verification_method == "id_document"
    event = request.events.get(to_status=RequestStatus.VERIFIED)
    assert event.actor == support_agent
    assert "passport" in event.reason


def test_an_access_request_produces_a_single_use_expiring_export(
    customer, support_agent, django_capture_on_commit_callbacks
):
    request = services.privacy_request_create(user=customer, kind="access")
    services.privacy_request_verify(
        request_id=request.pk, actor=support_agent, method="id_document"
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.privacy_request_process(request_id=request.pk, actor=support_agent)

    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED
    assert request.export_is_downloadable
    message = Notification.objects.get(user=customer, event="privacy.export_ready")
    token = message.context["link"].rstrip("/").rsplit("/", 1)[-1]

    got, data = services.privacy_request_export_download(user=customer, token=token)

    assert got.pk == request.pk
    assert "accounts/profile.json" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    with pytest.raises(DomainError):
        services.privacy_request_export_download(user=customer, token=token)
    request.refresh_from_db()
    assert not request.export_file
    assert request.events.filter(action=RequestAction.EXPORT_DOWNLOADED).count() == 1


def test_the_export_task_run_twice_builds_one_export(customer, support_agent):
    request = services.privacy_request_create(user=customer, kind="access")
    services.privacy_request_verify(
        request_id=request.pk, actor=support_agent, method="id_document"
    )
    services.privacy_request_process(request_id=request.pk, actor=support_agent)

    tasks.build_export(request.pk)
    tasks.build_export(request.pk)

    assert Notification.objects.filter(event="privacy.export_ready").count() == 1


def test_an_expired_export_link_does_not_download(customer, support_agent):
    request = services.privacy_request_create(user=customer, kind="access")
    services.privacy_request_verify(
        request_id=request.pk, actor=support_agent, method="id_document"
    )
    services.privacy_request_process(request_id=request.pk, actor=support_agent)
    tasks.build_export(request.pk)
    PrivacyRequest.objects.filter(pk=request.pk).update(
        export_expires_at=timezone.now() - timedelta(minutes=1)
    )

    with pytest.raises(DomainError):
        services.privacy_request_export_download(user=customer, request_id=request.pk)

    assert PrivacyRequest.objects.get(pk=request.pk).export_downloaded_at is None


def test_another_user_cannot_download_the_export(customer, other_user, support_agent):
    request = services.privacy_request_create(user=customer, kind="access")
    services.privacy_request_verify(
        request_id=request.pk, actor=support_agent, method="id_document"
    )
    services.privacy_request_process(request_id=request.pk, actor=support_agent)
    tasks.build_export(request.pk)

    with pytest.raises(DomainError):
        services.privacy_request_export_download(user=other_user, request_id=request.pk)

    assert PrivacyRequest.objects.get(pk=request.pk).export_file


def test_a_refusal_needs_a_ground_of_policy_5_6_and_a_message(customer, support_agent):
    request = services.privacy_request_create(user=customer, kind="access")

    with pytest.raises(DomainError):
        services.privacy_request_refuse(
            request_id=request.pk, actor=support_agent, ground="because", message="No."
        )
    services.privacy_request_refuse(
        request_id=request.pk,
        actor=support_agent,
        ground="trade_secrets",
        message="The pricing model is a commercial secret.",
    )

    request.refresh_from_db()
    assert request.status == RequestStatus.REFUSED
    assert request.refusal_ground == "trade_secrets"
    assert Notification.objects.filter(user=customer, event="privacy.request_refused").count() == 1


def test_a_closed_request_cannot_be_reopened(customer, support_agent):
    request = services.privacy_request_create(user=customer, kind="access")
    services.privacy_request_refuse(
        request_id=request.pk, actor=support_agent, ground="abuse", message="Abuse."
    )

    with pytest.raises(IllegalTransition):
        services.privacy_request_verify(
            request_id=request.pk, actor=support_agent, method="id_document"
        )


def test_a_correction_is_completed_with_what_was_changed(customer, support_agent):
    request = services.privacy_request_create(
        user=customer, kind="correction", details="My name is Zhang Weimin"
    )
    services.privacy_request_verify(request_id=request.pk, actor=support_agent, method="phone_call")

    with pytest.raises(DomainError):
        services.privacy_request_process(request_id=request.pk, actor=support_agent, answer=" ")
    services.privacy_request_process(
        request_id=request.pk, actor=support_agent, answer="Your name is corrected."
    )

    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED
    assert request.answer == "Your name is corrected."


def test_withdrawing_consent_takes_effect_at_once(customer):
    MarketingConsent.objects.create(user=customer, channel="email", is_granted=True)

    request = services.privacy_request_create(user=customer, kind="consent_withdrawal")

    assert request.status == RequestStatus.COMPLETED
    assert not MarketingConsent.objects.filter(user=customer, is_granted=True).exists()


def test_a_cancellation_withdraws_the_account(customer, support_agent):
    request = services.privacy_request_create(user=customer, kind="cancellation")
    services.privacy_request_verify(
        request_id=request.pk, actor=support_agent, method="id_document"
    )

    services.privacy_request_process(request_id=request.pk, actor=support_agent)

    customer.refresh_from_db()
    assert customer.status == "withdrawn"
    assert PrivacyRequest.objects.get(pk=request.pk).status == RequestStatus.COMPLETED


def test_a_fee_is_charged_only_beyond_the_free_requests(customer, support_agent):
    from constance import config

    config.PRIVACY_FREE_REQUESTS_PER_YEAR = 1
    first = services.privacy_request_create(user=customer, kind="access")
    with pytest.raises(DomainError):
        services.privacy_request_fee_charge(request_id=first.pk, actor=support_agent)
    services.privacy_request_withdraw(request_id=first.pk, user=customer)
    second = services.privacy_request_create(user=customer, kind="access")

    services.privacy_request_fee_charge(request_id=second.pk, actor=support_agent)

    assert PrivacyRequest.objects.get(pk=first.pk).fee_amount is None
    second.refresh_from_db()
    assert second.fee_amount == config.PRIVACY_EXCESSIVE_REQUEST_FEE_JPY
    assert second.events.filter(action=RequestAction.FEE_CHARGED, actor=support_agent).exists()


def test_the_assigned_agent_is_reminded_once_before_the_deadline(customer, support_agent):
    request = services.privacy_request_create(user=customer, kind="access")
    services.privacy_request_assign(request_id=request.pk, agent=support_agent, actor=support_agent)
    now = request.due_at - timedelta(days=2)

    services.privacy_requests_deadline_sweep(now=now)
    services.privacy_requests_deadline_sweep(now=now + timedelta(hours=1))

    reminders = Notification.objects.filter(event="privacy.request_due_soon")
    assert [n.user for n in reminders] == [support_agent]
    assert not Notification.objects.filter(event="privacy.request_overdue").exists()


def test_no_reminder_while_the_deadline_is_far(customer, support_agent):
    request = services.privacy_request_create(user=customer, kind="access")
    services.privacy_request_assign(request_id=request.pk, agent=support_agent, actor=support_agent)

    services.privacy_requests_deadline_sweep(now=request.received_at + timedelta(days=1))

    assert not Notification.objects.filter(event="privacy.request_due_soon").exists()


def test_the_support_group_is_alarmed_once_when_a_request_is_overdue(customer, support_agent):
    from tests.factories import StaffFactory

    second_agent = StaffFactory(groups=["Support agent"])
    request = services.privacy_request_create(user=customer, kind="access")
    late = request.due_at + timedelta(minutes=1)

    services.privacy_requests_deadline_sweep(now=late)
    services.privacy_requests_deadline_sweep(now=late + timedelta(hours=1))

    alarms = Notification.objects.filter(event="privacy.request_overdue")
    assert sorted(n.user_id for n in alarms) == sorted([support_agent.pk, second_agent.pk])
    request.refresh_from_db()
    assert request.events.filter(action=RequestAction.OVERDUE_ALARM).count() == 1


def test_a_closed_request_raises_no_alarm(customer, support_agent):
    request = services.privacy_request_create(user=customer, kind="access")
    services.privacy_request_withdraw(request_id=request.pk, user=customer)

    services.privacy_requests_deadline_sweep(now=request.due_at + timedelta(days=1))

    assert not Notification.objects.filter(event__startswith="privacy.request_o").exists()


def test_the_deadline_sweep_task_runs(customer, support_agent):
    services.privacy_request_create(user=customer, kind="access")
    PrivacyRequest.objects.update(due_at=timezone.now() - timedelta(hours=1))

    tasks.deadline_sweep()

    assert Notification.objects.filter(event="privacy.request_overdue").count() == 1
