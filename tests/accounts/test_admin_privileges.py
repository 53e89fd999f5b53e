"""Who may grant rights and touch passwords in the user admin: superusers only. A support agent
(who has change_user to help members) edits customers' profiles, never privilege fields, never a
staff account, and never sets a password: they send the member a reset email."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.states import AccountStatus
from notifications.models import Notification
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

INLINES = {
    f"{prefix}-{kind}": "0"
    # support adds the prohibited-act flags (abuse_flags) to the account's page
    for prefix in ("account_events", "login_failures", "legal_acceptances", "abuse_flags")
    for kind in ("TOTAL_FORMS", "INITIAL_FORMS")
}


def _change(client, user, **data):
    url = reverse("admin:accounts_user_change", args=[user.pk])
    form = {"email": user.email, "language": "en", "currency": "JPY", "gender": "", **INLINES}
    return client.post(url, {**form, **data})


def _act(client, action, ids, **extra):
    data = {"action": action, "_selected_action": [str(i) for i in ids], "index": 0, **extra}
    return client.post(reverse("admin:accounts_user_changelist"), data, follow=True)


def test_a_support_agent_cannot_make_a_customer_staff_or_superuser(client, support_agent):
    member = UserFactory(language="en")
    finance = Group.objects.get(name="Finance")
    client.force_login(support_agent)

    response = _change(
        client, member, language="ja", is_staff="on", is_superuser="on", groups=[finance.pk]
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.language == "ja"  # the save went through, without the privilege fields
    assert not member.is_staff
    assert not member.is_superuser
    assert not member.groups.exists()


def test_a_support_agent_cannot_change_their_own_or_another_staff_account(client, support_agent):
    superuser = StaffFactory(is_superuser=True)
    client.force_login(support_agent)

    for target in (support_agent, superuser):
        response = _change(client, target, is_superuser="on", email="taken@example.com")

        assert response.status_code == 403
        target.refresh_from_db()
        assert target.email != "taken@example.com"
    support_agent.refresh_from_db()
    assert not support_agent.is_superuser


def test_a_support_agent_sees_privilege_fields_read_only_and_no_password_form(
    client, support_agent
):
    member = UserFactory()
    client.force_login(support_agent)

    page = client.get(reverse("admin:accounts_user_change", args=[member.pk])).content.decode()

    assert 'name="is_superuser"' not in page
    assert 'name="is_staff"' not in page
    assert 'name="groups"' not in page
    assert "../password/" not in page


@pytest.mark.parametrize("target", ["customer", "staff", "superuser"])
def test_only_a_superuser_may_open_the_set_password_form(client, support_agent, target):
    user = {
        "customer": UserFactory,
        "staff": lambda: StaffFactory(groups=["Finance"]),
        "superuser": lambda: StaffFactory(is_superuser=True),
    }[target]()
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    old_hash = user.password
    client.force_login(support_agent)

    assert client.get(url).status_code == 403
    response = client.post(url, {"password1": "n3w-Passw0rd!x", "password2": "n3w-Passw0rd!x"})

    assert response.status_code == 403
    user.refresh_from_db()
    assert user.password == old_hash


def test_a_superuser_still_grants_rights_and_sets_passwords(client, superuser):
    member = UserFactory()
    client.force_login(superuser)

    _change(client, member, is_staff="on", groups=[Group.objects.get(name="Support agent").pk])
    url = reverse("admin:auth_user_password_change", args=[member.pk])
    client.post(
        url,
        {"password1": "n3w-Passw0rd!x", "password2": "n3w-Passw0rd!x", "usable_password": "true"},
    )

    member.refresh_from_db()
    assert member.is_staff
    assert member.groups.filter(name="Support agent").exists()
    assert member.check_password("n3w-Passw0rd!x")


def test_a_support_agent_sends_a_customer_the_password_reset_email(client, support_agent):
    member = UserFactory()
    old_hash = member.password
    client.force_login(support_agent)

    response = _act(client, "send_password_reset", [member.pk])

    assert "Password reset email sent to 1 member" in response.content.decode()
    message = Notification.objects.get(user=member, event="account.mail")
    assert "/accounts/password/reset/key/" in message.body_text
    member.refresh_from_db()
    assert member.password == old_hash  # nobody but the member sets it


def test_staff_accounts_are_out_of_reach_of_support_actions(client, support_agent):
    superuser = StaffFactory(is_superuser=True)
    client.force_login(support_agent)

    response = _act(client, "send_password_reset", [superuser.pk])
    _act(client, "suspend", [superuser.pk], reason="takeover")

    assert "only a superuser acts on staff accounts" in response.content.decode()
    assert not Notification.objects.filter(user=superuser, event="account.mail").exists()
    superuser.refresh_from_db()
    assert superuser.status == AccountStatus.ACTIVE


def test_finance_cannot_suspend_a_staff_account(client, finance_user):
    support = StaffFactory(groups=["Support agent"])
    client.force_login(finance_user)

    _act(client, "suspend", [support.pk], reason="x")

    support.refresh_from_db()
    assert support.status == AccountStatus.ACTIVE
