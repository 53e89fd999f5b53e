"""Points as a ledger of their own: earned on paid invoices, spent as a payment, taken back on
refunds. Every movement is a `PointsEntry` under a unique key and moves the cached
`BalanceAccount.points` once; the caller holds the balance row lock."""

from constance import config
from django.db.models import F, Sum

from billing.models import BalanceAccount, Invoice, PointsEntry, Refund

POINTS_REVERSAL_PREFIX = "points:reverse:"


def points_book(*, user_id: int, points: int, key: str, invoice: Invoice | None = None) -> bool:
    """Add `points` (signed) to the user's points under `key`; a repeated key books nothing.
    Returns whether it booked."""
    _, created = PointsEntry.objects.get_or_create(
        idempotency_key=key,
        defaults={"user_id": user_id, "points": points, "invoice": invoice},
    )
    if created:
        BalanceAccount.objects.filter(user_id=user_id).update(points=F("points") + points)
    return created


def points_earn(invoice: Invoice) -> None:
    """The points a paid invoice earns, once per invoice."""
    points = int(invoice.total // 100) * config.POINTS_PER_100_JPY
    if points > 0:
        points_book(
            user_id=invoice.user_id, points=points, key=f"points:earn:{invoice.pk}", invoice=invoice
        )


def points_take_back(invoice: Invoice, *, refund: Refund) -> int:
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
    booked = points_book(
        user_id=invoice.user_id,
        points=-points,
        key=f"{POINTS_REVERSAL_PREFIX}{invoice.pk}:{refund.pk}",
        invoice=invoice,
    )
    return points if booked else 0
