"""Tracking's personal data hooks: a claim's words and photos are exported and erased; its
amounts and decisions are kept (a paid claim backs a ledger entry)."""

import json
import zipfile
from decimal import Decimal
from io import BytesIO

import pytest

from privacy.services import personal_data_export, user_erase
from tests.factories import StaffFactory
from tests.tracking.factories import shipped_shipment
from tests.tracking.helpers import photo
from tracking import services
from tracking.models import Claim, ClaimNote, ClaimPhoto, TrackingPreference

pytestmark = pytest.mark.django_db


def test_claims_are_exported_then_erased_keeping_amounts_and_decisions(ems, user):
    box = shipped_shipment(service=ems, user=user, status="delivered", insurance_amount=5000)
    claim = services.claim_open(
        user=user,
        kind="damaged",
        description="My name is Alice Example, the lid broke",
        amount_claimed=Decimal(4000),
        shipment_id=box.pk,
        photos=[photo()],
    )
    services.claim_information_add(claim_id=claim.pk, user=user, text="Call me on 090-1234-5678")
    services.claim_accept(claim_id=claim.pk, actor=StaffFactory(), amount=Decimal(4000))
    TrackingPreference.objects.create(user=user, customs=True)
    stored = ClaimPhoto.objects.get().image

    archive = zipfile.ZipFile(BytesIO(personal_data_export(user_id=user.pk)))
    exported = json.loads(archive.read("tracking/claims.json"))
    user_erase(user_id=user.pk, actor=None, reason="test")

    assert exported[0]["description"].startswith("My name is Alice")
    assert "tracking/claim_photos.json" in archive.namelist()
    claim.refresh_from_db()
    assert "Alice" not in claim.description
    assert claim.amount_accepted == Decimal(4000)
    assert claim.status == "paid"
    assert ClaimNote.objects.get().text == ""
    assert not ClaimPhoto.objects.exists()
    assert not stored.storage.exists(stored.name)
    assert not TrackingPreference.objects.exists()
    assert Claim.objects.count() == 1
