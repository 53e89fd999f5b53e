"""What tracking says about closing an account (see accounts/closure.py): an open claim blocks
it, since its payout goes to the member's balance."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tracking import selectors


def blockers(*, user_id: int) -> list[str]:
    numbers = selectors.open_claim_numbers(user_id=user_id)
    if not numbers:
        return []
    return [
        _("Your claim %(numbers)s is still open: wait for our decision, or withdraw it.")
        % {"numbers": ", ".join(numbers)}
    ]


def blocked_user_ids() -> QuerySet:
    return selectors.user_ids_with_open_claims()
