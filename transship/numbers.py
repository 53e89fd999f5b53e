"""Document numbers (invoices, remittances, payments) from database sequences.

`django-sequences` keeps one counter row per sequence name and takes it with a row lock inside
the caller's transaction: two issuers never get the same number, and a rolled-back issuance gives
its number back, so the numbers of one month have no gaps (what accounting expects of invoices).
The counter restarts each month, because the month is in the number: `INV-2612-000042`."""

from django.utils import timezone
from sequences import get_next_value


def document_number(prefix: str, *, width: int = 6) -> str:
    """The next number of `prefix` this month, e.g. `INV-2612-000042`. Call it inside the
    transaction that creates the document (the counter row stays locked until it commits)."""
    month = f"{timezone.localdate():%y%m}"
    value = get_next_value(f"{prefix}-{month}")
    return f"{prefix}-{month}-{value:0{width}d}"
