"""The shipping planner: how to box some parcels, and with which services, for the least money.

One function, `plan_shipments`, over the price list in effect (`selectors.price_list_in_effect`),
the one box estimator (`selectors.box_of_parts`) and the one set of limits (through
`selectors.quote_box`): no second copy of rates or limits. It is pure (no queries), so the caller
loads the price list once and the number of parcels does not change the number of queries.

The search is bounded and deterministic:
1. parcels the customer keeps together are one unit; every box holds whole units;
2. starting groupings: everything in one box, every unit on its own, and first-fit decreasing
   (heaviest/largest unit first) under each service's limits;
3. each grouping is improved by local moves (move a unit to another box or a new one, swap two
   units, merge two boxes) while one lowers the total; each box is priced exactly, by every
   service it may take, so a move that crosses a weight step of a rate table counts as it costs;
4. the cheapest result wins (ties: fewer boxes, then the grouping's order).

A box's price is its carriage plus the fixed fee per box and the insurance premium when the
customer insures (both given by the caller: billing owns them)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from shipping.models import CarrierService
from shipping.selectors import (
    Box,
    ServicePrices,
    box_of_parts,
    box_part,
    quote_box,
    service_limits_breach,
)

# The local search stops after this many improving passes over a grouping (it rarely needs 5).
MAX_PASSES = 30

# Only this many of the best groupings are improved by swapping units too (the dearest move).
SWAPPED_STARTS = 1

PLAN_CHEAPEST = "cheapest"
PLAN_FASTEST = "fastest"
PLAN_ONE_BOX = "one_box"
PLAN_SEPARATELY = "separately"
PLAN_KINDS = (PLAN_CHEAPEST, PLAN_FASTEST, PLAN_ONE_BOX, PLAN_SEPARATELY)


@dataclass(frozen=True)
class PlanParcel:
    """A parcel as the planner sees it: its key (the parcel's id), measures, declared value and
    the kinds of contents some services refuse (`selectors.CONTENT_*`)."""

    key: int
    weight_g: int
    length_cm: int
    width_cm: int
    height_cm: int
    declared_value: Decimal = Decimal(0)
    contents: frozenset[str] = frozenset()
    label: str = ""


@dataclass(frozen=True)
class PlanRules:
    """What the caller decides: the fee per box, insurance, the customs form rule, parcels to
    keep together and the packing allowance the estimator adds."""

    allowance_g: int
    box_fee: Decimal = Decimal(0)
    insure: bool = False
    insurance_premium: Callable[[Decimal], Decimal] | None = None
    max_insured_value: Decimal | None = None
    customs_form: Callable[[Decimal, CarrierService], str] | None = None
    keep_together: tuple[tuple[int, ...], ...] = ()


@dataclass
class PlannedBox:
    parcel_keys: tuple[int, ...]
    service: CarrierService
    box: Box
    volumetric_weight_g: int
    chargeable_weight_g: int
    declared_value: Decimal
    carriage: Decimal
    fee: Decimal
    insured_value: Decimal
    insurance_premium: Decimal
    customs_form: str
    rate_table_id: int | None
    zone_code: str

    @property
    def total(self) -> Decimal:
        return self.carriage + self.fee + self.insurance_premium

    @property
    def uses_volumetric(self) -> bool:
        return self.volumetric_weight_g > self.box.weight_g


@dataclass
class Plan:
    kind: str
    boxes: list[PlannedBox]
    saving_vs_one_box: Decimal | None = None
    saving_vs_separately: Decimal | None = None
    is_fastest: bool = False

    @property
    def total(self) -> Decimal:
        return sum((b.total for b in self.boxes), Decimal(0))

    @property
    def carriage(self) -> Decimal:
        return sum((b.carriage for b in self.boxes), Decimal(0))

    @property
    def transit_days(self) -> int | None:
        """The slowest box's typical days (None when a service does not say)."""
        days = [b.service.transit_days for b in self.boxes]
        return None if any(d is None for d in days) else max(days, default=None)

    def signature(self) -> tuple:
        return tuple(sorted((b.parcel_keys, b.service.pk) for b in self.boxes))


@dataclass
class PlanResult:
    """The plans to show, cheapest first, then the fastest, then one box and every parcel
    separately; `problems` says why there is no plan at all."""

    plans: list[Plan] = field(default_factory=list)
    recommended: Plan | None = None
    fastest: Plan | None = None
    one_box: Plan | None = None
    separately: Plan | None = None
    problems: list[str] = field(default_factory=list)


# --- The search ----------------------------------------------------------------------------------
class _Pricer:
    """Prices a box (a frozenset of unit indices) by every allowed service, memoised."""

    def __init__(
        self,
        units: list[tuple[int, ...]],
        parcels: Sequence[PlanParcel],
        prices: Sequence[ServicePrices],
        rules: PlanRules,
    ) -> None:
        self.units = units
        self.parcels = parcels
        self.prices = prices
        self.rules = rules
        # Each unit reduced once: the estimator's rule sums weights and short sides and takes the
        # largest long and middle sides, so a unit's sums and maxima stand for its parcels.
        self.unit_parts = []
        self.unit_values = []
        self.unit_contents = []
        for unit in units:
            parts = [box_part(parcels[i]) for i in unit]
            self.unit_parts.append(
                (
                    sum(w for w, _sides in parts),
                    (
                        max(sides[0] for _w, sides in parts),
                        max(sides[1] for _w, sides in parts),
                        sum(sides[2] for _w, sides in parts),
                    ),
                )
            )
            self.unit_values.append(sum((parcels[i].declared_value for i in unit), Decimal(0)))
            self.unit_contents.append(frozenset().union(*(parcels[i].contents for i in unit)))
        self.memo: dict[frozenset[int], tuple] = {}

    def _options(self, members: frozenset[int]) -> tuple:
        """Every service that can carry these units in one box, cheapest first (ties: the
        faster, then the earlier service): (total, days, position, quote) rows, with the box's
        facts. Memoised: the search asks for the same box many times."""
        cached = self.memo.get(members)
        if cached is not None:
            return cached
        rules = self.rules
        box = box_of_parts((self.unit_parts[u] for u in members), allowance_g=rules.allowance_g)
        declared = sum((self.unit_values[u] for u in members), Decimal(0))
        contents = frozenset().union(*(self.unit_contents[u] for u in members))
        rows = []
        insured = premium = Decimal(0)
        if not (
            rules.insure
            and rules.max_insured_value is not None
            and declared > rules.max_insured_value
        ):
            if rules.insure:
                insured = declared
                if rules.insurance_premium is not None:
                    premium = rules.insurance_premium(insured)
            for position, prices in enumerate(self.prices):
                service = prices.service
                # the one set of limits, asked first without building a quote
                if service_limits_breach(
                    service, declared_value=declared, contents=contents, **box.as_kwargs()
                ):
                    continue
                quote = quote_box(
                    prices, box=box, declared_value=declared, contents=contents, words=False
                )
                if quote.is_available:
                    days = service.transit_days
                    total = quote.price + rules.box_fee + premium
                    rows.append((total, 10**6 if days is None else days, position, quote))
        rows.sort(key=lambda row: row[:3])
        cached = (tuple(rows), box, declared, insured, premium)
        self.memo[members] = cached
        return cached

    def cost(self, members: frozenset[int], allowed: frozenset[int]) -> Decimal | None:
        """The price of the cheapest allowed service for these units in one box (None: none
        can carry it); an empty box costs nothing."""
        if not members:
            return Decimal(0)
        for row in self._options(members)[0]:
            if row[2] in allowed:
                return row[0]
        return None

    def box(self, members: frozenset[int], allowed: frozenset[int]) -> PlannedBox | None:
        """The box with the cheapest allowed service (indices into `prices`), or None."""
        rows, box, declared, insured, premium = self._options(members)
        indices = sorted(i for u in members for i in self.units[u])
        row = next((r for r in rows if r[2] in allowed), None)
        if row is None:
            return None
        quote = row[3]
        rules = self.rules
        return PlannedBox(
            parcel_keys=tuple(self.parcels[i].key for i in indices),
            service=quote.service,
            box=box,
            volumetric_weight_g=quote.volumetric_weight_g,
            chargeable_weight_g=quote.chargeable_weight_g,
            declared_value=declared,
            carriage=quote.price,
            fee=rules.box_fee,
            insured_value=insured,
            insurance_premium=premium,
            customs_form=rules.customs_form(declared, quote.service) if rules.customs_form else "",
            rate_table_id=quote.rate_table_id,
            zone_code=quote.zone_code,
        )


def _units(parcels: Sequence[PlanParcel], keep_together: Iterable[Iterable[int]]) -> list:
    """Parcel indices grouped into units: groups that share a parcel merge (union-find)."""
    index = {p.key: i for i, p in enumerate(parcels)}
    parent = list(range(len(parcels)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for group in keep_together:
        members = [index[k] for k in group if k in index]
        for other in members[1:]:
            a, b = find(members[0]), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(len(parcels)):
        groups.setdefault(find(i), []).append(i)
    return [tuple(g) for _root, g in sorted(groups.items())]


def _total(pricer: _Pricer, boxes: list[frozenset[int]], allowed: frozenset[int]) -> Decimal | None:
    total = Decimal(0)
    for members in boxes:
        cost = pricer.cost(members, allowed)
        if cost is None:
            return None
        total += cost
    return total


def _canonical(boxes: Iterable[frozenset[int]]) -> list[frozenset[int]]:
    return sorted((b for b in boxes if b), key=lambda b: min(b))


def _improve(
    pricer: _Pricer, boxes: list[frozenset[int]], allowed: frozenset[int], *, swaps: bool = True
) -> list[frozenset[int]]:
    """Local moves while one lowers the total: move a unit (to another box or a new one), swap
    two units, merge two boxes. Every box stays feasible. Best move of each kind per pass."""
    boxes = _canonical(boxes)
    cost = pricer.cost
    for _pass in range(MAX_PASSES):
        improved = False
        # merge two boxes
        i = 0
        while i < len(boxes):
            j = i + 1
            while j < len(boxes):
                merged = boxes[i] | boxes[j]
                together = cost(merged, allowed)
                if together is not None and together < cost(boxes[i], allowed) + cost(
                    boxes[j], allowed
                ):
                    boxes[i] = merged
                    del boxes[j]
                    improved = True
                else:
                    j += 1
            i += 1
        # move one unit to the box (or a new box) where it saves most
        for unit in sorted(u for b in boxes for u in b):
            source = next(k for k, b in enumerate(boxes) if unit in b)
            rest = boxes[source] - {unit}
            before_source = cost(boxes[source], allowed)
            rest_cost = cost(rest, allowed)
            if rest_cost is None:
                continue
            best_delta, best_target = Decimal(0), None
            for target in [*range(len(boxes)), None]:
                if target == source:
                    continue
                members = boxes[target] if target is not None else frozenset()
                added = cost(members | {unit}, allowed)
                if added is None:
                    continue
                delta = rest_cost + added - before_source - cost(members, allowed)
                if delta < best_delta:
                    best_delta, best_target = delta, target
            if best_target is not None or best_delta < 0:
                if best_target is None:
                    boxes.append(frozenset({unit}))
                else:
                    boxes[best_target] = boxes[best_target] | {unit}
                boxes[source] = rest
                boxes = _canonical(boxes)
                improved = True
        if improved or not swaps:
            boxes = _canonical(boxes)
            if improved:
                continue
            break
        # swap two units of different boxes (only once merges and moves are exhausted)
        for a in range(len(boxes)):
            for b in range(a + 1, len(boxes)):
                base = cost(boxes[a], allowed) + cost(boxes[b], allowed)
                best_swap = None
                for u in sorted(boxes[a]):
                    for v in sorted(boxes[b]):
                        left = cost((boxes[a] - {u}) | {v}, allowed)
                        right = cost((boxes[b] - {v}) | {u}, allowed)
                        if left is None or right is None:
                            continue
                        if left + right < base:
                            base, best_swap = left + right, (u, v)
                if best_swap is not None:
                    u, v = best_swap
                    boxes[a] = (boxes[a] - {u}) | {v}
                    boxes[b] = (boxes[b] - {v}) | {u}
                    improved = True
        boxes = _canonical(boxes)
        if not improved:
            break
    return boxes


def _first_fit_decreasing(
    pricer: _Pricer, order: list[int], service: int, allowed: frozenset[int]
) -> list[frozenset[int]]:
    """Units in `order` into the first box `service` can still carry; a unit it cannot carry
    alone gets a box of its own (priced by any allowed service)."""
    only = frozenset({service})
    boxes: list[frozenset[int]] = []
    for unit in order:
        for k, members in enumerate(boxes):
            if pricer.cost(members | {unit}, only) is not None:
                boxes[k] = members | {unit}
                break
        else:
            boxes.append(frozenset({unit}))
    return boxes


def _limits_signature(service: CarrierService) -> tuple:
    return (
        service.min_weight_g,
        service.max_weight_g,
        service.max_length_cm,
        service.max_length_plus_girth_cm,
        service.max_declared_value,
        service.refused_contents,
        service.volumetric_divisor,
    )


def _search(pricer: _Pricer, allowed: frozenset[int]) -> list[frozenset[int]] | None:
    """The cheapest grouping the bounded search finds with the allowed services (None when some
    unit cannot be shipped by any of them)."""
    everything = frozenset(range(len(pricer.units)))
    singles = [frozenset({u}) for u in everything]
    if any(pricer.cost(single, allowed) is None for single in singles):
        return None
    # Every unit on its own is a candidate as it is (growing it by merges is slow and the
    # first-fit starts cover it); one box and first-fit decreasing are improved.
    starts = []
    if pricer.cost(everything, allowed) is not None:
        starts.append([everything])

    def size(unit: int) -> tuple:
        _rows, box, *_rest = pricer._options(frozenset({unit}))
        return (-box.weight_g, -box.length_cm * box.width_cm * box.height_cm, unit)

    order = sorted(everything, key=size)
    # Services with the same limits fill boxes the same way: one first-fit start for each.
    limits_seen = set()
    for service in sorted(allowed):
        limits = _limits_signature(pricer.prices[service].service)
        if limits not in limits_seen:
            limits_seen.add(limits)
            starts.append(_first_fit_decreasing(pricer, order, service, allowed))

    def rank(boxes: list[frozenset[int]]) -> tuple:
        return (_total(pricer, boxes, allowed), len(boxes), [sorted(b) for b in boxes])

    results = []
    seen: set[tuple] = set()
    for start in starts:
        marker = tuple(tuple(sorted(b)) for b in _canonical(start))
        if marker in seen:
            continue
        seen.add(marker)
        results.append(_improve(pricer, start, allowed, swaps=False))
    results.sort(key=rank)
    # Swapping units is the dearest move: only the best groupings get it.
    candidates = [_canonical(singles)] + [
        _improve(pricer, boxes, allowed) for boxes in results[:SWAPPED_STARTS]
    ]
    return min(candidates, key=rank)


def _plan(
    pricer: _Pricer, kind: str, boxes: list[frozenset[int]] | None, allowed: frozenset[int]
) -> Plan | None:
    if boxes is None:
        return None
    planned = [pricer.box(members, allowed) for members in _canonical(boxes)]
    if any(b is None for b in planned):
        return None
    return Plan(kind=kind, boxes=planned)


def plan_shipments(
    *, parcels: Sequence[PlanParcel], prices: Sequence[ServicePrices], rules: PlanRules
) -> PlanResult:
    """The plans for shipping `parcels` with the services of `prices` (one country's price list
    in effect): the cheapest (recommended), the fastest when it differs, one box, and every
    parcel (or group kept together) separately, with the recommended plan's saving against the
    last two. Deterministic: the same input gives the same plans."""
    parcels = sorted(parcels, key=lambda p: p.key)
    result = PlanResult()
    if not parcels:
        return result
    units = _units(parcels, rules.keep_together)
    pricer = _Pricer(units, parcels, prices, rules)
    every = frozenset(range(len(prices)))
    for unit in range(len(units)):
        if pricer.cost(frozenset({unit}), every) is None:
            labels = ", ".join(parcels[i].label or str(parcels[i].key) for i in units[unit])
            result.problems.append(
                _("No service can carry %(parcels)s to this destination.") % {"parcels": labels}
            )
    if result.problems:
        return result
    all_units = frozenset(range(len(units)))
    result.one_box = _plan(pricer, PLAN_ONE_BOX, [all_units], every)
    result.separately = _plan(pricer, PLAN_SEPARATELY, [frozenset({u}) for u in all_units], every)
    result.recommended = _plan(pricer, PLAN_CHEAPEST, _search(pricer, every), every)
    recommended = result.recommended
    # The fastest: the cheapest plan using only services at most d days, for the smallest d.
    known = sorted({p.service.transit_days for p in prices if p.service.transit_days is not None})
    limit = recommended.transit_days
    for days in known:
        if limit is not None and days >= limit:
            break
        allowed = frozenset(
            i
            for i, p in enumerate(prices)
            if p.service.transit_days is not None and p.service.transit_days <= days
        )
        fastest = _plan(pricer, PLAN_FASTEST, _search(pricer, allowed), allowed)
        if fastest is not None:
            result.fastest = fastest
            break
    if result.fastest is None:
        recommended.is_fastest = limit is not None
    if result.one_box is not None:
        recommended.saving_vs_one_box = result.one_box.total - recommended.total
    if result.separately is not None:
        recommended.saving_vs_separately = result.separately.total - recommended.total
    result.plans = [
        p for p in (recommended, result.fastest, result.one_box, result.separately) if p is not None
    ]
    return result
