"""Schemathesis over the whole API as a customer with a token and some history (an address, parcels
declared and stored, a shipment, an invoice, a privacy request, a message): no 500, and every
answer (4xx included) matches the OpenAPI schema, with all of Schemathesis' checks.

A fixed seed (`derandomize`) and `API_FUZZ_EXAMPLES` generated cases per operation (default 30:
1,051 cases in all, counted and asserted; about a minute of CPU on SQLite, start-up included).
The nightly-sized run, `API_FUZZ_EXAMPLES=300` (any value from 100), adds Schemathesis' coverage
phase: 2,591 deterministic boundary and missing-field cases on top of 10,501 generated ones
(about 6 minutes of CPU).

One deliberate setting: schema-valid data may be refused with 400 when a rule the schema cannot
state refuses it (a phone number for the recipient's country, a parcel id that is not yours in
storage, a balance too small): `positive_data_acceptance` accepts 400 for those, but only with
the documented error body, which `response_schema_conformance` validates.
"""

import os
from collections import Counter
from decimal import Decimal

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django_countries import countries
from hypothesis import HealthCheck, settings

from accounts.services import access_token_create
from billing.models import ExchangeRate, LedgerEntry
from billing.services import ledger_post
from notifications.services import notify
from privacy.services import privacy_request_create
from tests.billing.factories import InvoiceFactory, packed_shipment
from tests.factories import AddressFactory, UserFactory
from tests.parcels.factories import ParcelFactory
from tests.shipping.factories import CarrierServiceFactory, price_list

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "30"))
MIN_CASES = 1000

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
schema.config.checks.positive_data_acceptance.expected_statuses = [
    "2xx",
    "400",
    "401",
    "403",
    "404",
    "409",
    "429",
]
schema.config.phases.coverage.enabled = EXAMPLES >= 100
OPERATIONS = sum(1 for result in schema.get_all_operations() if result.ok())
CASES: Counter = Counter()
PHASES: Counter = Counter()


@pytest.fixture(scope="module", autouse=True)
def _at_least_a_thousand_cases():
    yield
    print(f"\nAPI fuzz: {sum(CASES.values())} cases over {len(CASES)} operations", dict(PHASES))
    if len(CASES) == OPERATIONS:  # the whole schema ran (not a -k selection)
        assert sum(CASES.values()) >= MIN_CASES, dict(CASES)


@pytest.fixture
def _wsgi_keeps_the_test_transaction():
    """Like Django's test client: the WSGI handler must not close the test's DB connection."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db, monkeypatch, _wsgi_keeps_the_test_transaction):
    from rest_framework.throttling import SimpleRateThrottle

    # The fuzzer is one client sending a thousand requests a minute; throttling is tested elsewhere.
    monkeypatch.setattr(SimpleRateThrottle, "allow_request", lambda self, request, view: True)
    member = UserFactory()
    AddressFactory(user=member)
    ParcelFactory(owner=member)
    ParcelFactory(owner=member, status="expected", received_at=None, weight_g=None)
    service = CarrierServiceFactory(code="ems", name="EMS")
    price_list(service=service, countries=tuple(code for code, _ in countries))  # priced quotes
    ExchangeRate.objects.create(currency="USD", rate=Decimal("0.0067"))
    packed_shipment(user=member, service=service)
    InvoiceFactory(user=member, total=Decimal(5000))
    ledger_post(user_id=member.pk, kind=LedgerEntry.Kind.TOPUP, amount=Decimal(3000))
    privacy_request_create(user=member, kind="access", details="A copy, please.")
    notify(user=member, event="account.approved")
    _, secret = access_token_create(user=member, name="fuzz")
    return secret


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_the_api_answers_every_generated_request_within_its_schema(case, token):
    CASES[case.operation.label] += 1
    PHASES[case.meta.phase.name if case.meta else "?"] += 1
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"})
