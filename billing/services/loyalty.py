"""Coupons and points used as payment: each books a credit on the balance and at once pays the
same amount to the invoice, under the balance-then-invoice locks."""

import secrets
from decimal import ROUND_HALF_UP, Decimal

from constance import config
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from billing.models import BalanceAccount, Coupon, CouponRedemption, Invoice, LedgerEntry
from billing.services.ledger import balance_frozen_check, ledger_post
from billing.services.locks import balance_and_invoice_lock
from billing.services.points import points_book
from billing.services.settling import invoice_settle
from transship.errors import DomainError


def _payable_locked(*, invoice_id: int, user_id: int) -> tuple[BalanceAccount, Invoice]:
    balance_frozen_check(user_id=user_id)
    return balance_and_invoice_lock(invoice_id=invoice_id, user_id=user_id, payable=True)


def _credit_and_pay(
    invoice: Invoice, *, kind: str, amount: Decimal, description: str, keys: tuple[str, str]
) -> Invoice:
    """Credit `amount` to the balance (a coupon or points entry) and pay it to the invoice,
    under the (credit, payment) idempotency `keys`."""
    ledger_post(
        user_id=invoice.user_id,
        kind=kind,
        amount=amount,
        description=description,
        invoice=invoice,
        idempotency_key=keys[0],
    )
    return invoice_settle(invoice, amount, key=keys[1], actor=invoice.user)


@transaction.atomic
def invoice_coupon_apply(*, invoice_id: int, user_id: int, code: str) -> Invoice:
    """Apply a coupon to an open invoice: a coupon credit and a payment of the same amount."""
    _account, invoice = _payable_locked(invoice_id=invoice_id, user_id=user_id)
    coupon = Coupon.objects.select_for_update().filter(code__iexact=code.strip()).first()
    now = timezone.now()
    if (
        coupon is None
        or not coupon.is_active
        or coupon.valid_from > now
        or (coupon.valid_until is not None and coupon.valid_until < now)
    ):
        raise DomainError(_("This coupon is not valid."), field="code")
    if coupon.max_uses is not None and coupon.times_used >= coupon.max_uses:
        raise DomainError(_("This coupon has been used up."), field="code")
    if CouponRedemption.objects.filter(coupon=coupon, invoice=invoice).exists():
        raise DomainError(_("This coupon is already applied to this invoice."), field="code")
    used_by_user = CouponRedemption.objects.filter(coupon=coupon, user_id=user_id).count()
    if used_by_user >= coupon.max_uses_per_user:
        raise DomainError(_("You have already used this coupon."), field="code")
    if coupon.kind == Coupon.Kind.PERCENT:
        discount = (invoice.total * coupon.value / 100).quantize(Decimal(1), ROUND_HALF_UP)
    else:
        discount = coupon.value.quantize(Decimal(1), ROUND_HALF_UP)
    discount = min(discount, invoice.amount_due)
    CouponRedemption.objects.create(
        coupon=coupon, user_id=user_id, invoice=invoice, amount=discount
    )
    coupon.times_used += 1
    coupon.save(update_fields=["times_used"])
    return _credit_and_pay(
        invoice,
        kind=LedgerEntry.Kind.COUPON,
        amount=discount,
        description=_t("Coupon %s") % coupon.code,
        keys=(f"coupon:{coupon.pk}:{invoice.pk}", f"coupon-pay:{coupon.pk}:{invoice.pk}"),
    )


@transaction.atomic
def invoice_points_redeem(*, invoice_id: int, user_id: int, points: int) -> Invoice:
    """Use points as a payment: a points credit and a payment of their yen value."""
    account, invoice = _payable_locked(invoice_id=invoice_id, user_id=user_id)
    value = Decimal(config.POINT_VALUE_JPY)
    points = min(int(points), int(invoice.amount_due // value))
    if points <= 0:
        raise DomainError(_("Enter a number of points above zero."), field="points")
    if points > account.points:
        raise DomainError(_("You do not have that many points."), field="points")
    token = secrets.token_hex(8)
    points_book(user_id=user_id, points=-points, key=f"points:use:{token}", invoice=invoice)
    return _credit_and_pay(
        invoice,
        kind=LedgerEntry.Kind.POINTS,
        amount=points * value,
        description=_t("%(points)s points") % {"points": points},
        keys=(f"points-credit:{token}", f"points-pay:{token}"),
    )
