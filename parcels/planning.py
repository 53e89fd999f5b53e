"""Shipping plans for a customer's stored parcels (issue 19): the facts parcels and billing own
(the parcels' measures and declared contents, our fee per shipment, the insurance premium, the
customs form rule, the insurance ceiling) handed to shipping's one planner, and the encoding of
a chosen plan that the shipment request page posts back.

Reads only; choosing a plan is `parcels.services.shipment_plan_choose`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from constance import config
from django.utils.translation import gettext as _

from billing import selectors as billing_selectors
from parcels import selectors
from shipping import planning
from shipping import selectors as shipping_selectors
from transship.errors import DomainError

# Most parcels one plan request may hold (the planner is measured at 30 in bench/shipping_plans.py).
MAX_PLAN_PARCELS = 50


def plan_parcels(*, parcels: Iterable[Any]) -> list[planning.PlanParcel]:
    """The planner's view of parcels whose items are prefetched (`parcels_shippable`)."""
    rows = []
    for parcel in parcels:
        items = list(parcel.items.all())
        rows.append(
            planning.PlanParcel(
                key=parcel.pk,
                weight_g=parcel.weight_g or 0,
                length_cm=parcel.length_cm or 0,
                width_cm=parcel.width_cm or 0,
                height_cm=parcel.height_cm or 0,
                declared_value=sum((item.quantity * item.unit_value for item in items), Decimal(0)),
                contents=selectors.contents_kinds(items=items),
                label=parcel.code,
            )
        )
    return rows


def plan_rules(*, insure: bool, keep_together: Iterable[Iterable[int]] = ()) -> planning.PlanRules:
    """The rules of the day: packing allowance, our fee and the premium per box, the most we
    insure per box, the CN22 limit. A handful of queries whatever the number of parcels."""
    fee, premium = billing_selectors.shipment_charges()
    cn22_limit = selectors.cn22_limit_jpy()

    def customs_form(declared: Decimal, service: Any) -> str:
        return str(
            selectors.customs_form_for(
                declared_value=declared, service=service, cn22_limit=cn22_limit
            )
        )

    return planning.PlanRules(
        allowance_g=shipping_selectors.packing_allowance_g(),
        box_fee=fee,
        insure=insure,
        insurance_premium=premium,
        max_insured_value=Decimal(config.SHIPMENT_MAX_INSURANCE_JPY),
        customs_form=customs_form,
        keep_together=tuple(tuple(int(k) for k in group) for group in keep_together),
    )


def shipping_plans(
    *,
    user: Any,
    parcel_ids: Iterable[int],
    country: str,
    insure: bool = False,
    keep_together: Iterable[Iterable[int]] = (),
) -> planning.PlanResult:
    """The plans for shipping these stored parcels of `user` to `country` (see
    `shipping.planning.plan_shipments`). Refuses parcels that are not the user's stored ones.
    The number of queries does not grow with the number of parcels."""
    ids = sorted({int(pk) for pk in parcel_ids})
    if not ids:
        raise DomainError(_("Choose at least one parcel."), field="parcels")
    if len(ids) > MAX_PLAN_PARCELS:
        raise DomainError(
            _("Plan at most %(n)s parcels at a time.") % {"n": MAX_PLAN_PARCELS}, field="parcels"
        )
    if not country:
        raise DomainError(_("Choose a destination."), field="country")
    parcels = list(selectors.parcels_shippable(user=user).filter(pk__in=ids).order_by("pk"))
    if len(parcels) != len(ids):
        raise DomainError(
            _("Some of these parcels are not yours or not in storage."), field="parcels"
        )
    together = [[int(k) for k in group] for group in keep_together]
    if any(k not in ids for group in together for k in group):
        raise DomainError(
            _("Parcels kept together must be among the parcels chosen."), field="keep_together"
        )
    return planning.plan_shipments(
        parcels=plan_parcels(parcels=parcels),
        prices=shipping_selectors.price_list_in_effect(country=country),
        rules=plan_rules(insure=insure, keep_together=together),
    )


# --- A chosen plan, as the page posts it back ----------------------------------------------------
@dataclass(frozen=True)
class ChosenBox:
    """One box of a chosen plan: its parcels, its service and the carriage the plan showed."""

    parcel_ids: tuple[int, ...]
    service_id: int
    carriage: Decimal


def plan_encode(plan: planning.Plan) -> str:
    """`service:parcel.parcel:carriage` per box, `;` between boxes (a radio button's value)."""
    return ";".join(
        f"{b.service.pk}:{'.'.join(str(k) for k in b.parcel_keys)}:{b.carriage:.0f}"
        for b in plan.boxes
    )


def plan_decode(value: str) -> list[ChosenBox]:
    """The boxes of an encoded plan; a malformed value is refused."""
    boxes = []
    try:
        for part in (value or "").split(";"):
            service, parcels, carriage = part.split(":")
            boxes.append(
                ChosenBox(
                    parcel_ids=tuple(int(k) for k in parcels.split(".")),
                    service_id=int(service),
                    carriage=Decimal(carriage),
                )
            )
    except (ValueError, InvalidOperation):
        boxes = []
    if not boxes or not all(b.carriage.is_finite() for b in boxes):
        raise DomainError(_("Choose one of the plans."), field="plan")
    return boxes
