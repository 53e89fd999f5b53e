"""Customer pages: the shipment page's timeline and stall notice, claims (open with photos, read,
add information, withdraw, photos only for their owner), the choice of tracking emails; and the
claims queue and work screen in the admin."""

from decimal import Decimal

import pytest
from django.urls import reverse

from billing.models import LedgerEntry
from tests.factories import StaffFactory
from tests.tracking.factories import shipped_shipment
from tests.tracking.helpers import not_a_photo, photo
from tracking import services
from tracking.models import Claim, Stall, TrackingPreference

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def delivered(ems, user):
    return shipped_shipment(service=ems, user=user, status="delivered")


def _claim(shipment, **kw):
    return services.claim_open(
        user=shipment.user,
        kind="damaged",
        description="Broken lid",
        amount_claimed=Decimal(5000),
        shipment_id=shipment.pk,
        **kw,
    )


def test_the_shipment_page_shows_the_timeline_the_stall_and_the_carriers_page(customer, ems, user):
    box = shipped_shipment(service=ems, user=user, shipped_days_ago=10)
    Stall.objects.create(shipment=box)

    page = customer.get(reverse("parcels:shipment", args=[box.pk])).content.decode()

    assert 'data-testid="tracking-section"' in page
    assert 'data-testid="stall-notice"' in page
    assert f"requestNo1={box.tracking_number}" in page
    assert 'data-testid="open-claim"' in page  # a stalled box may be claimed as lost


def test_a_customer_opens_a_claim_with_a_photo_from_the_form(customer, delivered):
    response = customer.post(
        reverse("tracking:claim_new"),
        {
            "subject": f"shipment:{delivered.pk}",
            "kind": "damaged",
            "description": "Broken lid",
            "amount_claimed": "5000",
            "photos": [photo()],
        },
    )

    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("tracking:claim", args=[claim.pk])
    assert claim.photos.count() == 1
    detail = customer.get(response.url).content.decode()
    assert claim.number in detail
    assert (
        customer.get(reverse("tracking:claim_photo", args=[claim.photos.get().pk])).status_code
        == 200
    )


def test_a_refused_photo_re_renders_the_form_with_the_error(customer, delivered):
    response = customer.post(
        reverse("tracking:claim_new"),
        {
            "subject": f"shipment:{delivered.pk}",
            "kind": "damaged",
            "description": "Broken lid",
            "amount_claimed": "5000",
            "photos": [not_a_photo()],
        },
    )

    assert response.status_code == 200
    assert "not a JPEG, PNG or WebP photo" in response.content.decode()
    assert not Claim.objects.exists()


def test_a_customer_cannot_see_or_touch_anothers_claim(client, delivered, other_user):
    claim = _claim(delivered, photos=[photo()])
    client.force_login(other_user)

    assert client.get(reverse("tracking:claim", args=[claim.pk])).status_code == 404
    assert client.post(reverse("tracking:claim", args=[claim.pk]), {"text": "x"}).status_code == 404
    assert client.post(reverse("tracking:claim_withdraw", args=[claim.pk])).status_code == 404
    photo_url = reverse("tracking:claim_photo", args=[claim.photos.get().pk])
    assert client.get(photo_url).status_code == 404
    assert claim.number not in client.get(reverse("tracking:claims")).content.decode()
    claim.refresh_from_db()
    assert claim.status == "submitted"
    assert not claim.notes.exists()


def test_the_customer_chooses_the_tracking_emails(customer, user):
    customer.post(reverse("tracking:preferences"), {"milestones": ["customs", "delivered"]})

    choice = TrackingPreference.objects.get(user=user)
    assert (choice.customs, choice.delivered, choice.exception, choice.returned) == (
        True,
        True,
        False,
        False,
    )


def test_support_accepts_a_claim_on_the_work_screen_and_the_balance_is_credited_once(
    client, ems, user
):
    insured = shipped_shipment(service=ems, user=user, status="delivered", insurance_amount=9000)
    claim = _claim(insured)
    agent = StaffFactory(groups=["Support agent"])
    client.force_login(agent)
    url = reverse("admin:tracking_claim_work", args=[claim.pk])

    assert client.get(url).status_code == 200
    for _ in range(2):  # a double submit
        client.post(url, {"action": "accept", "amount": "5000", "message": ""})

    claim.refresh_from_db()
    assert claim.status == "paid"
    assert LedgerEntry.objects.filter(user=user, kind="claim").count() == 1


def test_finance_reads_claims_but_cannot_work_them(client, delivered):
    claim = _claim(delivered)
    client.force_login(StaffFactory(groups=["Finance"]))

    assert client.get(reverse("admin:tracking_claim_changelist")).status_code == 200
    work = client.post(
        reverse("admin:tracking_claim_work", args=[claim.pk]), {"action": "refuse", "message": "x"}
    )
    assert work.status_code == 403
    claim.refresh_from_db()
    assert claim.status == "submitted"


def test_a_work_screen_error_re_renders_with_the_message(client, delivered):
    claim = _claim(delivered)
    client.force_login(StaffFactory(groups=["Support agent"]))

    response = client.post(
        reverse("admin:tracking_claim_work", args=[claim.pk]),
        {"action": "accept", "amount": "100", "message": ""},
    )

    assert response.status_code == 200
    assert "file the claim with the carrier first" in response.content.decode()
