"""Performance of the shipping planner (issue 19). Prints, it does not assert.

    .venv/bin/python bench/shipping_plans.py                    # 30 parcels, 6 services, 20 seeds
    .venv/bin/python bench/shipping_plans.py --parcels 50 --seeds 5

The planner (`shipping.planning.plan_shipments`) is pure: the caller loads the price list once
(four queries, `price_list_in_effect`) and the rules (a handful more), then plans in process. This
measures that in-process part on random parcels (50 g to 4 kg, up to 50 cm, some with lithium
batteries) and six services shaped like the demo's (ePacket 2 kg, EMS, airmail, SAL, sea mail, a
courier with a 5000 divisor; two refuse batteries), insured, with the fee per box. The target is
≤ 200 ms for 30 parcels and 6 services. No database is touched."""

import argparse
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SERVICES = (
    # code, divisor, max g, max side, max L+G, transit days, carries batteries, step prices
    ("epacket", 1_000_000, 2000, 60, 90, 8, False, (710, 1130, 1970)),
    ("ems", 6000, 30000, 150, 300, 4, True, (1450, 1900, 3150, 5300, 18000)),
    ("airmail", 1_000_000, 30000, 150, 300, 7, False, (2000, 2700, 3800, 6000, 21000)),
    ("sal", 1_000_000, 30000, 150, 300, 14, True, (1800, 2300, 3300, 5000, 16000)),
    ("sea", 1_000_000, 30000, 150, 300, 45, True, (1600, 1600, 2300, 3600, 9800)),
    ("courier", 5000, 30000, 120, 240, 3, True, (2600, 3300, 4800, 7900, 25000)),
)
STEPS = (500, 1000, 2000, 5000, 30000)


def price_list(count: int) -> list:
    from shipping.models import CarrierService, Rate, RateTable, Zone
    from shipping.selectors import ServicePrices

    rows = []
    for pk, (code, divisor, max_g, side, girth, days, batteries, prices) in enumerate(
        SERVICES[:count], start=1
    ):
        service = CarrierService(
            pk=pk,
            code=code,
            name=code,
            carrier="bench",
            volumetric_divisor=divisor,
            min_weight_g=0,
            max_weight_g=max_g,
            max_length_cm=side,
            max_length_plus_girth_cm=girth,
            transit_days=days,
            carries_batteries=batteries,
            position=pk,
        )
        steps = [
            Rate(max_weight_g=w, price=Decimal(p))
            for w, p in zip(STEPS, prices, strict=False)
            if w <= max_g
        ]
        rows.append(ServicePrices(service, Zone(pk=pk, code="asia"), RateTable(pk=pk), steps))
    return rows


def parcels(count: int, seed: int) -> list:
    from shipping.planning import PlanParcel

    rng = random.Random(seed)
    return [
        PlanParcel(
            key=key,
            weight_g=rng.randint(50, 4000),
            length_cm=rng.randint(10, 50),
            width_cm=rng.randint(5, 35),
            height_cm=rng.randint(2, 20),
            declared_value=Decimal(rng.randint(500, 30000)),
            contents=frozenset({"batteries"}) if rng.random() < 0.15 else frozenset(),
            label=f"P{key}",
        )
        for key in range(1, count + 1)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=30)
    parser.add_argument("--services", type=int, default=6, choices=range(1, 7))
    parser.add_argument("--seeds", type=int, default=20)
    args = parser.parse_args()

    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transship.settings")
    django.setup()
    from shipping.planning import PlanRules, plan_shipments

    rules = PlanRules(
        allowance_g=300,
        box_fee=Decimal(500),
        insure=True,
        insurance_premium=lambda value: Decimal(-(-int(value) // 20000) * 50),
        max_insured_value=Decimal(2_000_000),
        customs_form=lambda value, service: "CN23" if value > 45000 else "CN22",
    )
    prices = price_list(args.services)
    plan_shipments(parcels=parcels(args.parcels, 0), prices=prices, rules=rules)  # warm up
    times, savings, boxes = [], [], []
    for seed in range(args.seeds):
        rows = parcels(args.parcels, seed)
        start = time.process_time()
        result = plan_shipments(parcels=rows, prices=prices, rules=rules)
        times.append((time.process_time() - start) * 1000)
        best = result.recommended
        boxes.append(len(best.boxes))
        if best.saving_vs_separately is not None:
            savings.append(best.saving_vs_separately / result.separately.total * 100)
    times.sort()
    print(f"shipping plans: {args.parcels} parcels x {args.services} services, {args.seeds} seeds")
    print(
        f"  CPU time per plan request: median {statistics.median(times):.0f} ms, "
        f"p95 {times[int(len(times) * 0.95) - 1 if len(times) > 1 else 0]:.0f} ms, "
        f"max {times[-1]:.0f} ms (target <= 200 ms)"
    )
    print(f"  boxes in the recommended plan: median {statistics.median(boxes):.0f}")
    if savings:
        print(f"  saving against every parcel separately: median {statistics.median(savings):.0f}%")


if __name__ == "__main__":
    main()
