"""The copy of a person's data (P5(1)): every app's tables as JSON and CSV, nobody else's."""

import csv
import io
import json
import zipfile

import pytest

from accounts.models import MarketingConsent
from notifications.services import notify
from privacy import services
from privacy.services.erasure import HOOK_APPS, personal_data_hooks
from tests.factories import AddressFactory

pytestmark = pytest.mark.django_db


def _notify(user, n):
    notify(
        user=user,
        event="privacy.request_completed",
        context={"request_id": n, "kind": "k", "status": "s", "answer": f"answer {user.email}"},
    )


@pytest.fixture
def archive(customer, other_user):
    AddressFactory(user=other_user, name="Other Person", line1="1 Elsewhere Street")
    MarketingConsent.objects.create(user=customer, channel="email", is_granted=True)
    _notify(customer, 1)
    _notify(other_user, 2)
    services.privacy_request_create(user=customer, kind="correction", details="fix my name")
    services.disclosure_record(
        user_id=customer.pk, recipient="Stripe", purpose="Payment", data_categories=["email"]
    )
    return zipfile.ZipFile(io.BytesIO(services.personal_data_export(user_id=customer.pk)))


def test_the_export_covers_every_app_with_a_hook(archive):
    manifest = json.loads(archive.read("manifest.json"))
    hooks = personal_data_hooks()

    for app in HOOK_APPS:
        if hooks[app] is None:
            assert manifest["apps"][app] == "no personal data hook"
        else:
            assert any(name.startswith(f"{app}/") for name in archive.namelist())


def test_the_export_holds_the_profile_addresses_consents_notifications_and_requests(
    archive, customer
):
    profile = json.loads(archive.read("accounts/profile.json"))
    addresses = json.loads(archive.read("accounts/address.json"))
    consents = json.loads(archive.read("accounts/marketingconsent.json"))
    notifications = json.loads(archive.read("notifications/notifications.json"))
    requests = json.loads(archive.read("privacy/privacy_requests.json"))
    disclosures = list(
        csv.DictReader(io.StringIO(archive.read("privacy/disclosures.csv").decode()))
    )

    assert profile[0]["email"] == customer.email
    assert profile[0]["phone"] == "+8613912345678"
    assert "password" not in profile[0]
    assert addresses[0]["line1"] == "88 Nanjing West Road"
    assert consents[0]["is_granted"] is True
    assert {n["event"] for n in notifications} >= {"privacy.request_completed"}
    assert requests[0]["details"] == "fix my name"
    assert disclosures[0]["recipient"] == "Stripe"


def test_the_export_holds_nothing_of_anyone_else(archive, other_user):
    everything = "".join(archive.read(name).decode() for name in archive.namelist())

    assert other_user.email not in everything
    assert "Other Person" not in everything
    assert "1 Elsewhere Street" not in everything


def test_the_export_has_no_secrets(archive):
    everything = "".join(archive.read(name).decode() for name in archive.namelist())

    assert "pbkdf2" not in everything
    assert "argon2" not in everything
    assert "fernet:" not in everything
