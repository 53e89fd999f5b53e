import pytest
from django.urls import reverse

from accounts.models import User
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_with_phone(user):
    User.objects.filter(pk=user.pk).update(phone="+8613800138000")
    user.refresh_from_db()
    return user


def test_the_code_sent_by_sms_verifies_the_phone(client, member_with_phone):
    client.force_login(member_with_phone)

    client.post(reverse("accounts:phone"), {"send": "1"})
    sms = Notification.objects.get(user=member_with_phone, event="account.phone_code")
    code = sms.context["code"]
    response = client.post(reverse("accounts:phone"), {"verify": "1", "code": code})

    assert sms.channel == "sms"
    assert response.status_code == 302
    member_with_phone.refresh_from_db()
    assert member_with_phone.phone_verified_at is not None


def test_a_wrong_code_is_a_field_error_and_verifies_nothing(client, member_with_phone):
    client.force_login(member_with_phone)
    client.post(reverse("accounts:phone"), {"send": "1"})
    code = Notification.objects.get(event="account.phone_code").context["code"]
    wrong = "000000" if code != "000000" else "111111"

    response = client.post(reverse("accounts:phone"), {"verify": "1", "code": wrong})

    assert response.status_code == 400
    assert "code" in response.context["form"].errors
    member_with_phone.refresh_from_db()
    assert member_with_phone.phone_verified_at is None


def test_changing_the_phone_needs_a_new_verification(client, member_with_phone):
    from django.utils import timezone

    User.objects.filter(pk=member_with_phone.pk).update(phone_verified_at=timezone.now())
    client.force_login(member_with_phone)

    client.post(
        reverse("accounts:profile"),
        {"full_name": "A B", "phone": "+8613900139000", "language": "en", "currency": "JPY"},
    )

    member_with_phone.refresh_from_db()
    assert member_with_phone.phone == "+8613900139000"
    assert member_with_phone.phone_verified_at is None
