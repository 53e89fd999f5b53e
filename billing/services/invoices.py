"""Invoices: issue (shipment with the price guarantee, special expenses), the one transition
function, paying from the balance, coupons and points, refunds, the overdue sweep."""

import math
import secrets
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from constance import config
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from accounts.states import AccountStatus
from billing import selectors
from billing.models import (
    BalanceAccount,
    Coupon,
    CouponRedemption,
    Invoice,
    InvoiceLine,
    LedgerEntry,
    Payment,
    PointsEntry,
    Refund,
)
from billing.services import stripe_gateway
from billing.services.ledger import balance_account_lock, balance_frozen_check, ledger_post
from billing.states import UNPAID_STATUSES, InvoiceStatus, PaymentStatus
from shipping import selectors as shipping_selectors
from transship.errors import DomainError, IllegalTransition
from transship.numbers import document_number
from transship.transitions import lock, record_created, transition


class InvoiceNotPayable(DomainError):
    default_message = _("This invoice cannot be paid now.")


def _notify(user_id: int, event: str, **context: Any) -> None:
    from accounts.models import User
    from notifications.services import notify

    user = User.objects.get(pk=user_id)
    notify(user=user, event=event, context=context)


def _number(prefix: str) -> str:
    return document_number(prefix)


@transaction.atomic
def invoice_transition(
    *, invoice_id: int, to: InvoiceStatus, actor: Any, reason: str = ""
) -> Invoice:
    """Move an invoice to `to`, recording who and why. Re-applying the current status is a no-op;
    the row lock serialises concurrent callers."""
    invoice = lock(Invoice, pk=invoice_id)
    _invoice_move(invoice, to=to, actor=actor, reason=reason)
    return invoice


def _invoice_move(
    invoice: Invoice, *, to: InvoiceStatus, actor: Any, reason: str = "", fields: tuple = ()
) -> bool:
    """Move an invoice the caller has locked; being paid stamps `paid_at`."""
    fields = list(fields)
    if to == InvoiceStatus.PAID and invoice.status != to:
        Invoice.state_machine.check(invoice, to)
        invoice.paid_at = timezone.now()
        fields.append("paid_at")
    return transition(invoice, to=to, actor=actor, reason=reason, fields=fields)


def insurance_premium(*, insured_value: Decimal) -> Decimal:
    """The premium for an insured value: a fee per started ¥20,000."""
    return Decimal(math.ceil(Decimal(insured_value) / 20000) * config.INSURANCE_FEE_PER_20000_JPY)


def _due_date() -> date:
    return timezone.localdate() + timedelta(days=config.INVOICE_DUE_DAYS)


