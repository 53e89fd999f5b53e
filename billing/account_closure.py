"""What billing says about closing an account (see accounts/closure.py): unpaid invoices and
money on the balance block it, each named, with what the member can do about it."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from billing import selectors


def blockers(*, user_id: int) -> list[str]:
    found = []
    unpaid = selectors.unpaid_invoices_of(user_id=user_id)
    if unpaid:
        found.append(
            _("Invoices %(numbers)s are unpaid (¥%(due)s in all): pay them.")
            % {
                "numbers": ", ".join(invoice.number for invoice in unpaid),
                "due": f"{sum(invoice.amount_due for invoice in unpaid):,.0f}",
            }
        )
    balance = selectors.balance_get(user_id=user_id)
    if balance > 0:
        found.append(
            _(
                "We owe you ¥%(amount)s on your balance: give us a bank account for the refund, "
                "or spend it."
            )
            % {"amount": f"{balance:,.0f}"}
        )
    elif balance < 0:
        found.append(
            _("Your balance is ¥%(amount)s below zero: pay it.") % {"amount": f"{-balance:,.0f}"}
        )
    return found


def blocked_user_ids() -> QuerySet:
    return selectors.user_ids_with_money_or_debt()
