"""The demo price list."""

import pytest

from shipping import demo, selectors
from shipping.models import CarrierService, Rate

pytestmark = pytest.mark.django_db


def test_the_demo_price_list_seeds_twice_without_duplicates_and_prices_a_box():
    for _ in range(2):
        demo.seed(users={}, password="x", logins=[])

    assert CarrierService.objects.count() == len(demo.SERVICES)
    steps = sum(min(len(service[-1]), len(demo.STEPS)) for service in demo.SERVICES)
    assert Rate.objects.count() == steps * len(demo.ZONES)
    quotes = selectors.quote_services(
        weight_g=1200, length_cm=30, width_cm=20, height_cm=10, country="CN"
    )
    assert any(q.is_available for q in quotes)
