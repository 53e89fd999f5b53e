from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import selectors, services
from accounts.closure import closure_modules
from accounts.models import AccountEvent, User
from accounts.states import AccountStatus
from accounts.tasks import sweep_dormant
from privacy.models import Erasure
from tests.billing.factories import InvoiceFactory
from tests.factories import PASSWORD, UserFactory
from tests.parcels.factories import ParcelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _deliver_at_once(mail_now):
    pass


def _idle(user, months=25):
    User.objects.filter(pk=user.pk).update(last_login=timezone.now() - timedelta(days=30 * months))


def _run_sweep_through_two_warnings(now):
    services.dormant_sweep(now=now)
    services.dormant_sweep(now=now + timedelta(days=31))
    services.dormant_sweep(now=now + timedelta(days=62))


# --- Withdrawal --------------------------------------------------------------------------------
def test_a_member_with_nothing_pending_closes_the_account_with_the_password(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:withdraw"), {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.status == AccountStatus.WITHDRAWN
    assert not user.is_active
    assert "_auth_user_id" not in client.session
    from privacy.models import Erasure

    assert Erasure.objects.filter(user_pk=user.pk).exists()


def test_a_wrong_password_does_not_close_the_account(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:withdraw"), {"password": "nope", "confirm": "on"})

    assert response.status_code == 400
    assert "password" in response.context["form"].errors
    user.refresh_from_db()
    assert user.status == AccountStatus.ACTIVE


def test_goods_in_the_warehouse_block_the_withdrawal_and_are_listed(client, user):
    ParcelFactory(owner=user)
    client.force_login(user)

    page = client.get(reverse("accounts:withdraw"))
    client.post(reverse("accounts:withdraw"), {"password": PASSWORD, "confirm": "on"})

    assert "We hold your parcels" in page.content.decode()
    user.refresh_from_db()
    assert user.status == AccountStatus.ACTIVE


def test_an_unpaid_invoice_blocks_the_withdrawal_service(user):
    InvoiceFactory(user=user)

    with pytest.raises(services.AccountClosureBlocked, match="are unpaid"):
        services.account_withdraw(user_id=user.pk, actor=user, reason="bye")

    user.refresh_from_db()
    assert user.status == AccountStatus.ACTIVE


def test_every_app_holding_something_for_a_member_answers_the_closure_registry():
    names = [module.__name__ for module in closure_modules()]

    assert names == [
        "parcels.account_closure",
        "billing.account_closure",
        "tracking.account_closure",
        "privacy.account_closure",
    ]


def test_the_blockers_come_from_every_app_in_app_order(user):
    parcel = ParcelFactory(owner=user)
    invoice = InvoiceFactory(user=user)

    blockers = selectors.withdrawal_blockers(user_id=user.pk)

    assert [str(blocker) for blocker in blockers] == [
        f"We hold your parcels {parcel.code}: request their shipment, or ask us to dispose of "
        "them.",
        f"Invoices {invoice.number} are unpaid (¥{invoice.amount_due:,.0f} in all): pay them.",
    ]


def test_a_refused_closure_leaves_no_event_and_erases_nothing(user):
    ParcelFactory(owner=user)

    with pytest.raises(services.AccountClosureBlocked) as refused:
        services.account_close(user_id=user.pk, actor=user, reason="bye")

    assert len(refused.value.blockers) == 1
    assert not AccountEvent.objects.filter(user=user, to_status=AccountStatus.WITHDRAWN).exists()
    assert not Erasure.objects.filter(user_pk=user.pk).exists()


def test_recording_a_death_is_refused_while_goods_are_held(user, support_agent):
    ParcelFactory(owner=user)

    with pytest.raises(services.AccountClosureBlocked):
        services.account_mark_deceased(user_id=user.pk, actor=support_agent, reason="Family")

    user.refresh_from_db()
    assert user.status == AccountStatus.ACTIVE
    assert not Erasure.objects.filter(user_pk=user.pk).exists()


def test_every_closure_erases_at_once(user, support_agent):
    """The one rule (docs/accounts.md): a closure erases the personal data when it happens."""
    other = UserFactory()

    services.account_mark_deceased(user_id=user.pk, actor=support_agent, reason="Family")
    services.account_withdraw(user_id=other.pk, actor=other, reason="bye")

    assert Erasure.objects.filter(user_pk__in=[user.pk, other.pk]).count() == 2


# --- Dormant accounts --------------------------------------------------------------------------
def test_a_dormant_member_is_warned_twice_then_reclaimed(user):
    _idle(user)
    now = timezone.now()

    services.dormant_sweep(now=now)
    services.dormant_sweep(now=now)  # twice the same day: one warning only
    user.refresh_from_db()
    assert user.dormant_warnings_sent == 1
    assert user.status == AccountStatus.ACTIVE

    _run_sweep_through_two_warnings(now)

    user.refresh_from_db()
    assert user.status == AccountStatus.WITHDRAWN
    assert user.dormant_warnings_sent == 2
    warnings = [m for m in mail.outbox if "dormant" in m.subject or "Last reminder" in m.subject]
    assert len(warnings) == 2


def test_a_dormant_member_holding_goods_is_never_reclaimed_or_warned(user):
    _idle(user)
    ParcelFactory(owner=user)

    _run_sweep_through_two_warnings(timezone.now())

    user.refresh_from_db()
    assert user.status == AccountStatus.ACTIVE
    assert user.dormant_warnings_sent == 0


def test_a_dormant_member_with_an_open_invoice_is_not_reclaimed(user):
    _idle(user)
    InvoiceFactory(user=user)

    _run_sweep_through_two_warnings(timezone.now())

    user.refresh_from_db()
    assert user.status == AccountStatus.ACTIVE


def test_logging_in_after_a_warning_keeps_the_account(client, user):
    _idle(user)
    services.dormant_sweep(now=timezone.now())

    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    _run_sweep_through_two_warnings(timezone.now())

    user.refresh_from_db()
    assert user.status == AccountStatus.ACTIVE
    assert user.dormant_warnings_sent == 0


def test_a_recently_active_member_is_left_alone(user):
    User.objects.filter(pk=user.pk).update(last_login=timezone.now() - timedelta(days=30))

    _run_sweep_through_two_warnings(timezone.now())

    user.refresh_from_db()
    assert user.dormant_warnings_sent == 0


def test_the_daily_task_runs_the_sweep(user):
    _idle(user)

    sweep_dormant()

    user.refresh_from_db()
    assert user.dormant_warnings_sent == 1


def test_the_sweep_query_count_does_not_grow_with_idle_members(django_assert_max_num_queries):
    idle = UserFactory.create_batch(2)
    for member in idle:
        _idle(member)
        ParcelFactory(owner=member)
    with django_assert_max_num_queries(8):
        services.dormant_sweep(now=timezone.now())
    more = UserFactory.create_batch(15)
    for member in more:
        _idle(member)
        ParcelFactory(owner=member)
    with django_assert_max_num_queries(8):
        services.dormant_sweep(now=timezone.now())
