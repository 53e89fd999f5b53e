"""Customers' declarations (A12) and the holds they resolve themselves (A14(7), A14(8))."""

from decimal import Decimal, InvalidOperation
from typing import Any

from constance import config
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcels.models import DomesticCarrier, Parcel, ParcelItem, normalise_tracking
from parcels.services.transitions import lock_parcel
from parcels.states import (
    CUSTOMER_RESOLVABLE_HOLDS,
    HS_CODE_SUGGESTIONS,
    PROHIBITED_CATEGORIES,
    Category,
    HoldReason,
    ParcelStatus,
)
from transship.errors import DomainError
from transship.transitions import record_created, transition


class ProhibitedContents(DomainError):
    """A content line is of a category article 10 forbids us to forward."""


def items_validate(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Check content lines and return them cleaned. Refuses prohibited categories (A10)."""
    if not items:
        raise DomainError(_("Declare at least one content line."), field="items")
    cleaned = []
    for number, item in enumerate(items, start=1):
        description = str(item.get("description", "")).strip()
        category = str(item.get("category", ""))
        if not description:
            raise DomainError(_("Line %(n)s: describe the item.") % {"n": number}, field="items")
        if category not in Category.values:
            raise DomainError(_("Line %(n)s: choose a category.") % {"n": number}, field="items")
        if category in PROHIBITED_CATEGORIES:
            raise ProhibitedContents(
                _(
                    "Line %(n)s: “%(category)s” is a prohibited item under article 10 of the "
                    "agreement; we cannot accept or forward it."
                )
                % {"n": number, "category": Category(category).label},
                field="items",
            )
        try:
            quantity = int(item.get("quantity", 0))
            unit_value = Decimal(str(item.get("unit_value", "")))
        except (TypeError, ValueError, InvalidOperation):
            raise DomainError(
                _("Line %(n)s: quantity and value must be numbers.") % {"n": number},
                field="items",
            ) from None
        if quantity < 1:
            raise DomainError(
                _("Line %(n)s: quantity must be at least 1.") % {"n": number}, field="items"
            )
        if unit_value < 0 or unit_value != unit_value.to_integral_value():
            raise DomainError(
                _("Line %(n)s: the value is a whole number of yen, 0 or more.") % {"n": number},
                field="items",
            )
        hs_code = "".join(ch for ch in str(item.get("hs_code") or "") if ch.isdigit())
        cleaned.append(
            {
                "description": description[:200],
                "category": category,
                "quantity": quantity,
                "unit_value": unit_value,
                "hs_code": hs_code[:12] or HS_CODE_SUGGESTIONS.get(category, ""),
                "contains_batteries": bool(item.get("contains_batteries")),
            }
        )
    return cleaned


def _items_replace(parcel: Parcel, items: list[dict[str, Any]]) -> None:
    parcel.items.all().delete()
    ParcelItem.objects.bulk_create(ParcelItem(parcel=parcel, **item) for item in items)


def _user_is_frozen(user_id: int) -> bool:
    from accounts import selectors as accounts_selectors

    return accounts_selectors.user_is_frozen(user_id=user_id)


def _user_is_member(user_id: int) -> bool:
    from accounts import selectors as accounts_selectors

    return accounts_selectors.user_is_member(user_id=user_id)


@transaction.atomic
def declaration_create(
    *,
    user: Any,
    tracking_number: str,
    items: list[dict[str, Any]],
    carrier: str = DomesticCarrier.OTHER,
    shop_name: str = "",
    shop_url: str = "",
    note: str = "",
) -> Parcel:
    """Declare an incoming parcel (A12). A prohibited category is refused with the reason."""
    if _user_is_frozen(user.pk):
        raise DomainError(_("Your account is frozen (article 8(2)); contact support."))
    if not _user_is_member(user.pk):
        raise DomainError(_("Only an active account can declare parcels; contact support."))
    tracking = normalise_tracking(tracking_number)
    if len(tracking) < 6:
        raise DomainError(
            _("Enter the domestic tracking number from the shop."), field="tracking_number"
        )
    if carrier not in DomesticCarrier.values:
        raise DomainError(_("Choose the domestic carrier."), field="carrier")
    cleaned = items_validate(items)
    parcel = Parcel(
        owner=user,
        status=ParcelStatus.EXPECTED,
        tracking_number=tracking,
        carrier=carrier,
        shop_name=shop_name.strip()[:200],
        shop_url=shop_url.strip()[:500],
        note=note,
    )
    try:
        with transaction.atomic():
            parcel.save()
    except IntegrityError:
        raise DomainError(
            _(
                "This tracking number is already declared or received. Contact support if the "
                "parcel is yours."
            ),
            field="tracking_number",
        ) from None
    _items_replace(parcel, cleaned)
    record_created(parcel, actor=user, reason=_("Declared by the customer"))
    return parcel


@transaction.atomic
def declaration_update(
    *,
    parcel_id: int,
    user: Any,
    items: list[dict[str, Any]] | None = None,
    tracking_number: str | None = None,
    carrier: str | None = None,
    shop_name: str | None = None,
    shop_url: str | None = None,
    note: str | None = None,
) -> Parcel:
    """Edit a declaration while the parcel has not arrived yet."""
    parcel = lock_parcel(parcel_id=parcel_id, owner=user)
    if parcel.status != ParcelStatus.EXPECTED:
        raise DomainError(_("The parcel has arrived; its declaration can no longer be edited."))
    if tracking_number is not None:
        tracking = normalise_tracking(tracking_number)
        if len(tracking) < 6:
            raise DomainError(
                _("Enter the domestic tracking number from the shop."), field="tracking_number"
            )
        parcel.tracking_number = tracking
    if carrier is not None:
        if carrier not in DomesticCarrier.values:
            raise DomainError(_("Choose the domestic carrier."), field="carrier")
        parcel.carrier = carrier
    if shop_name is not None:
        parcel.shop_name = shop_name.strip()[:200]
    if shop_url is not None:
        parcel.shop_url = shop_url.strip()[:500]
    if note is not None:
        parcel.note = note
    if items is not None:
        _items_replace(parcel, items_validate(items))
    try:
        with transaction.atomic():
            parcel.save()
    except IntegrityError:
        raise DomainError(
            _("This tracking number is already declared or received."), field="tracking_number"
        ) from None
    return parcel


@transaction.atomic
def declaration_withdraw(*, parcel_id: int, user: Any) -> Parcel:
    """Withdraw a declaration before the parcel arrives."""
    parcel = lock_parcel(parcel_id=parcel_id, owner=user)
    if parcel.status != ParcelStatus.EXPECTED:
        raise DomainError(_("The parcel has arrived; the declaration cannot be withdrawn."))
    transition(parcel, to=ParcelStatus.CANCELLED, actor=user, reason=_("Withdrawn by customer"))
    return parcel


@transaction.atomic
def parcel_hold_resolve(
    *, parcel_id: int, user: Any, items: list[dict[str, Any]] | None = None, note: str = ""
) -> Parcel:
    """The customer clears a declaration hold before the deadline: declares or corrects the
    contents and confirms. Other holds (prohibited items, customs, …) need staff."""
    parcel = lock_parcel(parcel_id=parcel_id, owner=user)
    if parcel.status != ParcelStatus.ON_HOLD:
        raise DomainError(_("This parcel is not on hold."))
    if parcel.hold_reason not in CUSTOMER_RESOLVABLE_HOLDS:
        raise DomainError(_("Only our staff can clear this hold; please contact support."))
    deadline = parcel.deadline(limit_days=config.STORAGE_LIMIT_DAYS)
    if deadline is not None and timezone.now() >= deadline:
        raise DomainError(_("The storage deadline has passed."))
    if items is not None:
        _items_replace(parcel, items_validate(items))
    elif parcel.hold_reason == HoldReason.NO_DECLARATION or not parcel.items.exists():
        raise DomainError(_("Declare the contents of this parcel."), field="items")
    parcel.hold_reason = ""
    parcel.hold_note = ""
    parcel.held_at = None
    transition(
        parcel,
        to=ParcelStatus.STORED,
        actor=user,
        reason=note or _("Declaration confirmed by the customer"),
        fields=("hold_reason", "hold_note", "held_at"),
    )
    return parcel
