"""Every non-trivial read of parcels, for our interfaces and for other apps (contract names)."""

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from constance import config
from django.db.models import Prefetch, Q, QuerySet, Sum, prefetch_related_objects
from django.utils.translation import gettext as _

from billing import selectors as billing_selectors
from parcels.models import (
    PARCEL_CODE_PREFIX,
    SHIPMENT_CODE_PREFIX,
    ExtraService,
    Parcel,
    ParcelEvent,
    ParcelExtra,
    Shipment,
    normalise_tracking,
)
from parcels.states import (
    HOLDING_STATUSES,
    SHIPMENT_OPEN_STATUSES,
    TRACKING_LIVE_STATUSES,
    CustomsForm,
    ParcelStatus,
    ShipmentStatus,
)
from shipping import selectors as shipping_selectors

PARCEL_CODE = re.compile(rf"^{PARCEL_CODE_PREFIX}(\d{{1,12}})$")
SHIPMENT_CODE = re.compile(rf"^{SHIPMENT_CODE_PREFIX}(\d{{1,12}})$")


# --- Contracts for other apps ----------------------------------------------------------------
def user_holds_goods(*, user_id: int) -> bool:
    """True while we hold any of the user's goods (no withdrawal or reclaim then)."""
    return Parcel.objects.filter(owner_id=user_id, status__in=HOLDING_STATUSES).exists()


def held_parcel_codes(*, user_id: int, statuses: tuple = HOLDING_STATUSES) -> list[str]:
    """The codes of the user's parcels in `statuses` (by default those in our custody: what
    blocks closing the account)."""
    return [
        parcel.code
        for parcel in Parcel.objects.filter(owner_id=user_id, status__in=statuses)
        .only("pk")
        .order_by("pk")
    ]


def user_ids_with_parcels_expected() -> QuerySet:
    """Ids of users with a declared parcel not yet arrived, as a values_list for sweeps."""
    return (
        Parcel.objects.filter(status=ParcelStatus.EXPECTED, owner__isnull=False)
        .order_by()
        .values_list("owner_id", flat=True)
        .distinct()
    )


def open_shipment_numbers(*, user_id: int) -> list[str]:
    """The numbers of the user's shipments requested but not yet shipped."""
    return [
        shipment.number
        for shipment in Shipment.objects.filter(user_id=user_id, status__in=SHIPMENT_OPEN_STATUSES)
        .only("pk")
        .order_by("pk")
    ]


def user_ids_holding_goods() -> QuerySet:
    """Ids of users whose goods we hold, as a values_list for set-based sweeps."""
    return (
        Parcel.objects.filter(status__in=HOLDING_STATUSES, owner__isnull=False)
        .order_by()
        .values_list("owner_id", flat=True)
        .distinct()
    )


def shipment_get(*, shipment_id: int) -> Shipment:
    """A shipment with its recipient, service, parcels and customs lines loaded."""
    return (
        Shipment.objects.select_related("user", "recipient", "service")
        .prefetch_related(
            Prefetch("parcels", queryset=Parcel.objects.order_by("bin_location", "pk")),
            "customs_lines",
            "events__actor",
        )
        .get(pk=shipment_id)
    )


def shipment_extras_total(*, shipment_id: int) -> Decimal:
    """The paid extras ordered for the shipment's parcels (billing adds them to the invoice)."""
    total = ParcelExtra.objects.filter(parcel__shipments__pk=shipment_id).aggregate(
        total=Sum("price")
    )["total"]
    return Decimal(total or 0)


# --- Customers --------------------------------------------------------------------------------
def parcel_list(*, user: Any, status: str | None = None) -> QuerySet:
    """The customer's parcels, newest first; a fixed number of queries whatever their number."""
    rows = Parcel.objects.filter(owner=user)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-created_at", "-pk")


def parcel_detail(*, user: Any, parcel_id: int) -> Parcel:
    """One of the customer's parcels with its contents, photos, timeline and extras.
    Raises Parcel.DoesNotExist for another customer's parcel. A parcel still expected has no
    photos, extras or shipments yet (all come after intake): those are not queried."""
    parcel = Parcel.objects.filter(owner=user).get(pk=parcel_id)
    lookups: list[Any] = [
        "items",
        Prefetch("events", queryset=ParcelEvent.objects.order_by("created_at", "pk")),
    ]
    if parcel.status != ParcelStatus.EXPECTED:
        lookups += [
            "photos",
            Prefetch("extras", queryset=ParcelExtra.objects.select_related("service")),
            Prefetch("shipments", queryset=Shipment.objects.select_related("service")),
        ]
    prefetch_related_objects([parcel], *lookups)
    return parcel


