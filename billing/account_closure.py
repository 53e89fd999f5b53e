"""What billing says about closing an account (see accounts/closure.py): unpaid invoices and
money on the balance block it."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from billing import selectors


def blockers(*, user_id: int) -> list[str]:
    found = []
    if selectors.user_has_open_invoices(user_id=user_id):
        found.append(_("You have unpaid invoices."))
    if selectors.balance_get(user_id=user_id):
        found.append(_("Your account balance is not zero: spend it or ask for a refund."))
    return found


def blocked_user_ids() -> QuerySet:
    return selectors.user_ids_with_money_or_debt()
