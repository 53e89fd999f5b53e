"""A4.4: a member who thinks their password is known to someone else. Every session and API token
ends, a reset is forced, recipients, shipments to new recipients and new bank accounts are locked
until the reset, support gets a conversation and may restore the account."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services as accounts_services
from accounts.models import AccessToken, Address
from accounts.sensitive import SensitiveActionLocked
from billing import services as billing_services
from notifications.models import Notification
from parcels import services as parcels_services
from support import services
from support.models import CompromiseReport, Conversation
from tests.billing.factories import disposed_parcel
from tests.factories import AddressFactory, UserFactory
from transship.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db, password):
    return UserFactory(email="li.na@example.com")


def _without_csrf(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_security_page_report_ends_sessions_and_tokens_and_forces_a_reset(member):
    _token, secret = accounts_services.access_token_create(user=member, name="script")
    laptop, phone = _logged_in(member), _logged_in(member)
    assert phone.get(reverse("accounts:security")).status_code == 200
    assert b"/support/password-known/" in phone.get(reverse("accounts:security")).content

    response = laptop.post(reverse("support:compromised"), {"confirm": "on"})

    assert response.status_code == 200
    assert phone.get(reverse("accounts:security")).status_code == 302  # that session ended
    assert laptop.get(reverse("accounts:security")).status_code == 302
    api = Client().get("/api/v1/parcels/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.status_code == 401
    assert not AccessToken.objects.usable().filter(user=member).exists()
    member.refresh_from_db()
    assert not member.has_usable_password()
    reset = Notification.objects.get(user=member, event="account.mail")
    assert "/accounts/password/reset/key/" in reset.body_text
    report = CompromiseReport.objects.get(user=member)
    assert report.tokens_revoked == 1
    assert report.conversation.topic == "compromised"


def test_the_login_page_report_needs_no_login_and_reveals_nothing(member, client):
    login = client.get(reverse("account_login"))
    known = client.post(reverse("support:compromised_by_email"), {"email": member.email})
    unknown = client.post(reverse("support:compromised_by_email"), {"email": "no@one.test"})

    assert b"/support/password-known/report/" in login.content
    assert known.status_code == unknown.status_code == 200
    assert _without_csrf(known.content) == _without_csrf(unknown.content)
    assert CompromiseReport.objects.filter(user=member, source="login_page").count() == 1
    assert Conversation.objects.count() == 1


def test_the_login_page_report_is_rate_limited(member, client):
    from constance.test import override_config

    with override_config(SUPPORT_COMPROMISE_REPORTS_PER_HOUR=2):
        answers = [
            client.post(reverse("support:compromised_by_email"), {"email": f"x{i}@one.test"})
            for i in range(2)
        ]
        limited = client.post(reverse("support:compromised_by_email"), {"email": member.email})

    assert [a.status_code for a in answers] == [200, 200]
    assert limited.status_code == 429
    assert not CompromiseReport.objects.exists()


@pytest.fixture
def reported(member):
    old_address = AddressFactory(user=member)
    Address.objects.filter(pk=old_address.pk).update(
        created_at=timezone.now() - timedelta(days=30),
        updated_at=timezone.now() - timedelta(days=30),
    )
    new_address = AddressFactory(user=member)  # added an hour before the report
    Address.objects.filter(pk=new_address.pk).update(
        created_at=timezone.now() - timedelta(hours=1),
        updated_at=timezone.now() - timedelta(hours=1),
    )
    services.account_compromise_report(user_id=member.pk, source="security_page")
    return old_address, new_address


def _ship_to(member, address):
    return parcels_services.shipment_request(
        user=member,
        parcel_ids=[1],
        recipient_id=address.pk,
        service_id=0,
        customs_confirmed=True,
        customs_category="gift",
    )


def test_sensitive_actions_are_locked_until_the_password_is_reset(member, reported):
    old_address, new_address = reported

    with pytest.raises(SensitiveActionLocked):
        accounts_services.address_save(user=member, address=None, data={"city": "Beijing"})
    with pytest.raises(SensitiveActionLocked):
        _ship_to(member, new_address)
    # the old recipient passes the hold and is stopped by the next check, the carrier service
    with pytest.raises(DomainError, match="carrier service"):
        _ship_to(member, old_address)
    with pytest.raises(SensitiveActionLocked):
        billing_services.bank_account_set(
            user_id=member.pk, bank_name="MUFG", account_number="1", holder="LI NA"
        )

    member.set_password("a-new-Secret-2026")  # what the reset link does
    member.save()

    billing_services.bank_account_set(
        user_id=member.pk, bank_name="MUFG", account_number="1", holder="LI NA"
    )
    _address = accounts_services.address_save(user=member, address=new_address, data={})


def test_a_remittance_to_a_bank_account_given_before_the_report_stays_payable_but_a_new_one_not(
    member, finance_user
):
    from constance.test import override_config

    with override_config(STORAGE_FREE_DAYS=30, DISPOSAL_FEE_JPY=1000, REMITTANCE_FEE_JPY=800):
        parcel = disposed_parcel(user=member, received_days_ago=10)
        remittance = billing_services.disposal_settle(
            parcel_id=parcel.pk,
            user_id=member.pk,
            received_at=parcel.received_at,
            sale_price=Decimal(15850),
            actor=None,
        ).remittance
    billing_services.bank_account_set(
        user_id=member.pk, bank_name="MUFG", account_number="1", holder="LI NA"
    )  # given just now: within the look-back before the report
    services.account_compromise_report(user_id=member.pk, source="security_page")

    with pytest.raises(SensitiveActionLocked):
        billing_services.remittance_mark_paid(remittance_id=remittance.pk, actor=finance_user)

    report = CompromiseReport.objects.get(user=member)
    services.account_restore(report_id=report.pk, actor=finance_user)
    billing_services.remittance_mark_paid(remittance_id=remittance.pk, actor=finance_user)


def test_support_restores_the_account_from_the_admin(member, reported, support_agent, client):
    report = CompromiseReport.objects.get(user=member)
    client.force_login(support_agent)

    client.post(
        reverse("admin:support_compromisereport_changelist"),
        {"action": "restore", "_selected_action": [report.pk]},
    )

    report.refresh_from_db()
    assert report.restored_by == support_agent
    accounts_services.address_save(user=member, address=None, data={"city": "Beijing"})


def test_the_address_form_shows_the_hold_instead_of_saving(member, reported, client):
    member.refresh_from_db()
    client.force_login(member)

    response = client.post(
        reverse("accounts:address_add"),
        {
            "name": "X",
            "country": "CN",
            "city": "Beijing",
            "line1": "1 Road",
            "phone": "+8613800138000",
        },
    )

    assert response.status_code == 400
    assert "someone else may know your password" in response.content.decode()
    assert member.addresses.count() == 2