def parcels_shippable(*, user: Any) -> QuerySet:
    return Parcel.objects.filter(owner=user, status=ParcelStatus.STORED).prefetch_related("items")


def extras_catalogue() -> QuerySet:
    return ExtraService.objects.filter(is_active=True)


def shipment_list(*, user: Any) -> QuerySet:
    return (
        Shipment.objects.filter(user=user)
        .select_related("service")
        .prefetch_related(Prefetch("parcels", queryset=Parcel.objects.only("pk", "status")))
    )


def shipment_detail(*, user: Any, shipment_id: int) -> Shipment:
    """Raises Shipment.DoesNotExist for another customer's shipment."""
    return (
        Shipment.objects.filter(user=user)
        .select_related("service", "recipient")
        .prefetch_related("parcels", "customs_lines", "events")
        .get(pk=shipment_id)
    )


def shipment_by_tracking(*, user: Any, tracking_number: str) -> Shipment | None:
    tracking = normalise_tracking(tracking_number)
    if not tracking:
        return None
    return Shipment.objects.filter(user=user, tracking_number=tracking).first()


@dataclass
class ServiceOption:
    service: Any
    is_available: bool
    reason: str
    price: Decimal | None


def contents_kinds(*, items: list[Any]) -> frozenset[str]:
    """The kinds of contents some carrier services refuse (`shipping.selectors.CONTENT_*`)
    found among these content lines."""
    if any(item.contains_batteries for item in items):
        return frozenset({shipping_selectors.CONTENT_BATTERIES})
    return frozenset()


def service_options(*, parcels: list[Parcel], country: str) -> list[ServiceOption]:
    """Carrier services for a box of these parcels: availability from the service's limits, price
    (or why not) from shipping's quote for the estimated packed box once parcels and a destination
    are chosen; the same box, limits and price `shipment_request` uses."""
    box = shipping_selectors.box_estimate(parcels=parcels)
    # the declared value `shipment_request` checks (items come prefetched by parcels_shippable)
    declared = sum(
        (item.quantity * item.unit_value for parcel in parcels for item in parcel.items.all()),
        Decimal(0),
    )
    contents = contents_kinds(items=[i for parcel in parcels for i in parcel.items.all()])
    quotes = []
    if parcels and country:
        quotes = shipping_selectors.quote_services(
            country=country, declared_value=declared, contents=contents, **box.as_kwargs()
        )
    by_service = {q.service.pk: q for q in quotes}
    options = []
    for service in shipping_selectors.carrier_services_active():
        quote = by_service.get(service.pk)
        reason = ""
        if parcels:
            reason = shipping_selectors.service_limits_refusal(
                service, declared_value=declared, contents=contents, **box.as_kwargs()
            )
        if not reason and quote is not None and not quote.is_available:
            reason = quote.reason
        price = quote.price if quote is not None else None
        options.append(ServiceOption(service, not reason, str(reason), price))
    return options


# --- Staff ------------------------------------------------------------------------------------
@dataclass
class IntakeMatch:
    """What a scanned code is: a declaration waiting for its parcel, a parcel already in the
    warehouse, a member (their code on the label), or nothing we know (a new tracking number)."""

    kind: str  # "declaration" | "parcel" | "member" | "unknown"
    code: str
    parcel: Parcel | None = None
    member: Any = None


def intake_lookup(*, code: str) -> IntakeMatch:
    """Resolve a scanned barcode for the intake screen (two queries at most)."""
    raw = (code or "").strip()
    normalised = normalise_tracking(raw)
    match = PARCEL_CODE.match(normalised)
    if match:
        parcel = Parcel.objects.select_related("owner").filter(pk=int(match.group(1))).first()
        if parcel is not None:
            return IntakeMatch("parcel", normalised, parcel=parcel)
    if normalised:
        parcel = (
            Parcel.objects.select_related("owner")
            .prefetch_related("items")
            .filter(tracking_number=normalised, status__in=TRACKING_LIVE_STATUSES)
            .order_by("-pk")
            .first()
        )
        if parcel is not None:
            kind = "declaration" if parcel.status == ParcelStatus.EXPECTED else "parcel"
            return IntakeMatch(kind, normalised, parcel=parcel)
        from accounts import selectors as accounts_selectors

        member = accounts_selectors.user_by_member_code(code=raw)
        if member is not None:
            return IntakeMatch("member", raw, member=member)
    return IntakeMatch("unknown", normalised)