def _invoice_create(
    *,
    user_id: int,
    kind: str,
    lines: list[tuple[str, str, Decimal]],
    actor: Any,
    shipment_id: int | None = None,
    status: str = InvoiceStatus.OPEN,
    quoted_price: Decimal | None = None,
    pricing: dict | None = None,
    idempotency_key: str | None = None,
) -> Invoice:
    lines = [(k, d, Decimal(a)) for k, d, a in lines if Decimal(a) != 0]
    invoice = Invoice.objects.create(
        number=_number("INV"),
        user_id=user_id,
        kind=kind,
        shipment_id=shipment_id,
        status=status,
        total=sum((a for _k, _d, a in lines), Decimal(0)),
        quoted_price=quoted_price,
        pricing=pricing or {},
        idempotency_key=idempotency_key,
        due_date=_due_date(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(invoice=invoice, kind=k, description=d, amount=a) for k, d, a in lines
    )
    record_created(invoice, actor=invoice.created_by, reason="issued")
    return invoice


@transaction.atomic
def shipment_invoice_issue(
    *, shipment: Any, parcels: list[Any], extras_total: Decimal, actor: Any
) -> Invoice:
    """The invoice of a packed shipment: carriage for the measured box, our service fee,
    insurance, paid extras and storage past the free days.

    Price guarantee: the carriage never exceeds the price quoted at request time, unless the box
    weighs more than the estimate (parcels + packing allowance) by more than the allowance; then
    the invoice waits for the customer to approve the new price. Issuing twice returns the first.

    Parcels calls it with what billing needs (billing never reads parcels): the packed shipment
    with its service, its parcels in packing order, and the total of their paid extras."""
    shipment_id = shipment.pk
    existing = (
        Invoice.objects.filter(shipment_id=shipment_id, kind=Invoice.Kind.SHIPMENT)
        .exclude(status=InvoiceStatus.VOID)
        .first()
    )
    if existing is not None:
        return existing
    country = shipment.destination_country
    measured = shipping_selectors.quote_price(
        service_id=shipment.service_id,
        weight_g=shipment.packed_weight_g,
        length_cm=shipment.packed_length_cm,
        width_cm=shipment.packed_width_cm,
        height_cm=shipment.packed_height_cm,
        country=country,
    )
    quoted = shipment.quoted_price
    if (measured is None or not measured.is_available) and quoted is None:
        raise DomainError(
            (measured.reason if measured else "")
            or _t("The chosen service cannot carry the packed box.")
        )
    # The packed box estimated (and quoted) when the shipment was requested, stored on it.
    allowance = shipping_selectors.packing_allowance_g()
    estimate_g = shipment.estimated_weight_g
    needs_approval = False
    # No price for the measured box (e.g. no table in effect): the accepted quote stands.
    has_measured = measured is not None and measured.is_available
    carriage = measured.price if has_measured else quoted
    if has_measured and quoted is not None and carriage > quoted:
        if shipment.packed_weight_g > estimate_g + allowance:
            needs_approval = True
        else:
            carriage = quoted  # the guarantee: we absorb the difference
    now = timezone.now()
    lines: list[tuple[str, str, Decimal]] = [
        (
            InvoiceLine.Kind.CARRIAGE,
            _t("Carriage: %(service)s, %(kg)s kg chargeable")
            % {
                "service": shipment.service.name,
                "kg": (measured.chargeable_weight_g if measured else shipment.packed_weight_g)
                / 1000,
            },
            carriage,
        ),
        (InvoiceLine.Kind.SERVICE_FEE, _t("Service fee"), Decimal(config.SERVICE_FEE_JPY)),
        (
            InvoiceLine.Kind.INSURANCE,
            _t("Insurance of ¥%(value)s") % {"value": f"{shipment.insurance_amount:,.0f}"},
            insurance_premium(insured_value=shipment.insurance_amount or Decimal(0)),
        ),
        (
            InvoiceLine.Kind.PACKING,
            _t("Packing options and extras"),
            extras_total,
        ),
    ]
    for parcel in parcels:
        fee = selectors.storage_fee(received_at=parcel.received_at, until=now)
        if fee:
            lines.append((InvoiceLine.Kind.STORAGE, _t("Storage: parcel %s") % parcel.pk, fee))
    invoice = _invoice_create(
        user_id=shipment.user_id,
        kind=Invoice.Kind.SHIPMENT,
        lines=lines,
        actor=actor,
        shipment_id=shipment_id,
        status=InvoiceStatus.AWAITING_APPROVAL if needs_approval else InvoiceStatus.OPEN,
        quoted_price=quoted,
        pricing={
            "rate_table_id": measured.rate_table_id if measured else None,
            "zone": measured.zone_code if measured else "",
            "chargeable_weight_g": measured.chargeable_weight_g if measured else None,
            "measured_price": str(measured.price) if measured and measured.price else None,
            "estimate_g": estimate_g,
            "packed_weight_g": shipment.packed_weight_g,
        },
    )
    _notify(
        invoice.user_id,
        "billing.price_approval_needed" if needs_approval else "billing.invoice_issued",
        invoice_id=invoice.pk,
        number=invoice.number,
        total=str(invoice.total),
        quoted=str(quoted) if quoted is not None else "",
        due_date=invoice.due_date.isoformat(),
    )
    return invoice


@transaction.atomic
def invoice_price_approve(*, invoice_id: int, user_id: int) -> Invoice:
    """The customer accepts the new price of a box heavier than estimated; the invoice opens."""
    invoice = lock(Invoice, pk=invoice_id, user_id=user_id)
    if invoice.status != InvoiceStatus.AWAITING_APPROVAL:
        raise IllegalTransition(invoice, InvoiceStatus.OPEN)
    invoice.due_date = _due_date()
    _invoice_move(
        invoice,
        to=InvoiceStatus.OPEN,
        actor=invoice.user,
        reason="price approved",
        fields=("due_date",),
    )
    return invoice


@transaction.atomic
def special_expense_invoice_issue(
    *,
    user_id: int,
    description: str,
    amount: Decimal,
    actor: Any,
    shipment_id: int | None = None,
) -> Invoice:
    """Customs duties or other costs charged at actual cost (A11.2), as a separate invoice."""
    amount = Decimal(amount)
    if amount <= 0:
        raise DomainError(_("The amount must be positive."), field="amount")
    if not description.strip():
        raise DomainError(_("Describe the expense."), field="description")
    invoice = _invoice_create(
        user_id=user_id,
        kind=Invoice.Kind.SPECIAL,
        lines=[(InvoiceLine.Kind.SPECIAL, description.strip(), amount)],
        actor=actor,
        shipment_id=shipment_id,
    )
    _notify(
        user_id,
        "billing.invoice_issued",
        invoice_id=invoice.pk,
        number=invoice.number,
        total=str(invoice.total),
        quoted="",
        due_date=invoice.due_date.isoformat(),
    )
    return invoice


@transaction.atomic
def fee_invoice_issue(
    *,
    user_id: int,
    description: str,
    amount: Decimal,
    actor: Any,
    idempotency_key: str,
    notify_customer: bool = True,
) -> Invoice:
    """A fee we charge for a service of ours outside shipping (e.g. a repeated privacy request,
    P5(6)), as a separate invoice due in INVOICE_DUE_DAYS and paid like any other.

    Issuing twice with the same `idempotency_key` returns the first invoice (a retried task or a
    double click issues one). `notify_customer=False` when the caller sends its own message
    about the fee that names the invoice, so the customer is not told twice."""
    if not idempotency_key:
        raise ValueError("a fee invoice needs an idempotency key")
    existing = Invoice.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    amount = Decimal(amount)
    if amount <= 0:
        raise DomainError(_("The amount must be positive."), field="amount")
    if not description.strip():
        raise DomainError(_("Describe the fee."), field="description")
    try:
        with transaction.atomic():
            invoice = _invoice_create(
                user_id=user_id,
                kind=Invoice.Kind.FEE,
                lines=[(InvoiceLine.Kind.FEE, description.strip()[:200], amount)],
                actor=actor,
                idempotency_key=idempotency_key,
            )
    except IntegrityError:  # issued concurrently under the same key: theirs stands
        return Invoice.objects.get(idempotency_key=idempotency_key)
    if notify_customer:
        _notify(
            user_id,
            "billing.invoice_issued",
            invoice_id=invoice.pk,
            number=invoice.number,
            total=str(invoice.total),
            quoted="",
            due_date=invoice.due_date.isoformat(),
        )
    return invoice


@transaction.atomic
def invoice_void(*, invoice_id: int, actor: Any, reason: str) -> Invoice:
    """Cancel an unpaid invoice (nothing paid on it yet)."""
    invoice = lock(Invoice, pk=invoice_id)
    if invoice.amount_paid > 0:
        raise DomainError(_("Part of this invoice is paid: refund instead of voiding."))
    _invoice_move(invoice, to=InvoiceStatus.VOID, actor=actor, reason=reason)
    return invoice


def _points_earn(invoice: Invoice) -> None:
    points = int(invoice.total // 100) * config.POINTS_PER_100_JPY
    if points <= 0:
        return
    _, created = PointsEntry.objects.get_or_create(
        idempotency_key=f"points:earn:{invoice.pk}",
        defaults={"user_id": invoice.user_id, "points": points, "invoice": invoice},
    )
    if created:
        BalanceAccount.objects.filter(user_id=invoice.user_id).update(points=F("points") + points)


POINTS_REVERSAL_PREFIX = "points:reverse:"


def _points_take_back(invoice: Invoice, *, refund: Refund) -> int:
    """Take back the points earned on a refunded invoice, in proportion to what is now refunded of
    what was paid, rounded down: a full refund takes back all of them, and partial refunds add up
    to the same total. A reversing entry per refund, never an edit of the earning.

    Points already spent cannot go below zero: what is left is taken and the shortfall forgiven
    (a later refund on the invoice tries again for what is still owed). The caller holds the
    balance row lock. Returns the points taken back."""
    earned = (
        PointsEntry.objects.filter(idempotency_key=f"points:earn:{invoice.pk}")
        .values_list("points", flat=True)
        .first()
    )
    if not earned or invoice.amount_paid <= 0:
        return 0
    taken = -(
        PointsEntry.objects.filter(
            invoice=invoice, idempotency_key__startswith=POINTS_REVERSAL_PREFIX
        ).aggregate(s=Sum("points"))["s"]
        or 0
    )
    due = int(earned * invoice.amount_refunded // invoice.amount_paid)
    available = BalanceAccount.objects.values_list("points", flat=True).get(user_id=invoice.user_id)
    points = min(due - taken, available)
    if points <= 0:
        return 0
    _, created = PointsEntry.objects.get_or_create(
        idempotency_key=f"{POINTS_REVERSAL_PREFIX}{invoice.pk}:{refund.pk}",
        defaults={"user_id": invoice.user_id, "points": -points, "invoice": invoice},
    )
    if not created:
        return 0
    BalanceAccount.objects.filter(user_id=invoice.user_id).update(points=F("points") - points)
    return points


def _invoice_settle(
    invoice: Invoice,
    amount: Decimal,
    *,
    key: str,
    actor: Any,
    payment: Payment | None = None,
) -> Invoice:
    """Pay `amount` of a locked invoice from the balance (one payment ledger entry)."""
    if LedgerEntry.objects.filter(idempotency_key=key).exists():
        return invoice  # a replay: already applied
    ledger_post(
        user_id=invoice.user_id,
        kind=LedgerEntry.Kind.PAYMENT,
        amount=-amount,
        description=_t("Payment of invoice %s") % invoice.number,
        invoice=invoice,
        payment=payment,
        idempotency_key=key,
        actor=actor,
    )
    invoice.amount_paid += amount
    invoice.save(update_fields=["amount_paid", "updated_at"])
    if invoice.amount_paid == invoice.total:
        _invoice_move(invoice, to=InvoiceStatus.PAID, actor=actor, reason="paid")
        _points_earn(invoice)
        _notify(
            invoice.user_id,
            "billing.invoice_paid",
            invoice_id=invoice.pk,
            number=invoice.number,
            total=str(invoice.total),
        )
    return invoice


def _invoice_lock_payable(invoice_id: int, user_id: int | None = None) -> Invoice:
    query = Invoice.objects.all()
    if user_id is not None:
        query = query.filter(user_id=user_id)
    invoice = lock(query, pk=invoice_id)
    if not invoice.is_payable:
        raise InvoiceNotPayable()
    return invoice


@transaction.atomic
def invoice_pay_from_balance(
    *,
    invoice_id: int,
    user_id: int,
    amount: Decimal | None = None,
    idempotency_key: str | None = None,
) -> Invoice:
    """Pay all (default) or part of the user's open invoice from their balance.

    The balance row is locked before the invoice, the same order as every other payment, so two
    concurrent payments serialise and can never overdraw."""
    balance_frozen_check(user_id=user_id)
    balance_account_lock(user_id=user_id)
    invoice = _invoice_lock_payable(invoice_id, user_id)
    amount = invoice.amount_due if amount is None else min(Decimal(amount), invoice.amount_due)
    if amount <= 0:
        raise DomainError(_("Enter an amount above zero."), field="amount")
    key = idempotency_key or f"balance:{invoice.pk}:{secrets.token_hex(8)}"
    return _invoice_settle(invoice, amount, key=key, actor=invoice.user)


@transaction.atomic
def invoice_coupon_apply(*, invoice_id: int, user_id: int, code: str) -> Invoice:
    """Apply a coupon to an open invoice: a coupon credit and a payment of the same amount."""
    balance_frozen_check(user_id=user_id)
    balance_account_lock(user_id=user_id)
    invoice = _invoice_lock_payable(invoice_id, user_id)
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
    ledger_post(
        user_id=user_id,
        kind=LedgerEntry.Kind.COUPON,
        amount=discount,
        description=_t("Coupon %s") % coupon.code,
        invoice=invoice,
        idempotency_key=f"coupon:{coupon.pk}:{invoice.pk}",
    )
    return _invoice_settle(
        invoice, discount, key=f"coupon-pay:{coupon.pk}:{invoice.pk}", actor=invoice.user
    )


@transaction.atomic
def invoice_points_redeem(*, invoice_id: int, user_id: int, points: int) -> Invoice:
    """Use points as a payment: a points credit and a payment of their yen value."""
    balance_frozen_check(user_id=user_id)
    account = balance_account_lock(user_id=user_id)
    invoice = _invoice_lock_payable(invoice_id, user_id)
    value = Decimal(config.POINT_VALUE_JPY)
    points = min(int(points), int(invoice.amount_due // value))
    if points <= 0:
        raise DomainError(_("Enter a number of points above zero."), field="points")
    if points > account.points:
        raise DomainError(_("You do not have that many points."), field="points")
    token = secrets.token_hex(8)
    PointsEntry.objects.create(
        user_id=user_id, points=-points, invoice=invoice, idempotency_key=f"points:use:{token}"
    )
    BalanceAccount.objects.filter(user_id=user_id).update(points=F("points") - points)
    ledger_post(
        user_id=user_id,
        kind=LedgerEntry.Kind.POINTS,
        amount=points * value,
        description=_t("%(points)s points") % {"points": points},
        invoice=invoice,
        idempotency_key=f"points-credit:{token}",
    )
    return _invoice_settle(invoice, points * value, key=f"points-pay:{token}", actor=invoice.user)


@transaction.atomic
def invoice_refund(
    *, invoice_id: int, amount: Decimal, destination: str, actor: Any, reason: str
) -> Refund:
    """Finance refunds part or all of a paid invoice to the balance or to the card it came from."""
    amount = Decimal(amount)
    balance_account_lock(
        user_id=Invoice.objects.values_list("user_id", flat=True).get(pk=invoice_id)
    )
    invoice = lock(Invoice, pk=invoice_id)
    if amount <= 0:
        raise DomainError(_("The amount must be positive."), field="amount")
    if amount > invoice.amount_paid - invoice.amount_refunded:
        raise DomainError(_("That is more than was paid on this invoice."), field="amount")
    if not reason.strip():
        raise DomainError(_("Say why the money is refunded."), field="reason")
    payment = None
    if destination == Refund.Destination.CARD:
        payment = (
            Payment.objects.select_for_update()
            .filter(invoice=invoice, status=PaymentStatus.SUCCEEDED)
            .filter(amount__gte=F("amount_refunded") + amount)
            .order_by("-succeeded_at")
            .first()
        )
        if payment is None:
            raise DomainError(
                _("No card payment on this invoice can take that refund; refund to the balance."),
                field="destination",
            )
    return _refund_book(
        invoice,
        payment=payment,
        amount=amount,
        destination=destination,
        reason=reason,
        actor=actor,
    )


def _refund_book(
    invoice: Invoice,
    *,
    payment: Payment | None,
    amount: Decimal,
    destination: str,
    reason: str,
    actor: Any,
    stripe_refund_id: str | None = None,
) -> Refund:
    """Book a refund of a locked invoice: money back to the balance, and for a card refund on to
    the card (through Stripe, unless `stripe_refund_id` says Stripe already made it); points
    taken back; the invoice refunded when all of it is. The caller holds the balance row lock."""
    refund = Refund.objects.create(
        invoice=invoice,
        payment=payment,
        amount=amount,
        destination=destination,
        reason=reason[:300],
        stripe_refund_id=stripe_refund_id or "",
        actor=actor if getattr(actor, "pk", None) else None,
    )
    ledger_post(
        user_id=invoice.user_id,
        kind=LedgerEntry.Kind.REFUND,
        amount=amount,
        description=_t("Refund on invoice %s") % invoice.number,
        invoice=invoice,
        idempotency_key=f"refund:{refund.pk}",
        actor=actor,
    )
    if payment is not None:
        if stripe_refund_id is None:
            refund.stripe_refund_id = stripe_gateway.stripe_refund_create(
                payment=payment, refund=refund
            )
            refund.save(update_fields=["stripe_refund_id"])
        payment.amount_refunded += amount
        payment.save(update_fields=["amount_refunded"])
        ledger_post(
            user_id=invoice.user_id,
            kind=LedgerEntry.Kind.CARD_REFUND,
            amount=-amount,
            description=_t("Refund to card, order %s") % payment.number,
            invoice=invoice,
            payment=payment,
            idempotency_key=f"refund:{refund.pk}:card",
            actor=actor,
        )
    invoice.amount_refunded += amount
    invoice.save(update_fields=["amount_refunded", "updated_at"])
    points = _points_take_back(invoice, refund=refund)
    if invoice.amount_refunded == invoice.amount_paid and invoice.status == InvoiceStatus.PAID:
        _invoice_move(invoice, to=InvoiceStatus.REFUNDED, actor=actor, reason=reason)
    _notify(
        invoice.user_id,
        "billing.refund",
        invoice_id=invoice.pk,
        number=invoice.number,
        amount=str(amount),
        destination=destination,
        points_taken_back=points,
    )
    return refund


REMINDER_BATCH = 500


def invoices_due_remind(*, today: date) -> int:
    """Remind customers once of each open invoice falling due within INVOICE_REMINDER_DAYS_BEFORE
    days (today included; an invoice already past due is the overdue sweep's business).

    In batches, each its own transaction: the batch is locked (SKIP LOCKED, so a second sweep
    running at the same time takes other rows), one notification per invoice is written to the
    outbox, and one UPDATE … WHERE reminder_sent_at IS NULL marks the batch; a second run finds
    nothing left to send."""
    from notifications.services import notify

    horizon = today + timedelta(days=config.INVOICE_REMINDER_DAYS_BEFORE)
    sent = 0
    while True:
        with transaction.atomic():
            batch = list(
                Invoice.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("user")
                .filter(
                    status=InvoiceStatus.OPEN,
                    reminder_sent_at__isnull=True,
                    due_date__gte=today,
                    due_date__lte=horizon,
                    amount_paid__lt=F("total"),
                )
                .order_by("due_date", "pk")[:REMINDER_BATCH]
            )
            if not batch:
                return sent
            for invoice in batch:
                notify(
                    user=invoice.user,
                    event="billing.invoice_due_soon",
                    context={
                        "invoice_id": invoice.pk,
                        "number": invoice.number,
                        "total": str(invoice.total),
                        "amount_due": str(invoice.amount_due),
                        "due_date": invoice.due_date.isoformat(),
                    },
                )
            sent += Invoice.objects.filter(
                pk__in=[invoice.pk for invoice in batch], reminder_sent_at__isnull=True
            ).update(reminder_sent_at=timezone.now())


def invoices_overdue_suspend(*, today: date, actor: Any = None) -> int:
    """Suspend accounts with an invoice unpaid past its due date plus the grace period (A8(3)).

    Each account in its own transaction; accounts' service makes a second run a no-op."""
    from accounts.services import account_suspend

    cutoff = today - timedelta(days=config.OVERDUE_GRACE_DAYS)
    overdue = (
        Invoice.objects.filter(
            status__in=UNPAID_STATUSES, due_date__lt=cutoff, user__status=AccountStatus.ACTIVE
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    count = 0
    for user_id in list(overdue):
        with transaction.atomic():
            account_suspend(
                user_id=user_id,
                actor=actor,
                reason="Invoice unpaid past the grace period (agreement article 8(3))",
            )
            numbers = list(
                Invoice.objects.filter(
                    user_id=user_id, status__in=UNPAID_STATUSES, due_date__lt=cutoff
                ).values_list("number", flat=True)
            )
            _notify(user_id, "billing.overdue_suspended", numbers=numbers)
        count += 1
    return count
