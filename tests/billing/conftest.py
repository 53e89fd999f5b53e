from decimal import Decimal

import pytest

from billing import services
from billing.models import LedgerEntry
from tests.billing.factories import InvoiceFactory
from tests.shipping.factories import ems_service, sal_service


@pytest.fixture
def ems(db):
    return ems_service()


@pytest.fixture
def sal(db):
    return sal_service()


@pytest.fixture
def topped_up():
    """Put yen on a user's balance through the ledger (as a settled top-up would)."""

    def top_up(user, amount: int) -> LedgerEntry:
        return services.ledger_post(
            user_id=user.pk, kind=LedgerEntry.Kind.TOPUP, amount=Decimal(amount)
        )

    return top_up


@pytest.fixture
def open_invoice(user):
    return InvoiceFactory(user=user, total=Decimal(5000))


@pytest.fixture
def fake_stripe(settings):
    """Stripe keys set and the stripe library pointed at a local fake server."""
    import stripe

    from tests.billing.stripe_fake import WEBHOOK_SECRET, FakeStripe

    fake = FakeStripe()
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = fake.url
    original = stripe.api_base
    yield fake
    stripe.api_base = original
    fake.close()
