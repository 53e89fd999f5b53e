"""Issuing invoices (a shipment's with the price guarantee, special expenses, our own fees),
the one transition function, price approval and voiding."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from constance import config
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from billing import selectors
from billing.models import Invoice, InvoiceLine
from billing.services.locks import invoice_lock
from billing.services.notices import customer_notify
from billing.states import InvoiceStatus
from shipping import selectors as shipping_selectors
from transship.errors import DomainError, IllegalTransition
from transship.numbers import document_number
from transship.transitions import record_created, transition


@transaction.atomic
def invoice_transition(
    *, invoice_id: int, to: InvoiceStatus, actor: Any, reason: str = ""
) -> Invoice:
    """Move an invoice to `to`, recording who and why. Re-applying the current status is a no-op;
    the row lock serialises concurrent callers."""
    invoice = invoice_lock(invoice_id=invoice_id)
    invoice_move(invoice, to=to, actor=actor, reason=reason)
    return invoice


def invoice_move(
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
    """The premium for an insured value: a fee per started ¥20,000 (the selectors' rule)."""
    return selectors.insurance_premium_for(insured_value=insured_value)


def invoice_due_date() -> date:
    """The due date of an invoice issued (or opened) today."""
    return timezone.localdate() + timedelta(days=config.INVOICE_DUE_DAYS)


def invoice_create(
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
    """Create an invoice with its lines (zero lines left out); the caller notifies."""
    lines = [(k, d, Decimal(a)) for k, d, a in lines if Decimal(a) != 0]
    invoice = Invoice.objects.create(
        number=document_number("INV"),
        user_id=user_id,
        kind=kind,
        shipment_id=shipment_id,
        status=status,
        total=sum((a for _k, _d, a in lines), Decimal(0)),
        quoted_price=quoted_price,
        pricing=pricing or {},
        idempotency_key=idempotency_key,
        due_date=invoice_due_date(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(invoice=invoice, kind=k, description=d, amount=a) for k, d, a in lines
    )
    record_created(invoice, actor=invoice.created_by, reason="issued")
    return invoice


def _issued_notify(
    invoice: Invoice, *, event: str = "billing.invoice_issued", quoted: str = ""
) -> None:
    customer_notify(
        invoice.user_id,
        event,
        invoice_id=invoice.pk,
        number=invoice.number,
        total=str(invoice.total),
        quoted=quoted,
        due_date=invoice.due_date.isoformat(),
    )


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
            or gettext("The chosen service cannot carry the packed box.")
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
            gettext("Carriage: %(service)s, %(kg)s kg chargeable")
            % {
                "service": shipment.service.name,
                "kg": (measured.chargeable_weight_g if measured else shipment.packed_weight_g)
                / 1000,
            },
            carriage,
        ),
        (InvoiceLine.Kind.SERVICE_FEE, gettext("Service fee"), Decimal(config.SERVICE_FEE_JPY)),
        (
            InvoiceLine.Kind.INSURANCE,
            gettext("Insurance of ¥%(value)s") % {"value": f"{shipment.insurance_amount:,.0f}"},
            insurance_premium(insured_value=shipment.insurance_amount or Decimal(0)),
        ),
        (
            InvoiceLine.Kind.PACKING,
            gettext("Packing options and extras"),
            extras_total,
        ),
    ]
    for parcel in parcels:
        fee = selectors.storage_fee(received_at=parcel.received_at, until=now)
        if fee:
            lines.append((InvoiceLine.Kind.STORAGE, gettext("Storage: parcel %s") % parcel.pk, fee))
    invoice = invoice_create(
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
    _issued_notify(
        invoice,
        event="billing.price_approval_needed" if needs_approval else "billing.invoice_issued",
        quoted=str(quoted) if quoted is not None else "",
    )
    return invoice


@transaction.atomic
def invoice_price_approve(*, invoice_id: int, user_id: int) -> Invoice:
    """The customer accepts the new price of a box heavier than estimated; the invoice opens."""
    invoice = invoice_lock(invoice_id=invoice_id, user_id=user_id)
    if invoice.status != InvoiceStatus.AWAITING_APPROVAL:
        raise IllegalTransition(invoice, InvoiceStatus.OPEN)
    invoice.due_date = invoice_due_date()
    invoice_move(
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
    invoice = invoice_create(
        user_id=user_id,
        kind=Invoice.Kind.SPECIAL,
        lines=[(InvoiceLine.Kind.SPECIAL, description.strip(), amount)],
        actor=actor,
        shipment_id=shipment_id,
    )
    _issued_notify(invoice)
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
            invoice = invoice_create(
                user_id=user_id,
                kind=Invoice.Kind.FEE,
                lines=[(InvoiceLine.Kind.FEE, description.strip()[:200], amount)],
                actor=actor,
                idempotency_key=idempotency_key,
            )
    except IntegrityError:  # issued concurrently under the same key: theirs stands
        return Invoice.objects.get(idempotency_key=idempotency_key)
    if notify_customer:
        _issued_notify(invoice)
    return invoice


@transaction.atomic
def invoice_void(*, invoice_id: int, actor: Any, reason: str) -> Invoice:
    """Cancel an unpaid invoice (nothing paid on it yet)."""
    invoice = invoice_lock(invoice_id=invoice_id)
    if invoice.amount_paid > 0:
        raise DomainError(_("Part of this invoice is paid: refund instead of voiding."))
    invoice_move(invoice, to=InvoiceStatus.VOID, actor=actor, reason=reason)
    return invoice
