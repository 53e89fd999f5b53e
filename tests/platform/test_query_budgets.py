"""Query budgets of the customer pages the performance issue measures (#15) that have no budget
in their app's tests, each counted at two sizes so that a query per row cannot hide. The first
request is a warm-up: constance writes its defaults on first read. On SQLite each constance
setting is a query; with Redis it is a cache read (and so are exchange rates, on every page)."""

import pytest
from django.urls import reverse

from parcels.states import ParcelStatus
from tests.factories import AddressFactory
from tests.parcels.factories import ExtraServiceFactory, ParcelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("addresses", [1, 6])
def test_the_account_page_has_a_fixed_budget(
    customer, user, addresses, django_assert_max_num_queries
):
    for _ in range(addresses):
        AddressFactory(user=user)
    customer.get(reverse("accounts:dashboard"))

    # session, user, PASSWORD_MAX_AGE_DAYS, the service notices banner (two with Redis)
    with django_assert_max_num_queries(4):
        response = customer.get(reverse("accounts:dashboard"))

    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 8])
def test_the_parcel_page_has_a_fixed_budget(customer, user, size, django_assert_max_num_queries):
    parcel = ParcelFactory(
        owner=user,
        status=ParcelStatus.ON_HOLD,
        hold_reason="contents_mismatch",
        items=[{"description": f"Item {n}"} for n in range(size)],
    )
    for n in range(size):
        ExtraServiceFactory(code=f"extra{n}", name=f"Extra {n}")
    customer.get(reverse("parcels:detail", args=[parcel.pk]))

    # session, user, the parcel, its items, photos, events, extras and shipments, the extras
    # catalogue, STORAGE_LIMIT_DAYS, STORAGE_FREE_DAYS and the service notices banner (three
    # cache reads with Redis)
    with django_assert_max_num_queries(12):
        response = customer.get(reverse("parcels:detail", args=[parcel.pk]))

    page = response.content.decode()
    assert page.count("× Item ") == size
    assert page.count('name="service"') == size
    assert "Contents do not match the declaration" in page


def test_an_expected_parcel_skips_photos_extras_shipments_and_the_catalogue(
    customer, user, django_assert_max_num_queries
):
    parcel = ParcelFactory(owner=user, status=ParcelStatus.EXPECTED, received_at=None)
    ExtraServiceFactory()
    customer.get(reverse("parcels:detail", args=[parcel.pk]))

    # session, user, the parcel, its items and events, the two settings, the notices banner
    with django_assert_max_num_queries(8):
        response = customer.get(reverse("parcels:detail", args=[parcel.pk]))

    assert response.status_code == 200
    assert 'name="service"' not in response.content.decode()
