"""The shipping planner (issue 19) over random parcels, rate tables and limits: the recommended
plan is never dearer than one box (when one box is allowed) nor than every parcel separately,
every box is within its service's limits, every parcel is in exactly one box, and the same input
gives the same plan. Pure: the price list is built in memory, no database."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from shipping import planning, selectors
from shipping.models import CarrierService, Rate, RateTable, Zone

BATTERIES = frozenset({selectors.CONTENT_BATTERIES})


def _prices(service: CarrierService, steps: list[tuple[int, int]]) -> selectors.ServicePrices:
    zone = Zone(pk=service.pk, service=service, code="Z")
    table = RateTable(pk=service.pk, service=service)
    return selectors.ServicePrices(
        service, zone, table, [Rate(max_weight_g=w, price=Decimal(p)) for w, p in steps]
    )


def _service(pk: int, **limits) -> CarrierService:
    defaults = {
        "code": f"s{pk}",
        "name": f"Service {pk}",
        "carrier": "Japan Post",
        "volumetric_divisor": 5000,
        "min_weight_g": 0,
        "max_weight_g": 30000,
        "max_length_cm": 150,
        "max_length_plus_girth_cm": 300,
        "max_declared_value": None,
        "carries_batteries": True,
        "transit_days": None,
        "position": pk,
    }
    return CarrierService(pk=pk, **{**defaults, **limits})


@st.composite
def price_lists(draw) -> list[selectors.ServicePrices]:
    rows = []
    for pk in range(1, draw(st.integers(1, 4)) + 1):
        max_weight = draw(st.sampled_from([2000, 5000, 10000, 20000, 30000]))
        service = _service(
            pk,
            volumetric_divisor=draw(st.sampled_from([4000, 5000, 6000, 8000])),
            min_weight_g=draw(st.sampled_from([0, 0, 400])),
            max_weight_g=max_weight,
            max_length_cm=draw(st.sampled_from([60, 100, 150])),
            max_length_plus_girth_cm=draw(st.sampled_from([200, 300])),
            max_declared_value=draw(st.sampled_from([None, None, Decimal(50000)])),
            carries_batteries=draw(st.booleans()),
            transit_days=draw(st.sampled_from([None, 3, 7, 20])),
        )
        step = draw(st.sampled_from([500, 1000, 2000]))
        weights = list(range(step, max_weight + 1, step))
        increments = draw(
            st.lists(st.integers(50, 3000), min_size=len(weights), max_size=len(weights))
        )
        price, steps = draw(st.integers(300, 3000)), []
        for weight, increment in zip(weights, increments, strict=True):
            price += increment
            steps.append((weight, price))
        rows.append(_prices(service, steps))
    return rows


parcel_lists = st.lists(
    st.builds(
        lambda weight, sides, value, battery: (weight, sides, value, battery),
        st.integers(50, 8000),
        st.tuples(st.integers(1, 60), st.integers(1, 40), st.integers(1, 30)),
        st.integers(0, 30000),
        st.booleans(),
    ),
    min_size=1,
    max_size=8,
)


def _parcels(rows) -> list[planning.PlanParcel]:
    return [
        planning.PlanParcel(
            key=key,
            weight_g=weight,
            length_cm=sides[0],
            width_cm=sides[1],
            height_cm=sides[2],
            declared_value=Decimal(value),
            contents=BATTERIES if battery else frozenset(),
            label=f"P{key}",
        )
        for key, (weight, sides, value, battery) in enumerate(rows, start=1)
    ]


def _rules(insure: bool, together: tuple = ()) -> planning.PlanRules:
    return planning.PlanRules(
        allowance_g=300,
        box_fee=Decimal(500),
        insure=insure,
        insurance_premium=lambda value: Decimal(-(-int(value) // 20000) * 50),
        max_insured_value=Decimal(40000),
        customs_form=lambda value, service: "CN23" if value > 45000 else "CN22",
        keep_together=together,
    )


@settings(max_examples=60, deadline=None)
@given(rows=parcel_lists, prices=price_lists(), insure=st.booleans(), data=st.data())
def test_the_recommended_plan_is_never_dearer_and_every_box_is_within_its_limits(
    rows, prices, insure, data
):
    parcels = _parcels(rows)
    keys = [p.key for p in parcels]
    together = tuple(
        data.draw(st.lists(st.lists(st.sampled_from(keys), min_size=2, max_size=3), max_size=1))
    )
    together = tuple(tuple(group) for group in together)
    rules = _rules(insure, together)

    result = planning.plan_shipments(parcels=parcels, prices=prices, rules=rules)
    again = planning.plan_shipments(parcels=list(reversed(parcels)), prices=prices, rules=rules)

    # the same input gives the same plans (the order parcels come in does not matter)
    assert [p.signature() for p in result.plans] == [p.signature() for p in again.plans]
    assert [p.total for p in result.plans] == [p.total for p in again.plans]
    if result.recommended is None:
        assert result.problems
        return
    recommended = result.recommended
    assert recommended.kind == planning.PLAN_CHEAPEST
    assert result.plans[0] is recommended
    if result.one_box is not None:
        assert recommended.total <= result.one_box.total
        assert recommended.saving_vs_one_box == result.one_box.total - recommended.total
    assert result.separately is not None  # every unit alone is shippable, or there are problems
    assert recommended.total <= result.separately.total
    by_key = {p.key: p for p in parcels}
    for plan in result.plans:
        # every parcel in exactly one box
        placed = [k for box in plan.boxes for k in box.parcel_keys]
        assert sorted(placed) == keys
        # parcels kept together share a box
        for group in together:
            assert (
                len(
                    {next(i for i, b in enumerate(plan.boxes) if k in b.parcel_keys) for k in group}
                )
                == 1
            )
        for box in plan.boxes:
            members = [by_key[k] for k in box.parcel_keys]
            contents = frozenset().union(*(p.contents for p in members))
            declared = sum((p.declared_value for p in members), Decimal(0))
            assert box.box == selectors.box_estimate(
                parcels=[p.__dict__ for p in members], allowance_g=300
            )
            assert (
                selectors.service_limits_refusal(
                    box.service, declared_value=declared, contents=contents, **box.box.as_kwargs()
                )
                == ""
            )
            prices_of = next(p for p in prices if p.service.pk == box.service.pk)
            quote = selectors.quote_box(
                prices_of, box=box.box, declared_value=declared, contents=contents
            )
            assert quote.is_available
            assert quote.price == box.carriage
            if insure:
                assert box.insured_value == declared <= rules.max_insured_value
                assert box.insurance_premium == rules.insurance_premium(declared)
            else:
                assert box.insurance_premium == 0
    if result.fastest is not None:
        assert result.fastest.transit_days is not None
        assert (
            recommended.transit_days is None
            or result.fastest.transit_days < recommended.transit_days
        )


def test_a_heavy_set_is_split_where_the_rate_steps_make_it_cheaper():
    # one service: ≤2 kg ¥1,000, ≤4 kg ¥5,000 — two boxes of 1.7 kg beat one of 3.4 kg
    prices = [_prices(_service(1), [(2000, 1000), (4000, 5000)])]
    parcels = _parcels([(1400, (20, 20, 10), 1000, False), (1400, (20, 20, 10), 1000, False)])

    result = planning.plan_shipments(parcels=parcels, prices=prices, rules=_rules(False))

    assert len(result.recommended.boxes) == 2
    assert result.recommended.total == Decimal(2 * (1000 + 500))
    assert result.recommended.saving_vs_one_box == Decimal(5500 - 3000)
    assert result.one_box.total == Decimal(5500)


def test_light_parcels_are_consolidated_to_save_the_fee_per_box():
    prices = [_prices(_service(1), [(2000, 1000), (4000, 1500)])]
    parcels = _parcels([(300, (20, 10, 5), 1000, False)] * 3)

    result = planning.plan_shipments(parcels=parcels, prices=prices, rules=_rules(False))

    assert len(result.recommended.boxes) == 1
    assert result.recommended.saving_vs_separately == Decimal(3 * 1500 - 1500)


def test_batteries_go_by_a_service_that_carries_them():
    air = _service(1, carries_batteries=False, transit_days=3)
    sea = _service(2, transit_days=30)
    prices = [_prices(air, [(30000, 1000)]), _prices(sea, [(1000, 2000), (30000, 6000)])]
    parcels = _parcels([(500, (20, 10, 5), 1000, True), (500, (20, 10, 5), 1000, False)])

    result = planning.plan_shipments(parcels=parcels, prices=prices, rules=_rules(False))

    by_parcel = {k: b.service.code for b in result.recommended.boxes for k in b.parcel_keys}
    assert by_parcel == {1: "s2", 2: "s1"}
    assert result.one_box.boxes[0].service.code == "s2"


def test_the_fastest_plan_uses_faster_services_when_it_costs_more():
    slow = _service(1, transit_days=20)
    fast = _service(2, transit_days=3)
    prices = [_prices(slow, [(30000, 1000)]), _prices(fast, [(30000, 4000)])]
    parcels = _parcels([(500, (20, 10, 5), 1000, False)])

    result = planning.plan_shipments(parcels=parcels, prices=prices, rules=_rules(False))

    assert [p.kind for p in result.plans] == ["cheapest", "fastest", "one_box", "separately"]
    assert result.fastest.boxes[0].service.code == "s2"
    assert result.fastest.transit_days == 3


def test_insurance_caps_the_value_of_a_box():
    prices = [_prices(_service(1), [(30000, 1000)])]
    parcels = _parcels([(500, (20, 10, 5), 30000, False)] * 2)  # ¥60,000 > the ¥40,000 cap

    insured = planning.plan_shipments(parcels=parcels, prices=prices, rules=_rules(True))
    uninsured = planning.plan_shipments(parcels=parcels, prices=prices, rules=_rules(False))

    assert len(insured.recommended.boxes) == 2
    assert insured.one_box is None
    assert len(uninsured.recommended.boxes) == 1


def test_a_parcel_no_service_can_carry_is_named():
    prices = [_prices(_service(1, max_weight_g=2000), [(2000, 1000)])]
    parcels = _parcels([(5000, (20, 10, 5), 1000, False)])

    result = planning.plan_shipments(parcels=parcels, prices=prices, rules=_rules(False))

    assert result.plans == []
    assert "P1" in result.problems[0]
