import datetime
import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts import selectors, services
from accounts.models import AccountEvent, LegalAcceptance, User
from accounts.states import AccountStatus, RejectionReason
from tests.factories import PASSWORD, ApplicantFactory
from transship.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _deliver_at_once(mail_now):
    pass


def _signup(client, **overrides):
    data = {
        "email": "new@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "full_name": "Li Hua",
        "birth_date": "1990-05-01",
        "gender": "female",
        "phone": "",
        "accept_terms": "on",
        **overrides,
    }
    return client.post(reverse("account_signup"), data)


def _verify_email_with_code(client) -> None:
    code = re.search(
        r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.MULTILINE
    ).group(1)
    client.post(reverse("account_email_verification_sent"), {"code": code})


def test_signing_up_creates_an_application_with_accepted_documents(client):
    response = _signup(client)

    assert response.status_code == 302
    user = User.objects.get(email="new@example.com")
    assert user.status == AccountStatus.APPLIED
    assert user.member_code is None
    assert user.full_name == "Li Hua"
    assert set(
        LegalAcceptance.objects.filter(user=user).values_list("document__kind", flat=True)
    ) == {
        "terms",
        "privacy",
    }
    assert AccountEvent.objects.filter(user=user, to_status="applied").exists()


def test_an_adult_is_approved_automatically_once_the_email_is_verified(client):
    _signup(client)

    _verify_email_with_code(client)

    user = User.objects.get(email="new@example.com")
    assert user.status == AccountStatus.ACTIVE
    assert selectors.member_code_is_valid(code=user.member_code)
    event = user.account_events.get(to_status="active")
    assert event.actor is None
    assert event.reason == "Automatic approval"
    assert any(user.member_code in message.body for message in mail.outbox)


def test_signing_up_without_accepting_the_terms_gives_a_field_error(client):
    response = _signup(client, accept_terms="")

    assert response.status_code == 200
    assert "accept_terms" in response.context["form"].errors
    assert not User.objects.filter(email="new@example.com").exists()


def test_signup_errors_come_in_the_chosen_language(client):
    client.cookies["django_language"] = "ja"

    response = _signup(client, full_name="", birth_date="2999-01-01", phone="123")

    errors = response.context["form"].errors
    assert {"full_name", "birth_date", "phone"} <= set(errors)
    assert "この項目は必須です。" in errors["full_name"]
    assert not User.objects.filter(email="new@example.com").exists()


def test_a_minor_is_not_approved_until_a_guardian_consents(client):
    sixteen = timezone.localdate() - datetime.timedelta(days=16 * 365)
    _signup(client, birth_date=sixteen.isoformat())
    _verify_email_with_code(client)
    user = User.objects.get(email="new@example.com")
    assert user.status == AccountStatus.APPLIED
    assert user.member_code is None

    response = client.post(
        reverse("accounts:guardian_consent"),
        {"guardian_name": "Li Lei", "guardian_contact": "li.lei@example.com"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.status == AccountStatus.APPLIED  # the guardian has not confirmed yet
    assert user.guardian_consent_at is None
    assert mail.outbox[-1].to == ["li.lei@example.com"]
    link = re.search(r"http\S+/guardian/(\S+)/", mail.outbox[-1].body).group(0)
    client.logout()

    confirmed = client.post(
        urlsplit(link).path,
        {"guardian_name": "Li Lei", "relationship": "parent", "consent": "on"},
    )

    assert confirmed.status_code == 200
    user.refresh_from_db()
    assert user.status == AccountStatus.ACTIVE
    assert user.guardian_consent_at is not None
    assert user.guardian_relationship == "parent"


def test_staff_cannot_approve_a_minor_without_consent(staff_user):
    applicant = ApplicantFactory(birth_date=timezone.localdate() - datetime.timedelta(days=3000))

    with pytest.raises(DomainError):
        services.application_approve(user_id=applicant.pk, actor=staff_user)

    applicant.refresh_from_db()
    assert applicant.status == AccountStatus.APPLIED


def test_an_application_with_a_disqualified_email_waits_for_staff(user, support_agent):
    services.account_disqualify(user_id=user.pk, actor=support_agent, reason="fraud")
    email = user.email
    User.objects.filter(pk=user.pk).update(email="erased@invalid")  # as erasure would
    EmailAddress.objects.filter(user=user).delete()
    applicant = ApplicantFactory(email=email)
    services.legal_documents_accept(
        user=applicant, document_ids=[d.pk for d in selectors.legal_documents_current()]
    )

    approved = services.application_auto_review(user_id=applicant.pk)

    assert approved is False
    applicant.refresh_from_db()
    assert applicant.status == AccountStatus.APPLIED
    assert any("disqualified" in str(p) for p in selectors.application_problems(user=applicant))


def test_staff_reject_with_a_reason_of_article_3_3_and_the_applicant_is_told(staff_user):
    applicant = ApplicantFactory()

    services.application_reject(
        user_id=applicant.pk,
        actor=staff_user,
        reason_code=RejectionReason.FALSE_INFORMATION,
        note="Name does not match",
    )

    applicant.refresh_from_db()
    assert applicant.status == AccountStatus.REJECTED
    assert applicant.rejection_reason == RejectionReason.FALSE_INFORMATION
    assert applicant.account_events.get(to_status="rejected").actor == staff_user
    assert "Name does not match" in mail.outbox[-1].body


def test_a_rejection_needs_a_ground_from_article_3_3(staff_user):
    applicant = ApplicantFactory()

    with pytest.raises(DomainError):
        services.application_reject(user_id=applicant.pk, actor=staff_user, reason_code="whim")

    applicant.refresh_from_db()
    assert applicant.status == AccountStatus.APPLIED


def test_an_unverified_email_keeps_the_application_in_the_queue(db):
    applicant = ApplicantFactory(email_verified=False)
    services.legal_documents_accept(
        user=applicant, document_ids=[d.pk for d in selectors.legal_documents_current()]
    )

    assert services.application_auto_review(user_id=applicant.pk) is False
    assert not EmailAddress.objects.filter(user=applicant, verified=True).exists()


def test_allauths_emails_go_through_the_notifications_spine_in_the_users_language(client, user):
    from notifications.models import Notification

    User.objects.filter(pk=user.pk).update(language="zh-hans")

    client.post(reverse("account_reset_password"), {"email": user.email})

    message = Notification.objects.get(user=user, event="account.mail")
    assert message.language == "zh-hans"
    assert "/accounts/password/reset/key/" in message.body_text
    assert mail.outbox[-1].to == [user.email]
    with translation.override("zh-hans"):  # our own mail frame, its brand in the user's language
        brand = gettext("Transship Japan")
    assert brand != "Transship Japan"
    assert brand in mail.outbox[-1].body
    assert re.search(r"[\u4e00-\u9fff]", message.body_text)  # allauth's text, in Chinese
