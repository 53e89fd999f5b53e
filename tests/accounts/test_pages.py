import pytest
from django.urls import reverse

from accounts import services
from accounts.models import MarketingConsent
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db


def test_an_approved_member_sees_the_code_and_both_warehouse_addresses(client, user):
    client.force_login(user)

    page = client.get(reverse("accounts:dashboard")).content.decode()

    code = user.member_code[:3] + "-" + user.member_code[3:]
    assert page.count(code) >= 3
    assert "千葉県船橋市" in page
    assert "Funabashi" in page
    assert 'data-copy="warehouse-ja"' in page


def test_an_applicant_sees_what_the_application_waits_for_and_no_address(client):
    applicant = ApplicantFactory(email_verified=False)
    client.force_login(applicant)

    page = client.get(reverse("accounts:dashboard")).content.decode()

    assert "not verified" in page
    assert "千葉県" not in page


def test_the_profile_form_saves_and_shows_field_errors(client, user):
    client.force_login(user)
    data = {
        "full_name": "Zhang San",
        "birth_date": "1991-02-03",
        "gender": "male",
        "phone": "+8613900139000",
        "language": "en",
        "currency": "CNY",
    }

    client.post(reverse("accounts:profile"), data)
    bad = client.post(reverse("accounts:profile"), {**data, "full_name": "", "phone": "1"})

    user.refresh_from_db()
    assert user.full_name == "Zhang San"
    assert user.phone == "+8613900139000"
    assert {"full_name", "phone"} <= set(bad.context["form"].errors)


def test_marketing_consent_is_chosen_per_channel(client, user):
    client.force_login(user)

    client.post(reverse("accounts:marketing"), {"email": "on"})

    consents = dict(MarketingConsent.objects.filter(user=user).values_list("channel", "is_granted"))
    assert consents == {"email": True, "sms": False}


def test_one_click_unsubscribe_needs_no_login(client, user):
    from notifications.services import unsubscribe_token_make

    services.marketing_consent_set(user=user, channel="email", is_granted=True)
    token = unsubscribe_token_make(user_id=user.pk, channel="email")

    client.post(reverse("notifications:unsubscribe", args=[token]))

    assert not MarketingConsent.objects.get(user=user, channel="email").is_granted


def test_the_cookie_banner_offers_a_choice(client, db):
    page = client.get("/").content.decode()

    assert 'data-testid="cookie-banner"' in page
    assert 'value="all"' in page


def test_do_not_track_is_a_refusal_and_the_banner_says_so(client, db):
    page = client.get("/", HTTP_DNT="1").content.decode()

    assert 'data-choice="refused-by-browser"' in page
    assert 'value="all"' not in page


def test_global_privacy_control_is_a_refusal_too(client, db):
    page = client.get("/", HTTP_SEC_GPC="1").content.decode()

    assert 'data-choice="refused-by-browser"' in page


def test_a_choice_is_remembered_and_the_banner_goes_away(client, db):
    response = client.post(reverse("accounts:cookie_consent"), {"choice": "necessary", "next": "/"})

    assert response.cookies["cookie_consent"].value == "necessary"
    assert 'data-testid="cookie-banner"' not in client.get("/").content.decode()


def test_a_stale_password_is_flagged_on_the_dashboard(client, user):
    from datetime import timedelta

    from django.utils import timezone

    type(user).objects.filter(pk=user.pk).update(
        password_changed_at=timezone.now() - timedelta(days=181)
    )
    client.force_login(user)

    page = client.get(reverse("accounts:dashboard")).content.decode()

    assert 'data-testid="password-reminder"' in page
