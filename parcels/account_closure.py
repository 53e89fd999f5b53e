"""What parcels says about closing an account (see accounts/closure.py): the goods we store
block it."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from parcels import selectors


def blockers(*, user_id: int) -> list[str]:
    if selectors.user_holds_goods(user_id=user_id):
        return [_("We still hold goods for you in the warehouse: ship or discard them.")]
    return []


def blocked_user_ids() -> QuerySet:
    return selectors.user_ids_holding_goods()
