"""Due-date reminders: the customer is told once, INVOICE_REMINDER_DAYS_BEFORE days ahead, about an
open invoice; paid, void, awaiting-approval and already overdue invoices get none."""

from datetime import timedelta
from decimal import Decimal

import pytest
from constance.test import override_config
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from billing import services, tasks
from billing.models import Invoice
from billing.states import InvoiceStatus
from notifications.models import Notification
from tests.billing.factories import InvoiceFactory

pytestmark = pytest.mark.django_db


def _reminders():
    return Notification.objects.filter(event="billing.invoice_due_soon")


@override_config(INVOICE_REMINDER_DAYS_BEFORE=3)
def test_an_open_invoice_due_in_three_days_is_reminded_once(user):
    today = timezone.localdate()
    invoice = InvoiceFactory(user=user, total=Decimal(5000), due_date=today + timedelta(days=3))

    first = services.invoices_due_remind(today=today)
    second = services.invoices_due_remind(today=today)  # twice: idempotent
    third = services.invoices_due_remind(today=today + timedelta(days=1))

    assert (first, second, third) == (1, 0, 0)
    reminder = _reminders().get()
    assert reminder.user == user
    assert invoice.number in reminder.subject
    assert reverse("billing:invoice", args=[invoice.pk]) in reminder.body_text
    invoice.refresh_from_db()
    assert invoice.reminder_sent_at is not None


@override_config(INVOICE_REMINDER_DAYS_BEFORE=3)
def test_the_reminder_says_what_is_still_to_pay(user):
    today = timezone.localdate()
    InvoiceFactory(
        user=user, total=Decimal(5000), amount_paid=Decimal(2000), due_date=today + timedelta(1)
    )

    services.invoices_due_remind(today=today)

    assert "¥3000 of ¥5000" in _reminders().get().body_text


@override_config(INVOICE_REMINDER_DAYS_BEFORE=3)
def test_no_reminder_while_the_due_date_is_further_away(user):
    today = timezone.localdate()
    invoice = InvoiceFactory(user=user, due_date=today + timedelta(days=4))

    assert services.invoices_due_remind(today=today) == 0

    assert not _reminders().exists()
    invoice.refresh_from_db()
    assert invoice.reminder_sent_at is None


@override_config(INVOICE_REMINDER_DAYS_BEFORE=3)
@pytest.mark.parametrize(
    "status", [InvoiceStatus.PAID, InvoiceStatus.VOID, InvoiceStatus.AWAITING_APPROVAL]
)
def test_no_reminder_for_an_invoice_that_is_not_open(user, status):
    today = timezone.localdate()
    InvoiceFactory(user=user, status=status, due_date=today + timedelta(days=2))

    assert services.invoices_due_remind(today=today) == 0

    assert not _reminders().exists()
    assert not Invoice.objects.filter(reminder_sent_at__isnull=False).exists()


@override_config(INVOICE_REMINDER_DAYS_BEFORE=3)
def test_no_reminder_for_an_invoice_already_past_due(user):
    today = timezone.localdate()
    InvoiceFactory(user=user, due_date=today - timedelta(days=1))

    assert services.invoices_due_remind(today=today) == 0

    assert not _reminders().exists()


@override_config(INVOICE_REMINDER_DAYS_BEFORE=3)
def test_the_daily_task_reminds_every_customer_once(user, other_user):
    today = timezone.localdate()
    for customer in (user, other_user):
        InvoiceFactory(user=customer, due_date=today + timedelta(days=2))

    assert tasks.remind_due_invoices() == 2
    assert tasks.remind_due_invoices() == 0

    assert sorted(n.user_id for n in _reminders()) == sorted([user.pk, other_user.pk])


@pytest.mark.parametrize("count", [1, 10, 30])
def test_the_sweep_costs_one_outbox_row_per_invoice_and_no_more(
    user, count, django_assert_max_num_queries
):
    today = timezone.localdate()
    InvoiceFactory.create_batch(count, user=user, due_date=today + timedelta(days=1))

    # settings and the locking SELECT and the UPDATE are fixed; each invoice adds its message
    with django_assert_max_num_queries(14 + count):
        assert services.invoices_due_remind(today=today) == count

    assert _reminders().count() == count


@override_config(INVOICE_REMINDER_DAYS_BEFORE=3)
def test_a_backlog_larger_than_a_batch_is_reminded_in_batches(user, monkeypatch):
    from billing.services import dunning

    monkeypatch.setattr(dunning, "REMINDER_BATCH", 4)
    today = timezone.localdate()
    InvoiceFactory.create_batch(10, user=user, due_date=today + timedelta(days=1))

    assert services.invoices_due_remind(today=today) == 10
    assert services.invoices_due_remind(today=today) == 0

    assert _reminders().count() == 10


def test_the_reminder_runs_daily_from_the_beat_schedule():
    declared = apps.get_app_config("billing").periodic_tasks

    assert "billing.remind_due_invoices" in [task for _name, task, _cron in declared]
