"""A minor's guardian consents through a signed link we email them (agreement 3.3(1), issue 12.5):
the applicant only names the guardian; the link is refused when forged, expired or replaced;
a second confirmation changes nothing; support sees where the consent stands."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from accounts import selectors, services
from accounts.models import AccountEvent
from accounts.services.registration import GUARDIAN_CONSENT_SALT
from accounts.states import AccountStatus
from notifications.models import Notification
from notifications.selectors import notification_list
from tests.factories import ApplicantFactory
from transship.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _deliver_at_once(mail_now):
    pass


@pytest.fixture
def minor(db):
    from allauth.account.models import EmailAddress

    user = ApplicantFactory(
        full_name="Xiao Ming",
        birth_date=timezone.localdate() - datetime.timedelta(days=14 * 365),
    )
    EmailAddress.objects.filter(user=user).update(verified=True)
    return user


def _ask(minor, address="mama@example.com") -> str:
    services.application_guardian_consent_request(
        user_id=minor.pk, guardian_name="Wang Fang", guardian_contact=address
    )
    link = re.search(r"http\S+/guardian/\S+/", mail.outbox[-1].body).group(0)
    return urlsplit(link).path


def _token(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def test_naming_the_guardian_emails_them_and_the_application_waits(minor):
    path = _ask(minor)

    minor.refresh_from_db()
    assert minor.status == AccountStatus.APPLIED
    assert minor.guardian_consent_at is None
    assert minor.guardian_consent_requested_at is not None
    assert mail.outbox[-1].to == ["mama@example.com"]
    assert "Xiao Ming" in mail.outbox[-1].body
    assert path.startswith("/me/application/guardian/")


def test_the_guardians_email_is_not_in_the_minors_inbox(minor):
    _ask(minor)

    assert Notification.objects.filter(user=minor, event="account.guardian_consent_request")
    assert not notification_list(user=minor).filter(event="account.guardian_consent_request")


def test_the_guardian_confirms_and_the_application_is_approved(client, minor):
    path = _ask(minor)

    page = client.get(path)
    response = client.post(
        path, {"guardian_name": "Wang Fang", "relationship": "parent", "consent": "on"}
    )

    assert page.status_code == 200
    assert "Xiao Ming" in page.content.decode()
    assert 'data-testid="guardian-consent-recorded"' in response.content.decode()
    minor.refresh_from_db()
    assert minor.status == AccountStatus.ACTIVE
    assert minor.guardian_relationship == "parent"
    assert minor.guardian_name == "Wang Fang"
    assert AccountEvent.objects.filter(user=minor, to_status=AccountStatus.ACTIVE).count() == 1


def test_a_forged_link_is_refused(client, minor):
    path = _ask(minor)
    forged = signing.dumps({"u": minor.pk, "at": "x"}, salt="something else")

    response = client.get(path.replace(_token(path), forged))
    with pytest.raises(DomainError):
        services.application_guardian_consent_confirm(
            token=_token(path) + "x", guardian_name="Wang Fang", relationship="parent"
        )

    assert response.status_code == 400
    assert 'data-testid="guardian-link-invalid"' in response.content.decode()
    minor.refresh_from_db()
    assert minor.guardian_consent_at is None
    assert minor.status == AccountStatus.APPLIED


def test_an_expired_link_is_refused(minor, monkeypatch):
    path = _ask(minor)
    later = timezone.now() + datetime.timedelta(days=8)
    monkeypatch.setattr("django.core.signing.time.time", lambda: later.timestamp())

    with pytest.raises(DomainError):
        services.application_guardian_consent_confirm(
            token=_token(path), guardian_name="Wang Fang", relationship="parent"
        )

    minor.refresh_from_db()
    assert minor.guardian_consent_at is None


def test_a_link_replaced_by_a_newer_request_is_refused(minor):
    first = _ask(minor)
    _ask(minor, address="papa@example.com")

    with pytest.raises(DomainError):
        services.application_guardian_consent_confirm(
            token=_token(first), guardian_name="Wang Fang", relationship="parent"
        )


def test_a_link_signed_for_another_applicant_gives_nothing_to_this_one(minor):
    other = ApplicantFactory(birth_date=minor.birth_date)
    _ask(minor)
    token = signing.dumps({"u": other.pk, "at": "2020-01-01"}, salt=GUARDIAN_CONSENT_SALT)

    with pytest.raises(DomainError):
        services.application_guardian_consent_confirm(
            token=token, guardian_name="X", relationship="parent"
        )

    other.refresh_from_db()
    assert other.guardian_consent_at is None


def test_a_second_confirmation_is_harmless(client, minor):
    path = _ask(minor)
    data = {"guardian_name": "Wang Fang", "relationship": "parent", "consent": "on"}
    client.post(path, data)
    minor.refresh_from_db()
    first_at = minor.guardian_consent_at

    again = client.post(path, {**data, "relationship": "other", "guardian_name": "Someone"})

    assert again.status_code == 200
    minor.refresh_from_db()
    assert minor.guardian_consent_at == first_at
    assert minor.guardian_relationship == "parent"
    assert AccountEvent.objects.filter(user=minor, to_status=AccountStatus.ACTIVE).count() == 1


def test_the_guardian_must_say_who_they_are(client, minor):
    path = _ask(minor)

    response = client.post(path, {"guardian_name": "Wang Fang", "consent": "on"})

    assert response.status_code == 400
    minor.refresh_from_db()
    assert minor.guardian_consent_at is None


def test_the_applicant_cannot_name_their_own_email(minor):
    with pytest.raises(DomainError) as error:
        services.application_guardian_consent_request(
            user_id=minor.pk, guardian_name="Me", guardian_contact=minor.email
        )

    assert error.value.field == "guardian_contact"


def test_support_sees_where_the_consent_stands(admin_client, minor):
    assert "Not asked yet" in selectors.guardian_consent_state(user=minor)
    path = _ask(minor)
    minor.refresh_from_db()
    waiting = admin_client.get(reverse("admin:accounts_application_change", args=[minor.pk]))
    assert "waiting for the guardian to confirm" in waiting.content.decode()

    services.application_guardian_consent_confirm(
        token=_token(path), guardian_name="Wang Fang", relationship="legal_guardian"
    )

    minor.refresh_from_db()
    assert "Confirmed by the guardian (Legal guardian)" in selectors.guardian_consent_state(
        user=minor
    )
