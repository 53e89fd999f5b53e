import pytest
from django.core import mail

from accounts import selectors, services
from accounts.identity import identity_digest
from accounts.models import AccountEvent, BlockedIdentity
from accounts.states import ALLOWED, AccountStatus
from tests.factories import ApplicantFactory
from transship.errors import DomainError, IllegalTransition


def test_every_status_has_a_row_in_the_transition_table():
    assert set(ALLOWED) == set(AccountStatus.values)


def test_the_shared_user_factory_makes_an_active_verified_member(user):
    from allauth.account.models import EmailAddress

    assert user.status == AccountStatus.ACTIVE
    assert selectors.member_code_is_valid(code=user.member_code)
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()


def test_suspending_records_who_when_why_and_tells_the_user(
    user, finance_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.account_suspend(user_id=user.pk, actor=finance_user, reason="Invoice overdue")

    user.refresh_from_db()
    assert user.status == AccountStatus.SUSPENDED
    assert user.is_active  # may still log in to pay (A8(3))
    event = AccountEvent.objects.get(user=user)
    assert (event.from_status, event.to_status) == ("active", "suspended")
    assert event.actor == finance_user
    assert event.reason == "Invoice overdue"
    assert len(mail.outbox) == 1
    assert "Invoice overdue" in mail.outbox[0].body


def test_suspending_twice_is_harmless(user, finance_user):
    services.account_suspend(user_id=user.pk, actor=finance_user, reason="Invoice overdue")
    services.account_suspend(user_id=user.pk, actor=finance_user, reason="Invoice overdue")

    assert AccountEvent.objects.filter(user=user).count() == 1


def test_a_suspension_without_a_reason_is_refused(user, support_agent):
    with pytest.raises(DomainError):
        services.account_suspend(user_id=user.pk, actor=support_agent, reason=" ")

    user.refresh_from_db()
    assert user.status == AccountStatus.ACTIVE
    assert not AccountEvent.objects.filter(user=user).exists()


def test_reinstating_a_suspended_member_makes_them_active_again(user, support_agent):
    services.account_suspend(user_id=user.pk, actor=support_agent, reason="check")

    services.account_reinstate(user_id=user.pk, actor=support_agent, reason="resolved")

    user.refresh_from_db()
    assert user.status == AccountStatus.ACTIVE
    assert list(user.account_events.values_list("to_status", flat=True)) == [
        "suspended",
        "active",
    ]


def test_disqualification_is_permanent_freezes_and_blocks_the_identity(user, support_agent):
    services.account_disqualify(user_id=user.pk, actor=support_agent, reason="fraud")

    user.refresh_from_db()
    assert selectors.user_is_frozen(user_id=user.pk)
    assert not user.is_active
    assert BlockedIdentity.objects.filter(digest=identity_digest(user.email)).exists()
    with pytest.raises(IllegalTransition):
        services.account_transition(
            user_id=user.pk, to=AccountStatus.ACTIVE, actor=support_agent, reason="oops"
        )
    user.refresh_from_db()
    assert user.status == AccountStatus.DISQUALIFIED


def test_an_active_member_is_not_frozen(user):
    assert not selectors.user_is_frozen(user_id=user.pk)


def test_a_deceased_member_cannot_log_in_and_gets_no_email(user, support_agent):
    services.account_mark_deceased(
        user_id=user.pk, actor=support_agent, reason="Family informed us"
    )

    user.refresh_from_db()
    assert user.status == AccountStatus.DECEASED
    assert not user.is_active
    assert not user.notifications.exists()


def test_an_application_cannot_be_suspended(db, support_agent):
    applicant = ApplicantFactory()

    with pytest.raises(IllegalTransition):
        services.account_suspend(user_id=applicant.pk, actor=support_agent, reason="x")

    assert not AccountEvent.objects.filter(user=applicant).exists()


def test_the_warehouse_address_carries_the_member_code_in_both_scripts(user):
    address = selectors.warehouse_address(user=user)

    code = user.member_code[:3] + "-" + user.member_code[3:]
    assert any(code in line for line in address["ja"])
    assert any(code in line for line in address["romanised"])
    assert any("千葉県" in line for line in address["ja"])


def test_an_applicant_has_no_warehouse_address_yet(db):
    assert selectors.warehouse_address(user=ApplicantFactory()) == {"ja": [], "romanised": []}
