"""Bad input on every customer form of accounts: the page comes back with field errors in the
visitor's chosen language (cookie or Accept-Language); nothing is saved, nothing typed is lost."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts import services
from accounts.models import MarketingConsent, User
from accounts.states import AccountStatus
from tests.factories import PASSWORD, ApplicantFactory

pytestmark = pytest.mark.django_db

REQUIRED = "This field is required."


def _in(language: str, text: str) -> str:
    """`text` translated, checked to differ from the English so the test proves a translation."""
    with translation.override(language):
        translated = gettext(text)
    assert translated != text, f"no {language} translation for {text!r}"
    return translated


def _errors(response, field: str, form: str = "form") -> list[str]:
    return list(response.context[form].errors.get(field, []))


def test_profile_errors_come_in_the_chosen_language_and_keep_what_was_typed(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "ja"
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()

    response = client.post(
        reverse("accounts:profile"),
        {
            "full_name": "",
            "birth_date": future,
            "gender": "female",
            "phone": "12",
            "language": "en",
            "currency": "CNY",
        },
    )

    assert response.status_code == 400
    assert _in("ja", REQUIRED) in _errors(response, "full_name")
    assert _in("ja", "The birthday cannot be in the future.") in _errors(response, "birth_date")
    assert _errors(response, "phone")
    page = response.content.decode()
    assert f'value="{future}"' in page
    assert 'value="12"' in page
    user.refresh_from_db()
    assert user.full_name != ""
    assert user.birth_date is None
    assert user.currency == "JPY"


def test_profile_errors_follow_the_browsers_accept_language(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "", "language": "xx", "currency": "JPY"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    assert _in("zh-hans", REQUIRED) in _errors(response, "full_name")
    assert _errors(response, "language")
    user.refresh_from_db()
    assert user.language == "en"


def test_a_malformed_phone_code_is_a_field_error_in_the_chosen_language(client, user):
    User.objects.filter(pk=user.pk).update(phone="+8613800138000")
    client.force_login(user)
    client.cookies["django_language"] = "ja"

    response = client.post(reverse("accounts:phone"), {"verify": "1", "code": "12ab"})

    assert response.status_code == 400
    assert _in("ja", "Enter the six digits we sent.") in _errors(response, "code")
    assert 'value="12ab"' in response.content.decode()
    user.refresh_from_db()
    assert user.phone_verified_at is None


def test_a_wrong_phone_code_is_reported_in_the_chosen_language(client, user):
    User.objects.filter(pk=user.pk).update(phone="+8613800138000")
    client.force_login(user)
    client.post(reverse("accounts:phone"), {"send": "1"})
    client.cookies["django_language"] = "zh-hans"

    response = client.post(reverse("accounts:phone"), {"verify": "1", "code": "999999"})
    if response.status_code == 302:  # the random code happened to be 999999
        pytest.skip("guessed the code")

    assert response.status_code == 400
    assert _in("zh-hans", "The code is wrong or has expired.") in _errors(response, "code")
    user.refresh_from_db()
    assert user.phone_verified_at is None


def test_asking_for_a_code_without_a_phone_says_only_that(client, user):
    from notifications.models import Notification

    client.force_login(user)
    client.cookies["django_language"] = "ja"

    response = client.post(reverse("accounts:phone"), {"send": "1"})

    assert response.status_code == 400
    assert response.context["send_error"] == _in("ja", "Add a mobile phone number first.")
    assert 'data-testid="send-error"' in response.content.decode()
    assert not response.context["form"].errors
    assert not Notification.objects.filter(user=user, event="account.phone_code").exists()


def test_odd_marketing_input_is_read_as_a_choice_never_an_error(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "ja"

    response = client.post(reverse("accounts:marketing"), {"email": "", "sms": "false"})

    assert response.status_code == 302
    consents = dict(MarketingConsent.objects.filter(user=user).values_list("channel", "is_granted"))
    assert consents == {"email": False, "sms": False}


def test_guardian_consent_errors_come_in_the_chosen_language(client):
    minor = ApplicantFactory(birth_date=timezone.localdate() - datetime.timedelta(days=15 * 365))
    client.force_login(minor)
    client.cookies["django_language"] = "ja"

    response = client.post(
        reverse("accounts:guardian_consent"),
        {"guardian_name": "", "guardian_contact": "mama@example.com"},
    )

    assert response.status_code == 400
    form = "guardian_form"
    assert _in("ja", REQUIRED) in _errors(response, "guardian_name", form)
    assert 'value="mama@example.com"' in response.content.decode()
    minor.refresh_from_db()
    assert minor.guardian_consent_at is None
    assert minor.status == AccountStatus.APPLIED


def test_close_account_errors_come_in_the_chosen_language(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "ja"

    response = client.post(reverse("accounts:withdraw"), {"password": "wrong"})

    assert response.status_code == 400
    assert _in("ja", "The password is not correct.") in _errors(response, "password")
    assert _in("ja", "Please confirm that you understand.") in _errors(response, "confirm")
    user.refresh_from_db()
    assert user.status == AccountStatus.ACTIVE
    assert user.is_active


def test_legal_acceptance_errors_come_in_the_chosen_language(client, user, superuser):
    services.legal_document_publish(kind="terms", body_en="Terms v2", actor=superuser)
    client.force_login(user)
    client.cookies["django_language"] = "ja"

    response = client.post(reverse("accounts:legal_accept"), {})

    assert response.status_code == 400
    assert _in("ja", "Please accept to continue using the service.") in _errors(response, "accept")
    assert not user.legal_acceptances.filter(document__version=2).exists()


def test_signup_errors_follow_the_browsers_accept_language(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "not-an-email",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "full_name": "",
            "accept_terms": "",
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert _in("zh-hans", REQUIRED) in errors["full_name"]
    assert (
        _in("zh-hans", "You must accept the terms of use and privacy policy.")
        in errors["accept_terms"]
    )
    assert "email" in errors
    assert not User.objects.filter(email="not-an-email").exists()


def test_unticking_every_channel_is_an_answer_and_withdraws_consent(client, user):
    services.marketing_consent_set(user=user, channel="email", is_granted=True)
    client.force_login(user)

    response = client.post(reverse("accounts:marketing"), {})

    assert response.status_code == 302
    assert not MarketingConsent.objects.filter(user=user, is_granted=True).exists()
