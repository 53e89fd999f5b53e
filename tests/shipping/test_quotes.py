"""Quote arithmetic: chargeable weight, weight steps, limits, table versions."""

import math
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shipping import selectors
from shipping.models import CarrierService
from tests.shipping.factories import CarrierServiceFactory, price_list

pytestmark = pytest.mark.django_db

STEPS = ((500, 1450), (1000, 1900), (2000, 3000), (30000, 20000))


def _ems(quotes: list) -> selectors.ServiceQuote:
    return next(q for q in quotes if q.service.code == "ems")


def test_chargeable_weight_is_the_larger_of_actual_and_volumetric(ems):
    # 40×30×20 cm = 24,000 cm³ / 5000 = 4.8 kg volumetric, heavier than 1 kg actual
    quote = _ems(
        selectors.quote_services(
            weight_g=1000, length_cm=40, width_cm=30, height_cm=20, country="CN"
        )
    )

    assert quote.volumetric_weight_g == 4800
    assert quote.chargeable_weight_g == 4800
    assert quote.price == Decimal(20000)


def test_price_is_the_smallest_step_that_holds_the_weight(ems):
    quote = _ems(
        selectors.quote_services(
            weight_g=501, length_cm=10, width_cm=10, height_cm=10, country="CN"
        )
    )

    assert quote.is_available
    assert quote.price == Decimal(1900)


def test_a_country_outside_every_zone_gets_a_reason(ems):
    quote = _ems(
        selectors.quote_services(
            weight_g=500, length_cm=10, width_cm=10, height_cm=10, country="BR"
        )
    )

    assert not quote.is_available
    assert quote.price is None
    assert "country" in quote.reason


def test_too_heavy_and_too_long_give_reasons(ems, sal):
    heavy = selectors.quote_services(
        weight_g=2500, length_cm=10, width_cm=10, height_cm=10, country="CN"
    )
    long = selectors.quote_services(
        weight_g=500, length_cm=160, width_cm=10, height_cm=10, country="CN"
    )

    sal_heavy = next(q for q in heavy if q.service.code == "sal")
    assert not sal_heavy.is_available
    assert "heavy" in sal_heavy.reason.lower()
    assert _ems(heavy).is_available
    assert all(not q.is_available and "long" in q.reason.lower() for q in long)


def test_a_new_table_takes_effect_on_its_date_and_old_quotes_keep_theirs(ems):
    price_list(service=ems, effective_from=date(2030, 1, 1), steps=((500, 9999),))
    box = {"weight_g": 400, "length_cm": 10, "width_cm": 10, "height_cm": 10, "country": "CN"}

    before = _ems(selectors.quote_services(**box, at=date(2029, 12, 31)))
    after = _ems(selectors.quote_services(**box, at=date(2030, 1, 1)))

    assert before.price == Decimal(1450)
    assert after.price == Decimal(9999)
    assert before.rate_table_id != after.rate_table_id


def test_unavailable_services_sort_after_available_ones(ems, sal):
    quotes = selectors.quote_services(
        weight_g=2500, length_cm=10, width_cm=10, height_cm=10, country="CN"
    )

    assert [q.is_available for q in quotes] == [True, False]


def test_quotes_use_few_queries_whatever_the_number_of_services(ems, django_assert_max_num_queries):
    box = {"weight_g": 400, "length_cm": 10, "width_cm": 10, "height_cm": 10, "country": "CN"}
    with django_assert_max_num_queries(4):
        selectors.quote_services(**box)
    for n in range(8):
        price_list(service=CarrierServiceFactory(code=f"extra{n}"))

    with django_assert_max_num_queries(4):
        quotes = selectors.quote_services(**box)

    assert len(quotes) == 9


def test_consolidating_parcels_shows_the_saving(ems):
    parcels = [{"weight_g": 400, "length_cm": 20, "width_cm": 15, "height_cm": 5}] * 3

    comparison = {
        c.service.code: c for c in selectors.consolidation_compare(parcels=parcels, country="CN")
    }

    # separately: 3 × (400+300 g → 1000 g step ¥1900); together: 1500 g → 2000 g step ¥3000
    assert comparison["ems"].separate_price == Decimal(5700)
    assert comparison["ems"].consolidated.price == Decimal(3000)
    assert comparison["ems"].saving == Decimal(2700)


dims = st.integers(min_value=1, max_value=120)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(weight_g=st.integers(min_value=1, max_value=40000), length=dims, width=dims, height=dims)
def test_property_quotes_follow_the_rules(ems, weight_g, length, width, height):
    service: CarrierService = ems
    quote = _ems(
        selectors.quote_services(
            weight_g=weight_g, length_cm=length, width_cm=width, height_cm=height, country="US"
        )
    )

    volumetric = math.ceil(length * width * height * 1000 / service.volumetric_divisor)
    assert quote.chargeable_weight_g == max(weight_g, volumetric)
    assert quote.chargeable_weight_g >= weight_g
    sides = sorted((length, width, height), reverse=True)
    fits = (
        weight_g <= service.max_weight_g
        and sides[0] <= service.max_length_cm
        and sides[0] + 2 * (sides[1] + sides[2]) <= service.max_length_plus_girth_cm
        and quote.chargeable_weight_g <= STEPS[-1][0]
    )
    assert quote.is_available == fits
    if fits:
        expected = next(price for limit, price in STEPS if limit >= quote.chargeable_weight_g)
        assert quote.price == Decimal(expected)
        assert quote.reason == ""
    else:
        assert quote.price is None
        assert quote.reason


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lighter=st.integers(min_value=1, max_value=15000),
    extra=st.integers(min_value=0, max_value=15000),
)
def test_property_a_heavier_box_never_costs_less(ems, lighter, extra):
    box = {"length_cm": 10, "width_cm": 10, "height_cm": 10, "country": "CN"}

    light = _ems(selectors.quote_services(weight_g=lighter, **box))
    heavy = _ems(selectors.quote_services(weight_g=lighter + extra, **box))

    assert heavy.price >= light.price