def staff_search(*, query: str) -> QuerySet:
    """Parcels matching a tracking number, parcel code, member code or shipment number."""
    text = normalise_tracking(query)
    if not text:
        return Parcel.objects.none()
    condition = Q(tracking_number=text) | Q(shipments__tracking_number=text)
    if match := PARCEL_CODE.match(text):
        condition |= Q(pk=int(match.group(1)))
    if match := SHIPMENT_CODE.match(text):
        condition |= Q(shipments__pk=int(match.group(1)))
    from accounts import selectors as accounts_selectors

    member = accounts_selectors.user_by_member_code(code=query)
    if member is not None:
        condition |= Q(owner=member)
    ids = Parcel.objects.filter(condition).values("pk")
    return Parcel.objects.filter(pk__in=ids)


def packing_queue() -> QuerySet:
    return (
        Shipment.objects.filter(
            status__in=(ShipmentStatus.REQUESTED, ShipmentStatus.PACKING, ShipmentStatus.PACKED)
        )
        .select_related("user", "service")
        .prefetch_related(Prefetch("parcels", queryset=Parcel.objects.order_by("bin_location")))
        .order_by("created_at", "pk")
    )


def pick_list(*, shipment_id: int) -> list[Parcel]:
    """The shipment's parcels in bin order, the way a picker walks the shelves, with their
    contents and the paid extras to do at the packing table."""
    return list(
        Parcel.objects.filter(shipments__pk=shipment_id)
        .prefetch_related(
            "items",
            Prefetch("extras", queryset=ParcelExtra.objects.select_related("service", "done_by")),
        )
        .order_by("bin_location", "pk")
    )


def disposal_queue() -> QuerySet:
    return (
        Parcel.objects.filter(status=ParcelStatus.DISPOSAL_DUE)
        .select_related("owner")
        .order_by("received_at", "pk")
    )


# --- Customs ---------------------------------------------------------------------------------
def cn22_limit_jpy() -> Decimal:
    """The CN22 limit (CN22_LIMIT_SDR, 300 SDR by the UPU rule) in whole yen at today's rate."""
    return billing_selectors.sdr_to_jpy(amount=config.CN22_LIMIT_SDR)


def customs_form_for(
    *, declared_value: Decimal | int, service: Any, cn22_limit: Decimal | None = None
) -> CustomsForm:
    """CN22 up to the CN22 limit, CN23 above it or whenever the carrier service wants one
    (`cn22_limit`: today's limit when the caller has it already)."""
    if cn22_limit is None:
        cn22_limit = cn22_limit_jpy()
    if getattr(service, "requires_cn23", False) or Decimal(declared_value) > cn22_limit:
        return CustomsForm.CN23
    return CustomsForm.CN22


def contents_problems(*, parcels: list[Parcel]) -> list[str]:
    """What keeps these parcels' declared contents from making a customs declaration a post
    office accepts, one message per parcel or line to fix (empty: all is well)."""
    problems = []
    for parcel in parcels:
        items = list(parcel.items.all())
        if not items:
            problems.append(
                _("%(code)s: declare its contents (no content lines).") % {"code": parcel.code}
            )
        for number, item in enumerate(items, start=1):
            where = {"code": parcel.code, "n": number}
            if not item.description.strip():
                problems.append(_("%(code)s, line %(n)s: describe the item.") % where)
            if item.quantity < 1:
                problems.append(_("%(code)s, line %(n)s: the quantity must be at least 1.") % where)
            if item.unit_value is None or item.unit_value <= 0:
                problems.append(
                    _("%(code)s, line %(n)s: enter the value of one item (more than ¥0).") % where
                )
            if not item.hs_code.strip():
                problems.append(_("%(code)s, line %(n)s: enter the HS tariff code.") % where)
    return problems


@dataclass
class CustomsPreview:
    """What the customer sees before confirming: declared value, form, export declaration."""

    declared_value: Decimal
    form: CustomsForm | None
    needs_export_declaration: bool
    cn22_limit_jpy: Decimal
    problems: list[str]
    # The declared contents the request copies into its customs lines, each with its parcel.
    lines: list[tuple[Parcel, Any]]


def customs_preview(*, parcels: list[Parcel], service: Any = None) -> CustomsPreview:
    lines = [(parcel, item) for parcel in parcels for item in parcel.items.all()]
    declared = sum((item.quantity * item.unit_value for _parcel, item in lines), Decimal(0))
    return CustomsPreview(
        declared_value=declared,
        form=customs_form_for(declared_value=declared, service=service) if parcels else None,
        needs_export_declaration=declared > config.EXPORT_DECLARATION_THRESHOLD_JPY,
        cn22_limit_jpy=cn22_limit_jpy(),
        problems=contents_problems(parcels=parcels),
        lines=lines,
    )
