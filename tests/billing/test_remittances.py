"""Remittances of disposal proceeds need a destination: a remittance is not marked paid without
the customer's bank account, the customer is asked for one and reminded until they give it, and
Finance is alarmed when a remittance passes its 20-day deadline (A15.6)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from constance.test import override_config
from django.utils import timezone

from billing import services, tasks
from billing.models import Remittance
from billing.states import RemittanceStatus
from notifications.models import Notification
from tests.billing.factories import disposed_parcel
from tests.billing.invariants import assert_ledger_balanced
from transship.errors import DomainError

pytestmark = pytest.mark.django_db

SETTINGS = {
    "STORAGE_FREE_DAYS": 30,
    "DISPOSAL_FEE_JPY": 1000,
    "REMITTANCE_FEE_JPY": 800,
    "REMITTANCE_DAYS": 20,
    "REMITTANCE_WARN_DAYS": 3,
    "REMITTANCE_BANK_ACCOUNT_REMINDER_DAYS": 3,
}


def _remittance(user) -> Remittance:
    parcel = disposed_parcel(user=user, received_days_ago=10)
    settlement = services.disposal_settle(
        parcel_id=parcel.pk,
        user_id=parcel.owner_id,
        received_at=parcel.received_at,
        sale_price=Decimal(15850),
        actor=None,
    )
    return settlement.remittance


def _asked(user) -> int:
    return Notification.objects.filter(user=user, event="billing.bank_account_needed").count()


def _bank_account_give(user) -> None:
    services.bank_account_set(
        user_id=user.pk, bank_name="MUFG", account_number="1234567", holder="TARO YAMADA"
    )


@override_config(**SETTINGS)
def test_a_remittance_without_a_bank_account_cannot_be_marked_paid(user, finance_user):
    remittance = _remittance(user)

    with pytest.raises(DomainError, match="no bank account"):
        services.remittance_mark_paid(remittance_id=remittance.pk, actor=finance_user)

    remittance.refresh_from_db()
    assert remittance.status == RemittanceStatus.PENDING
    assert remittance.paid_at is None
    assert not remittance.events.exists()
    _bank_account_give(user)
    services.remittance_mark_paid(remittance_id=remittance.pk, actor=finance_user)
    remittance.refresh_from_db()
    assert remittance.status == RemittanceStatus.PAID
    assert_ledger_balanced()


@override_config(**SETTINGS)
def test_the_admin_action_reports_the_missing_bank_account(client, user, superuser):
    remittance = _remittance(user)

    client.force_login(superuser)
    response = client.post(
        "/admin/billing/remittance/",
        {"action": "mark_paid", "_selected_action": [remittance.pk]},
        follow=True,
    )

    messages = [str(m) for m in response.context["messages"]]
    assert any(remittance.number in m and "no bank account" in m for m in messages)
    remittance.refresh_from_db()
    assert remittance.status == RemittanceStatus.PENDING


@override_config(**SETTINGS)
def test_the_customer_is_asked_for_a_bank_account_and_reminded_until_they_give_one(user):
    remittance = _remittance(user)
    assert _asked(user) == 1  # asked when the remittance was created
    now = timezone.now()

    assert tasks.follow_up_remittances() == 0  # asked today: no reminder yet
    assert services.remittances_bank_account_remind(now=now + timedelta(days=3)) == 1
    assert services.remittances_bank_account_remind(now=now + timedelta(days=3)) == 0
    assert _asked(user) == 2
    _bank_account_give(user)
    assert services.remittances_bank_account_remind(now=now + timedelta(days=9)) == 0

    assert _asked(user) == 2
    message = Notification.objects.filter(event="billing.bank_account_needed").first()
    assert remittance.number in message.body_text
    assert "/billing/bank-account/" in message.body_text


@override_config(**SETTINGS)
def test_a_customer_with_a_bank_account_is_not_asked(user):
    _bank_account_give(user)

    _remittance(user)

    assert _asked(user) == 0


@override_config(**SETTINGS)
def test_finance_is_alarmed_once_when_a_remittance_passes_its_deadline(user, finance_user):
    remittance = _remittance(user)
    today = timezone.localdate()

    assert services.remittances_overdue_alarm(today=remittance.due_date) == 0  # due today: not yet
    assert services.remittances_overdue_alarm(today=remittance.due_date + timedelta(days=1)) == 1
    assert services.remittances_overdue_alarm(today=remittance.due_date + timedelta(days=2)) == 0

    alarm = Notification.objects.get(event="billing.remittance_overdue")
    assert alarm.user == finance_user
    assert remittance.number in alarm.body_text
    assert "no bank account on file" in alarm.body_text
    assert remittance.due_date == today + timedelta(days=20)


@override_config(**SETTINGS)
def test_a_paid_remittance_raises_no_alarm(user, finance_user):
    remittance = _remittance(user)
    _bank_account_give(user)
    services.remittance_mark_paid(remittance_id=remittance.pk, actor=finance_user)

    assert services.remittances_overdue_alarm(today=remittance.due_date + timedelta(days=5)) == 0
    assert not Notification.objects.filter(event="billing.remittance_overdue").exists()


def test_the_follow_up_runs_daily_on_the_beat_schedule():
    from django.apps import apps

    declared = apps.get_app_config("billing").periodic_tasks

    assert "billing.follow_up_remittances" in [task for _name, task, _cron in declared]
